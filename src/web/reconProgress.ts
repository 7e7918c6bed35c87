/**
 * The progress line of a reconstruction, from `reconstruct`'s progress events (pure; runs in the
 * worker, tested in Node).
 *
 * Why no "round k of N": MISE refines to a fixed point (src/recon/mise.ts), not a fixed number of
 * rounds. With thin parts a coarse voxel is refined again when a finer neighbour later finds the
 * surface on their common face, so 16³ + 2 steps can take 8 rounds, not 3; the number of rounds
 * is not known until the last one ends. What is known is the size of the current round: its grid
 * points × network passes (input subsets, poses) = model queries. So the line counts rounds without a total ("MISE
 * round 4"), and the queries of the current round against their exact total; the bar shows the
 * current round's share of queries (it restarts each round), and is indeterminate (null) in
 * steps that report no count.
 */
import type { ReconstructProgress } from '../recon/reconstruct.ts';

/** What the page shows for one event. */
export interface ProgressView {
  /** Done share of the current step, in [0, 1], or null when the step has no count. */
  fraction: number | null;
  /** One line of plain words; every "k of n" in it has k ≤ n. */
  text: string;
}

const fmt = (n: number): string => n.toLocaleString('en-US');

/** Turns the events of one reconstruction into progress lines; one instance per run. */
export class ReconProgressText {
  /** The current MISE round, the queries of the rounds before it, and the current round's total
   *  as last reported. */
  private round = 0;
  private queriesBefore = 0;
  private roundTotal = 0;

  /** The view of one event (events must come in the order `reconstruct` sends them). */
  view(p: ReconstructProgress): ProgressView {
    switch (p.phase) {
      case 'normalize':
        return {
          fraction: 0,
          text: `${fmt(p.points)} points → ${p.subsets} input subset${p.subsets > 1 ? 's' : ''} of ${p.subsetSize}${p.poses > 1 ? ` in ${p.poses} poses` : ''}`,
        };
      case 'mise': {
        if (p.round !== this.round) {
          // `reconstruct` opens each round with a done = 0 event, then sends one per finished
          // batch; the round before ended with done = its final total
          this.queriesBefore += this.roundTotal;
          this.round = p.round;
        }
        this.roundTotal = p.total;
        return {
          fraction: p.total > 0 ? p.done / p.total : 0,
          text: `occupancy, MISE round ${p.round} · ${fmt(p.done)} of ${fmt(p.total)} queries of this round (${fmt(this.queriesBefore + p.done)} in all)`,
        };
      }
      case 'marching-cubes':
        return {
          fraction: null,
          text: `marching cubes at ${p.resolution}³ (after ${this.round} MISE round${this.round === 1 ? '' : 's'})`,
        };
      case 'smooth':
        return { fraction: null, text: `smoothing (${p.iterations} iterations)` };
      case 'simplify':
        return { fraction: null, text: `simplifying to ${fmt(p.targetFaces)} faces` };
    }
  }
}

/** Every "k of n" (numbers with thousands separators) in a progress line, for checks. */
export function countsIn(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const m of text.matchAll(/(\d[\d,]*) of (\d[\d,]*)/g)) out.push([Number(m[1].replace(/,/g, '')), Number(m[2].replace(/,/g, ''))]);
  return out;
}
