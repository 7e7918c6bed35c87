// The closed-form PCNN convolution (pcnnField + sparseGather over a restriction plan) against a
// brute-force float64 evaluation of the formula in docs/design.md §4, written out directly here:
//   f̃_i = F_i / Σ_j exp(−|x_i − x_j|²/(2σ²))
//   out(y) = Σ_i Σ_{a,b,c ∈ {−1,0,1}} exp(−|y − x_i − 2σ(a,b,c)|²/(4σ²)) · f̃_i · W[9(a+1)+3(b+1)+(c+1)]
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../src/nn/engine/Engine.ts';
import { Tape } from '../../../src/nn/engine/Tape.ts';
import { PcnnLevel } from '../../../src/nn/pcnn/PcnnLevel.ts';
import { pcnnField } from '../../../src/nn/pcnn/pcnnField.ts';
import { sparseGather } from '../../../src/nn/ops/sparseGather.ts';
import { buildRestrictionPlan } from '../../../src/nn/pcnn/restrictionPlan.ts';
import { Random } from '../../../src/geometry/Random.ts';
import { randArray, f32round, fdGradient, relErr } from '../_fd.ts';
import { spherePoints } from '../../helpers/sphere.ts';

const e = await Engine.create();

function bruteConv(
  X: Float64Array,
  F: Float64Array,
  W: Float64Array,
  Y: ArrayLike<number>,
  sigma: number,
  J: number,
  K: number,
): Float64Array {
  const N = X.length / 3,
    Q = Y.length / 3;
  const Ft = new Float64Array(N * J);
  for (let i = 0; i < N; i++) {
    let d = 0;
    for (let j = 0; j < N; j++) {
      const dx = X[3 * i] - X[3 * j],
        dy = X[3 * i + 1] - X[3 * j + 1],
        dz = X[3 * i + 2] - X[3 * j + 2];
      d += Math.exp(-(dx * dx + dy * dy + dz * dz) / (2 * sigma * sigma));
    }
    for (let c = 0; c < J; c++) Ft[i * J + c] = F[i * J + c] / d;
  }
  const out = new Float64Array(Q * K);
  for (let q = 0; q < Q; q++)
    for (let i = 0; i < N; i++) {
      for (let a = -1; a <= 1; a++)
        for (let b = -1; b <= 1; b++)
          for (let c = -1; c <= 1; c++) {
            const l = 9 * (a + 1) + 3 * (b + 1) + (c + 1);
            const dx = Y[3 * q] - X[3 * i] - 2 * sigma * a,
              dy = Y[3 * q + 1] - X[3 * i + 1] - 2 * sigma * b,
              dz = Y[3 * q + 2] - X[3 * i + 2] - 2 * sigma * c;
            const g = Math.exp(-(dx * dx + dy * dy + dz * dz) / (4 * sigma * sigma));
            for (let k = 0; k < K; k++) {
              let s = 0;
              for (let j = 0; j < J; j++) s += Ft[i * J + j] * W[(l * J + j) * K + k];
              out[q * K + k] += g * s;
            }
          }
    }
  return out;
}

/** Points near a sphere of radius 0.4 (a surface-like cloud in the unit cube), with noise. */
function surfaceCloud(rng: Random, n: number): Float64Array {
  return Float64Array.from(spherePoints(n, 0.4, rng, { noise: 0.005 })); // float32 values, held as float64
}

function offsets(rng: Random, base: Float64Array, count: number, std: number): Float64Array {
  const q = new Float64Array(3 * count);
  for (let t = 0; t < count; t++) {
    const i = rng.int(base.length / 3);
    for (let a = 0; a < 3; a++) q[3 * t + a] = base[3 * i + a] + rng.normal(0, std);
  }
  return f32round(q);
}

