/**
 * The restriction of a PCNN level's convolved field to a set of targets, as a constant sparse
 * matrix over the level's 27·N centres (docs/design.md §4):
 *
 *   out(y) = Σ_c P[y, c] · H[c, :],   P[y, c] = exp(−|y − c|² / (4σ²))  if |y − c| < truncation·σ
 *
 * `truncation` is the cut-off radius in units of the level's σ, measured from the target to each
 * virtual centre c = x_i + t_l. Note the restriction Gaussian has variance 2σ² (std √2·σ), so a
 * radius of 3σ keeps centres out to 2.12 of its standard deviations, where the dropped weight is
 * exp(−9/4) ≈ 0.105 of the peak; test/nn/pcnnConv.test.ts and the README report the resulting
 * error. `Infinity` keeps every centre (dense; exact).
 *
 * Built in WASM (assembly/_plan.ts): the centres are bucketed once per level into a uniform
 * grid in the engine arena (`RestrictionGrid`, cell R/2), then per target set one bounding pass
 * (centres in the search boxes: an upper bound on the entries, so the arena blocks can be sized
 * before the fill), one fill pass (float64 distance test, branch-free compaction, vectorised
 * float32 exp per row) and the `csrTranspose` kernel for Pᵀ. The plain-TS `restrictionCsr` below
 * is the reference twin: same entries in the same order, weights to float32 rounding
 * (test/nn/restrictionPlan.test.ts). Rows are stored in Morton order of the targets and Pᵀ rows
 * in Morton order of the centres (processing orders only; results do not depend on them).
 */
import type { Engine } from '../engine/Engine.ts';
import type { PcnnLevel } from './PcnnLevel.ts';
import { KERNEL_POINTS } from './PcnnLevel.ts';
import { UniformGrid } from './UniformGrid.ts';
import { SparsePlan } from './SparsePlan.ts';
import type { DeviceCsr } from '../engine/DeviceCsr.ts';
import { planKernels, type PlanKernels } from '../engine/planKernels.ts';
import { mortonOrder } from './mortonOrder.ts';
import type { Csr } from './Csr.ts';

/** Default cut-off radius in units of σ. */
export const DEFAULT_TRUNCATION = 3;

/** Bytes of the grid header written by the gridShape kernel. */
const HEADER_BYTES = 64;

/** Copy xyz coordinates into a fresh float64 arena block (exact for float32 and float64 input). */
function putXyz64(engine: Engine, xyz: ArrayLike<number>, n: number): number {
  const p = engine.alloc(n * 24);
  const v = new Float64Array(engine.memory.buffer, p, 3 * n);
  if (xyz.length === 3 * n) v.set(xyz);
  else for (let i = 0; i < 3 * n; i++) v[i] = xyz[i];
  return p;
}

/** Morton order (as mortonOrder.ts) of n float64 points at `xyz`, into a fresh int32 arena block. */
function mortonDevice(engine: Engine, xyz: number, n: number): number {
  const order = engine.alloc(n * 4);
  const m = engine.mark();
  planKernels(engine).mortonSort(n, xyz, order, engine.alloc((3 * n + 1024) * 4));
  engine.release(m);
  return order;
}

/**
 * A level's centres bucketed in a uniform grid of cell R/2 (R = truncation·σ) inside the engine
 * arena — the same grid as `new UniformGrid(centres, nc, R / 2)` — ready for any number of
 * restriction fills, plus (optionally) the centres' Morton order for Pᵀ's rows. Lives as long
 * as the arena mark it was made under.
 */
export class RestrictionGrid {
  readonly engine: Engine;
  /** Number of centres. */
  readonly nc: number;
  /** Kernel scale σ, cut-off radius in σ units, and R = truncation·σ (units of the centres). */
  readonly sigma: number;
  readonly truncation: number;
  readonly R: number;
  /** Arena offsets: grid header, cell starts (cells + 1 int32), 16-byte centre records by cell. */
  readonly hdr: number;
  readonly cellStart: number;
  readonly recs: number;
  /** Arena offset of the centres' Morton order (nc int32; as mortonOrder.ts), or 0 if not made. */
  readonly centreOrder: number;

