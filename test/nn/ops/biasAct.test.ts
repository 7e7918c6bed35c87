import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../src/nn/engine/Engine.ts';
import { Tape } from '../../../src/nn/engine/Tape.ts';
import { biasAct } from '../../../src/nn/ops/biasAct.ts';
import { Random } from '../../../src/geometry/Random.ts';
import { randArray, f32round, fdGradient, relErr } from '../_fd.ts';

const e = await Engine.create();

for (const relu of [false, true]) {
  test(`biasAct relu=${relu}: gradients match float64 finite differences`, () => {
    const rng = new Random(relu ? 2 : 1);
    const M = 7,
      K = 5;
    const X = f32round(randArray(rng, M * K)),
      b = f32round(randArray(rng, K, -0.3, 0.3)),
      seed = randArray(rng, M * K);
    const f = ([x, bb]: Float64Array[]) => {
      const y = new Float64Array(M * K);
      for (let m = 0; m < M; m++)
        for (let k = 0; k < K; k++) {
          const v = x[m * K + k] + bb[k];
          y[m * K + k] = relu ? Math.max(0, v) : v;
        }
      return y;
    };
    const mark = e.mark();
    const tape = new Tape(e);
    const tX = e.fromArray([M, K], X, true),
      tb = e.fromArray([K], b, true);
    const Y = biasAct(tape, tX, tb, relu);
    assert.ok(relErr(Y.data, f([X, b]), 1) < 1e-6);
    tape.backward(Y, seed);
    assert.ok(relErr(tX.grad!, fdGradient(f, [X, b], 0, seed)) < 1e-5);
    assert.ok(relErr(tb.grad!, fdGradient(f, [X, b], 1, seed)) < 1e-5);
    e.release(mark);
  });
}
