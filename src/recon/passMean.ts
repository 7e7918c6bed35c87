import type { OccupancyFunction } from './mise.ts';

/**
 * The mean P(inside) over a shape's passes (its input subsets, and their test-time poses:
 * cloudOccupancy.ts), with early settling: after each pass, a query whose running mean lies more
 * than `margin` from the decision threshold is settled at that mean and skips the remaining
 * passes. Near the surface, where the passes disagree and the mean decides where the surface
 * runs, every query still sees every pass; far from it (most of MISE's coarse grid, the
 * inside/outside sides of the finer rounds' cells) one pass already decides.
 *
 * Why: a 3000-point cloud is averaged over 3 passes of 1000 points (inputSubsets.ts
 * `subsetSize`), which tripled the network work against one pass (issue 21's 1.5× budget over a
 * 300-point cloud). Settling is MISE's own argument — evaluate finely only where the decision is
 * open — applied across passes instead of across the grid. Its cost in quality is measured in
 * docs/design.md §10 (`DEFAULT_SETTLE_MARGIN`).
 */

/** Settling margin in probability units. A query is settled after a pass when |mean − threshold|
 *  exceeds it; with threshold 0.4 and margin 0.35, a mean below 0.05 or above 0.75. Range
 *  [0, 1]; 1 turns settling off (|mean − threshold| < 1 always: every query sees every pass).
 *  reconstruct.ts settles only MISE's first (coarse) round: settling the finer rounds moved the
 *  marching-cubes vertices (the chair example at 3000 points: NC 0.928 → 0.917, IoU 0.845 →
 *  0.835 at 0.35), settling the coarse round did not (0.928 / 0.845, 22 % fewer queries). */
export const DEFAULT_SETTLE_MARGIN = 0.35;

export interface PassMeanOptions {
  /** The decision threshold, in (0, 1). */
  threshold: number;
  /** See DEFAULT_SETTLE_MARGIN; Infinity also turns settling off. */
  margin: number;
  /** Queries per call of a pass, ≥ 1. A pass's batches are issued together (a worker pool
   *  queues them without idling). */
  batchSize: number;
  /** After each batch, and after queries settle: the queries done so far and the total expected
   *  now (the total shrinks as queries settle; it ends equal to the queries made). */
  onBatch?: (done: number, total: number) => void;
}

export interface PassMeanResult {
  /** P(inside) per query: the mean over the passes it saw. */
  values: Float32Array;
  /** Model queries made, over all passes. */
  queries: number;
}

/**
 * @param parts the passes (≥ 1), each P(inside) of unit-cube queries.
 * @param pts xyz per query, length 3·m.
 */
export async function passMean(parts: OccupancyFunction[], pts: Float32Array, opts: PassMeanOptions): Promise<PassMeanResult> {
  if (parts.length === 0) throw new RangeError('passMean: no occupancy functions');
  if (!(opts.margin >= 0)) throw new RangeError(`settle margin must be ≥ 0, got ${opts.margin}`);
  const m = pts.length / 3;
  const values = new Float32Array(m);
  const sum = new Float64Array(m);
  // the queries still open, as indices into pts (null: all of them, in order)
  let open: Uint32Array | null = null;
  let openCount = m;
  let done = 0;
  let total = m * parts.length;
  for (let j = 0; j < parts.length; j++) {
    const q = open ? gather(pts, open) : pts;
    const batches: Array<Promise<void>> = [];
    for (let b0 = 0; b0 < openCount; b0 += opts.batchSize) {
      const b1 = Math.min(openCount, b0 + opts.batchSize);
      const ids = open;
      batches.push(
        Promise.resolve(parts[j](q.subarray(3 * b0, 3 * b1))).then((p) => {
          if (!p || p.length !== b1 - b0) throw new Error(`occupancy model returned ${p?.length} values for ${b1 - b0} queries`);
          if (ids) for (let i = 0; i < p.length; i++) sum[ids[b0 + i]] += p[i];
          else for (let i = 0; i < p.length; i++) sum[b0 + i] += p[i];
          done += b1 - b0;
          opts.onBatch?.(done, total);
        }),
      );
    }
    await Promise.all(batches);
    const seen = j + 1;
    const last = j === parts.length - 1;
    const next: number[] = [];
    for (let k = 0; k < openCount; k++) {
      const i = open ? open[k] : k;
      const mean = sum[i] / seen;
      if (last || Math.abs(mean - opts.threshold) > opts.margin) values[i] = mean;
      else next.push(i);
    }
    if (!last) {
      const settled = openCount - next.length;
      total -= settled * (parts.length - seen);
      // the new total now, not with the next batch: there may be none
      if (settled > 0) opts.onBatch?.(done, total);
      open = Uint32Array.from(next);
      openCount = next.length;
      if (openCount === 0) break;
    }
  }
  return { values, queries: done };
}

function gather(pts: Float32Array, ids: Uint32Array): Float32Array {
  const q = new Float32Array(3 * ids.length);
  for (let k = 0; k < ids.length; k++) {
    const i = 3 * ids[k];
    q[3 * k] = pts[i];
    q[3 * k + 1] = pts[i + 1];
    q[3 * k + 2] = pts[i + 2];
  }
  return q;
}
