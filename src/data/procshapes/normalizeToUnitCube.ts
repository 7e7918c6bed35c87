/**
 * docs/design.md §2 normalisation of a generated mesh: bounding box centred at the origin, longest side 1
 * (the shared `src/geometry/normalize.ts` transform, applied to a whole mesh).
 */
import type { Mesh } from '../../geometry/Mesh.ts';
import { computeNormalization, applyNormalization } from '../../geometry/normalize.ts';

/** The mesh with positions mapped by p ↦ (p − centre) / longest side (a new positions array). */
export function normalizeToUnitCube(mesh: Mesh): { mesh: Mesh; center: [number, number, number]; scale: number } {
  const t = computeNormalization(mesh.positions, { source: 'procshapes mesh' });
  return { mesh: { ...mesh, positions: applyNormalization(mesh.positions, t) }, center: t.center, scale: t.scale };
}
