import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareCloudOccupancy } from '../../src/recon/cloudOccupancy.ts';
import { pointsPerPass, testRotationsOf, trainedRange } from '../../src/recon/inputSubsets.ts';
import { averageOccupancy, type OccupancyModel } from '../../src/recon/OccupancyModel.ts';
import { applyNormalization, computeNormalization } from '../../src/geometry/normalize.ts';
import { Random } from '../../src/geometry/Random.ts';
import { Engine } from '../../src/nn/engine/Engine.ts';
import { PcnnOcc } from '../../src/nn/models/pcnnOcc/PcnnOcc.ts';
import { cpuPcnnOccConfig } from '../../src/nn/models/pcnnOcc/PcnnOccConfig.ts';
import { saveModel } from '../../src/nn/serve/modelIo.ts';
import { OccupancyPredictor } from '../../src/nn/serve/occupancy.ts';
import { spherePoints } from '../helpers/sphere.ts';

/** A stand-in model with the given config; the binder records every subset it is handed. */
function standIn(config: Record<string, unknown>): {
  model: OccupancyModel;
  bound: Float32Array[];
  bind: (s: Float32Array) => (q: Float32Array) => Float32Array;
} {
  const bound: Float32Array[] = [];
  const model = {
    threshold: 0.5,
    config: config as { inputPoints: number },
    predict: (_i: Float32Array, q: Float32Array) => new Float32Array(q.length / 3),
  };
  return {
    model,
    bound,
    bind: (s) => {
      bound.push(s);
      return (q) => new Float32Array(q.length / 3);
    },
  };
}

const cloud = (n: number, seed = 1): Float32Array => spherePoints(n, 3, new Random(seed), { centre: [10, -2, 5] }); // any units: normalised first

test('density model: a cloud of N ≤ maxPoints goes in whole, in one pass; above, in overlapping tiles of ≤ maxPoints (every point used), not random subsets', () => {
  const cfg = { inputPoints: 300, density: { maxPoints: 2000 }, trainPoints: [300, 3000] as [number, number] };
  for (const n of [16, 300, 1999, 2000]) {
    const s = standIn(cfg);
    const p = prepareCloudOccupancy(cloud(n), s.model, { bind: s.bind });
    assert.equal(s.bound.length, 1, `N = ${n}: one pass`);
    assert.equal(p.usedPoints, n);
    // the pass holds every point, in the unit-cube frame
    const t = computeNormalization(cloud(n));
    assert.deepEqual(s.bound[0], applyNormalization(cloud(n), t));
  }
  // Above maxPoints, by default: min(4, ⌈5000/2000⌉) = 3 random subsets of maxPoints, averaged.
  const r = standIn(cfg);
  const q = prepareCloudOccupancy(cloud(5000), r.model, { bind: r.bind });
  assert.equal(q.tiles, undefined);
  assert.deepEqual(
    q.subsets.map((x) => x.length / 3),
    [2000, 2000, 2000],
  );
  assert.equal(r.bound.length, 3);
  // With tiles: overlapping spatial tiles, bound when evaluated.
  const s = standIn(cfg);
  const p = prepareCloudOccupancy(cloud(5000), s.model, { bind: s.bind, tiles: true });
  assert.equal(s.bound.length, 0, 'tiles are bound when evaluated, not here');
  assert.equal(p.subsets.length, 0);
  assert.ok(p.tiles && p.tiles.tiles.length > 2);
  assert.ok(p.tiles.tiles.every((t) => t.input.length / 3 <= 2000));
  assert.equal(p.tiles.global.length / 3, 2000, 'far-field input: min(maxPoints, trained max) points');
  assert.equal(p.usedPoints, 5000);
  assert.equal(p.parts.length, 1, 'one blended occupancy function');
  assert.equal(pointsPerPass(cfg), 2000);
  assert.deepEqual(trainedRange(cfg), [300, 3000]);
});

test('fixed-level (legacy) model: subsets of inputPoints as before; warnings name the trained size or range', () => {
  const legacy = standIn({ inputPoints: 300 });
  prepareCloudOccupancy(cloud(1000), legacy.model, { bind: legacy.bind });
  assert.deepEqual(
    legacy.bound.map((b) => b.length / 3),
    [300, 300, 300, 300],
  );
  const few = standIn({ inputPoints: 300 });
  assert.deepEqual(prepareCloudOccupancy(cloud(100), few.model, { bind: few.bind }).warnings, [
    'only 100 points, the model was trained on 300: expect a coarser, less reliable surface',
  ]);
  const dens = standIn({ inputPoints: 300, density: { maxPoints: 10000 }, trainPoints: [300, 3000] });
  assert.deepEqual(prepareCloudOccupancy(cloud(100), dens.model, { bind: dens.bind }).warnings, [
    'only 100 points, the model was trained on 300–3000: expect a coarser, less reliable surface',
  ]);
  assert.deepEqual(prepareCloudOccupancy(cloud(160), dens.model, { bind: dens.bind }).warnings, [], '≥ half the smallest trained size');
});

