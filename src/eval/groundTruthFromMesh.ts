import type { Mesh } from '../geometry/Mesh.ts';
import type { Random } from '../geometry/Random.ts';
import { insideMesh } from '../geometry/inside.ts';
import { checkMesh } from '../geometry/meshChecks.ts';
import { sampleSurface } from '../geometry/sampleSurface.ts';
import type { GroundTruth } from './evaluateShape.ts';

/** Options of {@link groundTruthFromMesh}. */
export interface GroundTruthOptions {
  /** IoU points uniform in the box. Default 100 000 (docs/design.md §6). */
  uniformPoints?: number;
  /** Area-uniform surface samples. Default 100 000. */
  surfacePoints?: number;
  /** The box of the IoU points, [lo, hi] on every axis, mesh units. Default [-0.55, 0.55]
   *  (the unit cube padded by 0.1: the mesh should be normalised, docs/design.md §2). */
  box?: [number, number];
  /** Generator: the uniform points are drawn first, then the surface samples. */
  rng: Random;
}

/**
 * The evaluation ground truth of a mesh, computed the way the data builder computes a cache's
 * `uniform_*` and `eval_*` arrays (parity labels when the mesh is watertight, generalised
 * winding number otherwise), for `pointocc eval --gt DIR`.
 *
 * @param mesh the ground-truth mesh, normalised to the unit cube, oriented outward.
 * @param options see {@link GroundTruthOptions}.
 */
export function groundTruthFromMesh(mesh: Mesh, options: GroundTruthOptions): GroundTruth {
  const nu = options.uniformPoints ?? 100_000;
  const ns = options.surfacePoints ?? 100_000;
  const [lo, hi] = options.box ?? [-0.55, 0.55];
  if (!(hi > lo)) throw new RangeError(`groundTruthFromMesh: empty box [${lo}, ${hi}]`);
  const rng = options.rng;
  const uniformPoints = new Float32Array(3 * nu);
  for (let i = 0; i < uniformPoints.length; i++) uniformPoints[i] = lo + (hi - lo) * rng.next();
  const method = checkMesh(mesh).watertight ? 'parity' : 'winding';
  const uniformOccupancies = insideMesh(mesh, uniformPoints, { method });
  const s = sampleSurface(mesh, ns, rng);
  return { uniformPoints, uniformOccupancies, surface: { points: s.positions, normals: s.normals } };
}
