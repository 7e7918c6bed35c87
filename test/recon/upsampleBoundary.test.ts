import { test } from 'node:test';
import assert from 'node:assert/strict';
import { upsampleBoundary } from '../../src/recon/upsampleBoundary.ts';
import { mise } from '../../src/recon/mise.ts';
import { Random } from '../../src/geometry/Random.ts';
import { batchOf, sphere, torus, type Field } from './fields.ts';

/** Float32 rounding of coordinates near 0.5 adds up to ~1e-7 to the distances. */
const F32 = 2e-7;

test('sphere (probabilities, threshold 0.5): points on the sphere within the tolerance, normals outward, density uniform', async () => {
  const R = 0.35;
  const f: Field = (x, y, z) => 1 / (1 + Math.exp(-40 * sphere(R)(x, y, z)));
  let calls = 0;
  const evaluate = (p: Float32Array) => {
    calls += p.length / 3;
    return batchOf(f)(p);
  };
  const n = 20000;
  const r = await upsampleBoundary(evaluate, n, { threshold: 0.5, resolution0: 16, rng: new Random(3) });
  assert.equal(r.points.length, 3 * n);
  assert.equal(r.evaluations, calls);
  assert.equal(r.tolerance, (2 * (1.1 / 64)) / 2 ** 12);
  for (let i = 0; i < 3 * n; i += 3) {
    const q = Math.hypot(r.points[i], r.points[i + 1], r.points[i + 2]);
    assert.ok(Math.abs(q - R) <= r.tolerance + F32, `point ${i / 3} at radius ${q}`);
    const dot = (r.normals[i] * r.points[i] + r.normals[i + 1] * r.points[i + 1] + r.normals[i + 2] * r.points[i + 2]) / q;
    assert.ok(dot > 0.9, `normal ${i / 3} not outward (${dot})`);
  }
  // Uniform over the area: the share of points whose direction has ‖u‖₁ > 1.5 matches a Monte
  // Carlo estimate on the sphere (uniform directions from normal deviates). Choosing crossing
  // grid edges uniformly instead would give ≈ 0.57 (more points where the surface is diagonal).
  const share = (dirs: (i: number) => [number, number, number], m: number) => {
    let c = 0;
    for (let i = 0; i < m; i++) {
      const [x, y, z] = dirs(i);
      if ((Math.abs(x) + Math.abs(y) + Math.abs(z)) / Math.hypot(x, y, z) > 1.5) c++;
    }
    return c / m;
  };
  const g = new Random(99);
  const truth = share(() => [g.normal(), g.normal(), g.normal()], 200000);
  const got = share((i) => [r.points[3 * i], r.points[3 * i + 1], r.points[3 * i + 2]], n);
  assert.ok(Math.abs(got - truth) < 0.012, `share ${got} vs ${truth}`);
  // Not stuck on a few spots: points are all distinct.
  const keys = new Set<string>();
  for (let i = 0; i < 3 * n; i += 3) keys.add(`${r.points[i]},${r.points[i + 1]},${r.points[i + 2]}`);
  assert.equal(keys.size, n);
});

test('torus (signed distance, threshold 0), with a given grid: within the tolerance; same seed, same points', async () => {
  const f = torus(0.3, 0.1);
  const grid = await mise(batchOf(f), { threshold: 0, resolution0: 32, upsamplingSteps: 1 });
  const run = (seed: number) => upsampleBoundary(batchOf(f), 3000, { threshold: 0, rng: new Random(seed), grid, bisectionSteps: 16 });
  const a = await run(1),
    b = await run(1),
    c = await run(2);
  assert.deepEqual(a.points, b.points);
  assert.notDeepEqual(a.points, c.points);
  assert.ok(a.evaluations >= 3000 * (16 + 2), 'grid evaluations not counted, segment ends and bisection are');
  for (let i = 0; i < a.points.length; i += 3) {
    assert.ok(Math.abs(f(a.points[i], a.points[i + 1], a.points[i + 2])) <= a.tolerance + F32);
  }
});

test('a plate thinner than the search segments falls back to straddling grid edges', async () => {
  // Thickness h/2 around the grid plane z = 0: segments of ±h through the plate end outside on
  // both sides, so every sample needs the fallback.
  const h = 1 / 32;
  const f: Field = (x, y, z) => Math.min(0.25 * h - Math.abs(z), 0.3 - Math.max(Math.abs(x), Math.abs(y)));
  const r = await upsampleBoundary(batchOf(f), 500, {
    threshold: 0,
    resolution0: 8,
    upsamplingSteps: 2,
    box: [-0.5, 0.5],
    rng: new Random(5),
    bisectionSteps: 10,
  });
  for (let i = 0; i < r.points.length; i += 3) {
    // min of two distances bounds the distance to the boundary of the intersection from below.
    assert.ok(Math.abs(f(r.points[i], r.points[i + 1], r.points[i + 2])) <= r.tolerance + F32);
  }
});

test('no boundary: an error; n = 0: nothing', async () => {
  await assert.rejects(
    upsampleBoundary(
      batchOf(() => -1),
      10,
      { threshold: 0, resolution0: 4, rng: new Random(1) },
    ),
    /never crosses/,
  );
  const r = await upsampleBoundary(batchOf(sphere(0.3)), 0, { threshold: 0, resolution0: 4, rng: new Random(1) });
  assert.equal(r.points.length, 0);
});
