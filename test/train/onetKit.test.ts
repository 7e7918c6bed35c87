import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../src/nn/Engine.ts';
import { compileNnModule } from '../../src/nn/loadWasm.ts';
import { TrainingSampler } from '../../src/data/TrainingSampler.ts';
import { Replica } from '../../src/train/Replica.ts';
import { splitBatch } from '../../src/train/splitBatch.ts';
import { onetKit, ONET_KIT } from '../../src/train/onetKit.ts';
import { PCNN_OCC_KIT } from '../../src/train/pcnnOccKit.ts';
import { modelKitFor } from '../../src/train/modelKitFor.ts';
import { readCheckpoint, writeCheckpoint } from '../../src/train/Checkpoint.ts';
import { BUFFER_MOMENTUM } from '../../src/train/TrainableModel.ts';
import { loadOnetModel } from '../../src/nn/onet/onetModelIo.ts';
import type { OnetConfig } from '../../src/nn/onet/OnetConfig.ts';
import { SphereDataset } from './sphereDataset.ts';
import { onet64 } from '../nn/onet/_onet64.ts';

const config = onetKit.validate({ encoderHidden: 4, cDim: 3, decoderHidden: 4, blocks: 2, inputPoints: 16 }) as OnetConfig;
const module = await compileNnModule();
const P = 16, Q = 24;

function sampler(n: number) {
  return new TrainingSampler(new SphereDataset({ train: 6, val: 0, test: 0 }), { inputPoints: P, queries: Q, batchSize: n, seed: 5 });
}

test('ONet replicas: the flat exchange carries the batch statistics; replicas stay bit-identical; running stats = m·init + (1−m)·mean of per-item stats', async () => {
  const reps = [0, 1].map(() => new Replica(Engine.fromModule(module), onetKit, config, 4, 0.2));
  const r0 = reps[0];
  assert.equal(r0.size, r0.model.parameterCount + r0.model.buffers.reduce((a, b) => a + b.size, 0));
  assert.equal(r0.bufferOffsets[0], r0.model.parameterCount);
  const init = r0.state();
  const s = sampler(3);
  const batch = await s.nextBatch();
  const parts = splitBatch(batch, 2); // 2 + 1 items
  const slots = reps.map((r, i) => { r.computeGradients(parts[i]); return r.gradient(); });
  for (const r of reps) r.applySummed(slots, 1 / batch.size, 1e-3);

  // Expected buffers from the float64 definition with the initial parameters, item by item.
  const p64 = Object.fromEntries(init.names.map((n, i) => [n, Float64Array.from(init.params[i])]));
  const sums = new Map<string, { mean: Float64Array; var: Float64Array }>();
  for (let b = 0; b < batch.size; b++) {
    const ref = onet64(config, p64, batch.inputs.subarray(b * P * 3, (b + 1) * P * 3), batch.queryPoints.subarray(b * Q * 3, (b + 1) * Q * 3));
    for (const [name, st] of ref.stats) {
      const acc = sums.get(name) ?? { mean: new Float64Array(st.mean.length), var: new Float64Array(st.var.length) };
      st.mean.forEach((v, j) => { acc.mean[j] += v; });
      st.var.forEach((v, j) => { acc.var[j] += v; });
      sums.set(name, acc);
    }
  }
  assert.equal(sums.size, 5);
  const m = BUFFER_MOMENTUM;
  assert.equal(m, 0.9);
  for (const buf of r0.model.buffers) {
    const [, name, kind] = /^(.*)\.(runningMean|runningVar)$/.exec(buf.name)!;
    const sum = kind === 'runningMean' ? sums.get(name)!.mean : sums.get(name)!.var;
    const start = kind === 'runningMean' ? 0 : 1;
    for (let j = 0; j < buf.size; j++) {
      const want = m * start + (1 - m) * sum[j] / batch.size;
      assert.ok(Math.abs(buf.data[j] - want) <= 1e-5 * Math.max(1, Math.abs(want)), `${buf.name}[${j}] = ${buf.data[j]}, want ${want}`);
    }
  }

  // more steps; the replicas must agree bit for bit, buffers included
  for (let step = 0; step < 2; step++) {
    const bt = await s.nextBatch();
    const ps = splitBatch(bt, 2);
    const sl = reps.map((r, i) => { r.computeGradients(ps[i]); return r.gradient(); });
    for (const r of reps) r.applySummed(sl, 1 / bt.size, 1e-3);
  }
  const [a, b] = reps.map((r) => r.state());
  assert.deepEqual(b, a);
  assert.equal(a.adam.step, 3);
  assert.ok(a.buffers && a.buffers.data.length === 10);
  assert.notDeepEqual(a.buffers.data[0], init.buffers!.data[0]);
});

test('ONet checkpoint round trip keeps the buffers; the resumed replica continues bit-identically', async () => {
  const root = mkdtempSync(join(tmpdir(), 'pointocc-onet-ckpt-'));
  try {
    const a = new Replica(Engine.fromModule(module), onetKit, config, 7, 0.2);
    const s = sampler(2);
    const step = async (reps: Replica[], batch: Awaited<ReturnType<typeof s.nextBatch>>) => {
      for (const r of reps) { r.computeGradients(splitBatch(batch, 1)[0]); r.applySummed([r.gradient()], 1 / batch.size, 1e-3); }
    };
    await step([a], await s.nextBatch());
    const dir = join(root, 'checkpoint');
    const base = { step: 1, sampler: s.state(), elapsedSeconds: 1, logBytes: 0, best: null, workers: 1 };
    await writeCheckpoint(dir, base, a.state(), async (d) => { await onetKit.save(d, a.model, config); });
    const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'));
    assert.equal(state.buffers.length, 10);
    assert.equal(state.buffers[0].name, 'decoder.block_0.bn_0.runningMean');
    const c = readCheckpoint(dir);
    const b = new Replica(Engine.fromModule(module), onetKit, config, 99, 0.2);
    b.loadState(c.replica);
    assert.deepEqual(b.state(), a.state());
    // the model folder inside the checkpoint holds the same buffers
    const saved = loadOnetModel(Engine.fromModule(module), join(dir, 'model'));
    saved.buffers.forEach((t, i) => assert.deepEqual(t.data, a.model.buffers[i].data));
    const next = await s.nextBatch();
    await step([a, b], next);
    assert.deepEqual(b.state(), a.state());
    // a state without buffers does not fit a model with buffers
    assert.throws(() => b.loadState({ names: c.replica.names, params: c.replica.params, adam: c.replica.adam }), /buffers/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('modelKitFor picks the kit by the model method (pcnn-occ by default)', () => {
  assert.equal(modelKitFor({ model: { method: 'onet' }, train: {} }).ref, ONET_KIT);
  assert.equal(modelKitFor({ method: 'onet', train: {} }).ref, ONET_KIT);
  assert.equal(modelKitFor({ model: { widths: [1, 1, 1, 1, 1, 1, 1] } }).ref, PCNN_OCC_KIT);
  assert.equal(modelKitFor(undefined).ref, PCNN_OCC_KIT);
  assert.equal(modelKitFor({ model: { method: 'pcnn-occ' } }).ref, PCNN_OCC_KIT);
  assert.throws(() => modelKitFor({ model: { method: 'psr' } }, 'x.json'), (e: Error) => e.name === 'UsageError' && /x\.json/.test(e.message));
});
