import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCache } from '../../src/data/buildCache.ts';
import { CacheDataset } from '../../src/data/CacheDataset.ts';
import { TrainingSampler } from '../../src/data/TrainingSampler.ts';
import { writeMesh } from '../../src/io/registry.ts';
import { box, sdBox } from './analyticMeshes.ts';

test('CacheDataset: listing, lean loads, errors; a TrainingSampler over it gives labelled batches', async () => {
  const root = mkdtempSync(join(tmpdir(), 'pointocc-cacheds-'));
  try {
    mkdirSync(join(root, 'm/k'), { recursive: true });
    const h: [number, number, number] = [0.5, 0.25, 0.125];
    for (let i = 0; i < 3; i++) writeMesh(join(root, `m/k/b${i}.off`), box([0, 0, 0], h));
    const out = join(root, 'c');
    await buildCache({
      meshes: join(root, 'm'),
      out,
      workers: 1,
      settings: { surfacePoints: 500, nearQueries: 700, farQueries: 300, uniformPoints: 200, evalPoints: 100 },
      progress: false,
      log: () => {},
    });
    const ds = CacheDataset.open(out);
    assert.equal(ds.nearQueries, 700);
    assert.deepEqual(ds.categories(), ['k']);
    assert.deepEqual(
      ds
        .shapes()
        .map((r) => r.split)
        .sort(),
      ['test', 'train', 'val'],
    );
    const ref = ds.shapes('train')[0];
    const lean = await ds.load(ref, { uniform: false, eval: false, normals: false });
    assert.equal(lean.uniformPoints, undefined);
    assert.equal(lean.evalPoints, undefined);
    assert.equal(lean.surfaceNormals.length, 0);
    assert.equal(lean.queryPoints.length, 3000);
    await assert.rejects(ds.load({ category: 'k', id: 'nope', split: 'train' }), { name: 'InputError', code: 'not-found' });
    assert.throws(() => CacheDataset.open(join(root, 'm')), { name: 'InputError', code: 'not-found' });

    const sampler = new TrainingSampler(ds, { inputPoints: 100, queries: 256, batchSize: 1, noiseStd: 0 });
    const b = await sampler.nextBatch();
    const sd = sdBox([0, 0, 0], h);
    for (let i = 0; i < 100; i++) assert.ok(Math.abs(sd(b.inputs[3 * i], b.inputs[3 * i + 1], b.inputs[3 * i + 2])) < 1e-6);
    for (let q = 0; q < 256; q++) {
      const d = sd(b.queryPoints[3 * q], b.queryPoints[3 * q + 1], b.queryPoints[3 * q + 2]);
      if (Math.abs(d) > 1e-6) assert.equal(b.occupancies[q], d < 0 ? 1 : 0);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
