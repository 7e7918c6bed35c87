import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenedPoisson } from '../../src/recon/poisson/screenedPoisson.ts';
import { estimateNormals } from '../../src/geometry/estimateNormals.ts';
import { orientNormals } from '../../src/geometry/orientNormals.ts';
import { checkMesh } from '../../src/geometry/meshChecks.ts';
import { insideMesh } from '../../src/geometry/inside.ts';
import { Random } from '../../src/geometry/Random.ts';
import { sphereCloud } from '../geometry/cloudSamples.ts';

/** IoU of a mesh against |p| < R at 100k points uniform in the padded box. */
function sphereIou(mesh: Parameters<typeof insideMesh>[0], R: number, seed: number): number {
  const rng = new Random(seed);
  const q = new Float32Array(300000);
  for (let i = 0; i < q.length; i++) q[i] = rng.uniform(-0.55, 0.55);
  const inside = insideMesh(mesh, q);
  let inter = 0,
    union = 0;
  for (let i = 0; i < 100000; i++) {
    const a = Math.hypot(q[3 * i], q[3 * i + 1], q[3 * i + 2]) < R,
      b = inside[i] === 1;
    if (a && b) inter++;
    if (a || b) union++;
  }
  return inter / union;
}

test('screened Poisson: 3000 unoriented sphere points → IoU ≥ 0.95, watertight, iso ≈ 0', () => {
  const R = 0.4;
  const { points } = sphereCloud(3000, R, 0, 7);
  const normals = orientNormals(points, estimateNormals(points));
  const r = screenedPoisson(points, normals, { resolution: 64 });
  const c = checkMesh(r.mesh);
  assert.ok(c.watertight, 'watertight');
  assert.equal(c.components, 1);
  assert.ok(c.volume > 0, 'outward');
  const iou = sphereIou(r.mesh, R, 8);
  assert.ok(iou >= 0.95, `IoU ${iou}`);
  // Volume of the analytic ball, 4/3 π R³ = 0.268: within 3 %.
  assert.ok(Math.abs(c.volume / ((4 / 3) * Math.PI * R ** 3) - 1) < 0.03, `volume ${c.volume}`);
  assert.ok(r.iterations < 40 && r.residual <= 1e-6);
  // Screening keeps the surface on the samples: mean |‖v‖ − R| over mesh vertices small.
  let dev = 0;
  const p = r.mesh.positions;
  for (let i = 0; i < p.length / 3; i++) dev += Math.abs(Math.hypot(p[3 * i], p[3 * i + 1], p[3 * i + 2]) - R);
  assert.ok(dev / (p.length / 3) < 0.004, `mean radial deviation ${dev / (p.length / 3)}`);
});

test('screened Poisson: noisy 300-point sphere still ≥ 0.9 IoU; trimming removes unsupported faces', () => {
  const R = 0.35;
  const { points } = sphereCloud(300, R, 0.005, 9);
  const normals = orientNormals(points, estimateNormals(points));
  const r = screenedPoisson(points, normals, { resolution: 32 });
  assert.ok(sphereIou(r.mesh, R, 10) >= 0.9);
  // Only the upper half of the samples: untrimmed the surface closes below; trimmed at 2
  // spacings, no face centroid is far from a sample.
  const upper: number[] = [],
    upperN: number[] = [];
  for (let i = 0; i < 300; i++)
    if (points[3 * i + 2] > 0) {
      upper.push(...points.subarray(3 * i, 3 * i + 3));
      upperN.push(...normals.subarray(3 * i, 3 * i + 3));
    }
  const full = screenedPoisson(new Float32Array(upper), new Float32Array(upperN), { resolution: 32 });
  const trimmed = screenedPoisson(new Float32Array(upper), new Float32Array(upperN), { resolution: 32, trim: 2 });
  assert.ok(trimmed.mesh.faces.length < full.mesh.faces.length);
  const c = checkMesh(trimmed.mesh);
  assert.ok(c.boundaryEdges > 0, 'trimming opens the mesh');
  const fp = trimmed.mesh.positions;
  let lowest = Infinity;
  for (let i = 0; i < fp.length / 3; i++) lowest = Math.min(lowest, fp[3 * i + 2]);
  assert.ok(lowest > -3 * full.spacing, `trimmed mesh reaches z = ${lowest}`);
});

test('screened Poisson: rejects bad arguments', () => {
  const { points, normals } = sphereCloud(50, 0.3, 0, 1);
  assert.throws(() => screenedPoisson(points, normals.subarray(3)), RangeError);
  assert.throws(() => screenedPoisson(points, normals, { resolution: 4 }), RangeError);
  assert.throws(() => screenedPoisson(points, normals, { trim: 0 }), RangeError);
});

test('screened Poisson: all-inward normals still give the solid sphere (the box boundary is outside)', () => {
  const R = 0.4;
  const { points } = sphereCloud(1000, R, 0, 17);
  const inward = orientNormals(points, estimateNormals(points)).map((x) => -x);
  const r = screenedPoisson(points, inward, { resolution: 32 });
  assert.ok(r.flipped);
  assert.ok(checkMesh(r.mesh).volume > 0);
  assert.ok(sphereIou(r.mesh, R, 18) >= 0.9);
  const kept = screenedPoisson(points, inward, { resolution: 32, boundaryOutside: false });
  assert.ok(!kept.flipped && sphereIou(kept.mesh, R, 18) < 0.5, 'without the rule the inside-out field wraps the box');
});
