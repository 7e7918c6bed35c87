import { test } from 'node:test';
import assert from 'node:assert/strict';
import { convexHull } from '../../src/recon/convexHull.ts';
import { checkMesh } from '../../src/geometry/meshChecks.ts';
import { Random } from '../../src/geometry/Random.ts';

test("convex hull of a cube's corners + interior, face and duplicate points: 12 triangles, volume 8", () => {
  const rng = new Random(1);
  const pts: number[] = [];
  for (let i = 0; i < 100; i++) pts.push(rng.uniform(-0.9, 0.9), rng.uniform(-0.9, 0.9), rng.uniform(-0.9, 0.9));
  for (const x of [-1, 1]) for (const y of [-1, 1]) for (const z of [-1, 1]) pts.push(x, y, z);
  for (let i = 0; i < 30; i++) pts.push(rng.uniform(-1, 1), rng.int(2) * 2 - 1, rng.uniform(-1, 1)); // on faces
  pts.push(1, 1, 1, -1, -1, -1); // duplicates of corners
  const { mesh, vertices } = convexHull(new Float32Array(pts));
  const c = checkMesh(mesh);
  assert.equal(c.faces, 12);
  assert.ok(c.watertight);
  assert.equal(c.volume, 8);
  assert.equal(c.area, 24);
  assert.equal(vertices.length, 8);
  for (const v of vertices) for (let a = 0; a < 3; a++) assert.equal(Math.abs(pts[3 * v + a]), 1);
});

test('convex hull of random sphere points: every point on or inside every face plane (brute force)', () => {
  const rng = new Random(2);
  const n = 2000;
  const p = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) {
    const x = rng.normal(),
      y = rng.normal(),
      z = rng.normal(),
      l = Math.hypot(x, y, z);
    p[3 * i] = (0.4 * x) / l;
    p[3 * i + 1] = (0.4 * y) / l;
    p[3 * i + 2] = (0.4 * z) / l;
  }
  const { mesh, vertices } = convexHull(p);
  const c = checkMesh(mesh);
  assert.ok(c.watertight);
  assert.equal(c.degenerateFaces, 0);
  // Points on a sphere are all extreme: each is a vertex, and a closed triangulation has 2V − 4 faces.
  assert.equal(vertices.length, n);
  assert.equal(c.faces, 2 * n - 4);
  const f = mesh.faces;
  let worst = -Infinity;
  for (let t = 0; t < f.length / 3; t++) {
    const [a, b, d] = [f[3 * t], f[3 * t + 1], f[3 * t + 2]];
    const u = [0, 1, 2].map((k) => p[3 * b + k] - p[3 * a + k]),
      v = [0, 1, 2].map((k) => p[3 * d + k] - p[3 * a + k]);
    const nx = u[1] * v[2] - u[2] * v[1],
      ny = u[2] * v[0] - u[0] * v[2],
      nz = u[0] * v[1] - u[1] * v[0];
    const len = Math.hypot(nx, ny, nz);
    for (let i = 0; i < n; i++) {
      const s = (nx * (p[3 * i] - p[3 * a]) + ny * (p[3 * i + 1] - p[3 * a + 1]) + nz * (p[3 * i + 2] - p[3 * a + 2])) / len;
      if (s > worst) worst = s;
    }
  }
  assert.ok(worst < 1e-6, `a point lies ${worst} above a face`);
  assert.ok(c.volume > 0 && c.volume < (4 / 3) * Math.PI * 0.4 ** 3);
});

test('convex hull: degenerate inputs (coplanar, collinear, too few) give an empty mesh', () => {
  assert.equal(convexHull(new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0])).mesh.faces.length, 0);
  const plane = new Float32Array(300).map((_, i) => (i % 3 === 2 ? 0 : Math.sin(i)));
  assert.equal(convexHull(plane).mesh.faces.length, 0);
  const line = new Float32Array(30).map((_, i) => Math.floor(i / 3));
  assert.equal(convexHull(line).mesh.faces.length, 0);
});
