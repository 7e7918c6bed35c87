import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sampleSurface } from '../../src/geometry/sampleSurface.ts';
import { createMesh, type Mesh } from '../../src/geometry/Mesh.ts';
import { Random } from '../../src/geometry/Random.ts';
import { concatMeshes, gridBox } from './shapes.ts';

// Unit cube (area 6, 12 faces) + a 2×1×1 box (area 10, 12 faces) + two zero-area faces
// (a repeated vertex, and three collinear vertices).
function twoBoxes(): Mesh {
  const m = concatMeshes(gridBox([0, 0, 0], [1, 1, 1], 1), gridBox([3, 0, 0], [5, 1, 1], 1));
  const nv = m.positions.length / 3;
  const pos = new Float32Array(m.positions.length + 9);
  pos.set(m.positions);
  pos.set([10, 0, 0, 11, 0, 0, 12, 0, 0], m.positions.length);
  const faces = new Uint32Array(m.faces.length + 6);
  faces.set(m.faces);
  faces.set([0, 0, 1, nv, nv + 1, nv + 2], m.faces.length);
  return { positions: pos, faces };
}

/** Face normal by hand from the vertices (cross product, normalised). */
function faceNormal(m: Mesh, t: number): number[] {
  const p = m.positions,
    f = m.faces;
  const a = 3 * f[3 * t],
    b = 3 * f[3 * t + 1],
    c = 3 * f[3 * t + 2];
  const u = [p[b] - p[a], p[b + 1] - p[a + 1], p[b + 2] - p[a + 2]];
  const v = [p[c] - p[a], p[c + 1] - p[a + 1], p[c + 2] - p[a + 2]];
  const n = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
  const l = Math.hypot(n[0], n[1], n[2]);
  return n.map((x) => x / l);
}

/** Barycentric coordinates of x in triangle t (least squares in the triangle's plane). */
function barycentric(m: Mesh, t: number, x: number[]): number[] {
  const p = m.positions,
    f = m.faces;
  const a = 3 * f[3 * t],
    b = 3 * f[3 * t + 1],
    c = 3 * f[3 * t + 2];
  const v0 = [p[b] - p[a], p[b + 1] - p[a + 1], p[b + 2] - p[a + 2]];
  const v1 = [p[c] - p[a], p[c + 1] - p[a + 1], p[c + 2] - p[a + 2]];
  const v2 = [x[0] - p[a], x[1] - p[a + 1], x[2] - p[a + 2]];
  const dot = (s: number[], r: number[]) => s[0] * r[0] + s[1] * r[1] + s[2] * r[2];
  const d00 = dot(v0, v0),
    d01 = dot(v0, v1),
    d11 = dot(v1, v1),
    d20 = dot(v2, v0),
    d21 = dot(v2, v1);
  const den = d00 * d11 - d01 * d01;
  const v = (d11 * d20 - d01 * d21) / den,
    w = (d00 * d21 - d01 * d20) / den;
  return [1 - v - w, v, w];
}

test('area fractions of two boxes match 6 : 10 within 4 standard errors; zero-area faces never sampled', () => {
  const m = twoBoxes();
  const n = 40000;
  const s = sampleSurface(m, n, new Random(7));
  let inA = 0;
  for (let i = 0; i < n; i++) {
    assert.ok(s.faceIndex[i] < 24, `sample ${i} on zero-area face ${s.faceIndex[i]}`);
    if (s.faceIndex[i] < 12) inA++;
  }
  const p = 6 / 16,
    se = Math.sqrt((p * (1 - p)) / n);
  assert.ok(Math.abs(inA / n - p) < 4 * se, `fraction ${inA / n} vs ${p} (se ${se})`);
  // Per side of the 2×1×1 box: the four 2×1 sides hold 2/10 each, the two 1×1 ends 1/10 each.
  let ends = 0;
  for (let i = 0; i < n; i++) {
    if (s.faceIndex[i] < 12) continue;
    const x = s.positions[3 * i];
    if (Math.abs(x - 3) < 1e-6 || Math.abs(x - 5) < 1e-6) ends++;
  }
  const nB = n - inA,
    pe = 0.2,
    seE = Math.sqrt((pe * (1 - pe)) / nB);
  assert.ok(Math.abs(ends / nB - pe) < 4 * seE, `end fraction ${ends / nB}`);
});

