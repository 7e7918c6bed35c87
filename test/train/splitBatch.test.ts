import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitBatch, itemInput } from '../../src/train/splitBatch.ts';

test('splitBatch: contiguous shares differing by at most one, item arrays stay paired', () => {
  const B = 5,
    P = 2,
    Q = 3;
  const batch = {
    size: B,
    inputPoints: P,
    queries: Q,
    inputs: Float32Array.from({ length: B * P * 3 }, (_, i) => Math.floor(i / (P * 3))),
    queryPoints: Float32Array.from({ length: B * Q * 3 }, (_, i) => Math.floor(i / (Q * 3))),
    occupancies: Uint8Array.from({ length: B * Q }, (_, i) => Math.floor(i / Q)),
  };
  const blocks = splitBatch(batch, 3);
  assert.deepEqual(
    blocks.map((b) => b.count),
    [1, 2, 2],
  );
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
  assert.deepEqual(
    splitBatch(batch, 7).map((b) => b.count),
    [0, 1, 1, 0, 1, 1, 1],
  );
});

test("splitBatch: variable input sizes — each block gets its items' points and offsets from 0; itemInput reads them back", () => {
  const sizes = [3, 1, 4, 2, 5],
    Q = 2;
  const offsets = Int32Array.from([0, 3, 4, 8, 10, 15]);
  const batch = {
    size: 5,
    inputPoints: 0,
    inputOffsets: offsets,
    queries: Q,
    // point p of item b has x = b, y = p (its index within the item)
    inputs: Float32Array.from({ length: 15 * 3 }, (_, i) => {
      const p = Math.floor(i / 3),
        b = offsets.findIndex((o, k) => p >= o && p < offsets[k + 1]);
      return i % 3 === 0 ? b : i % 3 === 1 ? p - offsets[b] : 0;
    }),
    queryPoints: Float32Array.from({ length: 5 * Q * 3 }, (_, i) => Math.floor(i / (Q * 3))),
    occupancies: Uint8Array.from({ length: 5 * Q }, (_, i) => Math.floor(i / Q)),
  };
  const blocks = splitBatch(batch, 2); // items 0–1 | 2–4
  assert.deepEqual(
    blocks.map((b) => b.count),
    [2, 3],
  );
  assert.deepEqual(
    blocks.map((b) => Array.from(b.inputOffsets!)),
    [
      [0, 3, 4],
      [0, 4, 6, 11],
    ],
  );
  let item = 0;
  for (const b of blocks) {
    assert.equal(b.inputPoints, 0);
    assert.equal(b.inputs.length, 3 * b.inputOffsets![b.count]);
    for (let k = 0; k < b.count; k++, item++) {
      const pts = itemInput(b, k);
      assert.equal(pts.length, 3 * sizes[item]);
      for (let p = 0; p < sizes[item]; p++) assert.deepEqual([pts[3 * p], pts[3 * p + 1]], [item, p]);
      assert.ok(b.occupancies.subarray(k * Q, (k + 1) * Q).every((v) => v === item));
    }
  }
  assert.throws(() => splitBatch({ ...batch, inputOffsets: undefined }, 2), /needs inputOffsets/);
  // fixed layout: no offsets in the blocks, itemInput by P
  const fixed = splitBatch(
    {
      size: 2,
      inputPoints: 3,
      queries: 1,
      inputs: new Float32Array(18).map((_, i) => i),
      queryPoints: new Float32Array(6),
      occupancies: new Uint8Array(2),
    },
    1,
  )[0];
  assert.equal(fixed.inputOffsets, undefined);
  assert.deepEqual(Array.from(itemInput(fixed, 1)), [9, 10, 11, 12, 13, 14, 15, 16, 17]);
});
