/**
 * Point-cloud up-sampling of a raw cloud (paper §III-C) as a library function: normalise, bind
 * the model to the input subsets (as `reconstruct` does), find `n` points on the decision
 * boundary with `upsampleBoundary`, map them back to the cloud's coordinates.
 */
import { Random } from '../geometry/Random.ts';
import { invertNormalization, type Normalization } from '../geometry/normalize.ts';
import { averageOccupancy, type OccupancyModel } from './OccupancyModel.ts';
import { prepareCloudOccupancy, type CloudOccupancyOptions } from './cloudOccupancy.ts';
import { gridSettings, RECON_BOX } from './reconstruct.ts';
import { upsampleBoundary } from './upsampleBoundary.ts';
import { mise } from './mise.ts';
import { fillCavities } from './fillCavities.ts';

export interface UpsampleCloudOptions extends CloudOccupancyOptions {
  /** Final resolution of the MISE grid that locates the boundary, as in `reconstruct`. Default 128. */
  resolution?: number;
  /** Decision threshold on P(inside), in (0, 1). Default: the model's stored threshold. */
  threshold?: number;
  /** Bisection steps per point, ≥ 0. Default 12 (tolerance 2·1.1/R·2^−12 unit-cube units). */
  bisectionSteps?: number;
  /** Fill sealed voids no input point supports before drawing points, as `reconstruct` does
   *  (fillCavities.ts). Default true. */
  fillCavities?: boolean;
  /** Query points per model call. Default 32768. */
  batchSize?: number;
}

export interface UpsampleCloudResult {
  /** n points on the boundary, xyz, in the input's coordinates. */
  points: Float32Array;
  /** Their approximate outward unit normals. */
  normals: Float32Array;
  stats: {
    points: number;
    usedPoints: number;
    subsets: number;
    transform: Normalization;
    threshold: number;
    resolution: number;
    /** Evaluations of the (averaged) occupancy; model queries are this × subsets. */
    evaluations: number;
    /** Bound on the distance of each point to a crossing of the threshold, input units. */
    tolerance: number;
    seconds: number;
    warnings: string[];
  };
}

/**
 * Sample `n` points on the surface the model predicts for a cloud.
 *
 * @param positions the cloud, xyz per point (N ≥ 16), any units.
 * @param model the occupancy model.
 * @param n number of points wanted, ≥ 0.
 * @param options see {@link UpsampleCloudOptions}; `seed` also seeds the boundary sampling.
 * @throws InputError for bad clouds (see `prepareCloudOccupancy`); Error when the model
 *   predicts no boundary at all.
 */
export async function upsampleCloud(
  positions: Float32Array,
  model: OccupancyModel,
  n: number,
  options: UpsampleCloudOptions = {},
): Promise<UpsampleCloudResult> {
  const t0 = performance.now();
  const { resolution0, upsamplingSteps, resolution } = gridSettings(options.resolution);
  const threshold = options.threshold ?? model.threshold;
  if (!(threshold > 0 && threshold < 1)) throw new RangeError(`threshold must be in (0, 1), got ${threshold}`);
  const prepared = prepareCloudOccupancy(positions, model, options);
  const rng = new Random(options.seed ?? 0).fork();
  const evaluate = averageOccupancy(prepared.parts);
  const batchSize = options.batchSize ?? 32768;
  const grid = await mise(evaluate, { threshold, resolution0, upsamplingSteps, box: RECON_BOX, batchSize });
  // The same grid as reconstruct's, bubbles included, so the same voids are filled: points are
  // drawn on the surface the mesh would have (fillCavities.ts).
  if (options.fillCavities !== false) fillCavities(grid, prepared.subsets);
  const res = await upsampleBoundary(evaluate, n, {
    threshold,
    resolution0,
    upsamplingSteps,
    box: RECON_BOX,
    batchSize,
    rng,
    bisectionSteps: options.bisectionSteps,
    grid,
  });
  prepared.release();
  return {
    points: invertNormalization(res.points, prepared.transform),
    normals: res.normals,
    stats: {
      points: prepared.points,
      usedPoints: prepared.usedPoints,
      subsets: prepared.subsets.length,
      transform: prepared.transform,
      threshold,
      resolution,
      evaluations: grid.evaluations + res.evaluations,
      tolerance: res.tolerance / prepared.transform.scale,
      seconds: (performance.now() - t0) / 1000,
      warnings: prepared.warnings,
    },
  };
}
