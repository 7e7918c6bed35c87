import type { Mesh } from '../geometry/Mesh.ts';
import { marchingCubes, padWithOutside } from './marchingCubes.ts';
import { UsageError } from '../errors.ts';
import { MiseOctree } from './MiseOctree.ts';

/**
 * Multiresolution IsoSurface Extraction (MISE), after Occupancy Networks (Mescheder et al. 2019,
 * `im2mesh/utils/libmise/mise.pyx`, used the same way by the paper §III-C).
 *
 * The occupancy is evaluated on the (r0+1)³ corners of a coarse voxel grid over the box. A voxel
 * is *active* when the evaluated grid points on its closed cube (its corners, and points that
 * finer neighbours evaluated on its faces) include values both ≥ and ≤ the threshold (ONet's
 * rule). Active voxels are split in 8, the new corners evaluated, and so on until voxels reach the
 * final size (r0·2^steps cells per axis) and no voxel becomes active any more; like ONet we
 * iterate to that fixed point rather than a fixed number of rounds, so a coarse voxel is still
 * refined when a finer neighbour later finds the surface on their common face.
 *
 * Unevaluated points of the final grid take the trilinear interpolation of the corners of the
 * coarse leaf voxel around them (ONet copies the previous value along each axis instead). At the
 * fixed point every coarse leaf has all its evaluated points strictly on one side of the
 * threshold, so the filled values keep that side, and marching cubes finds surface only in
 * fully evaluated finest voxels: there the grid equals the dense evaluation exactly.
 *
 * Bookkeeping is linear in the grid and on typed arrays: one byte of state per voxel of each
 * non-final level, one byte per final grid point.
 */

/** Occupancy to extract: values (probabilities or logits) at M points given as xyz, length 3·M. */
export type OccupancyFunction = (points: Float32Array) => Float32Array | Promise<Float32Array>;

export interface MiseOptions {
  /** Value separating inside (> threshold) from outside, in the units `evaluate` returns. */
  threshold: number;
  /** Cells per axis of the initial grid, ≥ 1. Default 32 (ONet); the paper uses 64. */
  resolution0?: number;
  /** Number of halvings of the voxel size, ≥ 0. Default 2 → final resolution r0·4. */
  upsamplingSteps?: number;
  /** Cube [lo, hi]³ (world units) covered by the grid. Default [-0.55, 0.55] (unit cube + 0.1). */
  box?: [number, number];
  /** Points per call of `evaluate`, ≥ 1. Default 65536. */
  batchSize?: number;
  /** Point sets (xyz, world units) known to lie on or near the surface: the input cloud. After
   *  the coarse round, the coarse voxels holding a seed are split whether or not they straddle
   *  the threshold (a part thinner than the coarse spacing has its P cross the threshold only
   *  between coarse grid points, and ONet's rule alone finds it only if refinement reaches it
   *  from elsewhere); and if still no voxel straddles, the leaves holding a seed are split level
   *  by level until one does or the final level is reached. Seeds only add evaluations: where
   *  evaluated, the grid is the function's value. Default none. */
  seeds?: readonly Float32Array[];
  /** Peak memory (bytes) the dense final grid and its meshing may take, estimated by
   *  {@link miseGridBytes}. Default {@link miseMemoryLimit}(): 2 GB less the process's base. */
  memoryLimitBytes?: number;
}

/**
 * Estimated peak bytes of the dense final grid of R cells per axis and its meshing, beyond
 * the process's base: per grid point 4 (float32 value) + 1 (state byte) + up to 4 (the
 * cropped, padded copy marching cubes reads) + ~1 of marching-cubes output and slack = 10.
 * Measured (`/usr/bin/time -f %M`, examples/chair.xyz): 1.5 GB at R = 512 ≈ 10·513³ + 0.15 GB;
 * 9.1 GB at 1024.
 */
export function miseGridBytes(resolution: number): number {
  return 10 * (resolution + 1) ** 3;
}

