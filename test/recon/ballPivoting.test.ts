import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ballPivoting, defaultBallRadii } from '../../src/recon/ballPivoting.ts';
import { estimateNormals } from '../../src/geometry/estimateNormals.ts';
import { orientNormals } from '../../src/geometry/orientNormals.ts';
import { checkMesh } from '../../src/geometry/meshChecks.ts';
import { sphereCloud } from '../geometry/cloudSamples.ts';

test('ball pivoting: a dense uniform sphere sample gives a closed mesh on the input points', () => {
  for (const [n, seed] of [[4000, 2]] as const) {
    const { points } = sphereCloud(n, 0.4, 0, seed);
    const normals = orientNormals(points, estimateNormals(points));
    const mesh = ballPivoting(points, normals);
    const c = checkMesh(mesh);
    assert.ok(c.watertight, `${n} points: ${c.boundaryEdges} boundary edges, ${c.nonManifoldEdges} non-manifold`);
    // A closed genus-0 triangulation of all n points has 2n − 4 faces (Euler).
    assert.equal(c.faces, 2 * n - 4);
    assert.equal(c.components, 1);
    // Vertices are the input points themselves, in order.
    assert.deepEqual(mesh.positions, points);
    // Oriented outward, and every triangle's normal agrees with the analytic normal.
    assert.ok(c.volume > 0);
    const p = mesh.positions,
      f = mesh.faces;
    for (let t = 0; t < f.length / 3; t++) {
      const [a, b, cc] = [f[3 * t], f[3 * t + 1], f[3 * t + 2]];
      const u = [0, 1, 2].map((k) => p[3 * b + k] - p[3 * a + k]),
        v = [0, 1, 2].map((k) => p[3 * cc + k] - p[3 * a + k]);
      const nrm = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
      const centroid = [0, 1, 2].map((k) => p[3 * a + k] + p[3 * b + k] + p[3 * cc + k]);
      assert.ok(nrm[0] * centroid[0] + nrm[1] * centroid[1] + nrm[2] * centroid[2] > 0);
    }
    // Inscribed polyhedron: volume below the ball's, above 97 % of it.
    const ball = (4 / 3) * Math.PI * 0.4 ** 3;
    assert.ok(c.volume < ball && c.volume > 0.97 * ball, `volume ${c.volume}`);
  }
});

test('ball pivoting: edges used at most twice, consistently oriented, on a noisy sparse sample', () => {
  const { points } = sphereCloud(300, 0.4, 0.005, 3);
  const normals = orientNormals(points, estimateNormals(points));
  const c = checkMesh(ballPivoting(points, normals));
  assert.equal(c.nonManifoldEdges, 0);
  assert.equal(c.misorientedEdges, 0);
  assert.ok(c.faces > 0.8 * (2 * 300 - 4), `${c.faces} faces`);
});

test('defaultBallRadii: 1.1·s·{1, 2, 4} of the mean nearest-neighbour distance', () => {
  // A 10 × 10 grid of spacing 0.1: every nearest neighbour is 0.1 away.
  const pts: number[] = [];
  for (let i = 0; i < 10; i++) for (let j = 0; j < 10; j++) pts.push(0.1 * i, 0.1 * j, 0);
  const r = defaultBallRadii(new Float32Array(pts));
  [0.11, 0.22, 0.44].forEach((x, i) => assert.ok(Math.abs(r[i] - x) < 1e-6));
  assert.throws(() => ballPivoting(new Float32Array(pts), new Float32Array(3)), RangeError);
});
