// The programmatic API (src/index.ts) against analytic shapes: concentric spheres whose scores
// follow from geometry alone, and the bundled model on points of a known sphere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { checkMesh, evaluateMesh, loadModel, readPointCloud, reconstructCloud, upsample, DEFAULT_MODEL_DIR } from '../src/index.ts';
import { uvSphere } from './geometry/shapes.ts';
import { IO_FIXTURES } from './fixtures.ts';

test('evaluateMesh: a sphere of radius 0.4 inside the ground-truth sphere of radius 0.5', () => {
  // The GT's bounding box has side 1, so the unit-cube frame is the identity. Every point of one
  // sphere is 0.1 from the other: accuracy = completeness = Chamfer-L1 = 0.1; the normals are
  // parallel (NC = 1); no point is within 0.01 (F = 0), all are within 0.15 (F = 1);
  // IoU = (0.4 / 0.5)³ = 0.512.
  const gt = uvSphere(0.5, 96, 192),
    pred = uvSphere(0.4, 96, 192);
  const m = evaluateMesh(pred, gt, { samples: 100_000, taus: [0.01, 0.15], seed: 3 });
  assert.ok(Math.abs(m.iou! - 0.512) < 0.01, `IoU ${m.iou}`);
  for (const k of ['accuracy', 'completeness', 'chamferL1']) assert.ok(Math.abs(m[k]! - 0.1) < 0.001, `${k} ${m[k]}`);
  assert.ok(m.normalConsistency! > 0.999, `NC ${m.normalConsistency}`);
  assert.equal(m['fscore@0.01'], 0);
  assert.equal(m['fscore@0.15'], 1);
});

test('evaluateMesh: the scores do not depend on the units (both meshes scaled and moved alike)', () => {
  const gt = uvSphere(0.5, 48, 96),
    pred = uvSphere(0.4, 48, 96);
  const move = (p: Float32Array): Float32Array => p.map((v, i) => 30 * v + [100, -20, 7][i % 3]);
  const a = evaluateMesh(pred, gt, { samples: 20_000, seed: 1 });
  const b = evaluateMesh(
    { ...pred, positions: move(pred.positions) },
    { ...gt, positions: move(gt.positions) },
    { samples: 20_000, seed: 1 },
  );
  for (const k of Object.keys(a)) assert.ok(Math.abs(a[k]! - b[k]!) < 1e-4, `${k}: ${a[k]} vs ${b[k]}`);
});

test('loadModel + reconstructCloud + upsample: the bundled model on 500 points of a sphere, in the input units', async () => {
  // The fixture: 500 points on a sphere of radius 0.4 about the origin; scaled by 50 and moved to
  // (100, −20, 7), so the surface is a sphere of radius 20 there.
  const c = readPointCloud(join(IO_FIXTURES, 'sphere_points.xyz'));
  const centre = [100, -20, 7];
  const pts = c.positions.map((v, i) => 50 * v + centre[i % 3]);
  const model = await loadModel(DEFAULT_MODEL_DIR, { workers: 1 });
  try {
    const { mesh, stats } = await reconstructCloud(pts, model, { resolution: 64 });
    const r = checkMesh(mesh);
    assert.ok(r.edgeManifold && r.components === 1, JSON.stringify(r));
    assert.equal(stats.resolution, 64);
    // Volume of a radius-20 ball, within 10 %.
    const ball = (4 / 3) * Math.PI * 20 ** 3;
    assert.ok(Math.abs(r.volume / ball - 1) < 0.1, `volume ${r.volume} vs ${ball}`);
    const up = await upsample(pts, model, 200, { resolution: 64 });
    assert.equal(up.points.length, 600);
    // In the input units: a frame or unit error would put points tens of units off. The model's
    // surface may dent locally (one point 2 units in, measured), so every point is held to 15 %
    // of the radius and their mean to 1.5 %.
    let sum = 0;
    for (let i = 0; i < 200; i++) {
      const d = Math.hypot(up.points[3 * i] - centre[0], up.points[3 * i + 1] - centre[1], up.points[3 * i + 2] - centre[2]);
      assert.ok(Math.abs(d - 20) < 3, `point ${i} at ${d} from the centre`);
      sum += Math.abs(d - 20);
    }
    assert.ok(sum / 200 < 0.3, `mean distance from the sphere ${sum / 200}`);
  } finally {
    await model.close();
  }
});
