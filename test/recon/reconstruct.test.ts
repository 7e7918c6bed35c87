import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reconstruct, gridSettings, type ReconstructProgress } from '../../src/recon/reconstruct.ts';
import type { OccupancyModel } from '../../src/recon/OccupancyModel.ts';
import { Random } from '../../src/geometry/Random.ts';
import { InputError } from '../../src/errors.ts';
import { assertClosedManifold } from './fields.ts';
import { saveTinyModel, medianProbability } from '../cli/commands/tinyModel.ts';
import { spherePoints } from '../helpers/sphere.ts';
import { loadModel } from '../../src/index.ts';

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** Points on the ellipsoid with semi-axes `a` around `c` (random directions, mapped radially),
 *  plus its six axis extremes, so the cloud's bounding box is exactly the ellipsoid's. */
function ellipsoidCloud(n: number, c: number[], a: number[], seed: number): Float32Array {
  const rng = new Random(seed);
  const p = new Float32Array(3 * (n + 6));
  for (let i = 0; i < n; i++) {
    const x = rng.normal(),
      y = rng.normal(),
      z = rng.normal();
    const l = Math.hypot(x, y, z);
    p[3 * i] = c[0] + (a[0] * x) / l;
    p[3 * i + 1] = c[1] + (a[1] * y) / l;
    p[3 * i + 2] = c[2] + (a[2] * z) / l;
  }
  for (let k = 0; k < 6; k++) {
    const axis = k >> 1,
      s = k & 1 ? -1 : 1;
    for (let d = 0; d < 3; d++) p[3 * (n + k) + d] = c[d] + (d === axis ? s * a[d] : 0);
  }
  return p;
}

/**
 * Analytic stand-in for a learned model: the ellipsoid inscribed in the bounding box of the
 * cloud it is given (in the normalised frame), P(inside) = sigmoid(−(|(x − c)/a| − 1)·a_min/w).
 */
function bboxEllipsoidModel(inputPoints: number, w = 0.01): OccupancyModel & { calls: number } {
  const model = {
    threshold: 0.5,
    config: { inputPoints },
    calls: 0,
    predict(input: Float32Array, queries: Float32Array): Float32Array {
      model.calls++;
      const lo = [Infinity, Infinity, Infinity],
        hi = [-Infinity, -Infinity, -Infinity];
      for (let i = 0; i < input.length; i += 3)
        for (let d = 0; d < 3; d++) {
          lo[d] = Math.min(lo[d], input[i + d]);
          hi[d] = Math.max(hi[d], input[i + d]);
        }
      const c = lo.map((l, d) => (l + hi[d]) / 2),
        a = lo.map((l, d) => (hi[d] - l) / 2);
      const amin = Math.min(...a);
      const out = new Float32Array(queries.length / 3);
      for (let j = 0; j < out.length; j++) {
        const g = Math.hypot((queries[3 * j] - c[0]) / a[0], (queries[3 * j + 1] - c[1]) / a[1], (queries[3 * j + 2] - c[2]) / a[2]) - 1;
        out[j] = sigmoid((-g * amin) / w);
      }
      return out;
    },
  };
  return model;
}

