/**
 * DESIGN §2 normalisation: bounding box centred at the origin, longest side 1.
 */
import type { Mesh } from '../../geometry/Mesh.ts';

/** The mesh with positions mapped by p ↦ (p − centre) / longest side (a new positions array). */
export function normalizeToUnitCube(mesh: Mesh): { mesh: Mesh; center: [number, number, number]; scale: number } {
  const p = mesh.positions;
  const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < p.length; i += 3) {
    for (let k = 0; k < 3; k++) {
      const v = p[i + k];
      if (v < lo[k]) lo[k] = v;
      if (v > hi[k]) hi[k] = v;
    }
  }
  const center: [number, number, number] = [(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, (lo[2] + hi[2]) / 2];
  const side = Math.max(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]);
  if (!(side > 0)) throw new RangeError('normalizeToUnitCube: mesh has no extent');
  const out = new Float32Array(p.length);
  for (let i = 0; i < p.length; i += 3) {
    out[i] = (p[i] - center[0]) / side;
    out[i + 1] = (p[i + 1] - center[1]) / side;
    out[i + 2] = (p[i + 2] - center[2]) / side;
  }
  return { mesh: { ...mesh, positions: out }, center, scale: 1 / side };
}
