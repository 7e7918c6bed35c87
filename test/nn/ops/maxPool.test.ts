import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../src/nn/engine/Engine.ts';
import { Tape } from '../../../src/nn/engine/Tape.ts';
import { maxPoolSegments, assignNearest } from '../../../src/nn/ops/maxPool.ts';
import { coarsen } from '../../../src/nn/pcnn/coarsen.ts';
import { Random } from '../../../src/geometry/Random.ts';
import { randArray, f32round, fdGradient, relErr } from '../_fd.ts';

const e = await Engine.create();

test('max-pool by segment: values and argmax-routed gradient match float64 finite differences', () => {
  const rng = new Random(21);
  const N = 15,
    C = 4,
    S = 5;
  const seg = new Int32Array(N);
  for (let i = 0; i < N; i++) seg[i] = i < 4 ? 0 : rng.int(S - 1); // segment 4 stays empty
  const F = f32round(randArray(rng, N * C));
  const f = ([x]: Float64Array[]) => {
    const y = new Float64Array(S * C).fill(-Infinity);
    for (let i = 0; i < N; i++) for (let c = 0; c < C; c++) y[seg[i] * C + c] = Math.max(y[seg[i] * C + c], x[i * C + c]);
    return y.map((v) => (v === -Infinity ? 0 : v));
  };
  const seed = randArray(rng, S * C);
  const mark = e.mark();
  const tape = new Tape(e);
  const tF = e.fromArray([N, C], F, true);
  const out = maxPoolSegments(tape, tF, seg, S);
  assert.deepEqual(Array.from(out.data), Array.from(f([F]), Math.fround));
  for (let c = 0; c < C; c++) assert.equal(out.data[4 * C + c], 0);
  tape.backward(out, seed);
  assert.ok(relErr(tF.grad!, fdGradient(f, [F], 0, seed)) < 1e-6);
  e.release(mark);
});

test('assignNearest and coarsen: each fine point goes to its nearest FPS centre, centres to themselves', () => {
  const rng = new Random(22);
  const pts = Float32Array.from(randArray(rng, 3 * 50));
  const lvl = coarsen(pts, 12);
  assert.equal(lvl.indices.length, 12);
  for (let s = 0; s < 12; s++) assert.equal(lvl.segment[lvl.indices[s]], s);
  const seg = assignNearest(pts, lvl.points);
  assert.deepEqual(seg, lvl.segment);
  for (let i = 0; i < 50; i++) {
    const d = (s: number) =>
      Math.hypot(pts[3 * i] - lvl.points[3 * s], pts[3 * i + 1] - lvl.points[3 * s + 1], pts[3 * i + 2] - lvl.points[3 * s + 2]);
    for (let s = 0; s < 12; s++) assert.ok(d(seg[i]) <= d(s));
  }
});