  /**
   * @param centres xyz of the centres (float32, 3 per centre; e.g. PcnnLevel.centres).
   * @param nc number of centres. @param sigma the level's σ (> 0).
   * @param truncation cut-off radius in units of σ (> 0 and finite; the dense case has no grid).
   * @param withCentreOrder also compute the centres' Morton order (default true).
   */
  constructor(engine: Engine, centres: Float32Array, nc: number, sigma: number, truncation: number, withCentreOrder = true) {
    if (!(truncation > 0) || !Number.isFinite(truncation))
      throw new RangeError(`RestrictionGrid: truncation must be finite and > 0, got ${truncation}`);
    if (!(sigma > 0) || !Number.isFinite(sigma)) throw new RangeError(`RestrictionGrid: sigma must be > 0, got ${sigma}`);
    if (!Number.isInteger(nc) || nc < 0 || centres.length < 3 * nc)
      throw new RangeError('RestrictionGrid: fewer centre coordinates than 3·nc');
    const k = planKernels(engine);
    this.engine = engine;
    this.nc = nc;
    this.sigma = sigma;
    this.truncation = truncation;
    this.R = truncation * sigma;
    // Persistent blocks first (header, cells, records, order), then the temporaries above a mark.
    this.hdr = engine.alloc(HEADER_BYTES);
    const m = engine.mark();
    const cells = k.gridShape(nc, putXyz64(engine, centres, nc), this.R / 2, this.hdr);
    engine.release(m);
    this.cellStart = engine.alloc((cells + 1) * 4);
    this.recs = engine.alloc(nc * 16);
    this.centreOrder = withCentreOrder ? engine.alloc(nc * 4) : 0;
    const m2 = engine.mark();
    const xyz = putXyz64(engine, centres, nc);
    k.gridFill(nc, xyz, this.hdr, this.cellStart, engine.alloc(nc * 4), this.recs);
    if (withCentreOrder) k.mortonSort(nc, xyz, this.centreOrder, engine.alloc((3 * nc + 1024) * 4));
    engine.release(m2);
  }
}

/**
 * A set of restriction targets in the arena: float64 xyz and their processing order (Morton, as
 * mortonOrder.ts, computed in WASM). One set serves the plans of every level (the queries of a
 * training step or of an inference batch).
 */
export class RestrictionTargets {
  readonly engine: Engine;
  /** Number of targets. */
  readonly n: number;
  /** Arena offset of the float64 xyz (24 bytes per target). */
  readonly xyz: number;
  /** Arena offset of the row processing order (n int32), or 0 for the natural order. */
  readonly order: number;

  /**
   * @param targets xyz per target (finite; anywhere, inside or outside the centres' box).
   * @param sortRows Morton processing order (default true; results are identical either way).
   */
  constructor(engine: Engine, targets: ArrayLike<number>, sortRows = true) {
    if (targets.length % 3 !== 0) throw new RangeError('restriction: targets length is not a multiple of 3');
    for (let i = 0; i < targets.length; i++)
      if (!Number.isFinite(targets[i])) throw new RangeError('restriction: target coordinates must be finite');
    this.engine = engine;
    this.n = targets.length / 3;
    this.xyz = putXyz64(engine, targets, this.n);
    this.order = sortRows ? mortonDevice(engine, this.xyz, this.n) : 0;
  }

  /** The processing order as a JS array (a copy; the identity when unsorted). */
  orderArray(): Int32Array {
    return this.order ? Int32Array.from(this.engine.i32(this.order, this.n)) : Int32Array.from({ length: this.n }, (_, i) => i);
  }
}

/**
 * Build the restriction of `level`'s field to `targets` (xyz, 3 per target).
 * @param truncation cut-off radius in units of σ (> 0; Infinity = none). Default 3.
 * @param sortRows process rows in Morton order (default true; results are identical either way).
 */
export function buildRestrictionPlan(
  engine: Engine,
  level: PcnnLevel,
  targets: ArrayLike<number>,
  truncation: number = DEFAULT_TRUNCATION,
  sortRows = true,
): SparsePlan {
  if (!(truncation > 0)) throw new RangeError(`restriction: truncation must be > 0, got ${truncation}`);
  const nc = level.n * KERNEL_POINTS;
  if (!Number.isFinite(truncation)) {
    const csr = restrictionCsr(level.centres, nc, targets, level.sigma, truncation);
    return sortRows
      ? SparsePlan.upload(engine, csr, mortonOrder(targets, targets.length / 3), mortonOrder(level.centres, nc))
      : SparsePlan.upload(engine, csr);
  }
  const grid = new RestrictionGrid(engine, level.centres, nc, level.sigma, truncation, sortRows);
  return restrictionPlanOnGrid(grid, new RestrictionTargets(engine, targets, sortRows));
}

