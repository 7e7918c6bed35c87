import type { Mesh } from '../geometry/Mesh.ts';
import { Bvh } from '../geometry/Bvh.ts';
import { meshOccupancy } from './meshOccupancy.ts';

/**
 * The jet colour map (MATLAB's): dark blue → blue → cyan → light green (t = ½, RGB
 * (127, 255, 127)) → yellow → red → dark red. Per channel: clamp(1.5 − |4t − c|), c = 3 (red),
 * 2 (green), 1 (blue).
 * @param t position in [0, 1] (clamped).
 * @param out receives RGB 0–255 at `out[o..o+2]`.
 */
export function jetColor(t: number, out: Uint8Array, o = 0): void {
  const u = Math.min(1, Math.max(0, t)) * 4;
  const ch = (c: number) => Math.round(255 * Math.min(1, Math.max(0, 1.5 - Math.abs(u - c))));
  out[o] = ch(3); out[o + 1] = ch(2); out[o + 2] = ch(1);
}

/**
 * Signed distance of points to a ground-truth surface: the exact unsigned distance to its
 * triangles (BVH closest point), positive outside and negative inside the ground truth (inside
 * by ray parity when it is watertight, winding number otherwise).
 *
 * @param points xyz per point (length 3·N), same units as the mesh.
 * @param gt the ground-truth mesh (with faces).
 * @returns Float64Array(N) of signed distances, mesh units.
 */
export function signedDistanceToMesh(points: Float32Array, gt: Mesh): Float64Array {
  if (gt.faces.length < 3) throw new RangeError('signedDistanceToMesh: the ground truth has no faces');
  const bvh = new Bvh(gt);
  const d = bvh.unsignedDistances(points);
  const inside = meshOccupancy(gt, points).inside;
  for (let i = 0; i < d.length; i++) if (inside[i]) d[i] = -d[i];
  return d;
}

/** Error colouring of a prediction (paper Fig. 5). */
export interface ErrorColoring {
  /** The prediction with `colors` set (the input mesh's arrays are shared, not copied). */
  mesh: Mesh;
  /** Signed distance per vertex (positive: outside the ground truth), mesh units. */
  signed: Float64Array;
  /** The distance that maps to the ends of the colour scale (±range), mesh units. */
  range: number;
}

/**
 * Per-vertex error colours: jet over [−range, +range] with zero at the centre (light green),
 * outside the ground truth towards red, inside towards blue (paper Fig. 5).
 *
 * @param signed signed distances (positive outside).
 * @param range half-width of the scale, > 0; default the example's own largest |distance|
 *   ("scaled across each example to maximise the colour range"); when every distance is 0
 *   everything is light green.
 * @returns RGB 0–255 per value (length 3·N).
 */
export function errorColors(signed: Float64Array, range?: number): Uint8Array {
  let r = range ?? 0;
  if (range === undefined) for (let i = 0; i < signed.length; i++) r = Math.max(r, Math.abs(signed[i]));
  const out = new Uint8Array(3 * signed.length);
  for (let i = 0; i < signed.length; i++) jetColor(r > 0 ? 0.5 + signed[i] / (2 * r) : 0.5, out, 3 * i);
  return out;
}

/**
 * Colours a predicted mesh by its signed distance to the ground truth (both in the same frame).
 * Write the result as PLY (vertex colours) with `writeMesh`, or render it with `renderMesh`.
 *
 * @param pred the prediction.
 * @param gt the ground-truth mesh.
 * @param range fixed half-width of the scale (mesh units); default per example (see {@link errorColors}).
 */
export function colorByError(pred: Mesh, gt: Mesh, range?: number): ErrorColoring {
  const signed = signedDistanceToMesh(pred.positions, gt);
  let r = range ?? 0;
  if (range === undefined) for (let i = 0; i < signed.length; i++) r = Math.max(r, Math.abs(signed[i]));
  return { mesh: { ...pred, colors: errorColors(signed, r) }, signed, range: r };
}
