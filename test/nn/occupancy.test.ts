import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../src/nn/Engine.ts';
import { Tape } from '../../src/nn/Tape.ts';
import { Random } from '../../src/geometry/Random.ts';
import { PcnnOcc } from '../../src/nn/PcnnOcc.ts';
import { defaultPcnnOccConfig } from '../../src/nn/PcnnOccConfig.ts';
import { saveModel } from '../../src/nn/modelIo.ts';
import { sigmoid } from '../../src/nn/softmaxCrossEntropy.ts';
import { OccupancyPredictor, createEvaluator } from '../../src/nn/occupancy.ts';

const cfg = { ...defaultPcnnOccConfig(), inputPoints: 80, levelSizes: [64, 32, 8], widths: [6, 8, 8, 8, 8, 8, 6], hidden: 12, threshold: 0.4 };

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
    assert.deepEqual(local.config.widths, cfg.widths);
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
    joined.set(a, 0); joined.set(b, 3000);
    assert.ok(maxDiff(joined, truth) < 2e-5);
    assert.equal((await evaluate(new Float32Array(0))).length, 0);
    await pool.close();
    await assert.rejects(pool.predict(cloud, queries), /closed/);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
