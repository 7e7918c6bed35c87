import { Bvh } from './Bvh.ts';
import type { Mesh } from './Mesh.ts';
import { WindingNumber } from './windingNumber.ts';

/**
 * Inside tests of many query points against a triangle mesh (the occupancy labels of the
 * training data, docs/design.md §3, and the ground truth of IoU, §6).
 *
 * - `'parity'`: ONet's rule (`im2mesh/utils/libmesh/inside_mesh.py`): count the crossings of
 *   the surface along +z and along −z from the point; inside iff both counts are odd. Exact for
 *   a closed (watertight) mesh, also when the vertical line passes exactly through edges or
 *   vertices (see {@link Bvh}). A point exactly on the surface may come out either way
 *   (the crossing at its own height counts on neither side). Wrong on meshes with holes: a ray
 *   through a hole flips the answer.
 * - `'winding'`: generalised winding number w (see {@link WindingNumber}), inside iff
 *   w > threshold (½). Equal to parity on closed meshes away from the surface, and still right
 *   on meshes with small holes or a few flipped-out faces.
 */
export type InsideMethod = 'parity' | 'winding';

export interface InsideOptions {
  /** Which test. Default `'parity'` (ONet's labels). */
  method?: InsideMethod;
  /** A BVH already built over the same mesh, to reuse it across calls. */
  bvh?: Bvh;
  /** For `'winding'`: a prepared evaluator over the same mesh, to reuse it across calls. */
  winding?: WindingNumber;
  /** For `'winding'`: accuracy β of the hierarchical approximation, default 2, range ≥ 1. */
  beta?: number;
  /** For `'winding'`: sum every triangle exactly (O(F) per point; for tests). Default false. */
  exact?: boolean;
  /** For `'winding'`: inside iff w > threshold. Default 0.5, range (0, 1). */
  threshold?: number;
}

/**
 * Inside (1) / outside (0) per query point.
 *
 * @param mesh triangle mesh (oriented outward for `'winding'`; orientation is irrelevant to
 *   `'parity'`).
 * @param points xyz per query (length 3·Q), mesh units.
 * @param options see {@link InsideOptions}.
 * @returns Uint8Array of length Q.
 */
export function insideMesh(mesh: Mesh, points: ArrayLike<number>, options: InsideOptions = {}): Uint8Array {
  const method = options.method ?? 'parity';
  if (method === 'parity') return insideParity(options.bvh ?? new Bvh(mesh), points);
  if (method !== 'winding') throw new RangeError(`insideMesh: unknown method '${method as string}' (parity | winding)`);
  const threshold = options.threshold ?? 0.5;
  if (!(threshold > 0 && threshold < 1)) throw new RangeError(`insideMesh: threshold must be in (0, 1), got ${threshold}`);
  const wn = options.winding ?? new WindingNumber(options.bvh ?? mesh, { beta: options.beta });
  const nq = Math.floor(points.length / 3);
  const out = new Uint8Array(nq);
  const exact = options.exact ?? false;
  for (let q = 0; q < nq; q++) out[q] = wn.at(points[3 * q], points[3 * q + 1], points[3 * q + 2], exact) > threshold ? 1 : 0;
  return out;
}

/**
 * ONet's ray-parity inside test: inside iff the vertical line through the point crosses the
 * surface an odd number of times above it and an odd number of times below it.
 *
 * @param bvh BVH of the mesh.
 * @param points xyz per query (length 3·Q), mesh units.
 */
export function insideParity(bvh: Bvh, points: ArrayLike<number>): Uint8Array {
  const nq = Math.floor(points.length / 3);
  const out = new Uint8Array(nq);
  const counts = new Int32Array(2);
  for (let q = 0; q < nq; q++) {
    bvh.zLineCrossings(points[3 * q], points[3 * q + 1], points[3 * q + 2], counts);
    out[q] = counts[0] & counts[1] & 1;
  }
  return out;
}
