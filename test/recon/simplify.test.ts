import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simplifyMesh } from '../../src/recon/simplify.ts';
import { checkMesh } from '../../src/geometry/meshChecks.ts';
import { uvSphere, torus, gridBox, concatMeshes } from '../geometry/shapes.ts';
import { assertClosedManifold } from './fields.ts';
import type { Mesh } from '../../src/geometry/Mesh.ts';

/** Euler characteristic V − E + F of a closed mesh (E = 3F/2). */
const euler = (m: Mesh): number => m.positions.length / 3 - (3 * m.faces.length) / 6 + m.faces.length / 3;

test('torus (genus 1) 7200 → ≤ 800 faces: closed manifold, same genus, vertices stay on the torus', () => {
  const R = 0.3,
    r = 0.1;
  const mesh = torus(R, r, 60, 60);
  assert.equal(euler(mesh), 0);
  const out = simplifyMesh(mesh, { targetFaces: 800 });
  const rep = assertClosedManifold(out, 'simplified torus');
  assert.ok(rep.faces <= 800 && rep.faces >= 790, `${rep.faces}`);
  assert.equal(rep.components, 1);
  assert.equal(euler(out), 0, 'genus changed');
  let worst = 0;
  for (let i = 0; i < out.positions.length; i += 3) {
    const x = out.positions[i],
      y = out.positions[i + 1],
      z = out.positions[i + 2];
    worst = Math.max(worst, Math.abs(Math.hypot(Math.hypot(x, y) - R, z) - r));
  }
  assert.ok(worst < 0.01 * R + 0.002, `max distance to the torus ${worst}`);
  assert.ok(Math.abs(rep.volume - 2 * Math.PI ** 2 * R * r * r) / (2 * Math.PI ** 2 * R * r * r) < 0.03, `${rep.volume}`);
});

test('finely tessellated box: planar faces collapse away, corners and volume are kept exactly', () => {
  const lo: [number, number, number] = [-0.3, -0.2, -0.1],
    hi: [number, number, number] = [0.4, 0.2, 0.3];
  const box = gridBox(lo, hi, 10); // 1200 faces
  const out = simplifyMesh(box, { targetFaces: 12 });
  const rep = assertClosedManifold(out, 'box');
  assert.ok(rep.faces <= 40, `${rep.faces} faces left`);
  const vol = (hi[0] - lo[0]) * (hi[1] - lo[1]) * (hi[2] - lo[2]);
  assert.ok(Math.abs(rep.volume - vol) < 1e-6, `${rep.volume} vs ${vol}`);
  for (let i = 0; i < out.positions.length; i += 3) {
    for (let d = 0; d < 3; d++) {
      const v = out.positions[i + d];
      assert.ok(v >= lo[d] - 1e-6 && v <= hi[d] + 1e-6, `vertex outside the box: ${v}`);
    }
  }
});

test('no collapse that would change topology: a tetrahedron stays, an octahedron stays a closed sphere', () => {
  const tet: Mesh = {
    positions: Float32Array.from([0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]),
    faces: Uint32Array.from([0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3]),
  };
  assert.deepEqual(simplifyMesh(tet, { targetFaces: 4 }).faces, tet.faces);
  const oct = uvSphere(1, 2, 4); // 6 vertices, 8 faces; every vertex has 4 faces
  const out = simplifyMesh(oct, { targetFaces: 4 });
  // Collapsing an edge of the octahedron leaves a vertex of degree 3 opposite to the next
  // candidate; any result must still be a closed sphere (χ = 2), never a fin or a pinch.
  assertClosedManifold(out, 'octahedron');
  assert.equal(euler(out), 2);
});

test('two spheres stay two components; an open sheet keeps its border', () => {
  const a = uvSphere(0.2, 20, 40);
  const b = uvSphere(0.2, 20, 40);
  for (let i = 0; i < b.positions.length; i += 3) b.positions[i] += 0.5;
  const out = simplifyMesh(concatMeshes(a, b), { targetFaces: 400 });
  const rep = assertClosedManifold(out, 'two spheres');
  assert.equal(rep.components, 2);
  // Open sheet: the top face of a grid box alone (a 10×10 grid with a border).
  const box = gridBox([0, 0, 0], [1, 1, 1], 10);
  const f: number[] = [];
  for (let t = 0; t < box.faces.length; t += 3) {
    if ([0, 1, 2].every((k) => box.positions[3 * box.faces[t + k] + 2] === 1)) f.push(box.faces[t], box.faces[t + 1], box.faces[t + 2]);
  }
  const sheet: Mesh = { positions: box.positions, faces: Uint32Array.from(f) };
  const before = checkMesh(sheet);
  const s = simplifyMesh(sheet, { targetFaces: 50 });
  const after = checkMesh(s);
  assert.equal(after.boundaryEdges, before.boundaryEdges, 'border edges must not change');
  assert.equal(after.nonManifoldEdges, 0);
  assert.ok(Math.abs(after.area - 1) < 1e-6, `area ${after.area}`);
  assert.ok(after.faces < before.faces);
});

test('already small enough: a copy; bad target: RangeError', () => {
  const m = uvSphere(1, 6, 8);
  const out = simplifyMesh(m, { targetFaces: 10000 });
  assert.deepEqual(out.faces, m.faces);
  assert.notEqual(out.faces, m.faces);
  assert.throws(() => simplifyMesh(m, { targetFaces: 3 }), RangeError);
  assert.throws(() => simplifyMesh(m, { targetFaces: 10.5 }), RangeError);
});
