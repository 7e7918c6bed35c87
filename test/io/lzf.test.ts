import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lzfDecompress } from '../../src/io/lzf.ts';

test('literal runs and (overlapping) back references decode by the LZF rules', () => {
  // 3 literals "abc", then a back reference of length 3 at distance 3 → "abcabc".
  const a = lzfDecompress(new Uint8Array([2, 97, 98, 99, (1 << 5) | 0, 2]), 6);
  assert.equal(new TextDecoder().decode(a as Uint8Array), 'abcabc');
  // 1 literal "x", then length 9 (7 + 0 extra + 2) at distance 1: overlapping copy → 10 × "x".
  const b = lzfDecompress(new Uint8Array([0, 120, 7 << 5, 0, 0]), 10);
  assert.equal(new TextDecoder().decode(b as Uint8Array), 'x'.repeat(10));
  // Long form: ctrl >> 5 == 7 plus an extra length byte of 10 → length 19.
  const c = lzfDecompress(new Uint8Array([0, 121, 7 << 5, 10, 0]), 20);
  assert.equal(new TextDecoder().decode(c as Uint8Array), 'y'.repeat(20));
});

test('invalid LZF data is reported, not thrown or read out of bounds', () => {
  assert.equal(typeof lzfDecompress(new Uint8Array([5, 1, 2]), 6), 'string');
  assert.equal(typeof lzfDecompress(new Uint8Array([0, 1, 1 << 5, 9]), 4), 'string'); // reference before start
  assert.equal(typeof lzfDecompress(new Uint8Array([2, 1, 2, 3]), 2), 'string'); // longer than declared
  assert.equal(typeof lzfDecompress(new Uint8Array([0, 1]), 2), 'string'); // shorter than declared
});