test('ellipsoid far from the unit cube: watertight, volume within 1 % at 128³, in the input coordinates', async () => {
  const c = [1000, -500, 250],
    a = [30, 20, 12];
  const cloud = ellipsoidCloud(400, c, a, 1);
  const model = bboxEllipsoidModel(500);
  const { mesh, stats } = await reconstruct(cloud, model);
  const r = assertClosedManifold(mesh, 'ellipsoid');
  assert.equal(r.components, 1);
  assert.equal(stats.watertight, true);
  const exact = (4 / 3) * Math.PI * a[0] * a[1] * a[2];
  assert.ok(Math.abs(r.volume - exact) / exact < 0.01, `volume ${r.volume} vs ${exact}`);
  // Bounding box of the mesh = the ellipsoid's, to within a voxel (1.1/128 unit-cube units = 0.52 input units).
  const lo = [Infinity, Infinity, Infinity],
    hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < mesh.positions.length; i += 3)
    for (let d = 0; d < 3; d++) {
      lo[d] = Math.min(lo[d], mesh.positions[i + d]);
      hi[d] = Math.max(hi[d], mesh.positions[i + d]);
    }
  for (let d = 0; d < 3; d++) {
    assert.ok(Math.abs(lo[d] - (c[d] - a[d])) < 0.52 && Math.abs(hi[d] - (c[d] + a[d])) < 0.52, `axis ${d}: [${lo[d]}, ${hi[d]}]`);
  }
  // The reported transform is the bounding-box one: centre c, scale 1 / (2·30).
  for (let d = 0; d < 3; d++) assert.ok(Math.abs(stats.transform.center[d] - c[d]) < 1e-3);
  assert.ok(Math.abs(stats.transform.scale - 1 / 60) < 1e-9);
  assert.equal(stats.subsets, 1);
  assert.equal(stats.subsetSize, 406);
  assert.equal(stats.resolution, 128);
  assert.equal(stats.resolution0, 32);
  assert.equal(stats.queries, stats.evaluations);
  assert.equal(
    stats.roundPoints.reduce((s, v) => s + v, 0),
    stats.evaluations,
  );
  assert.equal(stats.roundPoints[0], 33 ** 3);
  assert.equal(stats.faces, r.faces);
  assert.equal(stats.touchesBox, false);
  assert.deepEqual(stats.warnings, []);
  // MISE evaluates far fewer points than the dense 129³ grid.
  assert.ok(stats.evaluations < 0.25 * 129 ** 3, `${stats.evaluations} evaluations`);
});

test('more points than the model takes: seeded subsets of inputPoints, probabilities averaged', async () => {
  const rng = new Random(3);
  const n = 1000;
  const cloud = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) {
    const x = rng.normal(),
      y = rng.normal(),
      z = rng.normal(),
      l = Math.hypot(x, y, z),
      r = rng.uniform(3, 4.5);
    cloud.set([5 + (r * x) / l, (r * y) / l, -2 + (r * z) / l], 3 * i);
  }
  // Stand-in: a sphere about the origin of the normalised frame whose radius is an arbitrary
  // (but deterministic) function of the subset, so that the average differs from every part.
  const w = 0.05;
  const radiusOf = (input: Float32Array): number => 0.2 + 0.2 * ((Math.abs(input[0]) * 1e4) % 1);
  const seen: Float32Array[] = [];
  const model: OccupancyModel = {
    threshold: 0.5,
    config: { inputPoints: 300 },
    predict(input, queries) {
      if (!seen.some((s) => s === input)) seen.push(input);
      const r = radiusOf(input);
      const out = new Float32Array(queries.length / 3);
      for (let j = 0; j < out.length; j++) out[j] = sigmoid((r - Math.hypot(queries[3 * j], queries[3 * j + 1], queries[3 * j + 2])) / w);
      return out;
    },
  };
  const phases: string[] = [];
  const { mesh, stats } = await reconstruct(cloud, model, {
    seed: 7,
    onProgress: (p: ReconstructProgress) => {
      if (phases.at(-1) !== p.phase) phases.push(p.phase);
    },
  });
  // Taubin smoothing (10 iterations) is on by default
  assert.deepEqual(phases, ['normalize', 'mise', 'marching-cubes', 'smooth']);
  // ⌈1000 / 300⌉ = 4 subsets of 300 distinct points; together they use every point.
  assert.equal(seen.length, 4);
  assert.equal(stats.subsets, 4);
  assert.equal(stats.usedPoints, 1000);
  assert.equal(stats.queries, 4 * stats.evaluations);
  const all = new Set<string>();
  for (const s of seen) {
    assert.equal(s.length, 900);
    const keys = new Set<string>();
    for (let i = 0; i < 300; i++) keys.add(`${s[3 * i]},${s[3 * i + 1]},${s[3 * i + 2]}`);
    assert.equal(keys.size, 300);
    for (const k of keys) all.add(k);
  }
  assert.equal(all.size, 1000);
  // The averaged field is a sphere of radius r* with mean_j sigmoid((r_j − r*)/w) = 0.5 (bisection).
  const radii = seen.map(radiusOf);
  let lo = 0,
    hi = 0.55;
  for (let it = 0; it < 100; it++) {
    const m = (lo + hi) / 2;
    const p = radii.reduce((s, r) => s + sigmoid((r - m) / w), 0) / radii.length;
    if (p > 0.5) lo = m;
    else hi = m;
  }
  let side = 0;
  for (let d = 0; d < 3; d++) {
    let mn = Infinity,
      mx = -Infinity;
    for (let i = d; i < cloud.length; i += 3) {
      mn = Math.min(mn, cloud[i]);
      mx = Math.max(mx, cloud[i]);
    }
    side = Math.max(side, mx - mn);
  }
  const exact = (4 / 3) * Math.PI * lo ** 3 * side ** 3;
  const rep = assertClosedManifold(mesh, 'averaged sphere');
  assert.ok(Math.abs(rep.volume - exact) / exact < 0.01, `volume ${rep.volume} vs ${exact} (radii ${radii.map((r) => r.toFixed(3))})`);
  // The subsets' radii are far apart, so the average is not any one part's answer.
  assert.ok(Math.max(...radii) - Math.min(...radii) > 0.05, `radii ${radii}`);

  // Same seed, same subsets and the same mesh; another seed, other subsets.
  const first = seen.slice();
  seen.length = 0;
  const again = await reconstruct(cloud, model, { seed: 7 });
  assert.deepEqual(seen, first);
  assert.deepEqual(again.mesh.positions, mesh.positions);

  seen.length = 0;
  await reconstruct(cloud, model, { seed: 8 });
  assert.notDeepEqual(seen, first);
});

