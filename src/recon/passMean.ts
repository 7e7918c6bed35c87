import type { OccupancyFunction } from './mise.ts';

/**
 * The mean P(inside) over a shape's passes (its input subsets, and their test-time poses:
 * cloudOccupancy.ts), for one set of queries. All batches of all passes are issued together,
 * pass after pass, so a worker-pool model queues them and never idles between batches or passes,
 * and a predictor can hand each worker passes of its own.
 *
 * Early settling was tried and measured here (2026-12-06): letting MISE's coarse points that the
 * first pass decides (more than 0.35 from the threshold) skip the other passes saved 22–25 % of
 * the queries at 3000–100 000 points but no time (bench:tiles: 2.06 s against 2.04 s at 3000
 * points), since the skipped queries, far from the surface, are the cheap ones (few centres
 * within a query's truncation radius); and it cost 0.0004 NC on the val split. docs/design.md §5.1.
 */

export interface PassMeanOptions {
  /** Most queries per call of a pass, ≥ 1. Default: all of them in one call. */
  batchSize?: number;
  /** After each batch: the queries done so far and the total (queries × passes). */
  onBatch?: (done: number, total: number) => void;
}

/**
 * @param parts the passes (≥ 1), each P(inside) of unit-cube queries.
 * @param pts xyz per query, length 3·m.
 * @returns P(inside) per query, the arithmetic mean over the passes.
 */
export async function passMean(parts: OccupancyFunction[], pts: Float32Array, opts: PassMeanOptions = {}): Promise<Float32Array> {
  if (parts.length === 0) throw new RangeError('passMean: no occupancy functions');
  const m = pts.length / 3;
  const batchSize = opts.batchSize ?? Math.max(1, m);
  const total = m * parts.length;
  let done = 0;
  // Every batch of every pass is asked for before any is awaited, pass after pass: a worker pool
  // then has the whole round queued and can give each worker passes of its own (each pass
  // prepared once, not once per worker: occupancy.ts). Sums are taken in pass order at the end,
  // so the result does not depend on which batch finished first.
  const results = parts.map(() => new Float32Array(m));
  const batches: Array<Promise<void>> = [];
  parts.forEach((part, k) => {
    for (let b0 = 0; b0 < m; b0 += batchSize) {
      const b1 = Math.min(m, b0 + batchSize);
      batches.push(
        Promise.resolve(part(pts.subarray(3 * b0, 3 * b1))).then((p) => {
          if (!p || p.length !== b1 - b0) throw new Error(`occupancy model returned ${p?.length} values for ${b1 - b0} queries`);
          results[k].set(p, b0);
          done += b1 - b0;
          opts.onBatch?.(done, total);
        }),
      );
    }
  });
  await Promise.all(batches);
  if (parts.length === 1) return results[0];
  const out = new Float32Array(m);
  for (let i = 0; i < m; i++) {
    let sum = 0;
    for (const r of results) sum += r[i];
    out[i] = sum / parts.length;
  }
  return out;
}
