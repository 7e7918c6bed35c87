import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/nn/engine/Engine.ts';
import { Random } from '../../../src/geometry/Random.ts';
import { PcnnOcc } from '../../../src/nn/models/pcnnOcc/PcnnOcc.ts';
import { defaultPcnnOccConfig } from '../../../src/nn/models/pcnnOcc/PcnnOccConfig.ts';
import { saveModel } from '../../../src/nn/serve/modelIo.ts';
import { OccupancyPredictor, createEvaluator } from '../../../src/nn/serve/occupancy.ts';
import { passMean } from '../../../src/recon/passMean.ts';

const cfg = { ...defaultPcnnOccConfig(), inputPoints: 80, levelSizes: [64, 32, 8], widths: [6, 8, 8, 8, 8, 8, 6], hidden: 12 };

/** A small pcnn-occ model with random weights (seeded), saved in a temporary folder for `body`. */
async function withSavedModel(prefix: string, seed: number, body: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    const model = new PcnnOcc(await Engine.create(), cfg);
    model.initialize(new Random(seed));
    saveModel(dir, model);
    await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `count` clouds of `n` points uniform in [-0.4, 0.4]³, and `q` queries uniform in the padded box. */
function cloudsAndQueries(rng: Random, count: number, n: number, q: number): { clouds: Float32Array[]; queries: Float32Array } {
  const clouds = Array.from({ length: count }, () => Float32Array.from({ length: 3 * n }, () => rng.uniform(-0.4, 0.4)));
  return { clouds, queries: Float32Array.from({ length: 3 * q }, () => rng.uniform(-0.55, 0.55)) };
}

/** P(inside) of each cloud from one in-thread predictor: the values a worker pool must give. */
async function inThread(dir: string, clouds: Float32Array[], queries: Float32Array): Promise<Float32Array[]> {
  const local = await OccupancyPredictor.create(dir, { workers: 0 });
  const truth: Float32Array[] = [];
  for (const c of clouds) truth.push(await local.predict(c, queries));
  await local.close();
  return truth;
}

test('pinned clouds (tiles): each is prepared by one worker only, once, while several are evaluated at once; results are the in-thread ones', async () => {
  await withSavedModel('pointocc-pinned-', 3, async (dir) => {
    const { clouds, queries } = cloudsAndQueries(new Random(4), 4, 120, 6000);
    const truth = await inThread(dir, clouds, queries);
    const pool = await OccupancyPredictor.create(dir, { workers: 2, minQueriesPerWorker: 256 });
    try {
      // two tiles at a time, each in three "rounds" of queries, as tiledMise does
      let next = 0;
      const got: Float32Array[] = [];
      const runner = async (): Promise<void> => {
        while (next < clouds.length) {
          const k = next++;
          const f = createEvaluator(pool, clouds[k], { pinned: true });
          const parts = [];
          for (const [a, b] of [
            [0, 3000],
            [3000, 5000],
            [5000, 6000],
          ])
            parts.push(await f(queries.subarray(3 * a, 3 * b)));
          f.release();
          const out = new Float32Array(6000);
          out.set(parts[0], 0);
          out.set(parts[1], 3000);
          out.set(parts[2], 5000);
          got[k] = out;
        }
      };
      await Promise.all([runner(), runner()]);
      assert.equal(pool.prepares, clouds.length, 'each pinned cloud prepared exactly once');
      for (let k = 0; k < clouds.length; k++) assert.deepEqual(got[k], truth[k]);
      // an unpinned cloud with many queries still spreads over both workers
      const before = pool.prepares;
      await pool.predict(clouds[0], queries);
      assert.equal(pool.prepares - before, 2);
    } finally {
      await pool.close();
    }
  });
});

test('clouds taken in turn (input subsets, test-time poses): each worker prepares each once, up to 4 held; past that only the top is redone; released ones make room; results are the in-thread ones', async () => {
  await withSavedModel('pointocc-held-', 5, async (dir) => {
    const { clouds, queries } = cloudsAndQueries(new Random(6), 5, 100, 3000);
    // truth: a fresh in-thread predictor per cloud (nothing held from another cloud)
    const truth: Float32Array[] = [];
    for (const c of clouds) {
      const one = await OccupancyPredictor.create(dir, { workers: 0 });
      truth.push(await one.predict(c, queries));
      await one.close();
    }
    for (const workers of [0, 2]) {
      const pool = await OccupancyPredictor.create(dir, { workers, minQueriesPerWorker: 256 });
      try {
        // four clouds, three rounds, one after the other as reconstruct's subset-major loop does
        const four = clouds.slice(0, 4).map((c) => createEvaluator(pool, c));
        for (let round = 0; round < 3; round++)
          for (let k = 0; k < 4; k++) assert.deepEqual(await four[k](queries), truth[k], `workers ${workers}, round ${round}, cloud ${k}`);
        assert.equal(pool.prepares, 4 * Math.max(1, workers), 'each cloud prepared once per instance');
        // released clouds go first: five new clouds over capacity four take their place
        // (round 1: five preparations, the fifth on top of three), then every round redoes the
        // top two (the fourth and the fifth) and keeps the others
        for (const f of four) f.release();
        const five = clouds.map((c) => createEvaluator(pool, c));
        const before = pool.prepares;
        for (let round = 0; round < 3; round++)
          for (let k = 0; k < 5; k++) assert.deepEqual(await five[k](queries), truth[k], `workers ${workers}, 5 clouds, round ${round}`);
        assert.equal(pool.prepares - before, (5 + 2 + 2) * Math.max(1, workers));
      } finally {
        await pool.close();
      }
    }
  });
});

test('passes asked for in one tick (passMean): each worker takes passes of its own, each pass prepared once; results are the in-thread ones', async () => {
  await withSavedModel('pointocc-passes-', 7, async (dir) => {
    const { clouds, queries } = cloudsAndQueries(new Random(8), 2, 100, 8000);
    const truth = await inThread(dir, clouds, queries);
    // the mean of two passes, in pass order (what passMean returns)
    const mean = truth[0].map((v, i) => (v + truth[1][i]) / 2);
    // minQueriesPerWorker 16 000, more than a pass's 8000 queries: a worker never prepares a
    // cloud another one holds, so the count below does not depend on which finished first
    const pool = await OccupancyPredictor.create(dir, { workers: 2, minQueriesPerWorker: 16_000 });
    try {
      const parts = clouds.map((c) => createEvaluator(pool, c));
      for (let round = 0; round < 3; round++) assert.deepEqual(await passMean(parts, queries, { batchSize: 2000 }), mean, `round ${round}`);
      // two workers, two passes queued together: one preparation each (the old pass-by-pass
      // order had every worker prepare every pass: 4)
      assert.equal(pool.prepares, 2);
    } finally {
      await pool.close();
    }
  });
});

test('a worker with a pass of its own does not prepare the other pass for a few waiting queries; one holding only released clouds joins at minQueriesPerWorker', async () => {
  await withSavedModel('pointocc-dup-', 9, async (dir) => {
    const rng = new Random(10);
    // 1000-point clouds: a second preparation pays only for ≥ 2·11·1000 = 22 000 waiting queries
    const { clouds } = cloudsAndQueries(rng, 2, 1000, 0);
    const big = cloudsAndQueries(rng, 0, 0, 20_000).queries;
    const small = big.subarray(0, 3 * 500);
    const truth = await inThread(dir, clouds, big);
    const pool = await OccupancyPredictor.create(dir, { workers: 2, minQueriesPerWorker: 256 });
    try {
      const [a, b] = clouds.map((c) => createEvaluator(pool, c));
      // one tick: 20 000 queries of pass a (4 chunks of 5000), then 500 of pass b. Worker 1 takes
      // a, worker 2 takes b and is done long before a: at most 15 000 of a's queries then wait,
      // under 22 000, so worker 2 waits for its own next round instead of preparing a.
      const [ga, gb] = await Promise.all([a(big), b(small)]);
      assert.deepEqual(ga, truth[0]);
      assert.deepEqual(gb, truth[1].subarray(0, 500));
      assert.equal(pool.prepares, 2, 'each pass prepared once');
      // once b is released, worker 2 has nothing else coming: it joins a at the plain floor (256)
      b.release();
      assert.deepEqual(await a(big), truth[0]);
      assert.equal(pool.prepares, 3, 'a prepared by the second worker too');
    } finally {
      await pool.close();
    }
  });
});