test("a real density pcnn-occ model: the prepared cloud's occupancy is the network on all N points (N ≤ maxPoints), not on a subset", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pointocc-cloudocc-'));
  try {
    const model = new PcnnOcc(await Engine.create(), {
      ...cpuPcnnOccConfig(),
      widths: [4, 6, 8, 8, 8, 6, 4],
      hidden: 8,
      density: { fractions: [256 / 300, 128 / 300, 16 / 300], floors: [16, 16, 8], caps: [1 << 20, 1024, 32], maxPoints: 1500 },
    });
    model.initialize(new Random(2));
    saveModel(dir, model);
    const predictor = await OccupancyPredictor.create(dir, { workers: 0 });
    try {
      const raw = cloud(1200, 3);
      const p = prepareCloudOccupancy(raw, predictor);
      assert.equal(p.subsets.length, 1);
      assert.equal(p.subsets[0].length, 3 * 1200);
      const qr = new Random(4),
        q = new Float32Array(3 * 200).map(() => qr.uniform(-0.5, 0.5));
      const got = await p.parts[0](q);
      const whole = await predictor.predict(applyNormalization(raw, p.transform), q);
      assert.deepEqual(got, whole);
      // and it differs from the network on a 300-point subset (what a fixed-level model would get)
      const sub = await predictor.predict(applyNormalization(raw, p.transform).slice(0, 900), q);
      assert.notDeepEqual(got, sub);
    } finally {
      await predictor.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('rotations: K poses per subset, each query taken into its pose frame (a pose-equivariant model gives K equal answers)', async () => {
  // The stand-in "model": 1 when the query is within 0.3·s of its nearest input point, s the
  // input's RMS distance from its centroid. It commutes with rotations, translations and uniform
  // scaling, so all poses answer alike only if each query follows the input into its pose's frame;
  // the cloud is an elongated ellipsoid, so a query left in the wrong frame lands elsewhere.
  const ratio = (input: Float32Array, q: Float32Array, j: number): number => {
    const n = input.length / 3;
    const c = [0, 0, 0];
    for (let i = 0; i < n; i++) for (let a = 0; a < 3; a++) c[a] += input[3 * i + a] / n;
    let s2 = 0;
    for (let i = 0; i < n; i++) s2 += ((input[3 * i] - c[0]) ** 2 + (input[3 * i + 1] - c[1]) ** 2 + (input[3 * i + 2] - c[2]) ** 2) / n;
    let d = Infinity;
    for (let i = 0; i < n; i++)
      d = Math.min(d, Math.hypot(q[3 * j] - input[3 * i], q[3 * j + 1] - input[3 * i + 1], q[3 * j + 2] - input[3 * i + 2]));
    return d / (0.3 * Math.sqrt(s2));
  };
  const model: OccupancyModel = {
    threshold: 0.5,
    config: { inputPoints: 300 },
    predict: (input, q) => Float32Array.from({ length: q.length / 3 }, (_, j) => (ratio(input, q, j) < 1 ? 1 : 0)),
  };
  const cloud = spherePoints(300, 0.4, new Random(3)).map((v, i) => v * [1, 0.5, 0.25][i % 3]);
  const p = prepareCloudOccupancy(cloud, model, { rotations: 4, seed: 1 });
  assert.equal(p.subsets.length, 1);
  assert.equal(p.parts.length, 4, 'one pose-free part and 3 rotated ones');
  // Queries along the two longer axes; those within ±25 % of the cut-off are not compared.
  const q = new Float32Array(3 * 40);
  for (let j = 0; j < 20; j++) q[3 * j] = -0.6 + j * 0.06;
  for (let j = 0; j < 20; j++) q[3 * (20 + j) + 1] = -0.3 + j * 0.03;
  const answers = await Promise.all(p.parts.map((f) => f(q)));
  const r0 = Array.from({ length: 40 }, (_, j) => ratio(p.subsets[0], q, j));
  const clear = r0.map((r) => Math.abs(r - 1) > 0.25);
  assert.ok(answers[0].some((v, j) => v === 1 && clear[j]) && answers[0].some((v, j) => v === 0 && clear[j]), 'queries on both sides');
  for (let k = 1; k < 4; k++)
    for (let j = 0; j < 40; j++) if (clear[j]) assert.equal(answers[k][j], answers[0][j], `pose ${k}, query ${j}`);
  assert.throws(() => prepareCloudOccupancy(cloud, model, { rotations: 0 }), /rotations must be an integer in \[1, 64\]/);
});

test("rotations default to the model's testRotations; the K = 2 occupancy is the mean of the two poses' answers", async () => {
  // A stand-in whose answer tells the poses apart: 0.1 for the cloud in its own unit-cube frame
  // (bit for bit the prepared subset), 0.7 for any other (the rotated pose). Hand-computed mean:
  // (0.1 + 0.7) / 2 = 0.4 for every query.
  let own: Float32Array | null = null;
  const same = (a: Float32Array, b: Float32Array): boolean => a.length === b.length && a.every((v, i) => v === b[i]);
  const answer = (input: Float32Array, q: Float32Array): Float32Array =>
    new Float32Array(q.length / 3).fill(own && same(input, own) ? 0.1 : 0.7);
  const model = (testRotations?: number): OccupancyModel => ({
    threshold: 0.5,
    config: { inputPoints: 300, ...(testRotations ? { testRotations } : {}) } as { inputPoints: number },
    predict: answer,
  });
  const c = cloud(300);
  own = applyNormalization(c, computeNormalization(c));
  const q = Float32Array.from({ length: 30 }, (_, i) => ((i * 7) % 11) / 11 - 0.5);
  const two = prepareCloudOccupancy(c, model(2));
  assert.equal(two.parts.length, 2, 'config testRotations 2: two poses without being asked');
  assert.equal(two.poses, 2);
  assert.ok(same(two.subsets[0], own), 'the first pose is the input frame');
  for (const v of await averageOccupancy(two.parts)(q)) assert.ok(Math.abs(v - 0.4) < 1e-6, `mean ${v}`);
  const asked = prepareCloudOccupancy(c, model(2), { rotations: 1 });
  assert.equal(asked.parts.length, 1, 'an explicit rotations: 1 overrides the model default');
  assert.equal(asked.poses, 1);
  for (const v of await averageOccupancy(asked.parts)(q)) assert.ok(Math.abs(v - 0.1) < 1e-6);
  assert.equal(prepareCloudOccupancy(c, model()).parts.length, 1, 'no testRotations: one pose');
  assert.equal(testRotationsOf({ inputPoints: 300 }), 1);
  assert.equal(testRotationsOf({ inputPoints: 300, testRotations: 3 }), 3);
});

test('several subsets cycle through the poses: part i is subset i mod S in pose i mod K, max(S, K) parts', () => {
  // A fixed-level stand-in (300 points per pass) given 1000 points: S = 4 subsets. With K = 2,
  // parts 0 and 2 are subsets 0 and 2 as they are; parts 1 and 3 are subsets 1 and 3 rotated and
  // renormalised, which keeps every ratio of distances between their points (a rotation and a
  // uniform scale), while no part repeats a (subset, pose) pair.
  const { model, bound, bind } = standIn({ inputPoints: 300, testRotations: 2 });
  const p = prepareCloudOccupancy(cloud(1000), model, { bind });
  assert.equal(p.subsets.length, 4);
  assert.equal(p.poses, 2);
  assert.equal(p.parts.length, 4, 'max(S, K) = 4 parts, not S·K = 8');
  assert.equal(bound.length, 4);
  const same = (a: Float32Array, b: Float32Array): boolean => a.length === b.length && a.every((v, i) => v === b[i]);
  assert.ok(same(bound[0], p.subsets[0]) && same(bound[2], p.subsets[2]), 'even parts: the subsets in their own frame');
  const d = (x: Float32Array, a: number, b: number): number =>
    Math.hypot(x[3 * a] - x[3 * b], x[3 * a + 1] - x[3 * b + 1], x[3 * a + 2] - x[3 * b + 2]);
  for (const j of [1, 3]) {
    const r = bound[j],
      s = p.subsets[j];
    assert.ok(!same(r, s), `part ${j} is not the subset as it is`);
    for (const [a, b, c, e] of [
      [0, 1, 2, 3],
      [10, 200, 55, 299],
      [7, 8, 150, 151],
    ])
      assert.ok(Math.abs(d(r, a, b) / d(r, c, e) - d(s, a, b) / d(s, c, e)) < 1e-4, `part ${j}: distance ratios kept`);
  }
  // More poses than subsets: K = 3 with S = 1 gives 3 parts (one subset in three poses).
  const one = standIn({ inputPoints: 300, testRotations: 3 });
  assert.equal(prepareCloudOccupancy(cloud(300), one.model, { bind: one.bind }).parts.length, 3);
});
