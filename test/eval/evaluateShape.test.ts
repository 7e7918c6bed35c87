// Analytic checks of the ONet-protocol metrics. 20 000 points per set (not the protocol's
// 100 000) keep the file fast; the tolerances below are derived for that N.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../src/geometry/Random.ts';
import type { Mesh } from '../../src/geometry/Mesh.ts';
import { evaluateShape } from '../../src/eval/evaluateShape.ts';
import { groundTruthFromMesh } from '../../src/eval/groundTruthFromMesh.ts';
import { uvSphere, gridBox, polyhedronVolume } from '../geometry/shapes.ts';

const N = 20_000;
const BOX_VOLUME = 1.1 ** 3;

function gtOf(mesh: Mesh, seed: number) {
  return groundTruthFromMesh(mesh, { uniformPoints: N, surfacePoints: N, rng: new Random(seed) });
}

/** Standard error of a ratio estimated from n_union Monte-Carlo points (binomial). */
function iouTolerance(iouTrue: number, unionVolume: number): number {
  const nUnion = (N * unionVolume) / BOX_VOLUME;
  return 3 * Math.sqrt((iouTrue * (1 - iouTrue)) / nUnion);
}

test('concentric spheres: IoU = volume ratio, Chamfer-L1 ≈ |r − r′|, NC ≈ 1, F@0.01 = 0', () => {
  const r = 0.4,
    r2 = 0.35;
  const big = uvSphere(r, 64, 128),
    small = uvSphere(r2, 64, 128);
  const gt = gtOf(big, 1);
  const e = evaluateShape(small, gt, { samples: N, rng: new Random(2), taus: [0.01] });
  assert.equal(e.status, 'ok');
  assert.equal(e.insideMethod, 'parity');
  // Inscribed polyhedra: the exact IoU is the ratio of their volumes (divergence theorem),
  // which differs from (r′/r)³ by < 0.1 % at this tessellation.
  const truth = polyhedronVolume(small) / polyhedronVolume(big);
  assert.ok(Math.abs(truth - (r2 / r) ** 3) < 1e-3);
  assert.ok(Math.abs(e.metrics.iou! - truth) < iouTolerance(truth, polyhedronVolume(big)), `IoU ${e.metrics.iou} vs ${truth}`);
  // Each NN distance is √(radial² + lateral²) with lateral ≈ 0.5·√(A/N) ≈ 0.005 here, so the
  // mean exceeds |r − r′| = 0.05 by ≈ 0.0003; tessellation (sagitta) adds < 2e-4.
  assert.ok(Math.abs(e.metrics.chamferL1! - 0.05) < 1e-3, `Chamfer ${e.metrics.chamferL1}`);
  assert.ok(e.metrics.accuracy! >= 0.0498 && e.metrics.completeness! >= 0.0498);
  assert.ok(e.metrics.normalConsistency! > 0.99, `NC ${e.metrics.normalConsistency}`);
  // Every distance is ≥ 0.05 − sagitta > τ: nothing is within τ.
  assert.equal(e.metrics['fscore@0.01'], 0);
  assert.equal(e.metrics['precision@0.01'], 0);
  assert.equal(e.metrics['recall@0.01'], 0);
});

test('spheres much closer than τ: F-score 1', () => {
  const gt = gtOf(uvSphere(0.4, 48, 96), 3);
  const e = evaluateShape(uvSphere(0.399, 48, 96), gt, { samples: N, rng: new Random(4), taus: [0.05, 0.01] });
  // Largest NN gap for 20 000 samples on area 2.0 is a few spacings √(A/N) ≈ 0.01, well below 0.05.
  assert.equal(e.metrics['fscore@0.05'], 1);
  assert.equal(e.metrics['precision@0.05'], 1);
  assert.equal(e.metrics['recall@0.05'], 1);
  // At τ = 0.01 (about one sample spacing) most but not all points are within τ.
  assert.ok(e.metrics['fscore@0.01']! > 0.5 && e.metrics['fscore@0.01']! < 1);
});

