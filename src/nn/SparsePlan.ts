/**
 * A constant sparse linear map out = P·src (P: nRows × nCols, CSR) uploaded into an engine
 * together with Pᵀ, so that both the forward gather and its backward (dsrc = Pᵀ·dout, also a
 * race-free gather) run as the WASM `csrGather` kernel. Built once per cloud (P depends only on
 * positions) and used by `sparseGather` (restriction, interpolation).
 *
 * Optional processing orders (`rowOrder` for P's rows, `colOrder` for Pᵀ's rows) — e.g. Morton
 * orders of target and source positions — permute the CSR rows as uploaded so that consecutive
 * kernel rows touch nearby source rows (better cache reuse); results do not depend on them.
 */
import type { Engine } from './Engine.ts';
import { transposeCsr, validateCsr, type Csr } from './Csr.ts';

/** Byte offsets of one uploaded CSR (rows: output row of each stored row, 0 = identity). */
export interface DeviceCsr {
  nRows: number;
  ptr: number;
  rows: number;
  idx: number;
  w: number;
}

export class SparsePlan {
  /** Rows of P (outputs). */
  readonly nRows: number;
  /** Columns of P (source rows). */
  readonly nCols: number;
  /** Stored entries. */
  readonly nnz: number;
  /** The matrix in JS memory (natural row order), kept for inspection and reference checks. */
  readonly csr: Csr;
  readonly forward: DeviceCsr;
  readonly backward: DeviceCsr;
  readonly engine: Engine;

  private constructor(engine: Engine, csr: Csr, forward: DeviceCsr, backward: DeviceCsr) {
    this.engine = engine;
    this.csr = csr;
    this.nRows = csr.nRows;
    this.nCols = csr.nCols;
    this.nnz = csr.rowPtr[csr.nRows];
    this.forward = forward;
    this.backward = backward;
  }

  /**
   * Upload P and Pᵀ into `engine`'s arena (released with the arena mark they were made under).
   * @param rowOrder processing order of P's rows (a permutation of 0..nRows-1), optional.
   * @param colOrder processing order of Pᵀ's rows (a permutation of 0..nCols-1), optional.
   */
  static upload(engine: Engine, csr: Csr, rowOrder?: Int32Array, colOrder?: Int32Array): SparsePlan {
    validateCsr(csr);
    const fwd = uploadCsr(engine, csr, rowOrder);
    const bwd = uploadCsr(engine, transposeCsr(csr), colOrder);
    return new SparsePlan(engine, csr, fwd, bwd);
  }
}

function uploadCsr(engine: Engine, a: Csr, order?: Int32Array): DeviceCsr {
  const nnz = a.rowPtr[a.nRows];
  if (!order) {
    return { nRows: a.nRows, ptr: engine.putI32(a.rowPtr), rows: 0, idx: engine.putI32(a.col.subarray(0, nnz)), w: engine.putF32(a.val.subarray(0, nnz)) };
  }
  if (order.length !== a.nRows) throw new RangeError('SparsePlan: order length does not match the rows');
  const ptr = engine.alloc((a.nRows + 1) * 4), idx = engine.alloc(nnz * 4), w = engine.alloc(nnz * 4), rows = engine.putI32(order);
  const P = engine.i32(ptr, a.nRows + 1), I = engine.i32(idx, nnz), W = engine.f32(w, nnz);
  let d = 0;
  P[0] = 0;
  for (let r = 0; r < a.nRows; r++) {
    const q = order[r];
    const s = a.rowPtr[q], e = a.rowPtr[q + 1];
    I.set(a.col.subarray(s, e), d);
    W.set(a.val.subarray(s, e), d);
    d += e - s;
    P[r + 1] = d;
  }
  return { nRows: a.nRows, ptr, rows, idx, w };
}
