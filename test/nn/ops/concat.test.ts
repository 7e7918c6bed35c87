import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../src/nn/engine/Engine.ts';
import { Tape } from '../../../src/nn/engine/Tape.ts';
import { concat } from '../../../src/nn/ops/concat.ts';
import { biasAct } from '../../../src/nn/ops/biasAct.ts';
import { Random } from '../../../src/geometry/Random.ts';
import { randArray, f32round, fdGradient, relErr } from '../_fd.ts';

const e = await Engine.create();

test('concat places columns side by side and routes gradients back (incl. a repeated part)', () => {
  const rng = new Random(5);
  const M = 5,
    c = [3, 1, 6];
  const A = c.map((n) => f32round(randArray(rng, M * n)));
  const total = 3 + 1 + 6 + 3;
  const f = (ins: Float64Array[]) => {
    const parts = [ins[0], ins[1], ins[2], ins[0]],
      cols = [3, 1, 6, 3];
    const y = new Float64Array(M * total);
    for (let m = 0; m < M; m++) {
      let o = 0;
      parts.forEach((p, k) => {
        for (let j = 0; j < cols[k]; j++) y[m * total + o + j] = p[m * cols[k] + j];
        o += cols[k];
      });
    }
    return y;
  };
  const seed = randArray(rng, M * total);
  const mark = e.mark();
  const tape = new Tape(e);
  const t = A.map((a, k) => e.fromArray([M, c[k]], a, true));
  // the identity biasAct makes the repeated part's gradient arrive through two different ops
  const Y = concat(tape, [t[0], t[1], t[2], biasAct(tape, t[0], null, false)]);
  assert.deepEqual(Array.from(Y.data), Array.from(f(A), Math.fround));
  tape.backward(Y, seed);
  for (let k = 0; k < 3; k++) assert.ok(relErr(t[k].grad!, fdGradient(f, A, k, seed)) < 1e-6, `part ${k}`);
  e.release(mark);
});
