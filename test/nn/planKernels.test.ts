// Every plan kernel (src/nn/engine/planKernels.ts) against its plain-TS reference
// (referenceKernels.ts) or exact counterpart on random inputs, including awkward sizes (n = 0, 1,
// empty CSR rows and columns, strides, tails).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../src/nn/engine/Engine.ts';
import { Random } from '../../src/geometry/Random.ts';
import * as R from './referenceKernels.ts';
import { planKernels } from '../../src/nn/engine/planKernels.ts';
import { mortonOrder } from '../../src/nn/pcnn/mortonOrder.ts';

const e = await Engine.create();
const rng = new Random(7);
const rnd = (n: number) => {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.uniform(-1, 1);
  return a;
};

/** Distance in units in the last place between two float32 values (same sign assumed). */
const ulpF = new Float32Array(2),
  ulpI = new Int32Array(ulpF.buffer);
function ulps(a: number, b: number): number {
  ulpF[0] = a;
  ulpF[1] = b;
  return Math.abs(ulpI[0] - ulpI[1]);
}

test('expf32: within 1e-7 relative (≤ 1 ulp) of Math.exp over the normal range; exact at 0; limits', () => {
  const P = planKernels(e);
  const mark = e.mark();
  const n = 200001;
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = -87 + (175.7 * i) / (n - 1); // [−87, 88.7]: normal float32 results
  for (let i = 0; i < 2000; i++) x[i] = rng.uniform(-0.4, 0.4); // and the polynomial's own interval
  const px = e.putF32(x),
    po = e.alloc(n * 4);
  P.expf32(n, px, po);
  const o = e.f32(po, n);
  let maxRel = 0,
    maxUlp = 0;
  for (let i = 0; i < n; i++) {
    const ref = Math.exp(x[i]);
    maxRel = Math.max(maxRel, Math.abs(o[i] - ref) / ref);
    maxUlp = Math.max(maxUlp, ulps(o[i], R.expf32Ref(x[i])));
  }
  assert.ok(maxRel < 1e-7, `max relative error ${maxRel}`);
  assert.ok(maxUlp <= 1, `max ulp ${maxUlp}`);
  // subnormal results (x in [−104, −87.4]): within one subnormal ulp
  const ns = 10000,
    xs = new Float32Array(ns);
  for (let i = 0; i < ns; i++) xs[i] = -104 + (16.6 * i) / ns;
  const pxs = e.putF32(xs),
    pos = e.alloc(ns * 4);
  P.expf32(ns, pxs, pos);
  const os = e.f32(pos, ns);
  for (let i = 0; i < ns; i++) assert.ok(ulps(os[i], R.expf32Ref(xs[i])) <= 1, `subnormal e^${xs[i]}`);
  // special values (the scalar tail path: n not a multiple of 4)
  const sp = new Float32Array([0, -Infinity, Infinity, NaN, 89, -104, -200, 88.72]);
  const ps = e.putF32(sp),
    pso = e.alloc(sp.length * 4);
  P.expf32(sp.length, ps, pso);
  const so = e.f32(pso, sp.length);
  assert.equal(so[0], 1);
  assert.equal(so[1], 0);
  assert.equal(so[2], Infinity);
  assert.ok(Number.isNaN(so[3]));
  assert.equal(so[4], Infinity);
  assert.equal(so[5], 0); // e^−104 = 6.8e-46 rounds to 0 in float32
  assert.equal(so[6], 0);
  assert.ok(Number.isFinite(so[7]) && ulps(so[7], R.expf32Ref(sp[7])) <= 1); // the largest finite results
  e.release(mark);
});

test('expNegF64 (the restriction weights): e^−u to 1e-7 relative for float64 u in [0, 87]', () => {
  const P = planKernels(e);
  const mark = e.mark();
  const n = 100003;
  const pu = e.alloc(n * 8);
  const u = new Float64Array(e.memory.buffer, pu, n);
  for (let i = 0; i < n; i++) u[i] = i < 50000 ? rng.uniform(0, 2.25) : rng.uniform(0, 87);
  u[0] = 0;
  const values = Float64Array.from(u);
  const po = e.alloc(n * 4);
  P.expNegF64(n, pu, po);
  const o = e.f32(po, n);
  let maxRel = 0;
  for (let i = 0; i < n; i++) maxRel = Math.max(maxRel, Math.abs(o[i] - Math.exp(-values[i])) / Math.exp(-values[i]));
  assert.equal(o[0], 1);
  assert.ok(maxRel < 1e-7, `max relative error ${maxRel}`);
  e.release(mark);
});

