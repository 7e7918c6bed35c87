import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packBits, unpackBits } from '../../src/data/packBits.ts';

test('packBits matches np.packbits (big-endian bit order, zero padding)', () => {
  // np.packbits([1,0,0,1,0,0,1,0, 0,1,0]) == [146, 64]  (0b10010010, 0b01000000)
  assert.deepEqual(packBits([1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0]), Uint8Array.of(146, 64));
  assert.deepEqual(packBits([1]), Uint8Array.of(128));
  assert.deepEqual(packBits([]), new Uint8Array(0));
  assert.deepEqual(packBits([0, 0, 0, 0, 0, 0, 0, 1, 1]), Uint8Array.of(1, 128));
});

test('unpackBits inverts packBits and truncates to n', () => {
  const bits = Uint8Array.from({ length: 37 }, (_, i) => ((i * 7) % 3 === 0 ? 1 : 0));
  assert.deepEqual(unpackBits(packBits(bits), 37), bits);
  assert.deepEqual(unpackBits(Uint8Array.of(146, 64)), Uint8Array.of(1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0));
  assert.throws(() => unpackBits(Uint8Array.of(1), 9), RangeError);
});
