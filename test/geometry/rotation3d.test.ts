import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axisAngleMatrix, randomRotation, rotatePoints } from '../../src/geometry/rotation3d.ts';
import { Random } from '../../src/geometry/Random.ts';

const det3 = (R: Float64Array): number =>
  R[0] * (R[4] * R[8] - R[5] * R[7]) - R[1] * (R[3] * R[8] - R[5] * R[6]) + R[2] * (R[3] * R[7] - R[4] * R[6]);

test('axisAngleMatrix: 90° about z takes x to y (right-handed); the inverse undoes it', () => {
  const R = axisAngleMatrix([0, 0, 2], 90);
  const p = rotatePoints(new Float32Array([1, 0, 0, 0, 1, 0]), R);
  assert.deepEqual(
    [...p].map((v) => Math.round(v * 1e6) / 1e6 + 0),
    [0, 1, 0, -1, 0, 0],
  );
  const back = rotatePoints(p, R, true);
  assert.ok(Math.abs(back[0] - 1) < 1e-6 && Math.abs(back[4] - 1) < 1e-6);
});

test('randomRotation: orthonormal with determinant +1; entries distributed as under the Haar measure', () => {
  const rng = new Random(5);
  const n = 4000;
  const mean = new Float64Array(9),
    sq = new Float64Array(9);
  let trace = 0;
  for (let t = 0; t < n; t++) {
    const R = randomRotation(rng);
    // RᵀR = I
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += R[3 * k + i] * R[3 * k + j];
        assert.ok(Math.abs(s - (i === j ? 1 : 0)) < 1e-12);
      }
    assert.ok(Math.abs(det3(R) - 1) < 1e-12);
    for (let k = 0; k < 9; k++) {
      mean[k] += R[k] / n;
      sq[k] += (R[k] * R[k]) / n;
    }
    trace += (R[0] + R[4] + R[8]) / n;
  }
  // Haar: every entry has mean 0 and second moment 1/3 (each column is uniform on the sphere);
  // the trace 1 + 2cos θ has mean 0 (E[cos θ] = −1/2 for the Haar angle density (1 − cos θ)/π).
  // Sampling errors at n = 4000: sd of a mean ≈ 0.58/√n ≈ 0.009, of a second moment ≈ 0.3/√n ≈ 0.005.
  for (let k = 0; k < 9; k++) {
    assert.ok(Math.abs(mean[k]) < 0.04, `mean of entry ${k}: ${mean[k]}`);
    assert.ok(Math.abs(sq[k] - 1 / 3) < 0.02, `second moment of entry ${k}: ${sq[k]}`);
  }
  assert.ok(Math.abs(trace) < 0.05, `mean trace ${trace}`);
});
