import { test } from 'node:test';
import assert from 'node:assert/strict';
import { positionalWidth, writePositionalFeatures } from '../../../../src/nn/models/pcnnOcc/positionalFeatures.ts';

test('positional features: x, then sin/cos of 2^j·π·x, each followed by its negation, per axis', () => {
  assert.equal(positionalWidth(0), 6);
  assert.equal(positionalWidth(2), 30);
  const out = new Float32Array(2 * 32).fill(7); // row stride 32 > 30: the two spare columns stay
  writePositionalFeatures(Float32Array.from([0.25, 0, -0.5, 0.5, 0.125, 0]), 2, out, 32);
  const r = (a: Float32Array) => Array.from(a, (v) => Math.round(v * 1e6) / 1e6 + 0);
  const h = Math.SQRT1_2;
  // x = 0.25: sin(π/4), cos(π/4), sin(π/2), cos(π/2); y = 0; z = −0.5: sin(−π/2), cos(−π/2), sin(−π), cos(−π)
  assert.deepEqual(r(out.subarray(0, 32)), r(Float32Array.from([
    0.25, -0.25, h, -h, h, -h, 1, -1, 0, 0,
    0, 0, 0, 0, 1, -1, 0, 0, 1, -1,
    -0.5, 0.5, -1, 1, 0, 0, 0, 0, -1, 1,
    7, 7])));
  // x = 0.5: sin(π/2) = 1, cos(π/2) = 0, sin(π) = 0, cos(π) = −1
  assert.deepEqual(r(out.subarray(32, 42)), [0.5, -0.5, 1, -1, 0, 0, 0, 0, -1, 1]);
});
