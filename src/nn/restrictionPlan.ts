/**
 * The restriction of a PCNN level's convolved field to a set of targets, as a constant sparse
 * matrix over the level's 27·N centres (DESIGN.md §4):
 *
 *   out(y) = Σ_c P[y, c] · H[c, :],   P[y, c] = exp(−|y − c|² / (4σ²))  if |y − c| < truncation·σ
 *
 * `truncation` is the cut-off radius in units of the level's σ, measured from the target to each
 * virtual centre c = x_i + t_l. Note the restriction Gaussian has variance 2σ² (std √2·σ), so a
 * radius of 3σ keeps centres out to 2.12 of its standard deviations, where the dropped weight is
 * exp(−9/4) ≈ 0.105 of the peak; test/nn/pcnnConv.test.ts and the README report the resulting
 * error. `Infinity` keeps every centre (dense; exact).
 *
 * Neighbours come from a uniform grid hash over the centres with cell = radius. Rows are
 * uploaded in Morton order of the targets and Pᵀ rows in Morton order of the centres.
 */
import type { Engine } from './Engine.ts';
import type { PcnnLevel } from './PcnnLevel.ts';
import { KERNEL_POINTS } from './PcnnLevel.ts';
import { UniformGrid } from './UniformGrid.ts';
import { SparsePlan } from './SparsePlan.ts';
import { mortonOrder } from './mortonOrder.ts';
import type { Csr } from './Csr.ts';

/** Default cut-off radius in units of σ. */
export const DEFAULT_TRUNCATION = 3;

/**
 * Build the restriction of `level`'s field to `targets` (xyz, 3 per target).
 * @param truncation cut-off radius in units of σ (> 0; Infinity = none). Default 3.
 * @param sortRows process rows in Morton order (default true; results are identical either way).
 */
export function buildRestrictionPlan(engine: Engine, level: PcnnLevel, targets: ArrayLike<number>,
  truncation: number = DEFAULT_TRUNCATION, sortRows = true): SparsePlan {
  const csr = restrictionCsr(level.centres, level.n * KERNEL_POINTS, targets, level.sigma, truncation);
  const q = targets.length / 3;
  return sortRows
    ? SparsePlan.upload(engine, csr, mortonOrder(targets, q), mortonOrder(level.centres, level.n * KERNEL_POINTS))
    : SparsePlan.upload(engine, csr);
}

/** The restriction matrix as a JS-side CSR (see the file comment). */
export function restrictionCsr(centres: Float32Array, nc: number, targets: ArrayLike<number>, sigma: number, truncation: number): Csr {
  if (!(truncation > 0)) throw new RangeError(`restriction: truncation must be > 0, got ${truncation}`);
  if (targets.length % 3 !== 0) throw new RangeError('restriction: targets length is not a multiple of 3');
  const nq = targets.length / 3;
  const k = 1 / (4 * sigma * sigma);
  const rowPtr = new Int32Array(nq + 1);
  if (!Number.isFinite(truncation)) {
    const nnz = nq * nc;
    const col = new Int32Array(nnz), val = new Float32Array(nnz);
    for (let q = 0; q < nq; q++) {
      const x = targets[3 * q], y = targets[3 * q + 1], z = targets[3 * q + 2];
      for (let c = 0; c < nc; c++) {
        const dx = centres[3 * c] - x, dy = centres[3 * c + 1] - y, dz = centres[3 * c + 2] - z;
        col[q * nc + c] = c;
        val[q * nc + c] = Math.exp(-(dx * dx + dy * dy + dz * dz) * k);
      }
      rowPtr[q + 1] = (q + 1) * nc;
    }
    return { nRows: nq, nCols: nc, rowPtr, col, val };
  }
  const R = truncation * sigma, R2 = R * R;
  // cell = R/2: the 5×5×5-cell search box is 2.5R wide (vs 3R with cell = R): fewer candidates
  const grid = new UniformGrid(centres, nc, R / 2);
  const { cellStart, items, ny, nz } = grid;
  let cap = Math.max(1024, nq * 64);
  let col = new Int32Array(cap), val = new Float32Array(cap);
  let nnz = 0;
  for (let q = 0; q < nq; q++) {
    const x = targets[3 * q], y = targets[3 * q + 1], z = targets[3 * q + 2];
    const ax = grid.ix(x - R), bx = grid.ix(x + R), ay = grid.iy(y - R), by = grid.iy(y + R), az = grid.iz(z - R), bz = grid.iz(z + R);
    for (let cx = ax; cx <= bx; cx++) for (let cy = ay; cy <= by; cy++) {
      const row = (cx * ny + cy) * nz;
      const t1 = cellStart[row + bz + 1];
      for (let t = cellStart[row + az]; t < t1; t++) {
        const c = items[t];
        const dx = centres[3 * c] - x, dy = centres[3 * c + 1] - y, dz = centres[3 * c + 2] - z;
        const d2 = dx * dx + dy * dy + dz * dz;
        if (d2 < R2) {
          if (nnz === cap) {
            cap *= 2;
            const c2 = new Int32Array(cap); c2.set(col); col = c2;
            const v2 = new Float32Array(cap); v2.set(val); val = v2;
          }
          col[nnz] = c;
          val[nnz] = Math.exp(-d2 * k);
          nnz++;
        }
      }
    }
    rowPtr[q + 1] = nnz;
  }
  return { nRows: nq, nCols: nc, rowPtr, col: col.subarray(0, nnz), val: val.subarray(0, nnz) };
}
