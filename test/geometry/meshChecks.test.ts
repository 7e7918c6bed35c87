import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkMesh } from '../../src/geometry/meshChecks.ts';
import { createMesh } from '../../src/geometry/Mesh.ts';

// Axis-aligned box [0,a]×[0,b]×[0,c], 12 triangles, outward counter-clockwise.
function box(a: number, b: number, c: number) {
  const v = [0, 0, 0, a, 0, 0, a, b, 0, 0, b, 0, 0, 0, c, a, 0, c, a, b, c, 0, b, c];
  const f = [0, 2, 1, 0, 3, 2, 4, 5, 6, 4, 6, 7, 0, 1, 5, 0, 5, 4, 1, 2, 6, 1, 6, 5, 2, 3, 7, 2, 7, 6, 3, 0, 4, 3, 4, 7];
  return { v, f };
}

test('closed box: watertight, area and volume by hand', () => {
  const { v, f } = box(2, 3, 4);
  const r = checkMesh(createMesh(v, f));
  assert.equal(r.watertight, true);
  assert.equal(r.edgeManifold, true);
  assert.equal(r.components, 1);
  assert.equal(r.boundaryEdges, 0);
  assert.ok(Math.abs(r.area - 2 * (6 + 8 + 12)) < 1e-9);
  assert.ok(Math.abs(r.volume - 24) < 1e-9);
});

test('a removed face leaves three boundary edges; flipped face is misoriented; two boxes are two components', () => {
  const { v, f } = box(1, 1, 1);
  const open = checkMesh(createMesh(v, f.slice(3)));
  assert.equal(open.watertight, false);
  assert.equal(open.boundaryEdges, 3);
  const flipped = f.slice();
  [flipped[1], flipped[2]] = [flipped[2], flipped[1]];
  const r = checkMesh(createMesh(v, flipped));
  assert.equal(r.edgeManifold, true);
  assert.equal(r.watertight, false);
  assert.equal(r.misorientedEdges, 3);
  const v2 = v.concat(v.map((x, i) => (i % 3 === 0 ? x + 5 : x)));
  const f2 = f.concat(f.map((i) => i + 8));
  const two = checkMesh(createMesh(v2, f2));
  assert.equal(two.components, 2);
  assert.ok(Math.abs(two.volume - 2) < 1e-9);
});

test('three faces on one edge are non-manifold', () => {
  const v = [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 1];
  const r = checkMesh(createMesh(v, [0, 1, 2, 1, 0, 3, 0, 1, 4]));
  assert.equal(r.nonManifoldEdges, 1);
  assert.equal(r.edgeManifold, false);
});
