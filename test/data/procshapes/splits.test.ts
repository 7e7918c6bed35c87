import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitIndices } from '../../../src/data/procshapes/splits.ts';
import { variantIndex, hashString } from '../../../src/data/procshapes/shapeSeed.ts';

test('splits partition the indices 80/10/10 and are never empty for n ≥ 3', () => {
  for (let n = 0; n <= 40; n++) {
    const s = splitIndices(n, 0, 'chair');
    const all = [...s.train, ...s.val, ...s.test].sort((a, b) => a - b);
    assert.deepEqual(
      all,
      Array.from({ length: n }, (_, i) => i),
      `n=${n}: not a partition`,
    );
    if (n >= 3) for (const k of ['train', 'val', 'test'] as const) assert.ok(s[k].length > 0, `n=${n}: ${k} empty`);
  }
  const s10 = splitIndices(10, 0, 'chair'),
    s100 = splitIndices(100, 3, 'lamp'),
    s16 = splitIndices(16, 0, 'car');
  assert.deepEqual([s10.train.length, s10.val.length, s10.test.length], [8, 1, 1]);
  assert.deepEqual([s100.train.length, s100.val.length, s100.test.length], [80, 10, 10]);
  assert.deepEqual([s16.train.length, s16.val.length, s16.test.length], [12, 2, 2]); // round(1.6) = 2
});

test('splits are deterministic per (seed, class) and change with the seed', () => {
  assert.deepEqual(splitIndices(50, 1, 'sofa'), splitIndices(50, 1, 'sofa'));
  assert.notDeepEqual(splitIndices(50, 1, 'sofa'), splitIndices(50, 2, 'sofa'));
  assert.notDeepEqual(splitIndices(50, 1, 'sofa'), splitIndices(50, 1, 'bench'));
});

test('variant dealing: each block of nVariants consecutive shapes covers every variant once', () => {
  for (const nv of [8, 9, 10])
    for (let block = 0; block < 3; block++) {
      const got = Array.from({ length: nv }, (_, i) => variantIndex(5, 'table', block * nv + i, nv)).sort((a, b) => a - b);
      assert.deepEqual(
        got,
        Array.from({ length: nv }, (_, i) => i),
      );
    }
});

test('hashString is FNV-1a + murmur finaliser (hand-checked value for the empty string)', () => {
  // FNV offset basis 0x811c9dc5 through the murmur3 fmix32 finaliser, computed by hand with Math.imul.
  let h = 0x811c9dc5;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  assert.equal(hashString(''), h >>> 0);
  assert.notEqual(hashString('a'), hashString('b'));
});
