import { gaussianBlur3d } from './gaussianBlur3d.ts';
import type { NodeGrid } from './NodeGrid.ts';

/**
 * The right-hand side of the discrete Poisson problem: the vector field V of the oriented
 * samples, sampled on the grid's edges, and its (negative, discrete) divergence.
 *
 * Discretisation (a staggered, finite-volume one, so the Laplacian it pairs with is the 7-point
 * stencil with natural Neumann boundary): the gradient of a nodal χ lives on the grid edges,
 * (Dχ)_e = χ_j − χ_i for the edge e from node i to its +axis neighbour j. The field V is wanted
 * as ∇χ, so each edge holds g_e = h·V_axis(midpoint of e). V is the sum over samples of the
 * sample's vector (here −normal × its area, so that χ grows inward) times a smoothing kernel of
 * unit integral: trilinear splatting onto the staggered grid of that axis's edge midpoints, then
 * a Gaussian blur of std `sigma` (world units). The blur stands in for Screened Poisson's
 * adaptive depth (its `samplesPerNode`): on sparse clouds a kernel narrower than the sample
 * spacing makes V a set of spikes and χ bumpy.
 */
export interface GradientField {
  /** Edge values g (h·V) per axis; axis a has `cells` edges along a and n along the others,
   *  index i + sx·(j + sy·k) with (sx, sy) the sizes along x and y. */
  edges: [Float64Array, Float64Array, Float64Array];
  /** Dᵀg per node (length n³): the right-hand side of (DᵀD + screening) χ = Dᵀg. */
  rhs: Float64Array;
}

/**
 * @param grid the node grid.
 * @param points xyz per sample (length 3·S), world units.
 * @param vectors the field's vector per sample (length 3·S): direction × area, world units.
 * @param sigma Gaussian smoothing std, world units, ≥ 0.
 */
export function gradientField(grid: NodeGrid, points: ArrayLike<number>, vectors: ArrayLike<number>, sigma: number): GradientField {
  const { n, cells, lo, h } = grid;
  const ns = Math.floor(points.length / 3);
  const edges: Float64Array[] = [];
  // Splatted density per unit volume is value·weight / h³; g = h·V.
  const scale = 1 / (h * h);
  for (let axis = 0; axis < 3; axis++) {
    const dims: [number, number, number] = [n, n, n];
    dims[axis] = cells;
    const [sx, sy, sz] = dims;
    const g = new Float64Array(sx * sy * sz);
    for (let s = 0; s < ns; s++) {
      const v = vectors[3 * s + axis] * scale;
      if (v === 0) continue;
      let idx = 0,
        stride = 1;
      const i0 = [0, 0, 0],
        f = [0, 0, 0];
      for (let a = 0; a < 3; a++) {
        const size = dims[a];
        let u = (points[3 * s + a] - lo) / h - (a === axis ? 0.5 : 0);
        if (!(u > 0)) u = 0;
        if (u > size - 1) u = size - 1;
        let i = Math.floor(u);
        if (i >= size - 1) i = Math.max(0, size - 2);
        i0[a] = i;
        f[a] = size > 1 ? u - i : 0;
        idx += i * stride;
        stride *= size;
      }
      for (let c = 0; c < 8; c++) {
        const dx = c & 1,
          dy = (c >> 1) & 1,
          dz = (c >> 2) & 1;
        const w = (dx ? f[0] : 1 - f[0]) * (dy ? f[1] : 1 - f[1]) * (dz ? f[2] : 1 - f[2]);
        if (w === 0) continue;
        g[idx + dx + sx * (dy + sy * dz)] += v * w;
      }
    }
    gaussianBlur3d(g, dims, sigma / h);
    edges.push(g);
  }
  const rhs = new Float64Array(n * n * n);
  applyDivergenceTranspose(grid, edges as [Float64Array, Float64Array, Float64Array], rhs);
  return { edges: edges as [Float64Array, Float64Array, Float64Array], rhs };
}

/** out = Dᵀg: each edge value is added at its end node and subtracted at its start node. */
function applyDivergenceTranspose(grid: NodeGrid, edges: [Float64Array, Float64Array, Float64Array], out: Float64Array): void {
  const { n, cells } = grid;
  const nn = n * n;
  const gx = edges[0],
    gy = edges[1],
    gz = edges[2];
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < n; j++) {
      const rowX = cells * (j + n * k);
      const node = n * (j + n * k);
      for (let i = 0; i < cells; i++) {
        const v = gx[rowX + i];
        out[node + i] -= v;
        out[node + i + 1] += v;
      }
    }
  }
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < cells; j++) {
      const rowY = n * (j + cells * k);
      const node = n * (j + n * k);
      for (let i = 0; i < n; i++) {
        const v = gy[rowY + i];
        out[node + i] -= v;
        out[node + i + n] += v;
      }
    }
  }
  for (let k = 0; k < cells; k++) {
    for (let j = 0; j < n; j++) {
      const row = n * (j + n * k);
      for (let i = 0; i < n; i++) {
        const v = gz[row + i];
        out[row + i] -= v;
        out[row + i + nn] += v;
      }
    }
  }
}
