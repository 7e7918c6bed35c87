import { KdTree, type KnnResult } from '../../geometry/KdTree.ts';
import type { Mesh } from '../../geometry/Mesh.ts';
import { marchingCubes, padWithOutside } from '../marchingCubes.ts';
import { conjugateGradient } from './conjugateGradient.ts';
import { gradientField } from './gradientField.ts';
import { nodeGrid, trilinearStencil } from './NodeGrid.ts';
import { MultigridPreconditioner } from './MultigridPreconditioner.ts';
import { ScreenedPoissonOperator } from './ScreenedPoissonOperator.ts';
import { trimFarFaces } from './trimFarFaces.ts';

/**
 * Screened Poisson surface reconstruction (Kazhdan & Hoppe 2013) on a regular grid.
 *
 * The indicator χ (≈ +½ inside, −½ outside) minimises
 *   E(χ) = ∫ ‖∇χ − V‖² dx + α · Σ_s a_s · χ(p_s)²,
 * where V = −Σ_s a_s n_s K(x − p_s) is the smoothed field of the oriented samples (a_s: the area
 * a sample stands for, π r²/k from the distance r to its k-th neighbour, so uneven sampling does
 * not bias V; K: trilinear splat then Gaussian blur of std `smoothing` × mean sample spacing) and
 * the second term (the screening) pulls χ to 0 at the samples, which keeps the surface on them
 * where the plain Poisson solution drifts. Discretised on the nodes of a regular grid of
 * `resolution` cells per axis over `box` (gradients on edges: the 7-point Laplacian with natural
 * Neumann boundary; χ(p_s) by trilinear interpolation), the normal equations
 *   (DᵀD + (α/h) Σ_s a_s t_s t_sᵀ) χ = Dᵀ g
 * are solved by Jacobi-preconditioned conjugate gradients, cascadic (Deuflhard's cascadic
 * multigrid, as Screened Poisson's own coarse-to-fine solver): the grid is solved at
 * resolution/2^L first, and each solution, prolonged trilinearly, starts the CG of the next finer
 * grid, which then only has to remove high-frequency error (tens of iterations).
 *
 * The surface is the level set χ = mean of χ at the samples (Kazhdan's iso-value), extracted by
 * `marchingCubes` on the grid padded with "outside", hence closed and watertight. With `trim`,
 * faces farther than trim × spacing from every sample are removed afterwards (like Open3D's
 * density trimming, it opens the mesh where data is missing).
 */
export interface ScreenedPoissonOptions {
  /** Grid cells per axis of the finest level. Default 128, range 8–512. Cells are
   *  (box side)/resolution: 0.0086 units at 128 over [-0.55, 0.55]. */
  resolution?: number;
  /** Cube of the grid, world units. Default [-0.55, 0.55] (the padded unit cube of docs/design.md §2). */
  box?: [number, number];
  /** Screening weight α. Default 4 (Screened Poisson's default point weight), range ≥ 0. */
  screening?: number;
  /** Std of the Gaussian smoothing of V, in mean sample spacings. Default 1, range ≥ 0. */
  smoothing?: number;
  /** Neighbour count of the area estimate. Default 16, range ≥ 2 (clamped to N). */
  k?: number;
  /** k nearest neighbours of the samples among themselves, to reuse (first `k` per point used). */
  knn?: KnnResult;
  /** Smallest multigrid level's cells per axis: levels halve from `resolution` while the
   *  result is an integer ≥ this. Default 8. */
  coarsestResolution?: number;
  /** CG stopping tolerance ‖r‖/‖b‖. Default 1e-6. */
  tolerance?: number;
  /** CG iteration cap. Default 200. */
  maxIterations?: number;
  /** Remove faces farther than trim × mean sample spacing from every sample. Default: no trim. */
  trim?: number;
  /** Treat the box boundary as outside: flip the sign of χ − iso when the mean of χ on the box's
   *  faces is above the iso-value. Default true. */
  boundaryOutside?: boolean;
}

export interface ScreenedPoissonResult {
  mesh: Mesh;
  /** χ on the finest level's nodes ((resolution+1)³, x fastest) and the iso-value used. */
  chi: Float64Array;
  iso: number;
  /** Whether χ (and `iso`) were negated because the far field lay above the iso-value. */
  flipped: boolean;
  /** Mean distance between a sample and its nearest other sample, world units. */
  spacing: number;
  /** Cells per axis of the multigrid levels, fine to coarse. */
  levels: { cells: number }[];
  /** Multigrid-preconditioned CG iterations on the finest level, and the final ‖r‖/‖b‖. */
  iterations: number;
  residual: number;
}

/**
 * Screened Poisson reconstruction from oriented points.
 *
 * @param points xyz per sample (length 3·N, N ≥ 3), world units, inside `box`.
 * @param normals unit outward normals (length 3·N).
 * @param options see {@link ScreenedPoissonOptions}.
 */
