import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../../src/nn/engine/Engine.ts';
import { Tape } from '../../../../src/nn/engine/Tape.ts';
import { localRows, localBranch } from '../../../../src/nn/models/pcnnOcc/localBranch.ts';
import { CloudNeighbourhood } from '../../../../src/nn/pcnn/CloudNeighbourhood.ts';
import { Random } from '../../../../src/geometry/Random.ts';
import { randArray, f32round, fdGradient, relErr } from '../../_fd.ts';

const e = await Engine.create();

/**
 * The branch from its definition in float64: brute-force k nearest points (ties to the lower
 * index), offsets scaled by √N, two ReLU layers, max over the neighbours.
 */
function local64(input: Float32Array, queries: Float32Array, k: number, [W1, b1, W2, b2]: Float64Array[], c1: number, c2: number): Float64Array {
  const n = input.length / 3, Q = queries.length / 3, s = Math.sqrt(n);
  const out = new Float64Array(Q * c2).fill(-Infinity);
  for (let q = 0; q < Q; q++) {
    const order = Array.from({ length: n }, (_, i) => i).map((i) => {
      let d = 0;
      for (let a = 0; a < 3; a++) d += (input[3 * i + a] - queries[3 * q + a]) ** 2;
      return [d, i];
    }).sort((x, y) => x[0] - y[0] || x[1] - y[1]).slice(0, k);
    for (const [, i] of order) {
      const r = [0, 1, 2].map((a) => (input[3 * i + a] - queries[3 * q + a]) * s);
      r.push(Math.hypot(r[0], r[1], r[2]));
      const h1 = Array.from({ length: c1 }, (_, c) => Math.max(0, b1[c] + r.reduce((acc, v, j) => acc + v * W1[j * c1 + c], 0)));
      for (let c = 0; c < c2; c++) {
        const v = Math.max(0, b2[c] + h1.reduce((acc, v1, j) => acc + v1 * W2[j * c2 + c], 0));
        out[q * c2 + c] = Math.max(out[q * c2 + c], v);
      }
    }
  }
  return out;
}

test('local branch: rows hold the k nearest points, nearest first, in units of 1/√N', () => {
  // 4 points on the x axis at 0, 0.1, 0.3, 0.6 (N = 4: s = 2); query at 0.12
  const input = Float32Array.from([0, 0, 0, 0.1, 0, 0, 0.3, 0, 0, 0.6, 0, 0]);
  const m = e.mark();
  const rows = localRows(e, new CloudNeighbourhood(input), Float32Array.from([0.12, 0, 0]), 3);
  const r = Array.from(rows.rows.data, (v) => Math.round(v * 1e5) / 1e5);
  assert.deepEqual(r, [-0.04, 0, 0, 0.04, -0.24, 0, 0, 0.24, 0.36, 0, 0, 0.36]);
  assert.deepEqual(Array.from(rows.segment), [0, 0, 0]);
  assert.throws(() => localRows(e, new CloudNeighbourhood(input), Float32Array.from([0, 0, 0]), 5), /5 neighbours/);
  e.release(m);
});

test('local branch: forward and MLP gradients match the float64 definition and finite differences', () => {
  const rng = new Random(41);
  const n = 30, Q = 7, k = 5, c1 = 6, c2 = 4;
  const input = Float32Array.from(randArray(rng, 3 * n, -0.4, 0.4));
  const queries = Float32Array.from(randArray(rng, 3 * Q, -0.45, 0.45));
  // positive biases keep most units away from the ReLU kink, where differences are one-sided
  const ins = [f32round(randArray(rng, 4 * c1)), f32round(randArray(rng, c1, 0.1, 0.5)), f32round(randArray(rng, c1 * c2)), f32round(randArray(rng, c2, 0.1, 0.5))];
  const seed = randArray(rng, Q * c2);
  const mark = e.mark();
  const tape = new Tape(e);
  const params = [e.fromArray([4, c1], ins[0], true), e.fromArray([c1], ins[1], true), e.fromArray([c1, c2], ins[2], true), e.fromArray([c2], ins[3], true)];
  const rows = localRows(e, new CloudNeighbourhood(input), queries, k);
  const out = localBranch(tape, rows, [[params[0], params[1]], [params[2], params[3]]]);
  assert.deepEqual(out.shape, [Q, c2]);
  const f = (x: Float64Array[]) => local64(input, queries, k, x, c1, c2);
  assert.ok(relErr(out.data, f(ins), 1) < 1e-5, 'forward');
  tape.backward(out, seed);
  for (let i = 0; i < 4; i++) assert.ok(relErr(params[i].grad!, fdGradient(f, ins, i, seed)) < 1e-4, `gradient of parameter ${i}`);
  e.release(mark);
});
