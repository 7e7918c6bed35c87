import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writePlaneFeatures, smallestEigen, PLANE_FEATURES_PER_K } from '../../../../src/nn/models/pcnnOcc/planeFeatures.ts';
import { CloudNeighbourhood } from '../../../../src/nn/pcnn/CloudNeighbourhood.ts';
import { Random } from '../../../../src/geometry/Random.ts';

test('smallestEigen: diagonal, rotated and degenerate matrices', () => {
  const out = new Float64Array(4);
  smallestEigen(3, 0, 0, 1, 0, 2, out);
  assert.ok(Math.abs(out[0] - 1) < 1e-12);
  assert.ok(Math.abs(Math.abs(out[2]) - 1) < 1e-12);
  // A = R·diag(0.5, 2, 4)·Rᵀ for a rotation about z by 30°: λ_min 0.5 with vector R·e_x
  const c = Math.cos(Math.PI / 6), s = Math.sin(Math.PI / 6);
  const a = 0.5 * c * c + 2 * s * s, b = (0.5 - 2) * c * s, d = 0.5 * s * s + 2 * c * c;
  smallestEigen(a, b, 0, d, 0, 4, out);
  assert.ok(Math.abs(out[0] - 0.5) < 1e-12, `λ ${out[0]}`);
  assert.ok(Math.abs(Math.abs(out[1] * c + out[2] * s) - 1) < 1e-9, `vector ${Array.from(out)}`);
  // a double smallest eigenvalue: any unit vector in its plane (here ⊥ e_z)
  // (the closed form loses half the digits at a double root: acos near ±1)
  smallestEigen(1, 0, 0, 1, 0, 5, out);
  assert.ok(Math.abs(out[0] - 1) < 1e-6 && Math.abs(out[3]) < 1e-9 && Math.abs(Math.hypot(out[1], out[2], out[3]) - 1) < 1e-12);
  smallestEigen(0, 0, 0, 0, 0, 0, out); // zero matrix: λ 0, some unit vector
  assert.equal(out[0], 0);
  assert.ok(Math.abs(Math.hypot(out[1], out[2], out[3]) - 1) < 1e-12);
});

test('plane features: points on a tilted plane give distance, zero spread and centroid distance in spacing units', () => {
  // 64 points on the plane through p0 with normal n; query 0.03 off the plane above a point
  const n = [0, 0.6, 0.8], u = [1, 0, 0], v = [0, 0.8, -0.6], p0 = [0.05, -0.1, 0.02];
  const rng = new Random(5);
  const N = 64, pts = new Float32Array(3 * N);
  for (let i = 0; i < N; i++) {
    const a = rng.uniform(-0.3, 0.3), b = rng.uniform(-0.3, 0.3);
    for (let k = 0; k < 3; k++) pts[3 * i + k] = p0[k] + a * u[k] + b * v[k];
  }
  const q = Float32Array.from([0, 1, 2].map((k) => pts[k] + 0.03 * n[k]));
  const ks = [8, 64];
  const out = new Float32Array(PLANE_FEATURES_PER_K * ks.length);
  writePlaneFeatures(new CloudNeighbourhood(pts), q, ks, out, out.length);
  const s = Math.sqrt(N);
  // k = 64: all points; centroid from the definition
  const cen = [0, 1, 2].map((k) => { let t = 0; for (let i = 0; i < N; i++) t += pts[3 * i + k]; return t / N; });
  const r = Math.hypot(q[0] - cen[0], q[1] - cen[1], q[2] - cen[2]) * s;
  for (const [j, k] of ks.entries()) {
    const [d, t, rr] = out.subarray(3 * j, 3 * j + 3);
    assert.ok(Math.abs(d - 0.03 * s) < 2e-3, `k ${k}: distance ${d} vs ${0.03 * s}`);
    assert.ok(t < 2e-3, `k ${k}: spread ${t}`);
    if (k === 64) assert.ok(Math.abs(rr - r) < 1e-4, `centroid distance ${rr} vs ${r}`);
  }
});

test('plane features: a slab of two faces 0.02 apart: mid-plane distance, spread and off-plane distance as brute force gives them', () => {
  // a 21 × 21 grid, 0.02 apart, on both faces z = ±0.01 (the two points of one xy consecutive)
  const xyz: number[] = [];
  for (let i = -10; i <= 10; i++) for (let j = -10; j <= 10; j++) for (const z of [0.01, -0.01]) xyz.push(0.02 * i, 0.02 * j, z);
  const pts = Float32Array.from(xyz), N = pts.length / 3, s = Math.sqrt(N), k = 32;
  const hood = new CloudNeighbourhood(pts);
  for (const q of [[0, -0.02, 0], [0, -0.02, 0.015]]) {
    // brute force: the k nearest (ties to the lower index), their covariance, and its smallest
    // eigenvector by power iteration on trace·I − C (independent of the closed form)
    const near = Array.from({ length: N }, (_, i) => i)
      .map((i) => [(pts[3 * i] - q[0]) ** 2 + (pts[3 * i + 1] - q[1]) ** 2 + (pts[3 * i + 2] - q[2]) ** 2, i])
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]).slice(0, k).map(([, i]) => i);
    const c = [0, 1, 2].map((a) => near.reduce((t, i) => t + pts[3 * i + a], 0) / k);
    const C = [0, 1, 2].map((a) => [0, 1, 2].map((b) => near.reduce((t, i) => t + (pts[3 * i + a] - c[a]) * (pts[3 * i + b] - c[b]), 0) / k));
    const tr = C[0][0] + C[1][1] + C[2][2];
    let v = [0.3, 0.2, 0.9];
    for (let it = 0; it < 2000; it++) {
      const w = [0, 1, 2].map((a) => tr * v[a] - (C[a][0] * v[0] + C[a][1] * v[1] + C[a][2] * v[2]));
      const len = Math.hypot(w[0], w[1], w[2]);
      v = w.map((x) => x / len);
    }
    const lam = [0, 1, 2].reduce((t, a) => t + v[a] * (C[a][0] * v[0] + C[a][1] * v[1] + C[a][2] * v[2]), 0);
    const dist = Math.abs(v[0] * (q[0] - c[0]) + v[1] * (q[1] - c[1]) + v[2] * (q[2] - c[2]));
    const out = new Float32Array(3);
    writePlaneFeatures(hood, Float32Array.from(q), [k], out, 3);
    assert.ok(Math.abs(out[0] / s - dist) < 1e-5, `distance ${out[0] / s} vs ${dist}`);
    assert.ok(Math.abs(out[1] / s - Math.sqrt(lam)) < 1e-5, `spread ${out[1] / s} vs ${Math.sqrt(lam)}`);
  }
  // the mid-plane query sees both faces equally: distance 0, spread 0.01
  const out = new Float32Array(3);
  writePlaneFeatures(hood, Float32Array.from([0, -0.02, 0]), [k], out, 3);
  assert.ok(out[0] < 1e-4 && Math.abs(out[1] / s - 0.01) < 1e-5, `${out[0]}, ${out[1] / s}`);
});
