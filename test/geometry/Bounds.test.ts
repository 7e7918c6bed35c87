import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boundsInto, longestSide, pointBounds, unionBounds } from '../../src/geometry/Bounds.ts';

test('pointBounds: the box of four hand-placed points; longestSide; the first n points only', () => {
  const xyz = new Float32Array([1, -2, 0.5, -3, 4, 0.25, 2, 0, -1, 100, 100, 100]);
  assert.deepEqual(pointBounds(xyz, 3), { min: [-3, -2, -1], max: [2, 4, 0.5] });
  assert.equal(longestSide(pointBounds(xyz, 3)), 6); // y: −2 … 4
  assert.deepEqual(pointBounds(xyz), { min: [-3, -2, -1], max: [100, 100, 100] });
  // one point: a box of size 0
  assert.deepEqual(pointBounds([7, 8, 9]), { min: [7, 8, 9], max: [7, 8, 9] });
});

test('boundsInto: a range of points into an offset of a typed array; empty ranges give +∞ / −∞; NaN is never a bound', () => {
  const xyz = [0, 0, 0, 5, -1, 2, 3, 6, -4, -9, -9, -9];
  const out = new Float64Array(12).fill(42);
  boundsInto(xyz, 1, 3, out, 6); // points 1 and 2 only
  assert.deepEqual(Array.from(out), [42, 42, 42, 42, 42, 42, 3, -1, -4, 5, 6, 2]);
  const empty = pointBounds(new Float32Array(0));
  assert.deepEqual(empty, { min: [Infinity, Infinity, Infinity], max: [-Infinity, -Infinity, -Infinity] });
  assert.equal(longestSide(empty), -Infinity);
  const withNaN = pointBounds([NaN, 1, 1, 2, NaN, 3, 4, 5, NaN]);
  assert.deepEqual(withNaN, { min: [2, 1, 1], max: [4, 5, 3] });
});

test('unionBounds holds both boxes and nothing more', () => {
  const u = unionBounds({ min: [0, 0, 0], max: [1, 1, 1] }, { min: [-1, 0.5, 2], max: [0.5, 3, 4] });
  assert.deepEqual(u, { min: [-1, 0, 0], max: [1, 3, 4] });
});
