import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../src/nn/engine/Engine.ts';
import { Tape } from '../../../src/nn/engine/Tape.ts';
import { buildInterpolationPlan, interpolationCsr } from '../../../src/nn/pcnn/interpolationPlan.ts';
import { sparseGather } from '../../../src/nn/ops/sparseGather.ts';
import { Random } from '../../../src/geometry/Random.ts';
import { randArray, f32round, fdGradient, relErr } from '../_fd.ts';

const e = await Engine.create();

/** Normalised Gaussian interpolation in float64, from the definition. */
function interp64(src: Float64Array, F: Float64Array, tgt: Float64Array, sigma: number, C: number): Float64Array {
  const ns = src.length / 3,
    nt = tgt.length / 3;
  const out = new Float64Array(nt * C);
  for (let t = 0; t < nt; t++) {
    let z = 0;
    const acc = new Float64Array(C);
    for (let i = 0; i < ns; i++) {
      const d2 = (tgt[3 * t] - src[3 * i]) ** 2 + (tgt[3 * t + 1] - src[3 * i + 1]) ** 2 + (tgt[3 * t + 2] - src[3 * i + 2]) ** 2;
      const g = Math.exp(-d2 / (2 * sigma * sigma));
      z += g;
      for (let c = 0; c < C; c++) acc[c] += g * F[i * C + c];
    }
    for (let c = 0; c < C; c++) out[t * C + c] = acc[c] / z;
  }
  return out;
}

test('Gaussian up-sampling matches the normalised formula and its gradient (float64 FD)', () => {
  const rng = new Random(31);
  const ns = 9,
    nt = 20,
    C = 5,
    sigma = 0.3;
  const src = f32round(randArray(rng, 3 * ns, -0.5, 0.5)),
    tgt = f32round(randArray(rng, 3 * nt, -0.5, 0.5));
  const F = f32round(randArray(rng, ns * C));
  const seed = randArray(rng, nt * C);
  const mark = e.mark();
  const tape = new Tape(e);
  const tF = e.fromArray([ns, C], F, true);
  const out = sparseGather(tape, tF, buildInterpolationPlan(e, src, tgt, sigma));
  const f = ([x]: Float64Array[]) => interp64(src, x, tgt, sigma, C);
  assert.ok(relErr(out.data, f([F]), 1) < 1e-6);
  tape.backward(out, seed);
  assert.ok(relErr(tF.grad!, fdGradient(f, [F], 0, seed)) < 1e-5);
  e.release(mark);
});

test('up-sampling reproduces constants and stays finite far from every source', () => {
  const mark = e.mark();
  const src = [0, 0, 0, 1, 0, 0],
    tgt = [0.5, 0, 0, 100, 0, 0];
  const plan = buildInterpolationPlan(e, src, tgt, 0.01);
  const out = sparseGather(new Tape(e, false), e.fromArray([2, 1], [3, 3]), plan).data;
  assert.ok(Math.abs(out[0] - 3) < 1e-6 && Math.abs(out[1] - 3) < 1e-6);
  // a far target takes its nearest source's value (weights relative to the nearest)
  const out2 = sparseGather(new Tape(e, false), e.fromArray([2, 1], [1, 2]), plan).data;
  assert.equal(out2[1], 2);
  e.release(mark);
});

/** The interpolation CSR by testing every source (the definition, written out independently). */
function bruteForceCsr(src: Float32Array, tgt: Float32Array, sigma: number) {
  const ns = src.length / 3,
    nt = tgt.length / 3,
    k = 1 / (2 * sigma * sigma);
  const rowPtr = [0],
    col: number[] = [],
    val: number[] = [];
  for (let t = 0; t < nt; t++) {
    const d2: number[] = [];
    for (let i = 0; i < ns; i++) {
      const dx = src[3 * i] - tgt[3 * t],
        dy = src[3 * i + 1] - tgt[3 * t + 1],
        dz = src[3 * i + 2] - tgt[3 * t + 2];
      d2.push(dx * dx + dy * dy + dz * dz);
    }
    const dmin = Math.min(...d2);
    const row: Array<[number, number]> = [];
    for (let i = 0; i < ns; i++) if ((d2[i] - dmin) * k <= 30) row.push([i, Math.exp(-(d2[i] - dmin) * k)]);
    const sum = row.reduce((a, [, w]) => a + w, 0);
    for (const [i, w] of row) {
      col.push(i);
      val.push(w / sum);
    }
    rowPtr.push(col.length);
  }
  return { rowPtr: Int32Array.from(rowPtr), col: Int32Array.from(col), val: Float32Array.from(val) };
}

test('the grid search gives exactly the entries of testing every source (surface levels, far and outside targets)', () => {
  const rng = new Random(5);
  // a coarse level on a sphere of radius 0.4 and a fine level on the same sphere with noise, plus
  // targets outside the sources' bounding box and far from every source
  const sphere = (n: number, noise: number): Float32Array => {
    const p = new Float32Array(3 * n);
    for (let i = 0; i < n; i++) {
      let x = rng.normal(),
        y = rng.normal(),
        z = rng.normal();
      const r = Math.hypot(x, y, z) || 1;
      x = (0.4 * x) / r;
      y = (0.4 * y) / r;
      z = (0.4 * z) / r;
      p.set([x + noise * rng.normal(), y + noise * rng.normal(), z + noise * rng.normal()], 3 * i);
    }
    return p;
  };
  const cases: Array<[number, number, number]> = [
    [1280, 3000, 0.5 / Math.sqrt(1280)], // X1 → X0 at 3000 input points
    [32, 640, 0.5 / Math.sqrt(32)], // X3 → X2: few sources, cells enlarged
    [1, 50, 0.05], // one source
  ];
  for (const [ns, nt, sigma] of cases) {
    const src = sphere(ns, 0);
    const tgt = new Float32Array(3 * (nt + 4));
    tgt.set(sphere(nt, 0.01));
    tgt.set([3, 0, 0, -2, -2, 5, 0, 0, 0, 0.41, 0.41, 0.41], 3 * nt);
    const got = interpolationCsr(src, tgt, sigma);
    const want = bruteForceCsr(src, tgt, sigma);
    assert.deepEqual(Array.from(got.rowPtr), Array.from(want.rowPtr), `rows, ${ns} sources`);
    assert.deepEqual(Array.from(got.col), Array.from(want.col), `columns, ${ns} sources`);
    assert.deepEqual(Array.from(got.val), Array.from(want.val), `weights, ${ns} sources`);
  }
});
