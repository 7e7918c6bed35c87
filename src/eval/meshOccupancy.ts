import type { Mesh } from '../geometry/Mesh.ts';
import { insideMesh, type InsideMethod } from '../geometry/inside.ts';
import { checkMesh } from '../geometry/meshChecks.ts';

/** Occupancy of query points in a (predicted or ground-truth) mesh, and how it was decided. */
export interface MeshOccupancy {
  /** 1 = inside, 0 = outside, one byte per query point. */
  inside: Uint8Array;
  /** `'parity'` for a watertight mesh (ONet's rule, exact there), `'winding'` (generalised
   *  winding number > ½, robust to holes) otherwise, `'empty'` when the mesh has no faces
   *  (every point is outside). */
  method: InsideMethod | 'empty';
}

/**
 * The inside test of the IoU protocol (docs/design.md §6): ray parity if the mesh is watertight
 * (`checkMesh`), else the generalised winding number, so that an open or self-touching
 * prediction is not scored by a test that is only valid on closed surfaces.
 *
 * @param mesh the mesh, or null for a missing prediction (all outside).
 * @param points xyz per query (length 3·Q), in the mesh's units.
 * @param watertight whether the mesh is watertight, when the caller already knows
 *   (default: `checkMesh(mesh).watertight`).
 */
export function meshOccupancy(mesh: Mesh | null, points: ArrayLike<number>, watertight?: boolean): MeshOccupancy {
  const nq = Math.floor(points.length / 3);
  if (!mesh || mesh.faces.length < 3) return { inside: new Uint8Array(nq), method: 'empty' };
  const method: InsideMethod = (watertight ?? checkMesh(mesh).watertight) ? 'parity' : 'winding';
  return { inside: insideMesh(mesh, points, { method }), method };
}
