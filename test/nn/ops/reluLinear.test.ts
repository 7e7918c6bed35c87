import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../src/nn/engine/Engine.ts';
import { Tape } from '../../../src/nn/engine/Tape.ts';
import { reluLinear } from '../../../src/nn/ops/reluLinear.ts';
import { Random } from '../../../src/geometry/Random.ts';
import { randArray, f32round, fdGradient, relErr } from '../_fd.ts';

const e = await Engine.create();

/** Y = act(relu(P)·W + b) in float64, straight from the definition. */
function reluLinear64([P, W, b]: Float64Array[], M: number, J: number, K: number, relu: boolean): Float64Array {
  const Y = new Float64Array(M * K);
  for (let m = 0; m < M; m++)
    for (let k = 0; k < K; k++) {
      let s = b[k];
      for (let j = 0; j < J; j++) s += Math.max(0, P[m * J + j]) * W[j * K + k];
      Y[m * K + k] = relu ? Math.max(0, s) : s;
    }
  return Y;
}

/** Uniform in [-1, 1] but at least 0.05 from 0, so no finite-difference step crosses the input ReLU's kink. */
function awayFromZero(rng: Random, n: number): Float64Array {
  const a = randArray(rng, n);
  for (let i = 0; i < n; i++) if (Math.abs(a[i]) < 0.05) a[i] = a[i] < 0 ? -0.05 - rng.uniform(0, 0.5) : 0.05 + rng.uniform(0, 0.5);
  return a;
}

for (const relu of [false, true]) {
  for (const [M, J, K] of [
    [5, 3, 7],
    [9, 12, 2],
    [1, 1, 1],
    [6, 17, 9],
    [7, 40, 19],
  ]) {
    test(`reluLinear ${M}x${J}→${K} relu=${relu}: forward and gradients match float64 finite differences`, () => {
      const rng = new Random(M * 100 + J * 10 + K + (relu ? 1 : 0));
      const P = f32round(awayFromZero(rng, M * J)),
        W = f32round(randArray(rng, J * K)),
        b = f32round(randArray(rng, K, -0.5, 0.5));
      const seed = randArray(rng, M * K);
      const mark = e.mark();
      const tape = new Tape(e);
      const tP = e.fromArray([M, J], P, true),
        tW = e.fromArray([J, K], W, true),
        tb = e.fromArray([K], b, true);
      const Y = reluLinear(tape, tP, tW, tb, relu);
      const ref = reluLinear64([P, W, b], M, J, K, relu);
      assert.ok(relErr(Y.data, ref, 1) < 1e-6, 'forward');
      tape.backward(Y, seed);
      const f = (ins: Float64Array[]) => reluLinear64(ins, M, J, K, relu);
      const ins = [P, W, b];
      assert.ok(relErr(tP.grad!, fdGradient(f, ins, 0, seed)) < 1e-4, 'dP');
      assert.ok(relErr(tW.grad!, fdGradient(f, ins, 1, seed)) < 1e-4, 'dW');
      assert.ok(relErr(tb.grad!, fdGradient(f, ins, 2, seed)) < 1e-4, 'db');
      e.release(mark);
    });
  }
}

test('reluLinear: all-negative rows (no entries) give the bias and zero input gradient; gradients accumulate over two uses', () => {
  const mark = e.mark();
  const tape = new Tape(e);
  // row 0 all ≤ 0, row 1 = [2, -1, 3]; W = [[1, 2], [3, 4], [5, 6]], b = [0.5, -0.5]
  const P = e.fromArray([2, 3], [-1, 0, -2, 2, -1, 3], true),
    W = e.fromArray([3, 2], [1, 2, 3, 4, 5, 6], true),
    b = e.fromArray([2], [0.5, -0.5], true);
  const Y1 = reluLinear(tape, P, W, b),
    Y2 = reluLinear(tape, P, W, b);
  assert.deepEqual(Array.from(Y1.data), [0.5, -0.5, 2 + 15 + 0.5, 4 + 18 - 0.5]);
  tape.backwardMany([
    [Y1, [1, 1, 1, 0]],
    [Y2, [0, 0, 0, 1]],
  ]);
  // dP: row 0 has no entry → 0; row 1 = (seed row [1, 0] + seed row [0, 1])·Wᵀ = W[j,0] + W[j,1] where P > 0 (j = 0, 2)
  assert.deepEqual(Array.from(P.grad!), [0, 0, 0, 1 + 2, 0, 5 + 6]);
  // dW = relu(P)ᵀ·(seed1 + seed2) over row 1: relu(P)[1] = [2, 0, 3], seed sum row 1 = [1, 1]
  assert.deepEqual(Array.from(W.grad!), [2, 2, 0, 0, 3, 3]);
  assert.deepEqual(Array.from(b.grad!), [2, 2]);
  e.release(mark);
});
