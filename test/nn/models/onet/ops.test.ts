import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../../src/nn/engine/Engine.ts';
import { Tape } from '../../../../src/nn/engine/Tape.ts';
import { add } from '../../../../src/nn/ops/add.ts';
import { broadcastRows } from '../../../../src/nn/ops/broadcastRows.ts';
import { Random } from '../../../../src/geometry/Random.ts';
import { randArray, f32round, fdGradient, relErr } from '../../_fd.ts';

const e = await Engine.create();

test('add: values and gradients match float64 finite differences; a tensor added to itself gets twice the gradient', () => {
  const rng = new Random(1);
  const n = 23;
  const A = f32round(randArray(rng, n)), B = f32round(randArray(rng, n)), seed = randArray(rng, n);
  const mark = e.mark();
  const tape = new Tape(e);
  const tA = e.fromArray([n], A, true), tB = e.fromArray([n], B, true);
  const Y = add(tape, tA, tB);
  const f = ([a, b]: Float64Array[]) => a.map((v, i) => v + b[i]);
  assert.deepEqual(Array.from(Y.data), Array.from(f([A, B]), Math.fround));
  tape.backward(Y, seed);
  assert.ok(relErr(tA.grad!, fdGradient(f, [A, B], 0, seed)) < 1e-6);
  assert.ok(relErr(tB.grad!, fdGradient(f, [A, B], 1, seed)) < 1e-6);
  const t2 = new Tape(e);
  const tC = e.fromArray([n], A, true);
  t2.backward(add(t2, tC, tC), seed);
  for (let i = 0; i < n; i++) assert.equal(tC.grad![i], Math.fround(2 * Math.fround(seed[i])));
  e.release(mark);
});

test('broadcastRows: every row equals the vector; the gradient is the column sum (finite differences)', () => {
  const rng = new Random(2);
  for (const [M, C] of [[5, 3], [1, 17], [9, 21]]) {
    const v = f32round(randArray(rng, C)), seed = randArray(rng, M * C);
    const mark = e.mark();
    const tape = new Tape(e);
    const tv = e.fromArray([1, C], v, true);
    const Y = broadcastRows(tape, tv, M);
    assert.deepEqual(Y.shape, [M, C]);
    const f = ([x]: Float64Array[]) => { const o = new Float64Array(M * C); for (let m = 0; m < M; m++) for (let j = 0; j < C; j++) o[m * C + j] = x[j]; return o; };
    assert.deepEqual(Array.from(Y.data), Array.from(f([v])));
    tape.backward(Y, seed);
    assert.ok(relErr(tv.grad!, fdGradient(f, [v], 0, seed)) < 1e-5);
    e.release(mark);
  }
});

test('broadcastRows with groups: row g of v fills its M output rows; the gradient is each group\'s column sum (finite differences)', () => {
  const rng = new Random(3);
  for (const [G, M, C] of [[2, 3, 4], [3, 1, 5], [4, 6, 2]]) {
    const v = f32round(randArray(rng, G * C)), seed = randArray(rng, G * M * C);
    const mark = e.mark();
    const tape = new Tape(e);
    const tv = e.fromArray([G, C], v, true);
    const Y = broadcastRows(tape, tv, M, G);
    assert.deepEqual(Y.shape, [G * M, C]);
    const f = ([x]: Float64Array[]) => {
      const o = new Float64Array(G * M * C);
      for (let r = 0; r < G * M; r++) for (let j = 0; j < C; j++) o[r * C + j] = x[Math.floor(r / M) * C + j];
      return o;
    };
    assert.deepEqual(Array.from(Y.data), Array.from(f([v])));
    tape.backward(Y, seed);
    assert.ok(relErr(tv.grad!, fdGradient(f, [v], 0, seed)) < 1e-5);
    e.release(mark);
  }
  const mark = e.mark();
  assert.throws(() => broadcastRows(new Tape(e, false), e.fromArray([5], [1, 2, 3, 4, 5]), 2, 2), /split/);
  e.release(mark);
});
