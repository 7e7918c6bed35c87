/**
 * Splits a training batch into contiguous per-worker blocks: worker r gets items
 * [⌊r·B/W⌋, ⌊(r+1)·B/W⌋), so shares differ by at most one item and the split depends only on
 * (B, W). The arrays are copies (each block is posted to its own thread). A batch whose items
 * drew their own input sizes (`inputPoints` 0) gives blocks with their own `inputOffsets`.
 */
import type { TrainingBatch } from '../data/TrainingSampler.ts';
import type { ItemBlock } from './ItemBlock.ts';

export function splitBatch(
  batch: Pick<TrainingBatch, 'size' | 'inputPoints' | 'queries' | 'inputs' | 'queryPoints' | 'occupancies'> &
    Partial<Pick<TrainingBatch, 'inputOffsets'>>,
  workers: number,
): ItemBlock[] {
  const B = batch.size,
    P = batch.inputPoints,
    Q = batch.queries;
  const offsets = batch.inputOffsets;
  if (P === 0 && !offsets) throw new RangeError('splitBatch: a batch of variable input sizes (inputPoints 0) needs inputOffsets');
  // point offset of item b in the batch's inputs
  const at = (b: number): number => (P > 0 ? b * P : offsets![b]);
  const out: ItemBlock[] = [];
  for (let r = 0; r < workers; r++) {
    const a = Math.floor((r * B) / workers),
      b = Math.floor(((r + 1) * B) / workers);
    const block: ItemBlock = {
      count: b - a,
      inputPoints: P,
      queries: Q,
      inputs: batch.inputs.slice(at(a) * 3, at(b) * 3),
      queryPoints: batch.queryPoints.slice(a * Q * 3, b * Q * 3),
      occupancies: batch.occupancies.slice(a * Q, b * Q),
    };
    if (P === 0) block.inputOffsets = Int32Array.from(offsets!.subarray(a, b + 1), (o) => o - offsets![a]);
    out.push(block);
  }
  return out;
}

/**
 * The input points of item `b` of a block (a view): `inputPoints` each in the fixed-N layout,
 * else from `inputOffsets`.
 */
export function itemInput(block: Pick<ItemBlock, 'inputPoints' | 'inputOffsets' | 'inputs'>, b: number): Float32Array {
  const P = block.inputPoints;
  if (P > 0) return block.inputs.subarray(b * P * 3, (b + 1) * P * 3);
  const o = block.inputOffsets;
  if (!o) throw new RangeError('itemInput: a block of variable input sizes (inputPoints 0) needs inputOffsets');
  return block.inputs.subarray(o[b] * 3, o[b + 1] * 3);
}
