import type { Engine } from './Engine.ts';

/** The plan-building kernels of nn.wasm (assembly/_plan.ts); byte offsets, sizes in elements. */
export interface PlanKernels {
  gridShape(n: number, xyz: number, cell: number, hdr: number): number;
  gridFill(n: number, xyz: number, hdr: number, cellStart: number, cellOf: number, recs: number): void;
  restrictBound(nq: number, targets: number, hdr: number, cellStart: number, R: number): number;
  restrictFill(
    nq: number,
    targets: number,
    order: number,
    hdr: number,
    cellStart: number,
    recs: number,
    R: number,
    R2: number,
    k: number,
    ptrOut: number,
    idxOut: number,
    wOut: number,
    scratch: number,
  ): number;
  csrTranspose(
    nRows: number,
    nCols: number,
    ptr: number,
    rows: number,
    idx: number,
    w: number,
    colOrder: number,
    outPtr: number,
    outIdx: number,
    outW: number,
    scratch: number,
  ): void;
  csrPermuteRows(nRows: number, ptr: number, idx: number, w: number, order: number, outPtr: number, outIdx: number, outW: number): void;
  mortonSort(n: number, xyz: number, order: number, scratch: number): void;
  moveBytes(dst: number, src: number, n: number): void;
  expf32(n: number, x: number, out: number): void;
  expNegF64(n: number, u: number, out: number): void;
}

/** The plan kernels of `engine` (the exports Engine's NnKernels type does not list). */
export function planKernels(engine: Engine): PlanKernels {
  const k = engine.k as unknown as PlanKernels;
  if (typeof k.restrictFill !== 'function') throw new Error('nn.wasm has no plan kernels: rebuild it (npm run build:wasm)');
  return k;
}