test('untruncated closed form equals the brute-force formula', () => {
  const rng = new Random(11);
  const N = 24,
    J = 3,
    K = 5,
    sigma = 0.5 / Math.sqrt(N);
  const X = surfaceCloud(rng, N),
    F = f32round(randArray(rng, N * J)),
    W = f32round(randArray(rng, 27 * J * K));
  const Y = offsets(rng, X, 17, 0.05);
  const mark = e.mark();
  const tape = new Tape(e, false);
  const level = new PcnnLevel(e, X, sigma);
  const H = pcnnField(tape, e.fromArray([N, J], F), e.fromArray([27, J, K], W), level);
  const out = sparseGather(tape, H, buildRestrictionPlan(e, level, Y, Infinity));
  const ref = bruteConv(X, F, W, Y, sigma, J, K);
  assert.ok(relErr(out.data, ref, 1e-6) < 1e-5, `rel err ${relErr(out.data, ref, 1e-6)}`);
  e.release(mark);
});

test('dual restriction: gradients w.r.t. F and W match float64 finite differences of the formula', () => {
  const rng = new Random(12);
  const N = 10,
    J = 2,
    K = 3,
    sigma = 0.12;
  const X = surfaceCloud(rng, N),
    F = f32round(randArray(rng, N * J)),
    W = f32round(randArray(rng, 27 * J * K));
  const Yp = X,
    Yq = offsets(rng, X, 7, 0.05);
  const Qp = N,
    Qq = 7;
  const seed = randArray(rng, (Qp + Qq) * K);
  // the loss reads both restrictions: seed · [out_P ; out_Q]
  const f = ([FF, WW]: Float64Array[]) => {
    const a = bruteConv(X, FF, WW, Yp, sigma, J, K),
      b = bruteConv(X, FF, WW, Yq, sigma, J, K);
    const y = new Float64Array(a.length + b.length);
    y.set(a);
    y.set(b, a.length);
    return y;
  };
  const mark = e.mark();
  const tape = new Tape(e);
  const level = new PcnnLevel(e, X, sigma);
  const tF = e.fromArray([N, J], F, true),
    tW = e.fromArray([27, J, K], W, true);
  const H = pcnnField(tape, tF, tW, level);
  const outP = sparseGather(tape, H, buildRestrictionPlan(e, level, Yp, Infinity));
  const outQ = sparseGather(tape, H, buildRestrictionPlan(e, level, Yq, Infinity));
  tape.backwardMany([
    [outP, seed.subarray(0, Qp * K)],
    [outQ, seed.subarray(Qp * K)],
  ]);
  assert.ok(relErr(tF.grad!, fdGradient(f, [F, W], 0, seed)) < 1e-4, 'dF');
  assert.ok(relErr(tW.grad!, fdGradient(f, [F, W], 1, seed)) < 1e-4, 'dW');
  e.release(mark);
});

/** P(|z| > x) for z ~ N(0, I₃) (chi distribution with 3 degrees of freedom). */
function chi3Tail(x: number): number {
  const phi = Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
  return 2 * x * phi + erfc(x / Math.SQRT2);
}
function erfc(x: number): number {
  // Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7), x ≥ 0
  const t = 1 / (1 + 0.3275911 * x);
  return t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
}

test('truncated restriction: relative error vs the untruncated sum shrinks with the radius and stays under the Gaussian-tail bound', () => {
  // Restriction Gaussian exp(−r²/(4σ²)) has std √2·σ per axis; cutting it at τσ drops the mass
  // fraction P(χ₃ > τ/√2) of a Gaussian in a locally uniform field of centres — the bound used here.
  const rng = new Random(13);
  const N = 200,
    J = 4,
    K = 4,
    sigma = 0.5 / Math.sqrt(N);
  const X = surfaceCloud(rng, N),
    Y = offsets(rng, X, 300, 0.02);
  const F = f32round(randArray(rng, N * J, 0, 1)),
    W = f32round(randArray(rng, 27 * J * K));
  const mark = e.mark();
  const tape = new Tape(e, false);
  const level = new PcnnLevel(e, X, sigma);
  const H = pcnnField(tape, e.fromArray([N, J], F), e.fromArray([27, J, K], W), level);
  const full = sparseGather(tape, H, buildRestrictionPlan(e, level, Y, Infinity)).toArray();
  let prev = Infinity;
  for (const tau of [3, 4, 5, 6]) {
    const o = sparseGather(tape, H, buildRestrictionPlan(e, level, Y, tau)).data;
    let d = 0,
      n = 0;
    for (let i = 0; i < o.length; i++) {
      d += (o[i] - full[i]) ** 2;
      n += full[i] ** 2;
    }
    const err = Math.sqrt(d / n);
    assert.ok(err < chi3Tail(tau / Math.SQRT2), `τ=${tau}: error ${err} above the tail bound ${chi3Tail(tau / Math.SQRT2)}`);
    assert.ok(err < prev, 'error must decrease with the radius');
    prev = err;
  }
  e.release(mark);
});

