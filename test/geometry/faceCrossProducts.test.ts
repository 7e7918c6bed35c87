import { test } from 'node:test';
import assert from 'node:assert/strict';
import { faceCrossProducts } from '../../src/geometry/faceCrossProducts.ts';

test('faceCrossProducts: (b − a) × (c − a) per face, by hand: direction by the vertex order, length twice the area', () => {
  // Face 0: right triangle in z = 1 with legs 2 (x) and 3 (y), counter-clockwise seen from +z:
  // cross (2, 0, 0) × (0, 3, 0) = (0, 0, 6), twice the area 3. Face 1: the same vertices
  // clockwise: (0, 0, −6). Face 2: three collinear points: zero.
  const positions = new Float32Array([0, 0, 1, 2, 0, 1, 0, 3, 1, 1, 1, 1, 2, 2, 1]);
  const faces = new Uint32Array([0, 1, 2, 0, 2, 1, 0, 3, 4]);
  assert.deepEqual(Array.from(faceCrossProducts(positions, faces)), [0, 0, 6, 0, 0, -6, 0, 0, 0]);
  // A tilted face: a = (1, 0, 0), b = (0, 1, 0), c = (0, 0, 1): u = (−1, 1, 0), v = (−1, 0, 1),
  // u × v = (1·1 − 0·0, 0·(−1) − (−1)·1, (−1)·0 − 1·(−1)) = (1, 1, 1), |·| = √3 = twice the area
  // of the equilateral triangle of side √2.
  assert.deepEqual(Array.from(faceCrossProducts([1, 0, 0, 0, 1, 0, 0, 0, 1], [0, 1, 2])), [1, 1, 1]);
  assert.equal(faceCrossProducts([], []).length, 0);
});
