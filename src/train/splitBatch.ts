/**
 * Splits a training batch into contiguous per-worker blocks: worker r gets items
 * [⌊r·B/W⌋, ⌊(r+1)·B/W⌋), so shares differ by at most one item and the split depends only on
 * (B, W). The arrays are copies (each block is posted to its own thread).
 */
import type { TrainingBatch } from '../data/TrainingSampler.ts';
import type { ItemBlock } from './Replica.ts';

export function splitBatch(batch: Pick<TrainingBatch, 'size' | 'inputPoints' | 'queries' | 'inputs' | 'queryPoints' | 'occupancies'>, workers: number): ItemBlock[] {
  const B = batch.size, P = batch.inputPoints, Q = batch.queries;
  const out: ItemBlock[] = [];
  for (let r = 0; r < workers; r++) {
    const a = Math.floor((r * B) / workers), b = Math.floor(((r + 1) * B) / workers);
    out.push({
      count: b - a, inputPoints: P, queries: Q,
      inputs: batch.inputs.slice(a * P * 3, b * P * 3),
      queryPoints: batch.queryPoints.slice(a * Q * 3, b * Q * 3),
      occupancies: batch.occupancies.slice(a * Q, b * Q),
    });
  }
  return out;
}
