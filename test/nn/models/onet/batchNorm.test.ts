import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../../src/nn/engine/Engine.ts';
import { Tape } from '../../../../src/nn/engine/Tape.ts';
import { batchNorm, affineColumns, foldBatchNorm } from '../../../../src/nn/ops/batchNorm.ts';
import { Random } from '../../../../src/geometry/Random.ts';
import { randArray, f32round, fdGradient, relErr } from '../../_fd.ts';

const e = await Engine.create();

test('batch norm forward on a 3×2 input matches hand-computed values; the statistics sink gets mean and unbiased variance', () => {
  // column 0: 1, 2, 6 → mean 3, deviations −2, −1, 3, biased variance 14/3, unbiased 7
  // column 1: 4, 4, 7 → mean 5, deviations −1, −1, 2, biased variance 2, unbiased 3
  const mean = e.parameter([2], 'bn.mean'), vr = e.parameter([2], 'bn.var'); // persistent: made before the mark
  const mark = e.mark();
  const tape = new Tape(e);
  const X2 = e.fromArray([3, 2], [1, 4, 2, 4, 6, 7]);
  const g2 = e.fromArray([1, 2], [2, -0.5]), b2 = e.fromArray([2], [0.25, 1]);
  mean.grad![0] = 10; // the sink accumulates on top of what is there
  const Y = batchNorm(tape, X2, g2, b2, false, { mean, var: vr });
  const s0 = Math.sqrt(14 / 3 + 1e-5), s1 = Math.sqrt(2 + 1e-5);
  const want = [2 * -2 / s0 + 0.25, -0.5 * -1 / s1 + 1, 2 * -1 / s0 + 0.25, -0.5 * -1 / s1 + 1, 2 * 3 / s0 + 0.25, -0.5 * 2 / s1 + 1];
  for (let i = 0; i < 6; i++) assert.ok(Math.abs(Y.data[i] - want[i]) < 1e-6, `y[${i}] = ${Y.data[i]}, want ${want[i]}`);
  assert.deepEqual(Array.from(mean.grad!), [13, 5]);
  assert.ok(Math.abs(vr.grad![0] - 7) < 1e-6 && Math.abs(vr.grad![1] - 3) < 1e-6, `unbiased variances ${Array.from(vr.grad!)}`);
  // fused ReLU clips the negative outputs only
  const R = batchNorm(new Tape(e, false), X2, g2, b2, true);
  for (let i = 0; i < 6; i++) assert.equal(R.data[i], Math.max(0, Y.data[i]));
  e.release(mark);
});

/** Y = act(γ·(X − μ)/√(σ² + ε) + β) in float64 from the definition. */
function bn64([X, g, b]: Float64Array[], M: number, C: number, relu: boolean): Float64Array {
  const Y = new Float64Array(M * C);
  for (let j = 0; j < C; j++) {
    let mu = 0;
    for (let m = 0; m < M; m++) mu += X[m * C + j];
    mu /= M;
    let v = 0;
    for (let m = 0; m < M; m++) v += (X[m * C + j] - mu) ** 2;
    v /= M;
    for (let m = 0; m < M; m++) {
      const y = g[j] * (X[m * C + j] - mu) / Math.sqrt(v + 1e-5) + b[j];
      Y[m * C + j] = relu ? Math.max(0, y) : y;
    }
  }
  return Y;
}

for (const relu of [false, true]) {
  for (const [M, C] of [[7, 5], [2, 3], [33, 9]]) {
    test(`batch norm ${M}×${C} relu=${relu}: forward and gradients (through the batch statistics) match float64 finite differences`, () => {
      const rng = new Random(M * 31 + C + (relu ? 1000 : 0));
      const X = f32round(randArray(rng, M * C, -2, 2)), g = f32round(randArray(rng, C, 0.5, 2)), b = f32round(randArray(rng, C, -0.5, 0.5));
      const seed = randArray(rng, M * C);
      const mark = e.mark();
      const tape = new Tape(e);
      const tX = e.fromArray([M, C], X, true), tg = e.fromArray([1, C], g, true), tb = e.fromArray([C], b, true);
      const Y = batchNorm(tape, tX, tg, tb, relu);
      const f = (ins: Float64Array[]) => bn64(ins, M, C, relu);
      assert.ok(relErr(Y.data, f([X, g, b]), 1) < 1e-5);
      tape.backward(Y, seed);
      const ins = [X, g, b];
      assert.ok(relErr(tX.grad!, fdGradient(f, ins, 0, seed)) < 1e-4, 'dX');
      assert.ok(relErr(tg.grad!, fdGradient(f, ins, 1, seed)) < 1e-4, 'dγ');
      assert.ok(relErr(tb.grad!, fdGradient(f, ins, 2, seed)) < 1e-4, 'dβ');
      e.release(mark);
    });
  }
}

