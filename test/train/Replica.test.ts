import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../src/nn/engine/Engine.ts';
import { compileNnModule } from '../../src/nn/engine/loadWasm.ts';
import { TrainingSampler } from '../../src/data/TrainingSampler.ts';
import { Replica } from '../../src/train/Replica.ts';
import { splitBatch } from '../../src/train/splitBatch.ts';
import { tinyKit } from './tinyKit.ts';
import { SphereDataset } from './sphereDataset.ts';

const config = tinyKit.validate({ hidden: 12 });

async function batchOf(n: number) {
  const s = new TrainingSampler(new SphereDataset({ train: n, val: 0, test: 0 }), { inputPoints: 64, queries: 128, batchSize: n, seed: 5 });
  return s.nextBatch();
}

test('split gradients summed equal the whole-batch gradient; the batch-mean gradient matches finite differences', async () => {
  const module = await compileNnModule();
  const batch = await batchOf(5);
  const full = new Replica(Engine.fromModule(module), tinyKit, config, 3, 0.5);
  const st = full.computeGradients(splitBatch(batch, 1)[0]);
  const gFull = full.gradient();
  assert.equal(st.items, 5);
  assert.equal(st.queries, 5 * 128);

  const parts = splitBatch(batch, 2);
  const reps = parts.map(() => new Replica(Engine.fromModule(module), tinyKit, config, 3, 0.5));
  const slots = reps.map((r, i) => {
    r.computeGradients(parts[i]);
    return r.gradient();
  });
  let maxErr = 0,
    maxAbs = 0;
  for (let j = 0; j < gFull.length; j++) {
    maxErr = Math.max(maxErr, Math.abs(slots[0][j] + slots[1][j] - gFull[j]));
    maxAbs = Math.max(maxAbs, Math.abs(gFull[j]));
  }
  assert.ok(maxAbs > 1e-3, 'gradient is not trivially zero');
  assert.ok(maxErr <= 1e-5 * maxAbs, `sum of parts differs from the whole by ${maxErr} (max |g| ${maxAbs})`);

  // d/dθ of the batch objective (1/B)·Σ_b loss_b, by central differences in float64 around θ.
  const W2 = full.model.params[2];
  let k = 0;
  for (let j = 0; j < W2.size; j++) if (Math.abs(gFull[full.offsets[2] + j]) > Math.abs(gFull[full.offsets[2] + k])) k = j;
  const objective = (): number => full.computeGradients(splitBatch(batch, 1)[0]).lossSum / batch.size;
  const h = 1e-2,
    w0 = W2.data[k];
  W2.data[k] = w0 + h;
  const up = objective();
  W2.data[k] = w0 - h;
  const down = objective();
  W2.data[k] = w0;
  const fd = (up - down) / (2 * h),
    an = gFull[full.offsets[2] + k] / batch.size;
  assert.ok(Math.abs(fd - an) <= 1e-3 * Math.abs(an) + 1e-5, `finite difference ${fd} vs analytic ${an}`);
});

test('replicas applying the same slots stay bit-identical (parameters and Adam moments)', async () => {
  const module = await compileNnModule();
  const reps = [0, 1, 2].map(() => new Replica(Engine.fromModule(module), tinyKit, config, 9, 0.5));
  const init = reps[0].state().params.map((p) => p.slice());
  for (let step = 0; step < 4; step++) {
    const batch = await batchOf(4);
    const parts = splitBatch(batch, 3); // 1, 1, 2 items
    const slots = reps.map((r, i) => {
      r.computeGradients(parts[i]);
      return r.gradient();
    });
    for (const r of reps) r.applySummed(slots, 1 / batch.size, 1e-2);
  }
  const s = reps.map((r) => r.state());
  for (const other of [s[1], s[2]]) {
    assert.equal(other.adam.step, 4);
    for (let i = 0; i < s[0].params.length; i++) {
      assert.deepEqual(other.params[i], s[0].params[i]);
      assert.deepEqual(other.adam.m[i], s[0].adam.m[i]);
      assert.deepEqual(other.adam.v[i], s[0].adam.v[i]);
    }
  }
  assert.notDeepEqual(s[0].params[0], init[0], 'the updates changed the parameters');
});

test('state round trip: loadState gives an identical replica; mismatches are refused', async () => {
  const module = await compileNnModule();
  const a = new Replica(Engine.fromModule(module), tinyKit, config, 1, 0.5);
  const batch = await batchOf(2);
  a.computeGradients(splitBatch(batch, 1)[0]);
  a.applySummed([a.gradient()], 0.5, 1e-2);
  const b = new Replica(Engine.fromModule(module), tinyKit, config, 2, 0.5);
  b.loadState(a.state());
  assert.deepEqual(b.state(), a.state());
  const c = new Replica(Engine.fromModule(module), tinyKit, tinyKit.validate({ hidden: 5 }), 1, 0.5);
  assert.throws(() => c.loadState(a.state()), /values/);
});
