import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../src/nn/engine/Engine.ts';
import { Tape } from '../../../src/nn/engine/Tape.ts';
import { linear } from '../../../src/nn/ops/linear.ts';
import { concat } from '../../../src/nn/ops/concat.ts';
import { Random } from '../../../src/geometry/Random.ts';
import { randArray, f32round, fdGradient, relErr } from '../_fd.ts';

const e = await Engine.create();

/** Y = act(X·W + b) in float64, straight from the definition. */
function linear64([X, W, b]: Float64Array[], M: number, J: number, K: number, relu: boolean): Float64Array {
  const Y = new Float64Array(M * K);
  for (let m = 0; m < M; m++)
    for (let k = 0; k < K; k++) {
      let s = b[k];
      for (let j = 0; j < J; j++) s += X[m * J + j] * W[j * K + k];
      Y[m * K + k] = relu ? Math.max(0, s) : s;
    }
  return Y;
}

for (const relu of [false, true]) {
  for (const [M, J, K] of [
    [5, 3, 7],
    [9, 12, 2],
    [1, 1, 1],
    [6, 17, 9],
  ]) {
    test(`linear ${M}x${J}→${K} relu=${relu}: forward and gradients match float64 finite differences`, () => {
      const rng = new Random(M * 100 + J * 10 + K + (relu ? 1 : 0));
      const X = f32round(randArray(rng, M * J)),
        W = f32round(randArray(rng, J * K)),
        b = f32round(randArray(rng, K, -0.5, 0.5));
      const seed = randArray(rng, M * K);
      const mark = e.mark();
      const tape = new Tape(e);
      const tX = e.fromArray([M, J], X, true),
        tW = e.fromArray([J, K], W, true),
        tb = e.fromArray([K], b, true);
      const Y = linear(tape, tX, tW, tb, relu);
      const ref = linear64([X, W, b], M, J, K, relu);
      assert.ok(relErr(Y.data, ref, 1) < 1e-6);
      tape.backward(Y, seed);
      const f = (ins: Float64Array[]) => linear64(ins, M, J, K, relu);
      const ins = [X, W, b];
      assert.ok(relErr(tX.grad!, fdGradient(f, ins, 0, seed)) < 1e-4, 'dX');
      assert.ok(relErr(tW.grad!, fdGradient(f, ins, 1, seed)) < 1e-4, 'dW');
      assert.ok(relErr(tb.grad!, fdGradient(f, ins, 2, seed)) < 1e-4, 'db');
      e.release(mark);
    });
  }
}

test('a tensor used by two ops receives the sum of both gradients; constants get none', () => {
  const rng = new Random(3);
  const M = 4,
    J = 5,
    K = 6;
  const X = f32round(randArray(rng, M * J)),
    W = f32round(randArray(rng, J * K));
  const mark = e.mark();
  const tape = new Tape(e);
  const tX = e.fromArray([M, J], X, false),
    tW = e.fromArray([J, K], W, true);
  const Y = concat(tape, [linear(tape, tX, tW, null), linear(tape, tX, tW, null)]);
  const seed = randArray(rng, M * 2 * K);
  tape.backward(Y, seed);
  assert.equal(tX.grad, undefined);
  // dW = Xᵀ·(seed₁ + seed₂), computed directly.
  const ref = new Float64Array(J * K);
  for (let m = 0; m < M; m++)
    for (let j = 0; j < J; j++)
      for (let k = 0; k < K; k++) {
        ref[j * K + k] += X[m * J + j] * (seed[m * 2 * K + k] + seed[m * 2 * K + K + k]);
      }
  assert.ok(relErr(tW.grad!, ref) < 1e-5);
  e.release(mark);
});

test('inference tape records nothing', () => {
  const mark = e.mark();
  const tape = new Tape(e, false);
  const X = e.fromArray([2, 2], [1, 2, 3, 4], true),
    W = e.fromArray([2, 1], [1, -1], true);
  const Y = linear(tape, X, W, null, true);
  assert.deepEqual(Array.from(Y.data), [0, 0]);
  assert.equal(tape.length, 0);
  e.release(mark);
});
