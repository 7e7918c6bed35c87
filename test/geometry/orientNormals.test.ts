import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateNormals } from '../../src/geometry/estimateNormals.ts';
import { orientNormals } from '../../src/geometry/orientNormals.ts';
import { Random } from '../../src/geometry/Random.ts';
import { sphereCloud, torusCloud, type AnalyticCloud } from './cloudSamples.ts';

/** Share of normals with a positive dot product with the analytic outward normal. */
function outwardShare(n: Float32Array, truth: Float32Array): number {
  let ok = 0;
  for (let i = 0; i < n.length / 3; i++)
    if (n[3 * i] * truth[3 * i] + n[3 * i + 1] * truth[3 * i + 1] + n[3 * i + 2] * truth[3 * i + 2] > 0) ok++;
  return ok / (n.length / 3);
}

test('orientNormals: > 99 % outward on spheres and tori, 300–3000 points, noise 0 and 0.005', () => {
  const cases: [string, AnalyticCloud][] = [
    ['sphere 300', sphereCloud(300, 0.4, 0, 11)],
    ['sphere 300 noisy', sphereCloud(300, 0.4, 0.005, 12)],
    ['sphere 3000 noisy', sphereCloud(3000, 0.4, 0.005, 13)],
    ['torus 300', torusCloud(300, 0.3, 0.12, 0, 14)],
    ['torus 300 noisy', torusCloud(300, 0.3, 0.12, 0.005, 15)],
    ['torus 3000 noisy', torusCloud(3000, 0.3, 0.12, 0.005, 16)],
  ];
  for (const [name, c] of cases) {
    const n = orientNormals(c.points, estimateNormals(c.points));
    assert.ok(outwardShare(n, c.normals) > 0.99, `${name}: ${outwardShare(n, c.normals)}`);
  }
});

test('orientNormals: the true normals with random signs come back exactly outward', () => {
  const c = torusCloud(1000, 0.3, 0.12, 0, 21);
  const rng = new Random(3);
  const n = c.normals.slice();
  for (let i = 0; i < 1000; i++) if (rng.next() < 0.5) for (let a = 0; a < 3; a++) n[3 * i + a] = -n[3 * i + a];
  orientNormals(c.points, n);
  assert.equal(outwardShare(n, c.normals), 1);
});

test('orientNormals: two far-apart spheres (a disconnected kNN graph) are both outward', () => {
  const a = sphereCloud(400, 0.2, 0, 31),
    b = sphereCloud(400, 0.1, 0, 32);
  const pts = new Float32Array(2400),
    truth = new Float32Array(2400);
  pts.set(a.points);
  truth.set(a.normals);
  for (let i = 0; i < 400; i++)
    for (let c = 0; c < 3; c++) {
      pts[1200 + 3 * i + c] = b.points[3 * i + c] + (c === 0 ? 2 : 0);
      truth[1200 + 3 * i + c] = b.normals[3 * i + c];
    }
  const n = orientNormals(pts, estimateNormals(pts));
  assert.equal(outwardShare(n, truth), 1);
});

test('orientNormals: all-inward input comes back outward, with and without the flux check', () => {
  const c = sphereCloud(500, 0.4, 0, 41);
  const inward = c.normals.map((x) => -x);
  const kept = orientNormals(c.points, inward.slice(), { skipGlobalFlip: true });
  assert.equal(outwardShare(kept, c.normals), 1); // the +z seed rule alone
  const flipped = orientNormals(c.points, inward.slice());
  assert.equal(outwardShare(flipped, c.normals), 1);
});