/** Bytes a reconstruction process holds before the grid (Node, the model and its worker
 *  threads): ~0.3 GB measured with the default model. */
const BASE_BYTES = 0.3e9;

/**
 * The grid's share of the 2 GB peak-memory budget of a reconstruction (bytes), or of
 * `POINTOCC_MEMORY_GB` GB when that environment variable is set (for a machine with more memory).
 */
export function miseMemoryLimit(): number {
  // `process` is Node's: the browser worker runs this file too, and keeps the default budget.
  const gb = typeof process === 'undefined' ? NaN : Number(process.env?.POINTOCC_MEMORY_GB);
  const total = gb > 0 && Number.isFinite(gb) ? gb * 1e9 : 2e9;
  return Math.max(0, total - BASE_BYTES);
}

/** The largest resolution, a multiple of `multiple`, whose grid fits `limitBytes`. */
export function maxMiseResolution(limitBytes = miseMemoryLimit(), multiple = 4): number {
  let r = Math.floor(Math.cbrt(limitBytes / 10)) - 1;
  r -= r % multiple;
  while (r > 0 && miseGridBytes(r) > limitBytes) r -= multiple;
  return r;
}

/** A dense grid of occupancy values at the final resolution. */
export interface MiseGrid {
  /** Values at the (R+1)³ grid points, index = x + n·(y + n·z) with n = R+1. Point (x, y, z)
   *  is at lo + (hi − lo)·(i / R) per axis, computed in double precision. */
  values: Float32Array;
  /** Per grid point: 1 if `evaluate` gave its value, 0 if it was interpolated. */
  evaluated: Uint8Array;
  /** Final cells per axis R = r0·2^steps. */
  resolution: number;
  /** [R+1, R+1, R+1]. */
  dims: [number, number, number];
  box: [number, number];
  /** Grid spacing (hi − lo) / R, world units. */
  spacing: number;
  threshold: number;
  /** Number of points evaluated. */
  evaluations: number;
  /** Number of evaluate-then-refine rounds until the fixed point. */
  rounds: number;
}

/** World coordinate of grid index i on a grid of R cells over [lo, hi]. */
export function gridCoordinate(i: number, resolution: number, box: [number, number]): number {
  return box[0] + (box[1] - box[0]) * (i / resolution);
}

/**
 * Run MISE on an occupancy function.
 *
 * @param evaluate occupancy at a batch of points (sync or async); called with at most
 *   `batchSize` points at a time; must return one value per point.
 * @param options threshold, resolution0 (32), upsamplingSteps (2), box ([-0.55, 0.55]),
 *   batchSize (65536).
 * @returns the dense final grid (interpolated where not evaluated) and the evaluation count.
 */
