import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitBatch } from '../../src/train/splitBatch.ts';

test('splitBatch: contiguous shares differing by at most one, item arrays stay paired', () => {
  const B = 5, P = 2, Q = 3;
  const batch = {
    size: B, inputPoints: P, queries: Q,
    inputs: Float32Array.from({ length: B * P * 3 }, (_, i) => Math.floor(i / (P * 3))),
    queryPoints: Float32Array.from({ length: B * Q * 3 }, (_, i) => Math.floor(i / (Q * 3))),
    occupancies: Uint8Array.from({ length: B * Q }, (_, i) => Math.floor(i / Q)),
  };
  const blocks = splitBatch(batch, 3);
  assert.deepEqual(blocks.map((b) => b.count), [1, 2, 2]);
  const items: number[] = [];
  for (const b of blocks) {
    for (let k = 0; k < b.count; k++) {
      const item = b.inputs[k * P * 3];
      items.push(item);
      assert.ok(b.inputs.subarray(k * P * 3, (k + 1) * P * 3).every((v) => v === item));
      assert.ok(b.queryPoints.subarray(k * Q * 3, (k + 1) * Q * 3).every((v) => v === item));
      assert.ok(b.occupancies.subarray(k * Q, (k + 1) * Q).every((v) => v === item));
    }
  }
  assert.deepEqual(items, [0, 1, 2, 3, 4]);
  // More workers than items: some blocks are empty (⌊5r/7⌋ = 0,0,1,2,2,3,4,5).
  assert.deepEqual(splitBatch(batch, 7).map((b) => b.count), [0, 1, 1, 0, 1, 1, 1]);
});
