/**
 * A constant sparse linear map out = P·src (P: nRows × nCols, CSR) uploaded into an engine
 * together with Pᵀ, so that both the forward gather and its backward (dsrc = Pᵀ·dout, also a
 * race-free gather) run as the WASM `csrGather` kernel. Built once per cloud (P depends only on
 * positions) and used by `sparseGather` (restriction, interpolation).
 *
 * Optional processing orders (`rowOrder` for P's rows, `colOrder` for Pᵀ's rows) — e.g. Morton
 * orders of target and source positions — permute the CSR rows as uploaded so that consecutive
 * kernel rows touch nearby source rows (better cache reuse); results do not depend on them.
 *
 * Everything is arena memory (released with the mark the plan was made under); the permutation
 * and the transpose run as WASM kernels (`csrPermuteRows`, `csrTranspose` in assembly/_plan.ts),
 * so a plan costs no per-row JS work. A plan built directly in WASM (the restriction,
 * `restrictionPlan.ts`) enters through `fromDevice`; its JS-side `csr` is decoded on first use.
 */
import type { Engine } from '../engine/Engine.ts';
import type { DeviceCsr } from '../engine/DeviceCsr.ts';
import { planKernels } from '../engine/planKernels.ts';
import type { GatherPlan } from '../ops/GatherPlan.ts';
import { validateCsr, type Csr } from './Csr.ts';

export class SparsePlan implements GatherPlan {
  /** Rows of P (outputs). */
  readonly nRows: number;
  /** Columns of P (source rows). */
  readonly nCols: number;
  /** Stored entries. */
  readonly nnz: number;
  readonly forward: DeviceCsr;
  readonly backward: DeviceCsr;
  readonly engine: Engine;
  private natural: Csr | null;

  private constructor(engine: Engine, nRows: number, nCols: number, nnz: number, forward: DeviceCsr, backward: DeviceCsr, csr: Csr | null) {
    this.engine = engine;
    this.nRows = nRows;
    this.nCols = nCols;
    this.nnz = nnz;
    this.forward = forward;
    this.backward = backward;
    this.natural = csr;
  }

  /**
   * The matrix in JS memory (natural row order), for inspection and reference checks. Plans
   * built in WASM decode it from the forward CSR on first access (the arena block must still
   * be live then).
   */
  get csr(): Csr {
    if (!this.natural) this.natural = decodeCsr(this.engine, this.forward, this.nCols);
    return this.natural;
  }

  /**
   * Upload P and Pᵀ into `engine`'s arena (released with the arena mark they were made under).
   * @param rowOrder processing order of P's rows (a permutation of 0..nRows-1), optional.
   * @param colOrder processing order of Pᵀ's rows (a permutation of 0..nCols-1), optional.
   */
  static upload(engine: Engine, csr: Csr, rowOrder?: Int32Array, colOrder?: Int32Array): SparsePlan {
    validateCsr(csr);
    if (rowOrder && rowOrder.length !== csr.nRows) throw new RangeError('SparsePlan: order length does not match the rows');
    if (colOrder && colOrder.length !== csr.nCols) throw new RangeError('SparsePlan: order length does not match the rows');
    const k = planKernels(engine);
    const nnz = csr.rowPtr[csr.nRows];
    let fwd: DeviceCsr;
    if (!rowOrder) {
      fwd = {
        nRows: csr.nRows,
        ptr: engine.putI32(csr.rowPtr),
        rows: 0,
        idx: engine.putI32(csr.col.subarray(0, nnz)),
        w: engine.putF32(csr.val.subarray(0, nnz)),
      };
    } else {
      const ptr = engine.alloc((csr.nRows + 1) * 4),
        idx = engine.alloc(nnz * 4),
        w = engine.alloc(nnz * 4),
        rows = engine.putI32(rowOrder);
      const m = engine.mark();
      const sp = engine.putI32(csr.rowPtr),
        si = engine.putI32(csr.col.subarray(0, nnz)),
        sw = engine.putF32(csr.val.subarray(0, nnz));
      k.csrPermuteRows(csr.nRows, sp, si, sw, rows, ptr, idx, w);
      engine.release(m);
      fwd = { nRows: csr.nRows, ptr, rows, idx, w };
    }
    const bwd = transposeDevice(engine, fwd, csr.nCols, colOrder ? engine.putI32(colOrder) : 0);
    return new SparsePlan(engine, csr.nRows, csr.nCols, nnz, fwd, bwd, csr);
  }

  /**
   * A plan whose forward CSR already lies in the arena (built by a WASM kernel); Pᵀ is made
   * here by the `csrTranspose` kernel, its rows stored in `colOrder` (an arena int32 array of
   * nCols ids, or 0 for the identity).
   */
  static fromDevice(engine: Engine, forward: DeviceCsr, nCols: number, colOrder: number): SparsePlan {
    const nnz = engine.i32(forward.ptr + forward.nRows * 4, 1)[0];
    const bwd = transposeDevice(engine, forward, nCols, colOrder);
    return new SparsePlan(engine, forward.nRows, nCols, nnz, forward, bwd, null);
  }
}

/** Pᵀ of a device CSR, allocated in the arena (stored in colOrder order; 0 = identity). */
export function transposeDevice(engine: Engine, a: DeviceCsr, nCols: number, colOrder: number): DeviceCsr {
  const nnz = engine.i32(a.ptr + a.nRows * 4, 1)[0];
  const ptr = engine.alloc((nCols + 1) * 4),
    idx = engine.alloc(nnz * 4),
    w = engine.alloc(nnz * 4);
  const m = engine.mark();
  const scratch = engine.alloc((nCols + a.nRows) * 4);
  planKernels(engine).csrTranspose(a.nRows, nCols, a.ptr, a.rows, a.idx, a.w, colOrder, ptr, idx, w, scratch);
  engine.release(m);
  return { nRows: nCols, ptr, rows: colOrder, idx, w };
}

/** The natural-order JS CSR of a device CSR (stored row r is matrix row rows[r]). */
export function decodeCsr(engine: Engine, a: DeviceCsr, nCols: number): Csr {
  const P = engine.i32(a.ptr, a.nRows + 1);
  const nnz = P[a.nRows];
  const I = engine.i32(a.idx, nnz),
    W = engine.f32(a.w, nnz);
  const R = a.rows ? engine.i32(a.rows, a.nRows) : null;
  const rowPtr = new Int32Array(a.nRows + 1);
  for (let r = 0; r < a.nRows; r++) rowPtr[(R ? R[r] : r) + 1] = P[r + 1] - P[r];
  for (let q = 0; q < a.nRows; q++) rowPtr[q + 1] += rowPtr[q];
  const col = new Int32Array(nnz),
    val = new Float32Array(nnz);
  for (let r = 0; r < a.nRows; r++) {
    const q = R ? R[r] : r;
    col.set(I.subarray(P[r], P[r + 1]), rowPtr[q]);
    val.set(W.subarray(P[r], P[r + 1]), rowPtr[q]);
  }
  return { nRows: a.nRows, nCols, rowPtr, col, val };
}
