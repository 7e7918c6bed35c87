import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/nn/engine/Engine.ts';
import { Tape } from '../../../src/nn/engine/Tape.ts';
import { Random } from '../../../src/geometry/Random.ts';
import { PcnnOcc } from '../../../src/nn/models/pcnnOcc/PcnnOcc.ts';
import { defaultPcnnOccConfig, DEFAULT_DENSITY } from '../../../src/nn/models/pcnnOcc/PcnnOccConfig.ts';
import { loadWeightsInto, saveModel } from '../../../src/nn/serve/modelIo.ts';
import { sigmoid } from '../../../src/nn/ops/softmaxCrossEntropy.ts';
import { OccupancyPredictor, createEvaluator } from '../../../src/nn/serve/occupancy.ts';
import { OnetOcc } from '../../../src/nn/models/onet/OnetOcc.ts';
import { validateOnetConfig } from '../../../src/nn/models/onet/OnetConfig.ts';
import { saveOnetModel } from '../../../src/nn/serve/onetModelIo.ts';
import { probability } from '../../../src/nn/ops/softmaxCrossEntropy.ts';
import { onet64 } from '../models/onet/_onet64.ts';

const cfg = {
  ...defaultPcnnOccConfig(),
  inputPoints: 80,
  levelSizes: [64, 32, 8],
  widths: [6, 8, 8, 8, 8, 8, 6],
  hidden: 12,
  threshold: 0.4,
};