export function screenedPoisson(points: Float32Array, normals: Float32Array, options: ScreenedPoissonOptions = {}): ScreenedPoissonResult {
  const n = Math.floor(points.length / 3);
  if (n < 3) throw new RangeError(`screenedPoisson: need at least 3 points, got ${n}`);
  if (normals.length !== 3 * n) throw new RangeError(`screenedPoisson: ${normals.length / 3} normals for ${n} points`);
  const resolution = options.resolution ?? 128;
  if (!Number.isInteger(resolution) || resolution < 8 || resolution > 512)
    throw new RangeError(`screenedPoisson: resolution must be an integer in [8, 512], got ${resolution}`);
  const box = options.box ?? [-0.55, 0.55];
  const alpha = options.screening ?? 4;
  if (!(alpha >= 0)) throw new RangeError(`screenedPoisson: screening must be ≥ 0, got ${alpha}`);
  const smoothing = options.smoothing ?? 1;
  if (!(smoothing >= 0)) throw new RangeError(`screenedPoisson: smoothing must be ≥ 0, got ${smoothing}`);
  const coarsest = options.coarsestResolution ?? 8;
  if (options.trim !== undefined && !(options.trim > 0)) throw new RangeError(`screenedPoisson: trim must be > 0, got ${options.trim}`);
  const tol = options.tolerance ?? 1e-6;
  const maxIt = options.maxIterations ?? 200;

  // Per-sample area a_s = π r_k² / k and the mean nearest-neighbour spacing.
  const k = Math.min(options.k ?? 16, n);
  let tree: KdTree | null = null;
  let knn = options.knn;
  let kk = k;
  if (knn && knn.indices.length >= n * k) kk = knn.indices.length / n;
  else {
    tree = new KdTree(points);
    knn = tree.knnAll(points, k);
  }
  const area = new Float64Array(n);
  let spacing = 0;
  for (let s = 0; s < n; s++) {
    area[s] = (Math.PI * knn.dist2[s * kk + k - 1]) / k;
    spacing += Math.sqrt(knn.dist2[s * kk + 1]);
  }
  spacing /= n;
  let totalArea = 0;
  for (let s = 0; s < n; s++) totalArea += area[s];
  if (!(totalArea > 0)) throw new RangeError('screenedPoisson: all points coincide');
  const mu = new Float64Array(n);
  const vectors = new Float64Array(3 * n);
  for (let s = 0; s < n; s++) for (let a = 0; a < 3; a++) vectors[3 * s + a] = -normals[3 * s + a] * area[s];

  // Multigrid hierarchy: cells R, R/2, … while even and ≥ coarsestResolution.
  const sizes: number[] = [resolution];
  while (sizes[sizes.length - 1] % 2 === 0 && sizes[sizes.length - 1] / 2 >= coarsest) sizes.push(sizes[sizes.length - 1] / 2);
  const ops: ScreenedPoissonOperator[] = [];
  for (let l = 0; l < sizes.length; l++) {
    const grid = nodeGrid(sizes[l], box);
    if (l === 0) for (let s = 0; s < n; s++) mu[s] = (alpha / grid.h) * area[s];
    ops.push(new ScreenedPoissonOperator(grid, trilinearStencil(grid, points), mu, 2 ** l));
  }
  const finalOp = ops[0];
  const { rhs } = gradientField(finalOp.grid, points, vectors, smoothing * spacing);
  const finalChi = new Float64Array(finalOp.size);
  const cg = conjugateGradient(finalOp, rhs, finalChi, {
    tolerance: tol,
    maxIterations: maxIt,
    preconditioner: new MultigridPreconditioner(ops),
  });
  const levels = sizes.map((cells) => ({ cells }));

  // Iso-value: plain mean of χ at the samples.
  const atSamples = finalOp.sampleValues(finalChi);
  let iso = 0;
  let flipped = false;
  for (let s = 0; s < n; s++) iso += atSamples[s];
  iso /= n;

  const grid = finalOp.grid;
  // The box boundary is outside by definition (the shape lies well inside it). When the far
  // field there is above the iso-value — normals mostly inward, or so inconsistent (thin parts
  // sampled on both sides) that χ has no clear sign — the surface would wrap the whole box; the
  // sign of χ − iso is flipped instead, so the boundary is outside.
  if (options.boundaryOutside ?? true) {
    const g = grid.n;
    let sum = 0,
      count = 0;
    for (let k = 0; k < g; k++) {
      for (let j = 0; j < g; j++) {
        const edgeJK = j === 0 || j === g - 1 || k === 0 || k === g - 1;
        for (let i = 0; i < g; i += edgeJK ? 1 : g - 1) {
          sum += finalChi[i + g * (j + g * k)];
          count++;
        }
      }
    }
    if (sum / count > iso) {
      for (let i = 0; i < finalChi.length; i++) finalChi[i] = -finalChi[i];
      iso = -iso;
      flipped = true;
    }
  }
  let min = Infinity;
  for (let i = 0; i < finalChi.length; i++) if (finalChi[i] < min) min = finalChi[i];
  const padded = padWithOutside(finalChi, [grid.n, grid.n, grid.n], Math.min(min, iso) - 1);
  let mesh = marchingCubes(padded.values, padded.dims, iso, {
    origin: [grid.lo - grid.h, grid.lo - grid.h, grid.lo - grid.h],
    spacing: grid.h,
  });
  if (options.trim !== undefined) {
    mesh = trimFarFaces(mesh, points, options.trim * spacing, tree ?? undefined);
  }
  return { mesh, chi: finalChi, iso, flipped, spacing, levels, iterations: cg.iterations, residual: cg.relativeResidual };
}
