import { conjugateGradient } from './conjugateGradient.ts';
import { prolongNodes } from './prolongNodes.ts';
import { restrictNodes } from './restrictNodes.ts';
import type { ScreenedPoissonOperator } from './ScreenedPoissonOperator.ts';

/**
 * One geometric multigrid V-cycle as the preconditioner of conjugate gradients for the screened
 * Poisson matrix: CG's iteration count then stays at ~10–20 whatever the resolution, where
 * Jacobi-preconditioned CG needs O(resolution) iterations.
 *
 * - Grids: cells R, R/2, R/4, … (each level's nodes include the coarser one's).
 * - Transfer: trilinear prolongation P and its transpose (full weighting) as restriction.
 * - Coarse operators: Galerkin-consistent rediscretisation. For the graph Laplacian L_h
 *   (≈ h⁻¹∫|∇χ|²·const), Pᵀ L_h P ≈ 2·L_2h; the screening term is carried over exactly, since
 *   trilinear interpolation of a prolonged trilinear field equals the coarse interpolation
 *   (Pᵀt_s = t_s^coarse). So level m uses `ScreenedPoissonOperator` with Laplacian scale 2^m and
 *   the same sample weights.
 * - Smoother: damped Jacobi (ω = 0.8), `sweeps` before and after the coarse correction (the same
 *   count, so the cycle is a symmetric operator, as CG requires).
 * - Coarsest level: CG to 1e-10 (a near-exact solve, effectively a fixed linear map).
 */
export class MultigridPreconditioner {
  private readonly ops: ScreenedPoissonOperator[];
  private readonly diags: Float64Array[];
  private readonly sweeps: number;
  private readonly omega = 0.8;

  /**
   * @param ops operators from fine (index 0) to coarse, each with half the cells of the previous.
   * @param sweeps Jacobi sweeps before and after each coarse correction, ≥ 1. Default 2.
   */
  constructor(ops: ScreenedPoissonOperator[], sweeps = 2) {
    if (ops.length === 0) throw new RangeError('MultigridPreconditioner: no levels');
    for (let l = 1; l < ops.length; l++) {
      if (ops[l - 1].grid.cells !== 2 * ops[l].grid.cells) throw new RangeError('MultigridPreconditioner: each level must halve the cells');
    }
    this.ops = ops;
    this.diags = ops.map((o) => o.diagonal());
    this.sweeps = sweeps;
  }

  /** z ≈ A⁻¹ r by one V-cycle from z = 0. */
  apply(r: Float64Array, z: Float64Array): void {
    z.set(this.cycle(0, r));
  }

  private cycle(level: number, b: Float64Array): Float64Array {
    const op = this.ops[level];
    const x = new Float64Array(op.size);
    if (level === this.ops.length - 1) {
      conjugateGradient(op, b, x, { tolerance: 1e-10, maxIterations: 2000, diagonal: this.diags[level] });
      return x;
    }
    const d = this.diags[level];
    const ax = new Float64Array(op.size);
    const w = this.omega;
    // Pre-smoothing from x = 0: the first sweep is x = ω D⁻¹ b.
    for (let i = 0; i < x.length; i++) x[i] = (w * b[i]) / d[i];
    for (let s = 1; s < this.sweeps; s++) this.jacobi(op, d, b, x, ax);
    // Coarse correction on the residual.
    op.apply(x, ax);
    for (let i = 0; i < ax.length; i++) ax[i] = b[i] - ax[i];
    const coarseCells = this.ops[level + 1].grid.cells;
    const e = prolongNodes(this.cycle(level + 1, restrictNodes(ax, coarseCells)), coarseCells);
    for (let i = 0; i < x.length; i++) x[i] += e[i];
    for (let s = 0; s < this.sweeps; s++) this.jacobi(op, d, b, x, ax);
    return x;
  }

  /** x += ω D⁻¹ (b − A x). */
  private jacobi(op: ScreenedPoissonOperator, d: Float64Array, b: Float64Array, x: Float64Array, ax: Float64Array): void {
    op.apply(x, ax);
    const w = this.omega;
    for (let i = 0; i < x.length; i++) x[i] += (w * (b[i] - ax[i])) / d[i];
  }
}
