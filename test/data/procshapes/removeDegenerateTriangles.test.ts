import { test } from 'node:test';
import assert from 'node:assert/strict';
import { removeDegenerateTriangles } from '../../../src/data/procshapes/removeDegenerateTriangles.ts';
import { checkMesh } from '../../../src/geometry/meshChecks.ts';
import type { Mesh } from '../../../src/geometry/Mesh.ts';

/** Unit cube [0,1]^3, 12 outward triangles. */
function cube(): { pos: number[]; faces: number[][] } {
  const pos = [0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1];
  const faces = [
    [0, 2, 1],
    [0, 3, 2],
    [4, 5, 6],
    [4, 6, 7],
    [0, 1, 5],
    [0, 5, 4],
    [2, 3, 7],
    [2, 7, 6],
    [1, 2, 6],
    [1, 6, 5],
    [0, 4, 7],
    [0, 7, 3],
  ];
  return { pos, faces };
}
const mesh = (pos: number[], faces: number[][]): Mesh => ({ positions: Float32Array.from(pos), faces: Uint32Array.from(faces.flat()) });

test('the cube fixture is a closed unit cube', () => {
  const { pos, faces } = cube();
  const r = checkMesh(mesh(pos, faces));
  assert.ok(r.watertight);
  assert.ok(Math.abs(r.volume - 1) < 1e-12);
});

test('needles (a vertex duplicated on an edge) are collapsed; the cube is restored', () => {
  const { pos, faces } = cube();
  // Edge 0→1 lies in [0,1,5] (as 0→1) and [0,2,1] (as 1→0). Insert v = copy of vertex 0 on it.
  const v = pos.length / 3;
  pos.push(0, 0, 0);
  const f = faces.filter((t) => !(t[0] === 0 && t[1] === 1 && t[2] === 5) && !(t[0] === 0 && t[1] === 2 && t[2] === 1));
  f.push([0, v, 5], [v, 1, 5], [1, v, 2], [v, 0, 2]);
  const before = checkMesh(mesh(pos, f));
  assert.ok(before.watertight);
  assert.equal(before.degenerateFaces, 2);
  const out = removeDegenerateTriangles(mesh(pos, f));
  const r = checkMesh(out);
  assert.ok(r.watertight);
  assert.equal(r.degenerateFaces, 0);
  assert.equal(r.faces, 12);
  assert.equal(r.vertices, 8);
  assert.ok(Math.abs(r.volume - 1) < 1e-12 && Math.abs(r.area - 6) < 1e-12);
});

test('caps (three collinear vertices) are flipped away without moving any vertex', () => {
  const { pos, faces } = cube();
  // Split [0,1,5] at m = midpoint of edge 0–1 and close the crack with the zero-area cap (m, 0, 1)… which
  // must mirror the neighbour [0,2,1] (uses 1→0): cap edges m→0, 0→1, 1→m.
  const m = pos.length / 3;
  pos.push(0.5, 0, 0);
  const f = faces.filter((t) => !(t[0] === 0 && t[1] === 1 && t[2] === 5));
  f.push([0, m, 5], [m, 1, 5], [m, 0, 1]);
  const before = checkMesh(mesh(pos, f));
  assert.ok(before.watertight, 'fixture should be watertight');
  assert.equal(before.degenerateFaces, 1);
  const out = removeDegenerateTriangles(mesh(pos, f));
  const r = checkMesh(out);
  assert.ok(r.watertight);
  assert.equal(r.degenerateFaces, 0);
  assert.equal(r.faces, 14);
  assert.ok(Math.abs(r.volume - 1) < 1e-12 && Math.abs(r.area - 6) < 1e-12);
  // Positions are a subset of the input ones.
  const inPos = new Set<string>();
  for (let i = 0; i < pos.length; i += 3) inPos.add(`${pos[i]},${pos[i + 1]},${pos[i + 2]}`);
  for (let i = 0; i < out.positions.length; i += 3)
    assert.ok(inPos.has(`${out.positions[i]},${out.positions[i + 1]},${out.positions[i + 2]}`));
});

test('a clean mesh is returned unchanged', () => {
  const { pos, faces } = cube();
  const m = mesh(pos, faces);
  assert.equal(removeDegenerateTriangles(m), m);
});
