import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TrainingSampler } from '../../src/data/TrainingSampler.ts';
import { TrainWorkerGroup } from '../../src/train/TrainWorkerGroup.ts';
import { splitBatch } from '../../src/train/splitBatch.ts';
import { tinyKit, TINY_KIT } from './tinyKit.ts';
import { SphereDataset } from './sphereDataset.ts';

const config = tinyKit.validate({ hidden: 12 });

test("worker threads: the all-reduced gradient of 2 workers equals 1 worker's whole-batch gradient; every replica holds the same bits", async () => {
  const sampler = new TrainingSampler(new SphereDataset({ train: 6, val: 0, test: 0 }), {
    inputPoints: 64,
    queries: 128,
    batchSize: 6,
    seed: 1,
  });
  const batch = await sampler.nextBatch();
  const one = await TrainWorkerGroup.start({ kit: TINY_KIT, config, seed: 4, workers: 1 });
  const two = await TrainWorkerGroup.start({ kit: TINY_KIT, config, seed: 4, workers: 2 });
  try {
    assert.equal(one.size, two.size);
    const s1 = await one.step(splitBatch(batch, 1), 1 / 6, 1e-3);
    const s2 = await two.step(splitBatch(batch, 2), 1 / 6, 1e-3);
    assert.deepEqual(
      s2.map((s) => s.items),
      [3, 3],
    );
    const l1 = s1[0].lossSum,
      l2 = s2[0].lossSum + s2[1].lossSum;
    assert.ok(Math.abs(l1 - l2) < 1e-5 * l1, `loss ${l1} vs ${l2}`);
    const g1 = await one.gradient(0);
    const [g2a, g2b] = await Promise.all([two.gradient(0), two.gradient(1)]);
    assert.deepEqual(g2a, g2b, 'both replicas summed the same slots in the same order');
    let err = 0,
      mag = 0;
    for (let j = 0; j < g1.length; j++) {
      err = Math.max(err, Math.abs(g1[j] - g2a[j]));
      mag = Math.max(mag, Math.abs(g1[j]));
    }
    assert.ok(mag > 1e-3 && err <= 1e-5 * mag, `all-reduce differs by ${err} (max |g| ${mag})`);
  } finally {
    await Promise.all([one.close(), two.close()]);
  }
});

test('worker threads: 3 replicas with an uneven split stay bit-identical over several steps', async () => {
  const sampler = new TrainingSampler(new SphereDataset({ train: 8, val: 0, test: 0 }), {
    inputPoints: 64,
    queries: 96,
    batchSize: 4,
    seed: 2,
  });
  const g = await TrainWorkerGroup.start({ kit: TINY_KIT, config, seed: 7, workers: 3 });
  try {
    const init = await g.state(0);
    for (let i = 0; i < 5; i++) {
      const batch = await sampler.nextBatch();
      await g.step(splitBatch(batch, 3), 1 / batch.size, 1e-2);
    }
    const [a, b, c] = await Promise.all([g.state(0), g.state(1), g.state(2)]);
    assert.equal(a.adam.step, 5);
    for (const o of [b, c]) {
      assert.deepEqual(o.params, a.params);
      assert.deepEqual(o.adam.m, a.adam.m);
      assert.deepEqual(o.adam.v, a.adam.v);
    }
    assert.notDeepEqual(a.params, init.params);
  } finally {
    await g.close();
  }
});

test('a failing step rejects and releases the peers waiting at the barrier', async () => {
  const g = await TrainWorkerGroup.start({ kit: TINY_KIT, config, seed: 7, workers: 2 });
  try {
    const ok = {
      count: 1,
      inputPoints: 4,
      queries: 2,
      inputs: new Float32Array(12),
      queryPoints: new Float32Array(6),
      occupancies: new Uint8Array(2),
    };
    // Label 2 is not a class: softmaxCrossEntropy throws in worker 1 while worker 0 waits.
    const bad = { ...ok, occupancies: new Uint8Array([0, 2]) };
    await assert.rejects(g.step([ok, bad], 1, 1e-3), /label 2|aborted/);
  } finally {
    await g.close();
  }
});
