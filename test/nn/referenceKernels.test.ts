// Every WASM kernel of the Engine against its plain-TS reference on random inputs, including awkward
// sizes (not multiples of 4, width 1, empty CSR rows, strided and transposed operands); the plan
// kernels (src/nn/engine/planKernels.ts): planKernels.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine, GEMM_ACCUMULATE, GEMM_RELU } from '../../src/nn/engine/Engine.ts';
import { Random } from '../../src/geometry/Random.ts';
import * as R from './referenceKernels.ts';
import { relErr } from './_fd.ts';

const e = await Engine.create();
const rng = new Random(7);
const rnd = (n: number) => {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.uniform(-1, 1);
  return a;
};
const TOL = 2e-6;

test('gemm matches the reference (shapes, strides, bias, ReLU, accumulate, transposed A)', () => {
  const shapes = [
    [1, 1, 1],
    [3, 5, 7],
    [4, 8, 16],
    [5, 9, 3],
    [13, 17, 33],
    [8, 1, 5],
    [7, 3, 1],
    [33, 130, 300],
    [2, 2, 0],
    [64, 260, 40],
  ];
  for (const [M, N, K] of shapes) {
    for (const trans of [false, true]) {
      for (const flags of [0, GEMM_RELU, GEMM_ACCUMULATE, GEMM_ACCUMULATE | GEMM_RELU]) {
        for (const withBias of [false, true]) {
          const mark = e.mark();
          const lda = trans ? M + 3 : K + 2,
            ldb = N + 1,
            ldc = N + 5;
          const Asz = trans ? Math.max(K, 1) * lda : M * lda;
          const A = rnd(Asz),
            B = rnd(Math.max(K, 1) * ldb),
            C = rnd(M * ldc),
            bias = rnd(N);
          const pA = e.putF32(A),
            pB = e.putF32(B),
            pC = e.putF32(C),
            pb = e.putF32(bias);
          const rsA = trans ? 1 : lda,
            csA = trans ? lda : 1;
          e.k.gemm(M, N, K, pA, rsA, csA, pB, ldb, pC, ldc, withBias ? pb : 0, flags);
          const ref = Float32Array.from(C);
          R.gemmRef(M, N, K, A, 0, rsA, csA, B, 0, ldb, ref, 0, ldc, withBias ? bias : null, 0, (flags & 1) !== 0, (flags & 2) !== 0);
          const got = e.f32(pC, M * ldc);
          // padding columns between rows must be untouched
          for (let i = 0; i < M; i++) for (let j = N; j < ldc; j++) assert.equal(got[i * ldc + j], C[i * ldc + j]);
          assert.ok(relErr(got, ref, 1) < TOL * Math.max(1, K), `gemm ${M}x${N}x${K} trans=${trans} flags=${flags} bias=${withBias}`);
          e.release(mark);
        }
      }
    }
  }
});

test('gemm works across KC/NC panel boundaries', () => {
  const [M, N, K] = [9, 600, 700];
  const mark = e.mark();
  const A = rnd(M * K),
    B = rnd(K * N),
    bias = rnd(N);
  const pA = e.putF32(A),
    pB = e.putF32(B),
    pC = e.alloc(M * N * 4),
    pb = e.putF32(bias);
  e.k.gemm(M, N, K, pA, K, 1, pB, N, pC, N, pb, GEMM_RELU);
  const ref = new Float32Array(M * N);
  R.gemmRef(M, N, K, A, 0, K, 1, B, 0, N, ref, 0, N, bias, 0, false, true);
  assert.ok(relErr(e.f32(pC, M * N), ref, 1) < 1e-5);
  e.release(mark);
});

test('transpose matches the reference', () => {
  for (const [M, N] of [
    [1, 1],
    [4, 4],
    [5, 7],
    [8, 3],
    [13, 32],
  ]) {
    const mark = e.mark();
    const A = rnd(M * (N + 1));
    const pA = e.putF32(A),
      pB = e.alloc(N * (M + 2) * 4);
    e.f32(pB, N * (M + 2)).fill(0);
    e.k.transpose(M, N, pA, N + 1, pB, M + 2);
    const ref = new Float32Array(N * (M + 2));
    R.transposeRef(M, N, A, 0, N + 1, ref, 0, M + 2);
    assert.deepEqual(e.f32(pB, N * (M + 2)), ref);
    e.release(mark);
  }
});

