import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../src/nn/engine/Engine.ts';
import { Tape } from '../../src/nn/engine/Tape.ts';
import { TrainingSampler } from '../../src/data/TrainingSampler.ts';
import { Replica } from '../../src/train/Replica.ts';
import { splitBatch } from '../../src/train/splitBatch.ts';
import { pcnnOccKit } from '../../src/train/pcnnOccKit.ts';
import { addOccupancyCounts, emptyCounts, iouOf } from '../../src/train/OccupancyCounts.ts';
import { buildValidationSet } from '../../src/train/ValidationSet.ts';
import { SphereDataset } from './sphereDataset.ts';

const config = pcnnOccKit.validate({ inputPoints: 48, levelSizes: [24, 12, 4], widths: [4, 6, 8, 8, 8, 6, 4], hidden: 8 });

test('pcnn-occ through the trainer: every parameter gets a gradient, a step changes it, loss finite', async () => {
  const r = new Replica(await Engine.create(), pcnnOccKit, config, 0, 0.5);
  const batch = await new TrainingSampler(new SphereDataset({ train: 2, val: 0, test: 0 }), {
    inputPoints: 48,
    queries: 64,
    batchSize: 2,
    seed: 0,
  }).nextBatch();
  const st = r.computeGradients(splitBatch(batch, 1)[0]);
  assert.ok(Number.isFinite(st.lossSum) && st.lossSum > 0);
  const g = r.gradient();
  r.model.params.forEach((p, i) => {
    let n = 0;
    for (let j = 0; j < p.size; j++) n += g[r.offsets[i] + j] ** 2;
    assert.ok(n > 0, `no gradient for ${p.name}`);
  });
  const before = r.state().params;
  r.applySummed([g], 0.5, 1e-3);
  r.state().params.forEach((p, i) => assert.notDeepEqual(p, before[i], r.model.params[i].name));
});

test('validation with the inference path (prepareCloud/evaluate) agrees with the training forward', async () => {
  const r = new Replica(await Engine.create(), pcnnOccKit, config, 0, 0.5);
  const ds = new SphereDataset({ train: 0, val: 2, test: 0 });
  const val = await buildValidationSet(ds, { split: 'val', shapes: 2, points: 1500, inputPoints: 48, noise: 0.005, seed: 1 });
  const fast = r.validate(val.shapes, 512);
  val.shapes.forEach((s, k) => {
    const e = r.engine,
      m = e.mark();
    const logits = r.model.forward(new Tape(e, false), r.model.prepare(s.input, s.points)).data.slice();
    e.release(m);
    const c = addOccupancyCounts(logits, s.labels, 0.5, emptyCounts());
    const n = s.labels.length;
    assert.equal(fast[k].tp + fast[k].fp + fast[k].fn + fast[k].tn, n);
    // Same function, different float32 summation order: at most a few boundary points flip.
    assert.ok(Math.abs(fast[k].tp - c.tp) + Math.abs(fast[k].fp - c.fp) <= 3, JSON.stringify([fast[k], c]));
    assert.ok(Math.abs(iouOf(fast[k]) - iouOf(c)) < 0.01);
    assert.ok(Math.abs(fast[k].lossSum - c.lossSum) < 1e-3 * n);
  });
});
