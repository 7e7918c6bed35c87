// The demo end to end: examples/chair.xyz through the bundled pcnn-occ model at the CLI's default
// settings (128³, threshold and subsets as stored), then every mesh check on the output as
// written — closed, edge- and vertex-manifold, oriented, no self-intersecting face pair (exact
// test), accepted by manifold-3d — and the report's wording says exactly that.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { readPointCloud } from '../../src/io/registry.ts';
import { OccupancyPredictor, createEvaluator } from '../../src/nn/serve/occupancy.ts';
import { reconstruct } from '../../src/recon/reconstruct.ts';
import { assertSolid } from './fields.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

test('examples/chair.xyz with the bundled model: a solid boundary, and the report says so', async () => {
  const cloud = readPointCloud(`${root}examples/chair.xyz`);
  const predictor = await OccupancyPredictor.create(`${root}models/pcnn-occ-corpus`, { workers: 2 });
  try {
    const { mesh, stats } = await reconstruct(cloud.positions, predictor, { bind: (c) => createEvaluator(predictor, c) });
    assert.ok(stats.faces > 10000, `${stats.faces} faces`);
    await assertSolid(mesh, 'chair');
    assert.deepEqual(
      { ...stats.meshChecks, description: undefined },
      { closed: true, edgeManifold: true, vertexManifold: true, consistentlyOriented: true, selfIntersections: 0, description: undefined },
    );
    assert.equal(stats.meshChecks.description, 'closed, edge-manifold, vertex-manifold, consistently oriented, no self-intersections');
    assert.equal(stats.watertight, true);
  } finally {
    await predictor.close();
  }
});