test('grouped batch norm (G = 2) on a 4×2 input: statistics over all rows, each group its own γ, β (hand-computed); the sink gets G·mean and G·unbiased variance', () => {
  // column 0: 1, 3, 5, 7 → mean 4, deviations −3, −1, 1, 3, biased variance 5, unbiased 20/3
  // column 1: 2, 2, 2, 6 → mean 3, deviations −1, −1, −1, 3, biased variance 3, unbiased 4
  const mean = e.parameter([2], 'gbn.mean'), vr = e.parameter([2], 'gbn.var');
  const mark = e.mark();
  const X = e.fromArray([4, 2], [1, 2, 3, 2, 5, 2, 7, 6]);
  const g = e.fromArray([2, 2], [2, 1, -1, 0.5]), b = e.fromArray([2, 2], [0, 1, 0.5, -1]);
  const Y = batchNorm(new Tape(e), X, g, b, false, { mean, var: vr });
  const s0 = Math.sqrt(5 + 1e-5), s1 = Math.sqrt(3 + 1e-5);
  const want = [2 * -3 / s0, -1 / s1 + 1, 2 * -1 / s0, -1 / s1 + 1, -1 / s0 + 0.5, 0.5 * -1 / s1 - 1, -3 / s0 + 0.5, 0.5 * 3 / s1 - 1];
  for (let i = 0; i < 8; i++) assert.ok(Math.abs(Y.data[i] - want[i]) < 1e-6, `y[${i}] = ${Y.data[i]}, want ${want[i]}`);
  assert.deepEqual(Array.from(mean.grad!), [8, 6]);
  assert.ok(Math.abs(vr.grad![0] - 40 / 3) < 1e-5 && Math.abs(vr.grad![1] - 8) < 1e-6, `2 × unbiased variances: ${Array.from(vr.grad!)}`);
  // γ, β rows that do not divide the rows into equal groups are refused
  assert.throws(() => batchNorm(new Tape(e), X, e.fromArray([3, 2], [1, 1, 1, 1, 1, 1]), e.fromArray([3, 2], [0, 0, 0, 0, 0, 0])), /groups/);
  assert.throws(() => batchNorm(new Tape(e), X, g, e.fromArray([2], [0, 0])), /elements/);
  e.release(mark);
});

/** Grouped BN in float64 from the definition: statistics over all M rows, group g = ⌊m/(M/G)⌋ uses γ_g, β_g. */
function gbn64([X, g, b]: Float64Array[], M: number, C: number, G: number, relu: boolean): Float64Array {
  const Y = new Float64Array(M * C), R = M / G;
  for (let j = 0; j < C; j++) {
    let mu = 0;
    for (let m = 0; m < M; m++) mu += X[m * C + j];
    mu /= M;
    let v = 0;
    for (let m = 0; m < M; m++) v += (X[m * C + j] - mu) ** 2;
    v /= M;
    for (let m = 0; m < M; m++) {
      const k = Math.floor(m / R) * C + j;
      const y = g[k] * (X[m * C + j] - mu) / Math.sqrt(v + 1e-5) + b[k];
      Y[m * C + j] = relu ? Math.max(0, y) : y;
    }
  }
  return Y;
}

for (const relu of [false, true]) {
  for (const [G, R, C] of [[2, 4, 3], [3, 5, 4], [3, 1, 2]]) {
    test(`grouped batch norm G=${G} (${R} rows each) × ${C} relu=${relu}: forward and gradients match float64 finite differences`, () => {
      const M = G * R;
      const rng = new Random(G * 97 + R * 13 + C + (relu ? 500 : 0));
      const X = f32round(randArray(rng, M * C, -2, 2)), g = f32round(randArray(rng, G * C, -2, 2)), b = f32round(randArray(rng, G * C, -0.5, 0.5));
      const seed = randArray(rng, M * C);
      const mark = e.mark();
      const tape = new Tape(e);
      const tX = e.fromArray([M, C], X, true), tg = e.fromArray([G, C], g, true), tb = e.fromArray([G, C], b, true);
      const Y = batchNorm(tape, tX, tg, tb, relu);
      const f = (ins: Float64Array[]) => gbn64(ins, M, C, G, relu);
      assert.ok(relErr(Y.data, f([X, g, b]), 1) < 1e-5, 'forward');
      tape.backward(Y, seed);
      const ins = [X, g, b];
      assert.ok(relErr(tX.grad!, fdGradient(f, ins, 0, seed)) < 1e-4, `dX ${relErr(tX.grad!, fdGradient(f, ins, 0, seed))}`);
      assert.ok(relErr(tg.grad!, fdGradient(f, ins, 1, seed)) < 1e-4, 'dγ');
      assert.ok(relErr(tb.grad!, fdGradient(f, ins, 2, seed)) < 1e-4, 'dβ');
      e.release(mark);
    });
  }
}

test('inference batch norm: the folded per-column map equals γ(x − μ)/√(var + ε) + β, then ReLU', () => {
  const rng = new Random(5);
  const M = 6, C = 5;
  const X = f32round(randArray(rng, M * C, -2, 2)), g = randArray(rng, C), b = randArray(rng, C), mu = randArray(rng, C), v = randArray(rng, C, 0.1, 3);
  const { a, b: sh } = foldBatchNorm(g, b, mu, v);
  const mark = e.mark();
  const tX = e.fromArray([M, C], X), out = e.empty([M, C]);
  affineColumns(tX, a, sh, out);
  for (let m = 0; m < M; m++) for (let j = 0; j < C; j++) {
    const want = Math.max(0, g[j] * (X[m * C + j] - mu[j]) / Math.sqrt(v[j] + 1e-5) + b[j]);
    assert.ok(Math.abs(out.data[m * C + j] - want) < 1e-5 * (1 + Math.abs(want)));
  }
  e.release(mark);
});
