// SparsePlan.upload stores P (rows in rowOrder) and Pᵀ (rows in colOrder) through the WASM
// permute/transpose kernels: checked entry by entry against the TS twins and transposeCsr, and
// the decoded `csr` of a device-built plan against the matrix it was made from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../src/nn/engine/Engine.ts';
import { SparsePlan, decodeCsr } from '../../../src/nn/pcnn/SparsePlan.ts';
import { transposeCsr, type Csr } from '../../../src/nn/pcnn/Csr.ts';
import { csrPermuteRowsRef, csrTransposeRef } from '../referenceKernels.ts';
import { Random } from '../../../src/geometry/Random.ts';

const e = await Engine.create();

function randomCsr(rng: Random, nRows: number, nCols: number): Csr {
  const rowPtr = new Int32Array(nRows + 1),
    col: number[] = [],
    val: number[] = [];
  for (let r = 0; r < nRows; r++) {
    const k = r % 4 === 1 ? 0 : rng.int(7);
    for (let t = 0; t < k; t++) {
      col.push(rng.int(nCols));
      val.push(rng.uniform(-1, 1));
    }
    rowPtr[r + 1] = col.length;
  }
  return { nRows, nCols, rowPtr, col: Int32Array.from(col), val: Float32Array.from(val) };
}

function permutation(rng: Random, n: number): Int32Array {
  const p = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

test('upload: device P and Pᵀ equal the reference storage for every combination of orders', () => {
  const rng = new Random(61);
  for (const [nR, nC] of [
    [1, 1],
    [23, 11],
    [200, 350],
  ] as const) {
    const a = randomCsr(rng, nR, nC);
    const nnz = a.rowPtr[nR];
    for (const ro of [false, true])
      for (const co of [false, true]) {
        const mark = e.mark();
        const rowOrder = ro ? permutation(rng, nR) : undefined,
          colOrder = co ? permutation(rng, nC) : undefined;
        const plan = SparsePlan.upload(e, a, rowOrder, colOrder);
        assert.equal(plan.nnz, nnz);
        assert.equal(plan.csr, a);
        const f = plan.forward,
          b = plan.backward;
        const fr = rowOrder ? csrPermuteRowsRef(nR, a.rowPtr, a.col, a.val, rowOrder) : { ptr: a.rowPtr, idx: a.col, w: a.val };
        assert.deepEqual(Array.from(e.i32(f.ptr, nR + 1)), Array.from(fr.ptr));
        assert.deepEqual(Array.from(e.i32(f.idx, nnz)), Array.from(fr.idx));
        assert.deepEqual(Array.from(e.f32(f.w, nnz)), Array.from(fr.w));
        const br = csrTransposeRef(nR, nC, fr.ptr, rowOrder ?? null, fr.idx, fr.w, colOrder ?? null);
        assert.deepEqual(Array.from(e.i32(b.ptr, nC + 1)), Array.from(br.ptr));
        assert.deepEqual(Array.from(e.i32(b.idx, nnz)), Array.from(br.idx));
        assert.deepEqual(Array.from(e.f32(b.w, nnz)), Array.from(br.w));
        if (colOrder) assert.deepEqual(Array.from(e.i32(b.rows, nC)), Array.from(colOrder));
        // the stored Pᵀ decodes to transposeCsr(P), the stored P to P
        assert.deepEqual(decodeCsr(e, b, nR), transposeCsr(a));
        assert.deepEqual(decodeCsr(e, f, nC), { ...a, col: a.col.slice(0, nnz), val: a.val.slice(0, nnz) });
        e.release(mark);
      }
  }
});

test('fromDevice: a forward CSR in the arena gets its transpose and a lazily decoded csr', () => {
  const rng = new Random(62);
  const a = randomCsr(rng, 40, 25),
    nnz = a.rowPtr[40];
  const mark = e.mark();
  const order = permutation(rng, 40);
  const stored = csrPermuteRowsRef(40, a.rowPtr, a.col, a.val, order);
  const fwd = { nRows: 40, ptr: e.putI32(stored.ptr), rows: e.putI32(order), idx: e.putI32(stored.idx), w: e.putF32(stored.w) };
  const plan = SparsePlan.fromDevice(e, fwd, 25, 0);
  assert.equal(plan.nnz, nnz);
  assert.deepEqual(plan.csr, a);
  assert.deepEqual(decodeCsr(e, plan.backward, 40), transposeCsr(a));
  e.release(mark);
});
