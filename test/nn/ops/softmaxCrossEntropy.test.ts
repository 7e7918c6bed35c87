import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../src/nn/engine/Engine.ts';
import { Tape } from '../../../src/nn/engine/Tape.ts';
import { softmaxCrossEntropy, probability, sigmoid } from '../../../src/nn/ops/softmaxCrossEntropy.ts';
import { Random } from '../../../src/geometry/Random.ts';
import { randArray, f32round, fdGradient, relErr } from '../_fd.ts';

const e = await Engine.create();

test('2-class cross-entropy: value and gradient match float64 finite differences', () => {
  const rng = new Random(41);
  const Q = 13;
  const z = f32round(randArray(rng, Q * 2, -4, 4));
  const labels = Array.from({ length: Q }, () => rng.int(2));
  const f = ([x]: Float64Array[]) => {
    let s = 0;
    for (let q = 0; q < Q; q++) {
      const p1 = Math.exp(x[2 * q + 1]) / (Math.exp(x[2 * q]) + Math.exp(x[2 * q + 1]));
      s -= Math.log(labels[q] ? p1 : 1 - p1);
    }
    return [s / Q];
  };
  const mark = e.mark();
  const tape = new Tape(e);
  const tz = e.fromArray([Q, 2], z, true);
  const loss = softmaxCrossEntropy(tape, tz, labels);
  assert.ok(Math.abs(loss.data[0] - f([z])[0]) < 1e-6);
  tape.backward(loss);
  assert.ok(relErr(tz.grad!, fdGradient(f, [z], 0, [1])) < 1e-5);
  e.release(mark);
});

test('cross-entropy is stable for huge logits; probability = softmax class 1', () => {
  const mark = e.mark();
  const tape = new Tape(e);
  const tz = e.fromArray([2, 2], [1000, -1000, -1000, 1000], true);
  const loss = softmaxCrossEntropy(tape, tz, [1, 1]);
  assert.ok(Math.abs(loss.data[0] - 1000) < 1e-3); // (2000 + 0)/2
  tape.backward(loss);
  assert.deepEqual(Array.from(tz.grad!), [0.5, -0.5, 0, 0]);
  const p = probability([0, 0, 0, Math.log(3), 800, -800]);
  assert.ok(Math.abs(p[0] - 0.5) < 1e-7 && Math.abs(p[1] - 0.75) < 1e-7 && p[2] === 0);
  assert.equal(sigmoid(-1000), 0);
  assert.equal(sigmoid(1000), 1);
  e.release(mark);
});