test('csrGather matches the reference (empty rows, widths 1..130, row order, accumulate)', () => {
  for (const width of [1, 2, 3, 4, 5, 15, 16, 17, 31, 32, 33, 47, 64, 130]) {
    for (const useOrder of [false, true]) {
      for (const acc of [0, 1]) {
        const mark = e.mark();
        const Rn = 23,
          C = 11,
          ldh = width + 3,
          ldo = width + 2;
        const ptr = new Int32Array(Rn + 1);
        const idx: number[] = [];
        for (let r = 0; r < Rn; r++) {
          const k = r % 5 === 0 ? 0 : rng.int(9); // some empty rows
          for (let t = 0; t < k; t++) idx.push(rng.int(C));
          ptr[r + 1] = idx.length;
        }
        const w = rnd(idx.length),
          H = rnd(C * ldh),
          out = rnd(Rn * ldo);
        const order = new Int32Array(Rn);
        for (let r = 0; r < Rn; r++) order[r] = r;
        rng.shuffle(order);
        // with an order, CSR row r produces output row order[r]
        const pp = e.putI32(ptr),
          pi = e.putI32(idx),
          pw = e.putF32(w),
          pH = e.putF32(H),
          pO = e.putF32(out),
          pR = e.putI32(order);
        e.k.csrGather(Rn, pp, useOrder ? pR : 0, pi, pw, pH, ldh, pO, ldo, width, acc);
        const ref = Float32Array.from(out);
        R.csrGatherRef(Rn, ptr, useOrder ? order : null, Int32Array.from(idx), w, H, ldh, ref, ldo, width, acc === 1);
        const got = e.f32(pO, Rn * ldo);
        for (let r = 0; r < Rn; r++) for (let j = width; j < ldo; j++) assert.equal(got[r * ldo + j], out[r * ldo + j]);
        assert.ok(relErr(got, ref, 1) < 1e-5, `width ${width} order ${useOrder} acc ${acc}`);
        e.release(mark);
      }
    }
  }
});

test('elementwise kernels match the reference', () => {
  for (const [M, N] of [
    [1, 1],
    [3, 5],
    [4, 16],
    [7, 33],
    [2, 3],
  ]) {
    const mark = e.mark();
    const X = rnd(M * N),
      b = rnd(N),
      G = rnd(M * N),
      s = rnd(M),
      Y0 = rnd(M * N);
    const pX = e.putF32(X),
      pb = e.putF32(b),
      pG = e.putF32(G),
      ps = e.putF32(s),
      pY0 = e.putF32(Y0);
    for (const relu of [0, 1]) {
      const pO = e.alloc(M * N * 4);
      e.k.biasAct(M, N, pX, N, pb, relu, pO, N);
      const ref = new Float32Array(M * N);
      R.biasActRef(M, N, X, N, b, relu === 1, ref, N);
      assert.ok(relErr(e.f32(pO, M * N), ref, 1) < 1e-7);
    }
    for (const acc of [0, 1]) {
      let pO = e.putF32(Y0);
      e.k.reluBackward(M * N, pG, pX, pO, acc);
      let ref = Float32Array.from(Y0);
      R.reluBackwardRef(M * N, G, X, ref, acc === 1);
      assert.ok(relErr(e.f32(pO, M * N), ref, 1) < 1e-7, 'reluBackward');
      pO = e.putF32(b);
      e.k.colSum(M, N, pG, N, pO, acc);
      ref = Float32Array.from(b);
      R.colSumRef(M, N, G, N, ref, acc === 1);
      assert.ok(relErr(e.f32(pO, N), ref, 1) < 1e-6, 'colSum');
      pO = e.putF32(Y0);
      e.k.scaleRows(M, N, pX, N, ps, pO, N, acc);
      ref = Float32Array.from(Y0);
      R.scaleRowsRef(M, N, X, N, s, ref, N, acc === 1);
      assert.ok(relErr(e.f32(pO, M * N), ref, 1) < 1e-6, 'scaleRows');
      pO = e.putF32(Y0);
      e.k.addInto(M * N, pG, pO, acc);
      ref = Float32Array.from(Y0);
      R.addIntoRef(M * N, G, ref, acc === 1);
      assert.ok(relErr(e.f32(pO, M * N), ref, 1) < 1e-7, 'addInto');
    }
    void pY0;
    e.release(mark);
  }
  // colSum with wide rows (16-column blocks + tail)
  const mark = e.mark();
  const M = 37,
    N = 53,
    G = rnd(M * N);
  const pG = e.putF32(G),
    pO = e.alloc(N * 4);
  e.k.colSum(M, N, pG, N, pO, 0);
  const ref = new Float32Array(N);
  R.colSumRef(M, N, G, N, ref, false);
  assert.ok(relErr(e.f32(pO, N), ref, 1) < 1e-6);
  e.release(mark);
});

test('adamStep matches the reference', () => {
  for (const n of [1, 3, 4, 9, 100]) {
    const mark = e.mark();
    const p = rnd(n),
      g = rnd(n),
      m = rnd(n),
      v = Float32Array.from(rnd(n), (x) => Math.abs(x));
    const pp = e.putF32(p),
      pg = e.putF32(g),
      pm = e.putF32(m),
      pv = e.putF32(v);
    e.k.adamStep(n, pp, pg, pm, pv, 1e-3, 0.9, 0.999, 1e-8, 1 - 0.9 ** 3, 1 - 0.999 ** 3, 0.5);
    const rp = Float64Array.from(p),
      rm = Float64Array.from(m),
      rv = Float64Array.from(v);
    R.adamStepRef(n, rp, Float64Array.from(g), rm, rv, 1e-3, 0.9, 0.999, 1e-8, 1 - 0.9 ** 3, 1 - 0.999 ** 3, 0.5);
    assert.ok(relErr(e.f32(pp, n), rp, 1) < 1e-6);
    assert.ok(relErr(e.f32(pm, n), rm, 1) < 1e-6);
    assert.ok(relErr(e.f32(pv, n), rv, 1) < 1e-6);
    e.release(mark);
  }
});