test('fewer points than inputPoints: the whole cloud in one call, with a warning below half', async () => {
  const cloud = ellipsoidCloud(94, [0, 0, 0], [1, 1, 1], 2);
  const model = bboxEllipsoidModel(300);
  const { stats } = await reconstruct(cloud, model, { resolution: 32 });
  assert.equal(stats.subsets, 1);
  assert.equal(stats.subsetSize, 100);
  assert.equal(stats.usedPoints, 100);
  assert.equal(stats.warnings.length, 1);
  assert.match(stats.warnings[0], /only 100 points/);
});

test('bad clouds: too few points, non-finite or coincident coordinates → InputError', async () => {
  const model = bboxEllipsoidModel(300);
  await assert.rejects(
    reconstruct(
      new Float32Array(3 * 15).map((_, i) => i),
      model,
      { source: 'tiny.xyz' },
    ),
    (e: unknown) => e instanceof InputError && e.code === 'too-few-points' && /tiny\.xyz/.test(e.message),
  );
  const nan = ellipsoidCloud(50, [0, 0, 0], [1, 1, 1], 4);
  nan[7] = NaN;
  await assert.rejects(reconstruct(nan, model), (e: unknown) => e instanceof InputError && e.code === 'invalid-coordinates');
  await assert.rejects(
    reconstruct(new Float32Array(60).fill(2), model),
    (e: unknown) => e instanceof InputError && e.code === 'invalid-coordinates',
  );
  await assert.rejects(reconstruct(ellipsoidCloud(50, [0, 0, 0], [1, 1, 1], 4), model, { resolution: 130 }), RangeError);
  await assert.rejects(reconstruct(ellipsoidCloud(50, [0, 0, 0], [1, 1, 1], 4), model, { threshold: 1 }), RangeError);
});

