import type { NodeGrid, TrilinearStencil } from './NodeGrid.ts';

/**
 * The matrix of the screened Poisson normal equations on a node grid,
 *   A = c·DᵀD + Σ_s μ_s t_s t_sᵀ,
 * with DᵀD the 7-point graph Laplacian (Neumann boundary: a node has as many neighbours as exist)
 * and t_s the trilinear interpolation weights of sample s (its "screening" term, weight μ_s ≥ 0).
 * Symmetric positive semi-definite; definite as soon as one μ_s > 0. Applied matrix-free.
 * The Laplacian scale c is 1 for the problem itself; a multigrid level m times coarser uses
 * c = 2^m (see `MultigridPreconditioner`).
 */
export class ScreenedPoissonOperator {
  readonly grid: NodeGrid;
  private readonly stencil: TrilinearStencil;
  private readonly mu: Float64Array;
  private readonly c: number;

  /**
   * @param grid the node grid.
   * @param stencil trilinear stencils of the samples in this grid.
   * @param mu screening weight per sample (length S), ≥ 0.
   * @param laplacianScale the factor c of DᵀD, > 0. Default 1.
   */
  constructor(grid: NodeGrid, stencil: TrilinearStencil, mu: Float64Array, laplacianScale = 1) {
    this.grid = grid;
    this.stencil = stencil;
    this.mu = mu;
    this.c = laplacianScale;
  }

  /** Number of unknowns (n³). */
  get size(): number {
    return this.grid.n ** 3;
  }

  /** out = A·x (out must not alias x; every entry of out is overwritten). */
  apply(x: Float64Array, out: Float64Array): void {
    const { n } = this.grid;
    const nn = n * n;
    const c = this.c;
    // Gather form of Σ_edges c·(x_i − x_j) per node (one write per node, no scatter).
    for (let k = 0; k < n; k++) {
      for (let j = 0; j < n; j++) {
        const row = n * (j + n * k);
        const yLo = j > 0,
          yHi = j < n - 1,
          zLo = k > 0,
          zHi = k < n - 1;
        for (let i = 0; i < n; i++) {
          const id = row + i;
          const v = x[id];
          let s = 0;
          if (i > 0) s += v - x[id - 1];
          if (i < n - 1) s += v - x[id + 1];
          if (yLo) s += v - x[id - n];
          if (yHi) s += v - x[id + n];
          if (zLo) s += v - x[id - nn];
          if (zHi) s += v - x[id + nn];
          out[id] = c * s;
        }
      }
    }
    const { base, weights, corner } = this.stencil;
    const mu = this.mu;
    for (let s = 0; s < mu.length; s++) {
      const m = mu[s];
      if (m === 0) continue;
      const b = base[s],
        w = 8 * s;
      let v = 0;
      for (let c = 0; c < 8; c++) v += weights[w + c] * x[b + corner[c]];
      v *= m;
      for (let c = 0; c < 8; c++) out[b + corner[c]] += weights[w + c] * v;
    }
  }

  /** The diagonal of A (for a Jacobi preconditioner). */
  diagonal(): Float64Array {
    const { n } = this.grid;
    const d = new Float64Array(n * n * n);
    for (let k = 0; k < n; k++) {
      const ck = (k > 0 ? 1 : 0) + (k < n - 1 ? 1 : 0);
      for (let j = 0; j < n; j++) {
        const cj = (j > 0 ? 1 : 0) + (j < n - 1 ? 1 : 0);
        const row = n * (j + n * k);
        for (let i = 0; i < n; i++) d[row + i] = this.c * (ck + cj + (i > 0 ? 1 : 0) + (i < n - 1 ? 1 : 0));
      }
    }
    const { base, weights, corner } = this.stencil;
    for (let s = 0; s < this.mu.length; s++) {
      for (let c = 0; c < 8; c++) d[base[s] + corner[c]] += this.mu[s] * weights[8 * s + c] ** 2;
    }
    return d;
  }

  /** Trilinear interpolation of a nodal field at the samples (length S). */
  sampleValues(x: Float64Array): Float64Array {
    const { base, weights, corner } = this.stencil;
    const out = new Float64Array(this.mu.length);
    for (let s = 0; s < out.length; s++) {
      let v = 0;
      for (let c = 0; c < 8; c++) v += weights[8 * s + c] * x[base[s] + corner[c]];
      out[s] = v;
    }
    return out;
  }
}