export async function mise(evaluate: OccupancyFunction, options: MiseOptions): Promise<MiseGrid> {
  const r0 = options.resolution0 ?? 32;
  const steps = options.upsamplingSteps ?? 2;
  const box = options.box ?? [-0.55, 0.55];
  const batchSize = options.batchSize ?? 65536;
  const thr = options.threshold;
  if (!Number.isInteger(r0) || r0 < 1) throw new RangeError(`mise: resolution0 must be an integer ≥ 1, got ${r0}`);
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`mise: upsamplingSteps must be an integer ≥ 0, got ${steps}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`mise: batchSize must be ≥ 1, got ${batchSize}`);
  if (!(box[1] > box[0])) throw new RangeError(`mise: box must have lo < hi, got [${box}]`);
  if (!Number.isFinite(thr)) throw new RangeError(`mise: threshold must be finite, got ${thr}`);
  if (((r0 << steps) + 1) ** 3 > 2 ** 31 - 1) throw new RangeError(`mise: final grid ${(r0 << steps) + 1}³ is too large`);
  // The final grid is dense: refuse up front, before minutes of evaluation, a resolution whose
  // grid would not fit the memory budget (UsageError: exit 2, naming the need).
  const limit = options.memoryLimitBytes ?? miseMemoryLimit();
  const need = miseGridBytes(r0 << steps);
  if (need > limit) {
    const gb = (b: number): string => (b / 1e9).toFixed(1);
    throw new UsageError(
      `resolution ${r0 << steps} needs about ${gb(need)} GB for its dense ${(r0 << steps) + 1}³ grid, over the ${gb(limit)} GB this process may use for it; use a resolution ≤ ${maxMiseResolution(limit, 1 << steps)}, or set POINTOCC_MEMORY_GB to the memory to allow (GB)`,
    );
  }

  const octree = new MiseOctree(r0, steps, thr);
  const R = octree.R;
  const coordOf = new Float64Array(R + 1);
  for (let i = 0; i <= R; i++) coordOf[i] = gridCoordinate(i, R, box);

  let evaluations = 0;
  let rounds = 0;
  let seedLevel = 0;
  for (;;) {
    // After the coarse round, the coarse voxels holding a seed point are split too, straddling
    // or not: a part thinner than the coarse spacing (a table top between two grid layers) is
    // found where the points say the surface is, even when the rule found another part.
    if (rounds === 1 && seedLevel === 0 && options.seeds && steps > 0) octree.splitHolding(seedLevel++, options.seeds, box);
    let batch = octree.takePending();
    // No voxel has straddled the threshold yet: split the leaves holding a seed point, one level
    // per round, so a surface thinner than the voxels is looked for where the points say it is.
    while (batch.length === 0 && !octree.straddled && options.seeds && seedLevel < steps) {
      octree.splitHolding(seedLevel++, options.seeds, box);
      batch = octree.takePending();
    }
    if (batch.length === 0) break;
    rounds++;
    for (let b0 = 0; b0 < batch.length; b0 += batchSize) {
      const part = batch.subarray(b0, Math.min(batch.length, b0 + batchSize));
      const out = await evaluate(octree.coordinates(part, coordOf));
      if (!out || out.length !== part.length) {
        throw new Error(`mise: evaluate returned ${out?.length} values for ${part.length} points`);
      }
      octree.setValues(part, out);
      evaluations += part.length;
    }
    octree.refine(batch);
  }
  octree.fillUnknown();
  return {
    values: octree.values,
    evaluated: octree.state, // UNKNOWN (0) = interpolated, KNOWN (1) = evaluated; none is PENDING
    resolution: R,
    dims: [R + 1, R + 1, R + 1],
    box: [box[0], box[1]],
    spacing: (box[1] - box[0]) / R,
    threshold: thr,
    evaluations,
    rounds,
  };
}

/**
 * Closed triangle mesh of a MISE grid: pad with "outside", run marching cubes at the grid's
 * threshold, place vertices in world coordinates of the box.
 *
 * @param grid a grid from {@link mise}.
 * @returns a watertight, edge-manifold mesh, faces oriented outward (inside = value > threshold).
 */
export function meshFromGrid(grid: MiseGrid): Mesh {
  const outside = Math.min(-1e6, grid.threshold - 1e6);
  const padded = padWithOutside(grid.values, grid.dims, outside);
  const h = grid.spacing,
    o = grid.box[0] - h; // padded sample 0 is one spacing before lo
  return marchingCubes(padded.values, padded.dims, grid.threshold, { origin: [o, o, o], spacing: h });
}

/**
 * MISE + padding + marching cubes: the mesh of `{x : evaluate(x) > threshold}` within the box.
 *
 * @param evaluate occupancy function (see {@link mise}).
 * @param options MISE options (threshold required).
 * @returns the mesh (world units), the number of evaluated points, and the grid.
 */
export async function extractSurface(
  evaluate: OccupancyFunction,
  options: MiseOptions,
): Promise<{ mesh: Mesh; evaluations: number; grid: MiseGrid }> {
  const grid = await mise(evaluate, options);
  return { mesh: meshFromGrid(grid), evaluations: grid.evaluations, grid };
}
