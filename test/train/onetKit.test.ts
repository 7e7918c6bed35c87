import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../src/nn/engine/Engine.ts';
import { compileNnModule } from '../../src/nn/engine/loadWasm.ts';
import { TrainingSampler } from '../../src/data/TrainingSampler.ts';
import { Replica } from '../../src/train/Replica.ts';
import { splitBatch } from '../../src/train/splitBatch.ts';
import { onetKit, ONET_KIT } from '../../src/train/onetKit.ts';
import { PCNN_OCC_KIT } from '../../src/train/pcnnOccKit.ts';
import { methodOfTrainConfig } from '../../src/methods/index.ts';
import { readCheckpoint, writeCheckpoint } from '../../src/train/Checkpoint.ts';
import { BUFFER_MOMENTUM } from '../../src/train/TrainableModel.ts';
import { loadOnetModel } from '../../src/nn/serve/onetModelIo.ts';
import type { OnetConfig } from '../../src/nn/models/onet/OnetConfig.ts';
import { SphereDataset } from './sphereDataset.ts';
import { onet64Items, itemMeanCeSum64 } from '../nn/models/onet/_onet64.ts';
import { fdGradient, relErr } from '../nn/_fd.ts';

const config = onetKit.validate({ encoderHidden: 4, cDim: 3, decoderHidden: 4, blocks: 2, inputPoints: 16 }) as OnetConfig;
const module = await compileNnModule();
const P = 16,
  Q = 24;

function sampler(n: number) {
  return new TrainingSampler(new SphereDataset({ train: 6, val: 0, test: 0 }), { inputPoints: P, queries: Q, batchSize: n, seed: 5 });
}

test("ONet replicas (forwardItems): loss sum and gradient of each block = float64 batch-level reference; running stats = m·init + (1−m)·items-weighted mean of the blocks' statistics; replicas stay bit-identical", async () => {
  const reps = [0, 1].map(() => new Replica(Engine.fromModule(module), onetKit, config, 4, 0.2));
  const r0 = reps[0];
  assert.equal(r0.size, r0.model.parameterCount + r0.model.buffers.reduce((a, b) => a + b.size, 0));
  assert.equal(r0.bufferOffsets[0], r0.model.parameterCount);
  const init = r0.state();
  const s = sampler(3);
  const batch = await s.nextBatch();
  const parts = splitBatch(batch, 2); // 1 + 2 items
  assert.deepEqual(
    parts.map((p) => p.count),
    [1, 2],
  );
  const stepStats = reps.map((r, i) => r.computeGradients(parts[i]));
  const slots = reps.map((r) => r.gradient());

  // The float64 definition with the initial parameters, block by block (batch norm over the block).
  const names = init.names;
  const p64 = Object.fromEntries(names.map((n, i) => [n, Float64Array.from(init.params[i])]));
  const items = (part: (typeof parts)[number], a: Float32Array, n: number) =>
    Array.from({ length: part.count }, (_, b) => a.subarray(b * n * 3, (b + 1) * n * 3));
  const refs = parts.map((part) => onet64Items(config, p64, items(part, part.inputs, P), items(part, part.queryPoints, Q)));
  for (let k = 0; k < 2; k++) {
    const want = itemMeanCeSum64(refs[k].logits, parts[k].occupancies, Q);
    assert.ok(
      Math.abs(stepStats[k].lossSum - want) < 1e-5 * Math.max(1, want),
      `block ${k} loss sum ${stepStats[k].lossSum}, want ${want}`,
    );
    assert.equal(stepStats[k].items, parts[k].count);
    assert.equal(stepStats[k].queries, parts[k].count * Q);
  }
  // replica 1's gradient (2 items) against finite differences of Σ item mean CE of its block
  const ins = names.map((n) => p64[n]);
  const part1 = parts[1];
  const f = (x: Float64Array[]) => [
    itemMeanCeSum64(
      onet64Items(
        config,
        Object.fromEntries(names.map((n, i) => [n, x[i]])),
        items(part1, part1.inputs, P),
        items(part1, part1.queryPoints, Q),
      ).logits,
      part1.occupancies,
      Q,
    ),
  ];
  for (let i = 0; i < names.length; i++) {
    const fd = fdGradient(f, ins, i, [1]);
    const got = slots[1].subarray(r0.offsets[i], r0.offsets[i] + fd.length);
    assert.ok(relErr(got, fd, 1e-2) < 2e-4, `gradient of ${names[i]}: ${relErr(got, fd, 1e-2)}`);
  }

  for (const r of reps) r.applySummed(slots, 1 / batch.size, 1e-3);
  const m = BUFFER_MOMENTUM;
  assert.equal(m, 0.9);
  for (const buf of r0.model.buffers) {
    const [, name, kind] = /^(.*)\.(runningMean|runningVar)$/.exec(buf.name)!;
    const start = kind === 'runningMean' ? 0 : 1;
    for (let j = 0; j < buf.size; j++) {
      // items-weighted mean of the two blocks' statistics (1 and 2 items)
      const st = (k: number) => (kind === 'runningMean' ? refs[k].stats.get(name)!.mean : refs[k].stats.get(name)!.var)[j];
      const want = m * start + ((1 - m) * (1 * st(0) + 2 * st(1))) / 3;
      assert.ok(Math.abs(buf.data[j] - want) <= 1e-5 * Math.max(1, Math.abs(want)), `${buf.name}[${j}] = ${buf.data[j]}, want ${want}`);
    }
  }

  // more steps; the replicas must agree bit for bit, buffers included
  for (let step = 0; step < 2; step++) {
    const bt = await s.nextBatch();
    const ps = splitBatch(bt, 2);
    const sl = reps.map((r, i) => {
      r.computeGradients(ps[i]);
      return r.gradient();
    });
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
      for (const r of reps) {
        r.computeGradients(splitBatch(batch, 1)[0]);
        r.applySummed([r.gradient()], 1 / batch.size, 1e-3);
      }
    };
    await step([a], await s.nextBatch());
    const dir = join(root, 'checkpoint');
    const base = { step: 1, sampler: s.state(), elapsedSeconds: 1, logBytes: 0, best: null, workers: 1 };
    await writeCheckpoint(dir, base, a.state(), async (d) => {
      await onetKit.save(d, a.model, config);
    });
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

test('methodOfTrainConfig (registry) picks the kit by the model method (pcnn-occ by default)', async () => {
  assert.equal((await methodOfTrainConfig({ model: { method: 'onet' }, train: {} }).trainKit()).ref, ONET_KIT);
  assert.equal((await methodOfTrainConfig({ method: 'onet', train: {} }).trainKit()).ref, ONET_KIT);
  assert.equal((await methodOfTrainConfig({ model: { widths: [1, 1, 1, 1, 1, 1, 1] } }).trainKit()).ref, PCNN_OCC_KIT);
  assert.equal((await methodOfTrainConfig(undefined).trainKit()).ref, PCNN_OCC_KIT);
  assert.equal((await methodOfTrainConfig({ model: { method: 'pcnn-occ' } }).trainKit()).ref, PCNN_OCC_KIT);
  assert.throws(
    () => methodOfTrainConfig({ model: { method: 'psr' } }, 'x.json'),
    (e: Error) => e.name === 'UsageError' && /x\.json/.test(e.message),
  );
});
