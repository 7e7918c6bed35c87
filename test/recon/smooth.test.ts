import { test } from 'node:test';
import assert from 'node:assert/strict';
import { taubinSmooth, vertexNeighbours } from '../../src/recon/smooth.ts';
import { marchingCubes, padWithOutside } from '../../src/recon/marchingCubes.ts';
import { checkMesh } from '../../src/geometry/meshChecks.ts';
import { createMesh } from '../../src/geometry/Mesh.ts';
import { Random } from '../../src/geometry/Random.ts';
import { sample, sphere } from './fields.ts';

function meanDeviation(p: Float32Array, R: number): number {
  let s = 0;
  for (let i = 0; i < p.length; i += 3) s += Math.abs(Math.hypot(p[i], p[i + 1], p[i + 2]) - R);
  return s / (p.length / 3);
}

test('Taubin smoothing of a noisy sphere: deviation shrinks, volume kept, topology unchanged', () => {
  const n = 49,
    lo = -0.5,
    h = 1 / 48,
    R = 0.35;
  const padded = padWithOutside(sample(sphere(R), n, lo, h), [n, n, n], -1);
  const clean = marchingCubes(padded.values, padded.dims, 0, { origin: [lo - h, lo - h, lo - h], spacing: h });
  const rng = new Random(11);
  const noisy = { positions: clean.positions.map((v) => v + rng.normal(0, 0.3 * h)), faces: clean.faces };
  const before = meanDeviation(noisy.positions, R);
  const smoothed = taubinSmooth(noisy, { iterations: 10 });
  const after = meanDeviation(smoothed.positions, R);
  assert.ok(after < 0.5 * before, `mean deviation ${before} → ${after}`);
  assert.deepEqual(smoothed.faces, noisy.faces);
  const r = checkMesh(smoothed);
  assert.ok(r.watertight);
  const vol = (4 / 3) * Math.PI * R ** 3;
  assert.ok(Math.abs(r.volume / vol - 1) < 0.02, `volume ${r.volume} vs ${vol}`);
  // The input is not modified; zero iterations change nothing.
  assert.equal(meanDeviation(noisy.positions, R), before);
  assert.deepEqual(taubinSmooth(noisy, { iterations: 0 }).positions, noisy.positions);
  assert.throws(() => taubinSmooth(noisy, { lambda: 0.5, mu: -0.4 }), RangeError);
});

test('one λ pass moves a vertex towards the mean of its neighbours (hand-computed)', () => {
  // Octahedron with the +z apex lifted to 2: the apex's neighbours are the 4 equator vertices,
  // mean (0,0,0), so a λ = 0.5 pass alone would put it at z = 1; then μ = −0.53 acts on the
  // updated positions. Check the λ|μ pair against a direct computation.
  const v = [1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 2, 0, 0, -1];
  const f = [0, 2, 4, 2, 1, 4, 1, 3, 4, 3, 0, 4, 2, 0, 5, 1, 2, 5, 3, 1, 5, 0, 3, 5];
  const mesh = createMesh(v, f);
  const { start, nbr } = vertexNeighbours(mesh);
  assert.deepEqual(Array.from(nbr.subarray(start[4], start[5])), [0, 1, 2, 3]);
  assert.deepEqual(Array.from(nbr.subarray(start[0], start[1])), [2, 3, 4, 5]);
  // λ pass by hand: equator vertex 0 = (1,0,0), neighbours 2,3,4,5 mean (0, 0, 0.25).
  const lam = v.slice();
  const nb: number[][] = [
    [2, 3, 4, 5],
    [2, 3, 4, 5],
    [0, 1, 4, 5],
    [0, 1, 4, 5],
    [0, 1, 2, 3],
    [0, 1, 2, 3],
  ];
  const step = (p: number[], k: number) =>
    p.map((x, i) => {
      const vi = Math.floor(i / 3),
        d = i % 3;
      const m = nb[vi].reduce((s, u) => s + p[3 * u + d], 0) / 4;
      return x + k * (m - x);
    });
  const expected = step(step(lam, 0.5), -0.53);
  const got = taubinSmooth(mesh, { iterations: 1 }).positions;
  for (let i = 0; i < expected.length; i++) assert.ok(Math.abs(got[i] - expected[i]) < 1e-6);
});