test('samples lie on their face; normals are unit, equal to the face normal and outward', () => {
  const m = twoBoxes();
  const s = sampleSurface(m, 3000, new Random(8));
  for (let i = 0; i < 3000; i++) {
    const t = s.faceIndex[i];
    const x = [s.positions[3 * i], s.positions[3 * i + 1], s.positions[3 * i + 2]];
    const bc = barycentric(m, t, x);
    for (const c of bc) assert.ok(c > -1e-6 && c < 1 + 1e-6, `sample ${i} barycentric ${bc}`);
    const nrm = faceNormal(m, t);
    // Distance from the face plane.
    const a = 3 * m.faces[3 * t];
    const off = (x[0] - m.positions[a]) * nrm[0] + (x[1] - m.positions[a + 1]) * nrm[1] + (x[2] - m.positions[a + 2]) * nrm[2];
    assert.ok(Math.abs(off) < 1e-6, `off plane by ${off}`);
    const sn = [s.normals[3 * i], s.normals[3 * i + 1], s.normals[3 * i + 2]];
    assert.ok(Math.abs(Math.hypot(sn[0], sn[1], sn[2]) - 1) < 1e-6);
    for (let d = 0; d < 3; d++) assert.ok(Math.abs(sn[d] - nrm[d]) < 1e-6);
    // Outward for these axis-aligned boxes: the normal points from the box centre to the sample.
    const cx = t < 12 ? 0.5 : 4;
    const out = (x[0] - cx) * sn[0] + (x[1] - 0.5) * sn[1] + (x[2] - 0.5) * sn[2];
    assert.ok(out > 0.49, `normal not outward at sample ${i}`);
  }
});

test('uniform inside a triangle: corner and middle sub-triangles each get 1/4', () => {
  // Triangle split at its edge midpoints into 4 congruent triangles: barycentric a > ½ is the
  // corner at a; all three < ½ is the middle one.
  const m = createMesh([0, 0, 0, 3, 0, 0, 1, 2, 0], [0, 1, 2]);
  const n = 40000;
  const s = sampleSurface(m, n, new Random(9));
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    const bc = barycentric(m, 0, [s.positions[3 * i], s.positions[3 * i + 1], s.positions[3 * i + 2]]);
    const k = bc.findIndex((c) => c > 0.5);
    counts[k < 0 ? 3 : k]++;
  }
  const se = Math.sqrt((0.25 * 0.75) / n);
  for (const c of counts) assert.ok(Math.abs(c / n - 0.25) < 4 * se, `counts ${counts}`);
});

test('deterministic given the seed; n = 0; no area → error', () => {
  const m = twoBoxes();
  const a = sampleSurface(m, 100, new Random(5)),
    b = sampleSurface(m, 100, new Random(5));
  assert.deepEqual(a.positions, b.positions);
  assert.deepEqual(a.faceIndex, b.faceIndex);
  assert.equal(sampleSurface(m, 0, new Random(1)).positions.length, 0);
  assert.throws(() => sampleSurface(createMesh([0, 0, 0, 1, 0, 0, 2, 0, 0], [0, 1, 2]), 10, new Random(1)), RangeError);
  assert.throws(() => sampleSurface(m, -1, new Random(1)), RangeError);
  assert.throws(() => sampleSurface(createMesh([0, 0, 0, 1, 0, 0, 0, 1, 0], [0, 1, 3]), 1, new Random(1)), RangeError);
});