test('permuting the source points leaves the restriction to fixed targets unchanged', () => {
  const rng = new Random(14);
  const N = 60,
    J = 3,
    K = 4,
    sigma = 0.5 / Math.sqrt(N);
  const X = surfaceCloud(rng, N),
    F = f32round(randArray(rng, N * J)),
    W = f32round(randArray(rng, 27 * J * K));
  const Y = offsets(rng, X, 40, 0.03);
  const perm = new Int32Array(N);
  for (let i = 0; i < N; i++) perm[i] = i;
  rng.shuffle(perm);
  const Xp = new Float64Array(3 * N),
    Fp = new Float64Array(N * J);
  for (let i = 0; i < N; i++) {
    for (let a = 0; a < 3; a++) Xp[3 * i + a] = X[3 * perm[i] + a];
    for (let j = 0; j < J; j++) Fp[i * J + j] = F[perm[i] * J + j];
  }
  const run = (XX: Float64Array, FF: Float64Array) => {
    const tape = new Tape(e, false);
    const level = new PcnnLevel(e, XX, sigma);
    const H = pcnnField(tape, e.fromArray([N, J], FF), e.fromArray([27, J, K], W), level);
    return sparseGather(tape, H, buildRestrictionPlan(e, level, Y, 3)).toArray();
  };
  const mark = e.mark();
  const a = run(X, F),
    b = run(Xp, Fp);
  assert.ok(relErr(b, a, 1e-6) < 1e-5);
  // and the output is not trivially zero
  assert.ok(a.some((v) => Math.abs(v) > 1e-3));
  e.release(mark);
});

test('restriction plan holds exactly the centres within truncation·σ, with weight exp(−d²/(4σ²))', () => {
  const rng = new Random(15);
  const N = 30,
    sigma = 0.07,
    tau = 2.5;
  const X = surfaceCloud(rng, N),
    Y = offsets(rng, X, 25, 0.05);
  const mark = e.mark();
  const level = new PcnnLevel(e, X, sigma);
  const plan = buildRestrictionPlan(e, level, Y, tau);
  const { rowPtr, col, val } = plan.csr;
  for (let q = 0; q < 25; q++) {
    const want = new Map<number, number>();
    for (let i = 0; i < N; i++)
      for (let a = -1; a <= 1; a++)
        for (let b = -1; b <= 1; b++)
          for (let c = -1; c <= 1; c++) {
            const dx = Y[3 * q] - Math.fround(X[3 * i] + 2 * sigma * a),
              dy = Y[3 * q + 1] - Math.fround(X[3 * i + 1] + 2 * sigma * b),
              dz = Y[3 * q + 2] - Math.fround(X[3 * i + 2] + 2 * sigma * c);
            const d2 = dx * dx + dy * dy + dz * dz;
            if (d2 < (tau * sigma) ** 2) want.set(27 * i + 9 * (a + 1) + 3 * (b + 1) + (c + 1), Math.exp(-d2 / (4 * sigma * sigma)));
          }
    assert.equal(rowPtr[q + 1] - rowPtr[q], want.size, `row ${q}`);
    for (let n = rowPtr[q]; n < rowPtr[q + 1]; n++) {
      assert.ok(want.has(col[n]));
      assert.ok(Math.abs(val[n] - want.get(col[n])!) < 1e-6);
    }
  }
  e.release(mark);
});
