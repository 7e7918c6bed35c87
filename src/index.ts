/**
 * pointocc's programmatic API (Node.js 20+, ESM): `import { … } from 'pointocc'`.
 *
 * Read and write clouds and meshes, load a trained occupancy model (the bundled one by default),
 * reconstruct a closed mesh from a point cloud, sample points on the predicted surface, and score
 * a mesh against a ground truth with the project's metrics. Coordinates are in the input's own
 * units throughout: clouds are normalised to the unit cube internally and results are mapped
 * back (each result's `stats.transform` gives the map). docs/api.md has a worked example.
 */
import { defaultModelDir } from './methods/index.ts';
import type { Mesh } from './geometry/Mesh.ts';
import { computeNormalization, applyNormalization } from './geometry/normalize.ts';
import { Random } from './geometry/Random.ts';
import { OccupancyPredictor, evaluatorBinder, type OccupancyPredictorOptions } from './nn/serve/occupancy.ts';
import { reconstruct, type ReconstructOptions, type ReconstructResult } from './recon/reconstruct.ts';
import { upsampleCloud, type UpsampleCloudOptions, type UpsampleCloudResult } from './recon/upsampleCloud.ts';
import { groundTruthFromMesh } from './eval/groundTruthFromMesh.ts';
import { evaluateShape } from './eval/evaluateShape.ts';

export { readMesh, readPointCloud, writeMesh, writePointCloud } from './io/registry.ts';
export type { Mesh } from './geometry/Mesh.ts';
export type { PointCloud } from './geometry/PointCloud.ts';
export { InputError, UsageError } from './errors.ts';
export { checkMesh, type MeshReport } from './geometry/meshChecks.ts';
export { OccupancyPredictor, type OccupancyPredictorOptions } from './nn/serve/occupancy.ts';
export type { ReconstructOptions, ReconstructResult, ReconstructStats, ReconstructProgress } from './recon/reconstruct.ts';
export type { UpsampleCloudOptions, UpsampleCloudResult } from './recon/upsampleCloud.ts';
export type { Normalization } from './geometry/normalize.ts';

/** The bundled default model folder (the registry's default method's: pcnn-occ trained on the
 *  26-family corpus, any pose, 300–3000 points), inside the package. */
export const DEFAULT_MODEL_DIR = defaultModelDir();

/**
 * Loads a model folder (config.json + weights.safetensors, as `pointocc train` writes in its
 * `best/` folder) and starts its worker threads. Call `close()` on it when done.
 * @param dir the folder; default {@link DEFAULT_MODEL_DIR}.
 * @param options `workers` (default: the CPU count; 0 runs on the calling thread).
 */
export function loadModel(dir: string = DEFAULT_MODEL_DIR, options: OccupancyPredictorOptions = {}): Promise<OccupancyPredictor> {
  return OccupancyPredictor.create(dir, options);
}

/**
 * A closed mesh from a point cloud: normalise → occupancy → MISE → marching cubes → map back.
 * @param points xyz per point (length 3·N, N ≥ 16), any units.
 * @param model from {@link loadModel}.
 * @param options resolution (default 128), threshold (default: the model's), smoothing,
 *   simplification, seed, progress callback: see {@link ReconstructOptions}.
 * @returns the mesh in the input's coordinates and what the run measured.
 * @throws InputError for clouds that cannot be reconstructed (too few points, NaN, all equal).
 */
export function reconstructCloud(
  points: Float32Array,
  model: OccupancyPredictor,
  options: ReconstructOptions = {},
): Promise<ReconstructResult> {
  return reconstruct(points, model, { bind: evaluatorBinder(model), ...options });
}

/**
 * `n` points on the surface the model predicts for a cloud, with outward normals, in the
 * input's coordinates (decision-boundary bisection).
 * @param points xyz per point (N ≥ 16), any units. @param n points wanted, ≥ 0.
 */
export function upsample(
  points: Float32Array,
  model: OccupancyPredictor,
  n: number,
  options: UpsampleCloudOptions = {},
): Promise<UpsampleCloudResult> {
  return upsampleCloud(points, model, n, { bind: evaluatorBinder(model), ...options });
}

/** Options of {@link evaluateMesh}. */
export interface EvaluateMeshOptions {
  /** Points uniform in the padded box for IoU, and surface samples on each mesh. Default 100 000. */
  samples?: number;
  /** F-score thresholds, in unit-cube units of the ground truth's frame. Default [0.01]. */
  taus?: readonly number[];
  /** Seed of the sampling (same seed, same scores). Default 0. */
  seed?: number;
}

/**
 * Scores a predicted mesh against a closed ground-truth mesh given in the same coordinates:
 * both are put in the ground truth's unit-cube frame (bounding box centred, longest side 1), as
 * the project's evaluation protocol does; then IoU on uniform points of [-0.55, 0.55]³,
 * Chamfer-L1 (mean of accuracy and completeness, unit-cube units), normal consistency and
 * F-score at each tau.
 * @returns metric name → value (null where undefined, e.g. surface metrics of an empty prediction).
 */
export function evaluateMesh(pred: Mesh, gt: Mesh, options: EvaluateMeshOptions = {}): Record<string, number | null> {
  const t = computeNormalization(gt.positions, { source: 'ground truth' });
  const norm = (m: Mesh): Mesh => ({ ...m, positions: applyNormalization(m.positions, t) });
  const samples = options.samples ?? 100_000;
  const rng = new Random(options.seed ?? 0);
  const truth = groundTruthFromMesh(norm(gt), { uniformPoints: samples, surfacePoints: samples, rng });
  return evaluateShape(norm(pred), truth, { samples, taus: options.taus, rng }).metrics;
}
