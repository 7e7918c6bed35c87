/**
 * The reconstruction methods one tool offers, by name (`pointocc reconstruct --method NAME`), so
 * users compare them on the same inputs and the same evaluation:
 *
 * | name     | what                                                                  | watertight |
 * |----------|-----------------------------------------------------------------------|------------|
 * | poisson  | PCA normals + MST orientation → screened Poisson (grid, multigrid CG)  | yes (no with `trim`) |
 * | bpa      | PCA normals + MST orientation → ball pivoting, radii 1.1·s·{1,2,4}     | rarely on sparse input |
 * | hull     | convex hull (quickhull): the floor every method should beat           | yes |
 * | pcnn-occ | the learned occupancy model (registered by its own module through `registerMethod`) | yes |
 *
 * Every method takes the cloud already normalised to pointocc's unit cube (docs/design.md §2; the
 * reconstruction box is [-0.55, 0.55]³) and returns a mesh in the same frame; `runMethod` does
 * the normalisation and maps the mesh back for clouds in any units.
 */
import type { Mesh } from '../geometry/Mesh.ts';
import { applyNormalization, computeNormalization, invertNormalization, type Normalization } from '../geometry/normalize.ts';
import { KdTree } from '../geometry/KdTree.ts';
import { DEFAULT_NORMAL_K, estimateNormals } from '../geometry/estimateNormals.ts';
import { orientNormals } from '../geometry/orientNormals.ts';
import { UsageError } from '../io/errors.ts';
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
  /** Method-specific settings of methods registered elsewhere (e.g. a model folder). */
  extra?: Record<string, unknown>;
}

/** A named reconstruction method. */
export interface ReconstructionMethod {
  /** The `--method` name: lower case, no spaces. */
  name: string;
  /** One line for `--help` and reports. */
  description: string;
  /** Whether the method's meshes are closed by construction (reports say when one is not). */
  watertight: boolean;
  /**
   * @param points the cloud, xyz per point (length 3·N), normalised to the unit cube.
   * @param options see {@link MethodOptions}.
   * @returns a mesh in the same frame.
   */
  reconstruct(points: Float32Array, options: MethodOptions): Promise<Mesh>;
}

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

function sliceKnn(knn: { indices: Uint32Array; dist2: Float32Array }, n: number, from: number, to: number): { indices: Uint32Array; dist2: Float32Array } {
  const indices = new Uint32Array(n * to), dist2 = new Float32Array(n * to);
  for (let i = 0; i < n; i++) {
    indices.set(knn.indices.subarray(i * from, i * from + to), i * to);
    dist2.set(knn.dist2.subarray(i * from, i * from + to), i * to);
  }
  return { indices, dist2 };
}

const registry = new Map<string, ReconstructionMethod>();

/**
 * Adds a method to the registry (the hook for methods defined elsewhere, e.g. the learned
 * `pcnn-occ`, whose module calls `registerMethod({ name: 'pcnn-occ', … })`).
 * @throws RangeError when the name is taken or not lower-case letters, digits and '-'.
 */
export function registerMethod(method: ReconstructionMethod): void {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(method.name)) throw new RangeError(`registerMethod: bad name '${method.name}'`);
  if (registry.has(method.name)) throw new RangeError(`registerMethod: '${method.name}' is already registered`);
  registry.set(method.name, method);
}

/**
 * The method of that name.
 * @throws UsageError naming the available methods when there is none.
 */
export function getMethod(name: string): ReconstructionMethod {
  const m = registry.get(name);
  if (!m) throw new UsageError(`unknown method '${name}' (available: ${listMethods().map((x) => x.name).join(', ')})`);
  return m;
}

/** All registered methods, sorted by name. */
export function listMethods(): ReconstructionMethod[] {
  return [...registry.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Whether a method of that name is registered. */
export function hasMethod(name: string): boolean {
  return registry.has(name);
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
 * Runs a registered method on a cloud in any units: bounding-box normalisation to the unit cube,
 * the method, and the mesh mapped back to the cloud's coordinates.
 *
 * @param name registered method name.
 * @param positions xyz per point (length 3·N), any units.
 * @param options passed to the method.
 * @param source name of the input for error messages. Default 'input'.
 */
export async function runMethod(name: string, positions: Float32Array, options: MethodOptions = {}, source = 'input'): Promise<MethodRun> {
  const method = getMethod(name);
  const transform = computeNormalization(positions, { source });
  const normalised = applyNormalization(positions, transform);
  const t = performance.now();
  const mesh = await method.reconstruct(normalised, options);
  const seconds = (performance.now() - t) / 1000;
  // A uniform scale and a translation leave normal directions unchanged.
  return { mesh: { ...mesh, positions: invertNormalization(mesh.positions, transform) }, transform, seconds };
}

registerMethod({
  name: 'poisson',
  description: 'screened Poisson (Kazhdan & Hoppe 2013) on PCA normals oriented by MST propagation; grid 128³ by default',
  watertight: true,
  async reconstruct(points, o) {
    const normals = orientedNormals(points, o);
    return screenedPoisson(points, normals, { resolution: o.resolution, screening: o.screening, smoothing: o.smoothing, trim: o.trim }).mesh;
  },
});

registerMethod({
  name: 'bpa',
  description: 'ball pivoting (Bernardini et al. 1999) on PCA normals oriented by MST propagation; radii 1.1·s·{1,2,4}',
  watertight: false,
  async reconstruct(points, o) {
    const normals = orientedNormals(points, o);
    return ballPivoting(points, normals, { radii: o.radii });
  },
});

registerMethod({
  name: 'hull',
  description: 'convex hull (quickhull): a floor baseline, closed but blind to concavities',
  watertight: true,
  async reconstruct(points) {
    return convexHull(points).mesh;
  },
});
