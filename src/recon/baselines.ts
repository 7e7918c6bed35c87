/**
 * The classical baselines pointocc compares with, as plain functions
 * `(cloud normalised to the unit cube, options) → mesh in the same frame`, and `runInUnitCube`,
 * which does the normalisation and maps the mesh back for clouds in any units:
 *
 * - `poissonBaseline`: PCA normals + MST orientation → screened Poisson (grid, multigrid CG);
 *   watertight (not with `trim`);
 * - `ballPivotingBaseline`: PCA normals + MST orientation → ball pivoting, radii 1.1·s·{1,2,4};
 *   rarely watertight on sparse input;
 * - `hullBaseline`: convex hull (quickhull), the floor every method should beat; watertight.
 *
 * Their names, descriptions and whether they are watertight are in the method registry
 * (src/methods/baselines.ts): this file knows no method names, so the registry stays the one
 * place that does. The unit cube is pointocc's (docs/design.md §2; reconstruction box
 * [-0.55, 0.55]³).
 */
import type { Mesh } from '../geometry/Mesh.ts';
import { applyNormalization, computeNormalization, invertNormalization, type Normalization } from '../geometry/normalize.ts';
import { KdTree } from '../geometry/KdTree.ts';
import { DEFAULT_NORMAL_K, estimateNormals } from '../geometry/estimateNormals.ts';
import { orientNormals } from '../geometry/orientNormals.ts';
import { ballPivoting } from './ballPivoting.ts';
import { convexHull } from './convexHull.ts';
import { screenedPoisson } from './poisson/screenedPoisson.ts';

/** Options every method accepts; each reads those that apply to it and ignores the rest. */
export interface MethodOptions {
  /** Seed of any random choice (input subsets of the learned method). Default 0. */
  seed?: number;
  /** Grid cells per axis of grid-based methods (poisson, pcnn-occ). Default: the method's own
   *  (poisson: 128). */
  resolution?: number;
  /** Neighbours of the PCA normal estimate (poisson, bpa). Default 16 (`DEFAULT_NORMAL_K`). */
  normalK?: number;
  /** Neighbours of the orientation graph (poisson, bpa). Default 10. */
  orientK?: number;
  /** poisson: screening weight α. Default 4. */
  screening?: number;
  /** poisson: smoothing of the normal field, in mean sample spacings. Default 1. */
  smoothing?: number;
  /** poisson: remove faces farther than trim × mean spacing from the samples (opens the mesh).
   *  Default: no trimming. */
  trim?: number;
  /** bpa: ball radii in unit-cube units. Default 1.1·s·{1, 2, 4}, s = mean nearest-neighbour
   *  distance. */
  radii?: number[];
}

/** A reconstruction: unit-cube cloud (xyz per point, length 3·N) → mesh in the same frame. */
export type BaselineFunction = (points: Float32Array, options: MethodOptions) => Promise<Mesh>;

/** Oriented normals of a normalised cloud: PCA (k = normalK), then MST propagation + outward flip. */
export function orientedNormals(points: Float32Array, options: MethodOptions = {}): Float32Array {
  const n = points.length / 3;
  const kNormal = Math.min(options.normalK ?? DEFAULT_NORMAL_K, n);
  const kOrient = Math.min(options.orientK ?? 10, n);
  const knn = new KdTree(points).knnAll(points, Math.max(kNormal, kOrient));
  const kk = Math.max(kNormal, kOrient);
  // estimateNormals wants exactly k neighbours per point: slice when the shared list is longer.
  const normalKnn = kk === kNormal ? knn : sliceKnn(knn, n, kk, kNormal);
  const normals = estimateNormals(points, { k: kNormal, knn: normalKnn });
  return orientNormals(points, normals, { k: kOrient, knn, knnK: kk });
}

function sliceKnn(
  knn: { indices: Uint32Array; dist2: Float32Array },
  n: number,
  from: number,
  to: number,
): { indices: Uint32Array; dist2: Float32Array } {
  const indices = new Uint32Array(n * to),
    dist2 = new Float32Array(n * to);
  for (let i = 0; i < n; i++) {
    indices.set(knn.indices.subarray(i * from, i * from + to), i * to);
    dist2.set(knn.dist2.subarray(i * from, i * from + to), i * to);
  }
  return { indices, dist2 };
}

/** A mesh in the input's own units, and how it got there. */
export interface MethodRun {
  mesh: Mesh;
  /** normalised = (p − center)·scale; the mesh was mapped back by the inverse. */
  transform: Normalization;
  /** Wall-clock seconds of the method itself. */
  seconds: number;
}

/**
 * Runs a reconstruction on a cloud in any units: bounding-box normalisation to the unit cube,
 * the function, and the mesh mapped back to the cloud's coordinates.
 *
 * @param reconstruct the method's function (a registry entry's `reconstruct`).
 * @param positions xyz per point (length 3·N), any units.
 * @param options passed to the method.
 * @param source name of the input for error messages. Default 'input'.
 */
export async function runInUnitCube(
  reconstruct: BaselineFunction,
  positions: Float32Array,
  options: MethodOptions = {},
  source = 'input',
): Promise<MethodRun> {
  const transform = computeNormalization(positions, { source });
  const normalised = applyNormalization(positions, transform);
  const t = performance.now();
  const mesh = await reconstruct(normalised, options);
  const seconds = (performance.now() - t) / 1000;
  // A uniform scale and a translation leave normal directions unchanged.
  return { mesh: { ...mesh, positions: invertNormalization(mesh.positions, transform) }, transform, seconds };
}

/** Screened Poisson (Kazhdan & Hoppe 2013) on PCA normals oriented by MST propagation. */
export const poissonBaseline: BaselineFunction = async (points, o) => {
  const normals = orientedNormals(points, o);
  return screenedPoisson(points, normals, { resolution: o.resolution, screening: o.screening, smoothing: o.smoothing, trim: o.trim }).mesh;
};

/** Ball pivoting (Bernardini et al. 1999) on PCA normals oriented by MST propagation. */
export const ballPivotingBaseline: BaselineFunction = async (points, o) => {
  const normals = orientedNormals(points, o);
  return ballPivoting(points, normals, { radii: o.radii });
};

/** Convex hull (quickhull). */
export const hullBaseline: BaselineFunction = async (points) => convexHull(points).mesh;