async function fixture() {
  const dir = mkdtempSync(join(tmpdir(), 'pointocc-occ-'));
  const e = await Engine.create();
  const model = new PcnnOcc(e, cfg);
  model.initialize(new Random(3));
  model.fc2b.data.set([0.1, -0.2]);
  saveModel(dir, model);
  const rng = new Random(4);
  const cloud = Float32Array.from({ length: 3 * 80 }, () => rng.uniform(-0.4, 0.4));
  const queries = Float32Array.from({ length: 3 * 5000 }, () => rng.uniform(-0.55, 0.55));
  // independent truth: the training forward of the same weights, P = σ(z1 − z0)
  const m = e.mark();
  const z = model.forward(new Tape(e, false), model.prepare(cloud, queries)).toArray();
  e.release(m);
  const truth = new Float32Array(5000).map((_, q) => sigmoid(z[2 * q + 1] - z[2 * q]));
  return { dir, cloud, queries, truth };
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

test('predictor in-thread (workers: 0) and with 2 workers gives P(inside) of the model', async () => {
  const { dir, cloud, queries, truth } = await fixture();
  try {
    const local = await OccupancyPredictor.create(dir, { workers: 0 });
    assert.equal(local.threshold, 0.4);
    assert.equal(local.config.method, 'pcnn-occ');
    assert.deepEqual((local.config as typeof cfg).widths, cfg.widths);
    const p0 = await local.predict(cloud, queries);
    assert.ok(maxDiff(p0, truth) < 2e-5);
    await local.close();
    const pool = await OccupancyPredictor.create(dir, { workers: 2, minQueriesPerWorker: 1000 });
    assert.equal(pool.workers, 2);
    const p1 = await pool.predict(cloud, queries);
    assert.ok(maxDiff(p1, truth) < 2e-5);
    // an evaluator reuses the prepared cloud across batches, also when interleaved with another cloud
    const evaluate = createEvaluator(pool, cloud);
    const other = cloud.map((v) => v * 0.9);
    const [a, , b] = await Promise.all([
      evaluate(queries.subarray(0, 3 * 3000)),
      pool.predict(other, queries.subarray(0, 30)),
      evaluate(queries.subarray(3 * 3000)),
    ]);
    const joined = new Float32Array(5000);
    joined.set(a, 0);
    joined.set(b, 3000);
    assert.ok(maxDiff(joined, truth) < 2e-5);
    assert.equal((await evaluate(new Float32Array(0))).length, 0);
    // a chunk that fails in a worker rejects its prediction; the queue keeps serving later ones
    const bad = Float32Array.from(queries);
    bad[3 * 4321 + 1] = Number.NaN;
    await assert.rejects(pool.predict(cloud, bad), /finite/);
    assert.ok(maxDiff(await pool.predict(cloud, queries), truth) < 2e-5);
    await pool.close();
    await assert.rejects(pool.predict(cloud, queries), /closed/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an ONet model folder: predictor in-thread and with 2 workers gives the P(inside) of OnetOcc.evaluate and of the float64 ONet with the running statistics', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pointocc-occ-onet-'));
  try {
    const ocfg = validateOnetConfig({ encoderHidden: 6, cDim: 4, decoderHidden: 5, blocks: 2, inputPoints: 40, threshold: 0.3 });
    const model = new OnetOcc(await Engine.create(), ocfg);
    const rng = new Random(11);
    // Every weight random, N(0, 1.4²/fan_in), biases N(0, 0.1²) (ONet's zero inits would hide the
    // code c and the residual branches; this scale keeps P(inside) spread, not saturated);
    // running statistics away from their initial 0 / 1.
    for (const t of model.params)
      for (let i = 0; i < t.size; i++) t.data[i] = (t.shape.length === 2 ? 1.4 / Math.sqrt(t.shape[0]) : 0.1) * rng.normal();
    for (const t of model.buffers)
      for (let i = 0; i < t.size; i++) t.data[i] = t.name.endsWith('runningVar') ? rng.uniform(0.3, 2) : 0.3 * rng.normal();
    saveOnetModel(dir, model);
    const cloud = Float32Array.from({ length: 3 * 40 }, () => rng.uniform(-0.4, 0.4));
    const queries = Float32Array.from({ length: 3 * 5000 }, () => rng.uniform(-0.55, 0.55));
    const direct = probability(model.evaluate(model.prepareCloud(cloud), queries));
    // independent truth: float64 equations, batch norm with the stored running statistics
    const p64 = Object.fromEntries(model.params.map((t) => [t.name, Float64Array.from(t.data)]));
    const running = new Map<string, { mean: Float32Array; var: Float32Array }>();
    for (const t of model.buffers) {
      const [, name, kind] = /^(.*)\.(runningMean|runningVar)$/.exec(t.name)!;
      const r = running.get(name) ?? { mean: new Float32Array(0), var: new Float32Array(0) };
      if (kind === 'runningMean') r.mean = t.data;
      else r.var = t.data;
      running.set(name, r);
    }
    const z = onet64(ocfg, p64, cloud, queries, running).logits;
    const truth = new Float32Array(5000).map((_, q) => sigmoid(z[2 * q + 1] - z[2 * q]));
    assert.ok(maxDiff(direct, truth) < 1e-4, `OnetOcc vs float64: ${maxDiff(direct, truth)}`);
    const sorted = Array.from(truth).sort((a, b) => a - b);
    assert.ok(sorted[4950] - sorted[50] > 0.2, `P(inside) varies over the queries (1–99 %: ${sorted[50]}…${sorted[4950]})`);

    const local = await OccupancyPredictor.create(dir, { workers: 0 });
    assert.equal(local.config.method, 'onet');
    assert.equal(local.threshold, 0.3);
    assert.equal(local.config.inputPoints, 40);
    assert.ok(maxDiff(await local.predict(cloud, queries), direct) < 1e-6);
    await local.close();
    const pool = await OccupancyPredictor.create(dir, { workers: 2, minQueriesPerWorker: 1000 });
    try {
      const p1 = await pool.predict(cloud, queries);
      assert.ok(maxDiff(p1, direct) < 1e-6);
      // batches of one prepared cloud, interleaved with another cloud
      const evaluate = createEvaluator(pool, cloud);
      const [a, , b] = await Promise.all([
        evaluate(queries.subarray(0, 3 * 3000)),
        pool.predict(
          cloud.map((v) => v * 0.9),
          queries.subarray(0, 30),
        ),
        evaluate(queries.subarray(3 * 3000)),
      ]);
      const joined = new Float32Array(5000);
      joined.set(a, 0);
      joined.set(b, 3000);
      assert.ok(maxDiff(joined, direct) < 1e-6);
    } finally {
      await pool.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('predictor: a folder without a model, or with an unknown method, is a one-line UsageError', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pointocc-occ-bad-'));
  try {
    await assert.rejects(
      OccupancyPredictor.create(dir, { workers: 0 }),
      (e: Error) => e.name === 'UsageError' && /not a model directory/.test(e.message),
    );
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ method: 'psr' }));
    writeFileSync(join(dir, 'weights.safetensors'), '');
    await assert.rejects(
      OccupancyPredictor.create(dir, { workers: 0 }),
      (e: Error) => e.name === 'UsageError' && /method must be one of "pcnn-occ", "onet", got "psr"/.test(e.message),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('predictor sigmaPoints override: P(inside) of the model with that density.sigmaPoints; null removes it; checked like the config field', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pointocc-occ-sigma-'));
  try {
    const plain = { ...cfg, density: { ...DEFAULT_DENSITY, maxPoints: 400 } };
    const e = await Engine.create();
    const model = new PcnnOcc(e, plain);
    model.initialize(new Random(5));
    saveModel(dir, model);
    const rng = new Random(6);
    const cloud = Float32Array.from({ length: 3 * 300 }, () => rng.uniform(-0.4, 0.4));
    const queries = Float32Array.from({ length: 3 * 400 }, () => rng.uniform(-0.55, 0.55));
    // independent truth: the training forward of a model built with sigmaPoints 100 in its config
    const capped = new PcnnOcc(e, { ...plain, density: { ...plain.density, sigmaPoints: 100 } });
    const bytes = readFileSync(join(dir, 'weights.safetensors'));
    loadWeightsInto(capped, new Uint8Array(bytes), 'weights');
    const m = e.mark();
    const z = capped.forward(new Tape(e, false), capped.prepare(cloud, queries)).toArray();
    e.release(m);
    const truth = new Float32Array(400).map((_, q) => sigmoid(z[2 * q + 1] - z[2 * q]));
    const p = await OccupancyPredictor.create(dir, { workers: 0, sigmaPoints: 100 });
    assert.equal((p.config as typeof plain & { density: { sigmaPoints?: number } }).density.sigmaPoints, 100);
    const got = await p.predict(p.input(cloud), queries);
    assert.ok(maxDiff(got, truth) < 1e-5, `max diff ${maxDiff(got, truth)}`);
    await p.close();
    // the stored model (no sigmaPoints) gives other values for a 300-point cloud (σ from 300)
    const own = await OccupancyPredictor.create(dir, { workers: 0, sigmaPoints: null });
    assert.ok(!('sigmaPoints' in (own.config as typeof plain).density));
    assert.ok(maxDiff(await own.predict(own.input(cloud), queries), truth) > 1e-3);
    await own.close();
    await assert.rejects(
      OccupancyPredictor.create(dir, { workers: 0, sigmaPoints: 401 }),
      (err: Error) => err.name === 'UsageError' && /density\.sigmaPoints must be an integer in \[80, 400\]/.test(err.message),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('predictor sigmaPoints override needs a density model', async () => {
  const { dir } = await fixture();
  try {
    await assert.rejects(
      OccupancyPredictor.create(dir, { workers: 0, sigmaPoints: 100 }),
      (e: Error) => e.name === 'UsageError' && /sigmaPoints needs a pcnn-occ model with density levels/.test(e.message),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