test('mortonSort is mortonOrder exactly (duplicates, n = 0, 1, one repeated point, float64 input)', () => {
  const P = planKernels(e);
  const cases: Float64Array[] = [new Float64Array(0), new Float64Array([0.3, -0.2, 0.1]), new Float64Array(30).fill(0.25)];
  for (const n of [5, 64, 1000, 5000]) {
    const a = new Float64Array(3 * n);
    for (let i = 0; i < a.length; i++) a[i] = rng.uniform(-0.6, 0.6);
    for (let i = 0; i < n / 5; i++) {
      const j = rng.int(n),
        k = rng.int(n);
      a.copyWithin(3 * j, 3 * k, 3 * k + 3);
    } // duplicates
    cases.push(a);
  }
  for (const xyz of cases) {
    const n = xyz.length / 3;
    const mark = e.mark();
    const p = e.alloc(xyz.length * 8);
    new Float64Array(e.memory.buffer, p, xyz.length).set(xyz);
    const order = e.alloc(n * 4);
    P.mortonSort(n, p, order, e.alloc((3 * n + 1024) * 4));
    assert.deepEqual(Array.from(e.i32(order, n)), Array.from(mortonOrder(xyz, n)), `n = ${n}`);
    e.release(mark);
  }
});

/** A random CSR (some empty rows, repeated columns allowed) with n rows over c columns. */
function randomStored(nRows: number, nCols: number): { ptr: Int32Array; idx: Int32Array; w: Float32Array } {
  const ptr = new Int32Array(nRows + 1),
    idx: number[] = [],
    w: number[] = [];
  for (let r = 0; r < nRows; r++) {
    const k = r % 5 === 2 ? 0 : rng.int(9);
    for (let t = 0; t < k; t++) {
      idx.push(rng.int(nCols));
      w.push(rng.uniform(-1, 1));
    }
    ptr[r + 1] = idx.length;
  }
  return { ptr, idx: Int32Array.from(idx), w: Float32Array.from(w) };
}