test('identical meshes: IoU 1, Chamfer at the sampling floor 0.5·√(A/N), NC ≈ 1', () => {
  const sphere = uvSphere(0.4, 64, 128);
  const gt = gtOf(sphere, 5);
  const e = evaluateShape(sphere, gt, { samples: N, rng: new Random(6) });
  assert.equal(e.metrics.iou, 1);
  // Nearest-neighbour distance between independent uniform samplings of area A with N points
  // each: Poisson process of density N/A in 2-D, E[d] = 1 / (2√(N/A)).
  const area = 4 * Math.PI * 0.4 * 0.4;
  const floor = 0.5 * Math.sqrt(area / N);
  assert.ok(e.metrics.accuracy! > 0.93 * floor && e.metrics.accuracy! < 1.07 * floor, `accuracy ${e.metrics.accuracy} vs floor ${floor}`);
  assert.ok(e.metrics.chamferL1! > 0.93 * floor && e.metrics.chamferL1! < 1.07 * floor);
  assert.ok(e.metrics.normalConsistency! > 0.995);
});

test('cube vs the same cube rotated 45° about z: IoU = 1/√2', () => {
  // Cross-section: a square of side a and the same square turned 45° meet in a regular octagon
  // of inradius a/2, area 8·(a/2)²·tan(π/8) = 2(√2 − 1)a²; the union is 2a² minus that, so
  // IoU = 2(√2 − 1) / (2 − 2(√2 − 1)) = 1/√2 for the prism (same height).
  const a = 0.8;
  const cube = gridBox([-a / 2, -a / 2, -a / 2], [a / 2, a / 2, a / 2], 4);
  const c = Math.SQRT1_2;
  const p = cube.positions,
    q = new Float32Array(p.length);
  for (let i = 0; i < p.length; i += 3) {
    q[i] = c * p[i] - c * p[i + 1];
    q[i + 1] = c * p[i] + c * p[i + 1];
    q[i + 2] = p[i + 2];
  }
  const rotated: Mesh = { positions: q, faces: cube.faces };
  const e = evaluateShape(rotated, gtOf(cube, 7), { samples: 2000, rng: new Random(8) });
  const truth = Math.SQRT1_2;
  const unionVolume = (2 - 2 * (Math.SQRT2 - 1)) * a * a * a;
  assert.ok(Math.abs(e.metrics.iou! - truth) < iouTolerance(truth, unionVolume), `IoU ${e.metrics.iou}`);
});

test('missing and empty predictions score IoU 0; surface metrics excluded or penalised', () => {
  const gt = gtOf(uvSphere(0.3, 16, 32), 9);
  const miss = evaluateShape(null, gt, { rng: new Random(1), taus: [0.01] });
  assert.equal(miss.status, 'missing');
  assert.equal(miss.metrics.iou, 0);
  assert.equal(miss.metrics.chamferL1, null);
  assert.equal(miss.metrics.normalConsistency, null);
  assert.equal(miss.metrics['fscore@0.01'], null);
  const empty = evaluateShape({ positions: new Float32Array(0), faces: new Uint32Array(0) }, gt, { rng: new Random(1) });
  assert.equal(empty.status, 'empty');
  assert.equal(empty.metrics.iou, 0);
  // A zero-area soup (all three corners equal) has no surface either.
  const flat = evaluateShape({ positions: new Float32Array([0, 0, 0, 0, 0, 0, 0, 0, 0]), faces: new Uint32Array([0, 1, 2]) }, gt, {
    rng: new Random(1),
  });
  assert.equal(flat.status, 'empty');
  const pen = evaluateShape(null, gt, { rng: new Random(1), missing: 'penalty' });
  assert.equal(pen.metrics.iou, 0);
  assert.equal(pen.metrics.chamferL1, Math.sqrt(3));
  assert.equal(pen.metrics.normalConsistency, 0);
  assert.equal(pen.metrics['fscore@0.01'], 0);
});

test('an open prediction is tested by winding number and still scores right', () => {
  // The big sphere with one face removed: parity would be unreliable, winding number is not.
  const sphere = uvSphere(0.4, 32, 64);
  const open: Mesh = { positions: sphere.positions, faces: sphere.faces.slice(3) };
  const gt = gtOf(sphere, 11);
  const e = evaluateShape(open, gt, { samples: 5000, rng: new Random(12) });
  assert.equal(e.insideMethod, 'winding');
  assert.equal(e.watertight, false);
  assert.ok(e.metrics.iou! > 0.99, `IoU ${e.metrics.iou}`);
});
