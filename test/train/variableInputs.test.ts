import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../src/nn/engine/Engine.ts';
import { compileNnModule } from '../../src/nn/engine/loadWasm.ts';
import { TrainingSampler } from '../../src/data/TrainingSampler.ts';
import { Replica } from '../../src/train/Replica.ts';
import type { ItemBlock } from '../../src/train/ItemBlock.ts';
import { splitBatch, itemInput } from '../../src/train/splitBatch.ts';
import { pcnnOccKit } from '../../src/train/pcnnOccKit.ts';
import { onetKit } from '../../src/train/onetKit.ts';
import { SphereDataset } from './sphereDataset.ts';

// A tiny density-scaled pcnn-occ (inputs 30–150 points: levels follow each item's N).
const config = pcnnOccKit.validate({
  inputPoints: 30,
  density: { floors: [8, 8, 4], maxPoints: 200 },
  trainPoints: [30, 150],
  widths: [4, 6, 8, 8, 8, 6, 4],
  hidden: 8,
});
const module = await compileNnModule();

test('variable-N batches: gradient and loss through splitBatch/Replica (1 or 2 blocks) = the items run one by one, summed', async () => {
  const batch = await new TrainingSampler(new SphereDataset({ train: 5, val: 0, test: 0 }), {
    inputPointsRange: [30, 150],
    queries: 64,
    batchSize: 5,
    seed: 4,
  }).nextBatch();
  const sizes = Array.from({ length: 5 }, (_, b) => batch.inputOffsets[b + 1] - batch.inputOffsets[b]);
  assert.ok(new Set(sizes).size > 1, `items of different sizes (${sizes})`);
  const fresh = (): Replica => new Replica(Engine.fromModule(module), pcnnOccKit, config, 3, 0.5);

  // reference: every item alone, as a fixed-N block of one, gradients summed in float64
  const one = fresh();
  const ref = new Float64Array(one.size);
  let refLoss = 0;
  for (let b = 0; b < 5; b++) {
    const Q = batch.queries;
    const block: ItemBlock = {
      count: 1,
      inputPoints: sizes[b],
      queries: Q,
      inputs: batch.inputs.slice(3 * batch.inputOffsets[b], 3 * batch.inputOffsets[b + 1]),
      queryPoints: batch.queryPoints.slice(b * Q * 3, (b + 1) * Q * 3),
      occupancies: batch.occupancies.slice(b * Q, (b + 1) * Q),
    };
    refLoss += one.computeGradients(block).lossSum;
    const g = one.gradient();
    for (let j = 0; j < g.length; j++) ref[j] += g[j];
  }
  let maxAbs = 0;
  for (const v of ref) maxAbs = Math.max(maxAbs, Math.abs(v));
  assert.ok(maxAbs > 1e-3, 'gradient is not trivially zero');

  for (const workers of [1, 2]) {
    const blocks = splitBatch(batch, workers);
    let sumLoss = 0;
    const sum = new Float64Array(one.size);
    blocks.forEach((blk, r) => {
      assert.equal(blk.inputPoints, 0);
      const rep = fresh();
      sumLoss += rep.computeGradients(blk).lossSum;
      const g = rep.gradient();
      for (let j = 0; j < g.length; j++) sum[j] += g[j];
      for (let k = 0; k < blk.count; k++) assert.equal(itemInput(blk, k).length / 3, sizes[(r === 0 ? 0 : blocks[0].count) + k]);
    });
    let maxErr = 0;
    for (let j = 0; j < sum.length; j++) maxErr = Math.max(maxErr, Math.abs(sum[j] - ref[j]));
    assert.ok(maxErr <= 1e-5 * maxAbs, `${workers} block(s): gradient differs from the one-by-one sum by ${maxErr} (max |g| ${maxAbs})`);
    assert.ok(Math.abs(sumLoss - refLoss) <= 1e-6 * refLoss, `loss ${sumLoss} vs ${refLoss}`);
  }
});

test('ONet (forwardItems) refuses a block of variable input sizes with a UsageError', async () => {
  const onet = onetKit.validate({ encoderHidden: 4, cDim: 3, decoderHidden: 4, blocks: 2, inputPoints: 16 });
  const rep = new Replica(Engine.fromModule(module), onetKit, onet, 0, 0.5);
  const block: ItemBlock = {
    count: 2,
    inputPoints: 0,
    inputOffsets: Int32Array.from([0, 16, 40]),
    queries: 4,
    inputs: new Float32Array(40 * 3),
    queryPoints: new Float32Array(8 * 3),
    occupancies: new Uint8Array(8),
  };
  assert.throws(
    () => rep.computeGradients(block),
    (e: Error) => e.name === 'UsageError' && /per-item input sizes/.test(e.message),
  );
});