function permutation(n: number): Int32Array {
  const p = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

test('csrTranspose and csrPermuteRows match the reference (row and column orders, empty rows and columns)', () => {
  const P = planKernels(e);
  for (const [nRows, nCols] of [
    [1, 1],
    [7, 3],
    [40, 90],
    [300, 57],
    [0, 4],
    [5, 0],
  ] as const) {
    const a = randomStored(nRows, Math.max(nCols, 1));
    if (nCols === 0) {
      a.ptr.fill(0);
    }
    const nnz = a.ptr[nRows];
    for (const withRows of [false, true])
      for (const withCols of [false, true]) {
        const mark = e.mark();
        const rows = withRows ? permutation(nRows) : null,
          cols = withCols ? permutation(nCols) : null;
        // store a (natural order) permuted by `rows` with csrPermuteRows, then transpose that
        const src = { ptr: e.putI32(a.ptr), idx: e.putI32(a.idx.subarray(0, nnz)), w: e.putF32(a.w.subarray(0, nnz)) };
        let stored = a,
          sp = src.ptr,
          si = src.idx,
          sw = src.w,
          rp = 0;
        if (rows) {
          rp = e.putI32(rows);
          sp = e.alloc((nRows + 1) * 4);
          si = e.alloc(nnz * 4);
          sw = e.alloc(nnz * 4);
          P.csrPermuteRows(nRows, src.ptr, src.idx, src.w, rp, sp, si, sw);
          stored = R.csrPermuteRowsRef(nRows, a.ptr, a.idx, a.w, rows);
          assert.deepEqual(Array.from(e.i32(sp, nRows + 1)), Array.from(stored.ptr));
          assert.deepEqual(Array.from(e.i32(si, nnz)), Array.from(stored.idx));
          assert.deepEqual(Array.from(e.f32(sw, nnz)), Array.from(stored.w));
        }
        const op = e.alloc((nCols + 1) * 4),
          oi = e.alloc(nnz * 4),
          ow = e.alloc(nnz * 4);
        P.csrTranspose(nRows, nCols, sp, rp, si, sw, cols ? e.putI32(cols) : 0, op, oi, ow, e.alloc((nCols + nRows) * 4));
        const ref = R.csrTransposeRef(nRows, nCols, stored.ptr, rows, stored.idx, stored.w, cols);
        const msg = `${nRows}×${nCols} rows ${withRows} cols ${withCols}`;
        assert.deepEqual(Array.from(e.i32(op, nCols + 1)), Array.from(ref.ptr), msg);
        assert.deepEqual(Array.from(e.i32(oi, nnz)), Array.from(ref.idx), msg);
        assert.deepEqual(Array.from(e.f32(ow, nnz)), Array.from(ref.w), msg);
        e.release(mark);
      }
  }
});

test('reluCsr: hand-computed rows, then random rows against the reference, separate and in place', () => {
  // rows [1, -2, 0.5], [-1, -1, -1], [0, 3, -4] with bias [0, 1, 0]: relu → [1, 0, 0.5], [0, 0, 0], [0, 4, 0]
  {
    const mark = e.mark();
    const pX = e.putF32(new Float32Array([1, -2, 0.5, -1, -1, -1, 0, 3, -4])),
      pb = e.putF32(new Float32Array([0, 1, 0]));
    const pp = e.alloc(16),
      pi = e.alloc(36),
      pv = e.alloc(36);
    assert.equal(e.k.reluCsr(3, 3, pX, 3, pb, 0, 0, 0, pp, pi, pv), 3);
    assert.deepEqual([...e.i32(pp, 4)], [0, 2, 2, 3]);
    assert.deepEqual([...e.i32(pi, 3)], [0, 2, 1]);
    assert.deepEqual([...e.f32(pv, 3)], [1, 0.5, 4]);
    e.release(mark);
  }
  for (const [M, K, ldx] of [
    [1, 1, 1],
    [7, 13, 13],
    [5, 9, 12],
    [40, 576, 576],
  ]) {
    for (const inPlace of [false, true]) {
      if (inPlace && ldx !== K) continue;
      for (const withBias of [false, true]) {
        const mark = e.mark();
        const X = rnd(M * ldx),
          bias = rnd(K);
        const pX = e.putF32(X),
          pb = e.putF32(bias),
          pp = e.alloc((M + 1) * 4),
          pi = e.alloc(M * K * 4);
        const pv = inPlace ? pX : e.alloc(M * K * 4);
        const n = e.k.reluCsr(M, K, pX, ldx, withBias ? pb : 0, 0, 0, 0, pp, pi, pv);
        const ptr = new Int32Array(M + 1),
          idx = new Int32Array(M * K),
          val = new Float32Array(M * K);
        assert.equal(n, R.reluCsrRef(M, K, X, ldx, withBias ? bias : null, ptr, idx, val));
        assert.deepEqual(e.i32(pp, M + 1), ptr);
        assert.deepEqual(e.i32(pi, n), idx.subarray(0, n));
        assert.deepEqual(e.f32(pv, n), val.subarray(0, n));
        e.release(mark);
      }
    }
  }
});

test('reluCsr with column groups: skipped groups leave no entries (hand-computed), random rows against the reference', () => {
  // row [1, 2 | -1, 3 | 4] in groups [0,2) [2,4) [4,5): skip bits 0b010 → [1, 2, 4] at 0, 1, 4;
  // skip 0b101 → [3] at 3; skip 0b111 → nothing
  {
    const mark = e.mark();
    const pX = e.putF32(new Float32Array([1, 2, -1, 3, 4, 1, 2, -1, 3, 4, 1, 2, -1, 3, 4]));
    const pSkip = e.alloc(12),
      pB = e.alloc(16);
    e.i32(pSkip, 3).set([0b010, 0b101, 0b111]);
    e.i32(pB, 4).set([0, 2, 4, 5]);
    const pp = e.alloc(16),
      pi = e.alloc(60),
      pv = e.alloc(60);
    assert.equal(e.k.reluCsr(3, 5, pX, 5, 0, pSkip, 3, pB, pp, pi, pv), 4);
    assert.deepEqual([...e.i32(pp, 4)], [0, 3, 4, 4]);
    assert.deepEqual([...e.i32(pi, 4)], [0, 1, 4, 3]);
    assert.deepEqual([...e.f32(pv, 4)], [1, 2, 4, 3]);
    e.release(mark);
  }
  const rs = new Random(77);
  for (const [M, K, ldx, bounds] of [
    [9, 13, 13, [0, 5, 6, 13]],
    [40, 576, 600, [0, 32, 96, 224, 352, 480, 544, 576]],
  ] as [number, number, number, number[]][]) {
    for (const inPlace of [false, true]) {
      if (inPlace && ldx !== K) continue;
      const mark = e.mark();
      const G = bounds.length - 1;
      const X = rnd(M * ldx),
        bias = rnd(K);
      const skip = Int32Array.from({ length: M }, () => Math.floor(rs.next() * (1 << G)));
      const pX = e.putF32(X),
        pb = e.putF32(bias),
        pp = e.alloc((M + 1) * 4),
        pi = e.alloc(M * K * 4);
      const pSkip = e.alloc(M * 4),
        pB = e.alloc((G + 1) * 4);
      e.i32(pSkip, M).set(skip);
      e.i32(pB, G + 1).set(bounds);
      const pv = inPlace ? pX : e.alloc(M * K * 4);
      const n = e.k.reluCsr(M, K, pX, ldx, pb, pSkip, G, pB, pp, pi, pv);
      const ptr = new Int32Array(M + 1),
        idx = new Int32Array(M * K),
        val = new Float32Array(M * K);
      assert.equal(n, R.reluCsrRef(M, K, X, ldx, bias, ptr, idx, val, skip, Int32Array.from(bounds)));
      assert.deepEqual(e.i32(pp, M + 1), ptr);
      assert.deepEqual(e.i32(pi, n), idx.subarray(0, n));
      assert.deepEqual(e.f32(pv, n), val.subarray(0, n));
      e.release(mark);
    }
  }
});

test('csrSddmm: hand-computed entries, then random patterns against the reference (strides, tails, accumulate)', () => {
  {
    // G = [[1, 2], [3, 4]], W = [[1, 0], [0, 1], [1, 1]]; row 0 pattern {2}, row 1 pattern {0, 1}
    // → out = [[0, 0, 3], [3, 4, 0]]
    const mark = e.mark();
    const pG = e.putF32(new Float32Array([1, 2, 3, 4])),
      pW = e.putF32(new Float32Array([1, 0, 0, 1, 1, 1]));
    const pp = e.alloc(12),
      pi = e.alloc(12),
      po = e.putF32(new Float32Array(6).fill(9));
    e.i32(pp, 3).set([0, 1, 3]);
    e.i32(pi, 3).set([2, 0, 1]);
    e.k.csrSddmm(2, pp, pi, pG, 2, pW, 2, 2, po, 3, 3, 0);
    assert.deepEqual([...e.f32(po, 6)], [0, 0, 3, 3, 4, 0]);
    e.release(mark);
  }
  const rs = new Random(78);
  for (const [M, J, K, ldg, ldw, ldo] of [
    [3, 5, 1, 1, 1, 5],
    [6, 9, 7, 8, 7, 11],
    [5, 20, 19, 19, 21, 20],
    [8, 40, 128, 128, 128, 40],
    [4, 7, 36, 40, 36, 7],
  ]) {
    for (const accumulate of [false, true]) {
      const mark = e.mark();
      const G = rnd(M * ldg),
        W = rnd(J * ldw),
        out0 = rnd(M * ldo);
      const ptr = new Int32Array(M + 1),
        cols: number[] = [];
      for (let m = 0; m < M; m++) {
        for (let j = 0; j < J; j++) if (rs.next() < 0.4) cols.push(j);
        ptr[m + 1] = cols.length;
      }
      const idx = Int32Array.from(cols);
      const pG = e.putF32(G),
        pW = e.putF32(W),
        po = e.putF32(out0),
        pp = e.alloc((M + 1) * 4),
        pi = e.alloc(Math.max(1, idx.length) * 4);
      e.i32(pp, M + 1).set(ptr);
      e.i32(pi, idx.length).set(idx);
      e.k.csrSddmm(M, pp, pi, pG, ldg, pW, ldw, K, po, ldo, J, accumulate ? 1 : 0);
      const ref = Float64Array.from(out0);
      R.csrSddmmRef(M, ptr, idx, G, ldg, W, ldw, K, ref, ldo, J, accumulate);
      const got = e.f32(po, M * ldo);
      for (let i = 0; i < ref.length; i++)
        assert.ok(
          Math.abs(got[i] - ref[i]) <= 1e-5 * (1 + Math.abs(ref[i])),
          `M${M} K${K} acc ${accumulate} at ${i}: ${got[i]} vs ${ref[i]}`,
        );
      e.release(mark);
    }
  }
});