/**
 * The restriction plan (P, rows in the targets' order, and Pᵀ, rows in the grid's centre order
 * when it has one) of `targets` on a prepared grid (same engine).
 */
export function restrictionPlanOnGrid(grid: RestrictionGrid, targets: RestrictionTargets): SparsePlan {
  const fwd = restrictionRowsOnGrid(grid, targets);
  return SparsePlan.fromDevice(grid.engine, fwd, grid.nc, grid.centreOrder);
}

/**
 * Forward CSR only (inference needs no transpose): the restriction rows of `targets` on a
 * prepared grid, stored in the targets' processing order, in the arena.
 */
export function restrictionRowsOnGrid(grid: RestrictionGrid, targets: RestrictionTargets): DeviceCsr {
  const e = grid.engine,
    k: PlanKernels = planKernels(e);
  if (targets.engine !== e) throw new Error('restriction: grid and targets belong to different engines');
  const nq = targets.n,
    sigma = grid.sigma,
    R = grid.R;
  // Exactly the reference's constants (restrictionCsr): the weights' exponent factor and R².
  const kk = 1 / (4 * sigma * sigma),
    R2 = R * R;
  const ptr = e.alloc((nq + 1) * 4);
  // idx and w are sized by the bound, filled, then re-made at their exact sizes from the same
  // offset (bump arena: idx stays where it is, w moves down next to it).
  const m = e.mark();
  const bound = k.restrictBound(nq, targets.xyz, grid.hdr, grid.cellStart, R);
  const cap = bound + 4;
  const idx = e.alloc(cap * 4),
    wTmp = e.alloc(cap * 4),
    scratch = e.alloc((grid.nc + 4) * 8);
  const nnz = k.restrictFill(nq, targets.xyz, targets.order, grid.hdr, grid.cellStart, grid.recs, R, R2, kk, ptr, idx, wTmp, scratch);
  e.release(m);
  if (e.alloc(nnz * 4) !== idx) throw new Error('restriction: arena layout changed under the fill');
  const w = e.alloc(nnz * 4);
  k.moveBytes(w, wTmp, nnz * 4);
  return { nRows: nq, ptr, rows: targets.order, idx, w };
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
    const col = new Int32Array(nnz),
      val = new Float32Array(nnz);
    for (let q = 0; q < nq; q++) {
      const x = targets[3 * q],
        y = targets[3 * q + 1],
        z = targets[3 * q + 2];
      for (let c = 0; c < nc; c++) {
        const dx = centres[3 * c] - x,
          dy = centres[3 * c + 1] - y,
          dz = centres[3 * c + 2] - z;
        col[q * nc + c] = c;
        val[q * nc + c] = Math.exp(-(dx * dx + dy * dy + dz * dz) * k);
      }
      rowPtr[q + 1] = (q + 1) * nc;
    }
    return { nRows: nq, nCols: nc, rowPtr, col, val };
  }
  const R = truncation * sigma,
    R2 = R * R;
  // cell = R/2: the 5×5×5-cell search box is 2.5R wide (vs 3R with cell = R): fewer candidates
  const grid = new UniformGrid(centres, nc, R / 2);
  const { cellStart, items, ny, nz } = grid;
  let cap = Math.max(1024, nq * 64);
  let col = new Int32Array(cap),
    val = new Float32Array(cap);
  let nnz = 0;
  for (let q = 0; q < nq; q++) {
    const x = targets[3 * q],
      y = targets[3 * q + 1],
      z = targets[3 * q + 2];
    const ax = grid.ix(x - R),
      bx = grid.ix(x + R),
      ay = grid.iy(y - R),
      by = grid.iy(y + R),
      az = grid.iz(z - R),
      bz = grid.iz(z + R);
    for (let cx = ax; cx <= bx; cx++)
      for (let cy = ay; cy <= by; cy++) {
        const row = (cx * ny + cy) * nz;
        const t1 = cellStart[row + bz + 1];
        for (let t = cellStart[row + az]; t < t1; t++) {
          const c = items[t];
          const dx = centres[3 * c] - x,
            dy = centres[3 * c + 1] - y,
            dz = centres[3 * c + 2] - z;
          const d2 = dx * dx + dy * dy + dz * dz;
          if (d2 < R2) {
            if (nnz === cap) {
              cap *= 2;
              const c2 = new Int32Array(cap);
              c2.set(col);
              col = c2;
              const v2 = new Float32Array(cap);
              v2.set(val);
              val = v2;
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
