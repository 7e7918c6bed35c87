import { test } from 'node:test';
import assert from 'node:assert/strict';
import { floatToHalf, float32ArrayToHalf } from '../../src/data/float16Encode.ts';
import { halfToFloat } from '../../src/io/float16.ts';

test('known half bit patterns (IEEE 754 binary16)', () => {
  assert.equal(floatToHalf(1), 0x3c00);
  assert.equal(floatToHalf(-2), 0xc000);
  assert.equal(floatToHalf(0.5), 0x3800);
  assert.equal(floatToHalf(65504), 0x7bff); // largest finite
  assert.equal(floatToHalf(65520), 0x7c00); // rounds up to Infinity
  assert.equal(floatToHalf(Infinity), 0x7c00);
  assert.equal(floatToHalf(-Infinity), 0xfc00);
  assert.equal(floatToHalf(2 ** -24), 0x0001); // smallest subnormal
  assert.equal(floatToHalf(2 ** -25), 0x0000); // tie → even (0)
  assert.equal(floatToHalf(1.5 * 2 ** -24), 0x0002); // tie → even (2)
  assert.equal(floatToHalf(2 ** -14), 0x0400); // smallest normal
  assert.equal(floatToHalf(-0), 0x8000);
  assert.ok((floatToHalf(NaN) & 0x7c00) === 0x7c00 && (floatToHalf(NaN) & 0x3ff) !== 0);
  // 1 + 2^-11 is halfway between 1 and 1 + 2^-10: ties to even → 1.
  assert.equal(floatToHalf(1 + 2 ** -11), 0x3c00);
  // 1 + 3·2^-11 is halfway between 1 + 2^-10 (odd) and 1 + 2^-9 (even) → 1 + 2^-9.
  assert.equal(floatToHalf(1 + 3 * 2 ** -11), 0x3c02);
});

test('round trip: every finite half value encodes to itself; nearest rounding elsewhere', () => {
  for (let h = 0; h < 0x10000; h++) {
    if ((h & 0x7c00) === 0x7c00) continue;
    const v = halfToFloat(h);
    const back = floatToHalf(v);
    assert.ok(back === h || (v === 0 && (back & 0x7fff) === 0), `half 0x${h.toString(16)}`);
  }
  // Random values: the chosen half is at least as close as both neighbours.
  let x = 12345;
  const vals: number[] = [];
  for (let i = 0; i < 2000; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    vals.push((x / 2147483648 - 0.5) * 2.2);
  }
  const hs = float32ArrayToHalf(vals);
  for (let i = 0; i < vals.length; i++) {
    const v = Math.fround(vals[i]);
    const e = Math.abs(halfToFloat(hs[i]) - v);
    assert.ok(e <= Math.abs(halfToFloat(hs[i] + 1) - v) && e <= Math.abs(halfToFloat(hs[i] - 1) - v), `value ${v}`);
  }
});