test('nothing inside: empty mesh with a warning; everything inside: the box, flagged', async () => {
  const cloud = ellipsoidCloud(50, [0, 0, 0], [1, 1, 1], 5);
  const constant = (p: number): OccupancyModel => ({
    threshold: 0.5,
    config: { inputPoints: 300 },
    predict: (_i, q) => new Float32Array(q.length / 3).fill(p),
  });
  const empty = await reconstruct(cloud, constant(0.1), { resolution: 16 });
  assert.equal(empty.mesh.faces.length, 0);
  assert.equal(empty.stats.watertight, false);
  assert.match(empty.stats.warnings.join(), /no surface/);
  // no voxel straddles: the coarse 5³ grid, then (MiseOptions.seeds) only the voxels holding
  // input points are split, level by level; never the whole 17³ grid
  assert.ok(empty.stats.evaluations > 5 ** 3 && empty.stats.evaluations < 0.5 * 17 ** 3, `${empty.stats.evaluations} evaluations`);
  const full = await reconstruct(cloud, constant(0.9), { resolution: 16 });
  assert.equal(full.stats.touchesBox, true);
  assert.equal(full.stats.watertight, true);
  assert.match(full.stats.warnings.join(), /border of the reconstruction box/);
  // The input spans 2 units, so the box [-0.55, 0.55]³ (unit-cube units) is 2.2 units wide: volume ≈ 2.2³.
  const vol = assertClosedManifold(full.mesh, 'box').volume;
  assert.ok(Math.abs(vol - 2.2 ** 3) / 2.2 ** 3 < 0.05, `${vol}`);
});

test('smoothing and simplification keep the mesh watertight and the volume close', async () => {
  const a = [0.5, 0.5, 0.5];
  const cloud = ellipsoidCloud(300, [0, 0, 0], a, 6);
  const model = bboxEllipsoidModel(400);
  const exact = (4 / 3) * Math.PI * 0.125;
  const plain = await reconstruct(cloud, model, { resolution: 64 });
  const { mesh, stats } = await reconstruct(cloud, model, { resolution: 64, smoothIterations: 5, simplifyFaces: 2000 });
  assert.ok(plain.stats.faces > 2000);
  assert.ok(stats.faces <= 2000 && stats.faces > 1500, `${stats.faces} faces`);
  const r = assertClosedManifold(mesh, 'smoothed + simplified');
  assert.equal(r.components, 1);
  assert.ok(Math.abs(r.volume - exact) / exact < 0.02, `${r.volume} vs ${exact}`);
  assert.ok(stats.seconds.smooth > 0 && stats.seconds.simplify > 0);
});

test('gridSettings: r0 = R / 2^steps, validated', () => {
  assert.deepEqual(gridSettings(), { resolution0: 32, upsamplingSteps: 2, resolution: 128 });
  assert.deepEqual(gridSettings(256), { resolution0: 64, upsamplingSteps: 2, resolution: 256 });
  assert.deepEqual(gridSettings(64, 0), { resolution0: 64, upsamplingSteps: 0, resolution: 64 });
  assert.throws(() => gridSettings(130), RangeError);
  assert.throws(() => gridSettings(4), RangeError);
});

test('smoothing that folds a coarse surface through itself falls back to the unsmoothed mesh, with a warning', async () => {
  // A random tiny model at 16³ (the queue test's clouds): 10 Taubin iterations make 2 of these
  // 20 meshes self-intersect; every result must still be watertight and self-intersection free.
  const dir = await saveTinyModel();
  const threshold = await medianProbability(dir, spherePoints(64, 0.4, 'fibonacci'));
  const model = await loadModel(dir, { workers: 0 });
  try {
    let fellBack = 0;
    for (let i = 0; i < 20; i++) {
      const p = spherePoints(64 + i, 10 + i, 'fibonacci', { centre: [i, -2 * i, 100] });
      const { mesh, stats } = await reconstruct(p, model, { resolution: 16, threshold });
      assert.equal(stats.watertight, true, `cloud ${i}: ${stats.meshChecks.description}`);
      const warned = stats.warnings.some((w) =>
        /^smoothing made \d+ self-intersecting face pairs; the unsmoothed surface was kept$/.test(w),
      );
      if (warned) {
        fellBack++;
        const plain = await reconstruct(p, model, { resolution: 16, threshold, smoothIterations: 0 });
        assert.deepEqual(mesh.positions, plain.mesh.positions, `cloud ${i}: the fallback is the unsmoothed mesh`);
        assert.deepEqual(mesh.faces, plain.mesh.faces);
      }
    }
    assert.ok(fellBack >= 1, 'this case must exercise the fallback');
  } finally {
    await model.close();
  }
});

test('a plate thinner than the coarse MISE spacing is found where the input points lie (MiseOptions.seeds)', async () => {
  // Points on the square |x|, |y| ≤ 0.29 at z = 0 (normalised: z = 0, scale 1/0.58). In the unit
  // cube the model's plate lies at |z − 0.0172| < 0.004: no point of the coarse 32³ grid (spacing
  // 0.034: z = 0 and 0.034 around it) is inside, but the final 128³ layer z = 0.0171875 is.
  const pts: number[] = [];
  for (let x = -0.29; x < 0.295; x += 0.02) for (let y = -0.29; y < 0.295; y += 0.02) pts.push(x, y, 0);
  const plate: OccupancyModel = {
    threshold: 0.5,
    config: { inputPoints: 300 },
    predict: (_i, q) => {
      const out = new Float32Array(q.length / 3);
      for (let j = 0; j < out.length; j++) {
        const inside = Math.abs(q[3 * j]) < 0.3 && Math.abs(q[3 * j + 1]) < 0.3 && Math.abs(q[3 * j + 2] - 0.0172) < 0.004;
        out[j] = inside ? 0.9 : 0.1;
      }
      return out;
    },
  };
  const { mesh, stats } = await reconstruct(new Float32Array(pts), plate, { resolution: 128, fillCavities: false, smoothIterations: 0 });
  assert.ok(stats.faces > 1000, `${stats.faces} faces`);
  assertClosedManifold(mesh, 'plate');
  // every vertex between the inside layer and its outside neighbours, in the unit-cube frame
  const h = 1.1 / 128,
    { center, scale } = stats.transform;
  for (let i = 2; i < mesh.positions.length; i += 3) {
    const z = (mesh.positions[i] - center[2]) * scale;
    assert.ok(Math.abs(z - 0.0171875) < h, `vertex z ${z}`);
  }
});

test("a model's testRotations: each subset read in that many poses, stated in the stats and the progress; --rotations overrides", async () => {
  // Stand-in: a sphere of radius 0.3 about the centroid of the input, in whatever frame the
  // input comes (each pose's own unit cube): every pose sees a ball, so the mesh stays closed.
  const cloud = spherePoints(300, 2, new Random(4));
  const inputs = new Set<Float32Array>();
  const model = (testRotations?: number): OccupancyModel => ({
    threshold: 0.5,
    config: { inputPoints: 300, ...(testRotations ? { testRotations } : {}) } as { inputPoints: number },
    predict(input, queries) {
      inputs.add(input);
      const n = input.length / 3;
      const c = [0, 0, 0];
      for (let i = 0; i < n; i++) for (let a = 0; a < 3; a++) c[a] += input[3 * i + a] / n;
      const out = new Float32Array(queries.length / 3);
      for (let j = 0; j < out.length; j++)
        out[j] = sigmoid((0.3 - Math.hypot(queries[3 * j] - c[0], queries[3 * j + 1] - c[1], queries[3 * j + 2] - c[2])) / 0.05);
      return out;
    },
  });
  let announced = 0;
  const { mesh, stats } = await reconstruct(cloud, model(2), {
    resolution: 32,
    smoothIterations: 0,
    onProgress: (p: ReconstructProgress) => {
      if (p.phase === 'normalize') announced = p.poses;
    },
  });
  assert.equal(inputs.size, 2, 'two distinct input clouds: the cloud in its frame and in one more pose');
  assert.equal(stats.subsets, 1);
  assert.equal(stats.poses, 2);
  assert.equal(announced, 2);
  assert.equal(stats.queries, 2 * stats.evaluations, 'every grid point asked of both poses');
  assertClosedManifold(mesh, 'two-pose ball');
  inputs.clear();
  const one = await reconstruct(cloud, model(2), { resolution: 32, smoothIterations: 0, rotations: 1 });
  assert.equal(inputs.size, 1);
  assert.equal(one.stats.poses, 1);
  assert.equal(one.stats.queries, one.stats.evaluations);
});
