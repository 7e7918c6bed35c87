import type { Mesh } from '../geometry/Mesh.ts';
import { Bvh } from '../geometry/Bvh.ts';
import { meshOccupancy } from './meshOccupancy.ts';
import { sampleSurface } from '../geometry/sampleSurface.ts';
import { Random } from '../geometry/Random.ts';

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
  out[o] = ch(3);
  out[o + 1] = ch(2);
  out[o + 2] = ch(1);
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
 * This is one direction only (prediction → ground truth): a part the prediction lacks has no
 * vertices to colour. {@link twoWayError} measures the other direction too.
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

/** Options of {@link twoWayError}. */
export interface TwoWayErrorOptions {
  /** Area-weighted surface samples drawn on each mesh, integer ≥ 1. Default 20 000 (the
   *  figures' sampling error is then well under 1 % of their value for smooth shapes). */
  samples?: number;
  /** Distance beyond which a sample counts as missing (ground truth) or extra (prediction), in
   *  reporting units (see `unit`), > 0. Default 0.02. */
  tau?: number;
  /** Length of one reporting unit in mesh units, > 0: every distance returned is divided by it.
   *  Pass the longest side of the input cloud's bounding box (1 / Normalization.scale) to report
   *  unit-cube units of the normalised frame. Default 1 (mesh units). */
  unit?: number;
  /** Seed of the surface sampling (the figures are deterministic for a seed). Default 0. */
  seed?: number;
}

/**
 * The error of a prediction in both directions. One direction alone hides a failure: a
 * prediction that lacks a whole part (a lamp without its base) lies everywhere close to the
 * ground truth, so prediction → ground truth distances are all small; only ground truth →
 * prediction distances see the missing part. All distances are in reporting units (`unit`).
 */
export interface TwoWayError {
  /** Accuracy: mean distance from the prediction's surface to the ground truth's, over the
   *  prediction's area (ONet's "accuracy", but to the exact surface, not to its samples). */
  accuracy: number;
  /** Completeness: mean distance from the ground truth's surface to the prediction's, over the
   *  ground truth's area. Large when a part is missing. */
  completeness: number;
  /** Share of the ground truth's area farther than `tau` from the prediction (missing), in [0, 1]. */
  missingFraction: number;
  /** Share of the prediction's area farther than `tau` from the ground truth (extra), in [0, 1]. */
  extraFraction: number;
  /** The threshold used, reporting units. */
  tau: number;
  /** The ground-truth samples farther than `tau` from the prediction, xyz each, mesh units
   *  (the missing surface, to draw in a distinct colour). */
  missingPoints: Float32Array;
  /** Distance of each of `missingPoints` to the prediction, reporting units. */
  missingDistances: Float32Array;
  /** Samples drawn on each surface. */
  samples: number;
}

/**
 * Two-directional surface error of a prediction against a ground truth (both meshes, same frame):
 * area-weighted uniform samples on each surface (`sampleSurface`), each sample's exact distance
 * to the other surface (BVH closest point), then the means and the shares beyond `tau`.
 *
 * @param pred the prediction (with faces of positive total area).
 * @param gt the ground truth (with faces of positive total area).
 * @param options samples (20 000), tau (0.02), unit (1), seed (0).
 * @throws RangeError when a mesh has no area or an option is out of range.
 */
export function twoWayError(pred: Mesh, gt: Mesh, options: TwoWayErrorOptions = {}): TwoWayError {
  const samples = options.samples ?? 20_000,
    tau = options.tau ?? 0.02,
    unit = options.unit ?? 1;
  if (!Number.isInteger(samples) || samples < 1) throw new RangeError(`twoWayError: samples must be an integer ≥ 1, got ${samples}`);
  if (!(tau > 0) || !Number.isFinite(tau)) throw new RangeError(`twoWayError: tau must be finite and > 0, got ${tau}`);
  if (!(unit > 0) || !Number.isFinite(unit)) throw new RangeError(`twoWayError: unit must be finite and > 0, got ${unit}`);
  const rng = new Random(options.seed ?? 0);
  const predSamples = sampleSurface(pred, samples, rng).positions;
  const gtSamples = sampleSurface(gt, samples, rng).positions;
  const toGt = new Bvh(gt).unsignedDistances(predSamples);
  const toPred = new Bvh(pred).unsignedDistances(gtSamples);
  const tauMesh = tau * unit;
  let sumAcc = 0,
    extra = 0;
  for (let i = 0; i < samples; i++) {
    sumAcc += toGt[i];
    if (toGt[i] > tauMesh) extra++;
  }
  let sumComp = 0,
    missing = 0;
  for (let i = 0; i < samples; i++) {
    sumComp += toPred[i];
    if (toPred[i] > tauMesh) missing++;
  }
  const missingPoints = new Float32Array(3 * missing),
    missingDistances = new Float32Array(missing);
  for (let i = 0, k = 0; i < samples; i++) {
    if (toPred[i] <= tauMesh) continue;
    missingPoints.set(gtSamples.subarray(3 * i, 3 * i + 3), 3 * k);
    missingDistances[k++] = toPred[i] / unit;
  }
  return {
    accuracy: sumAcc / samples / unit,
    completeness: sumComp / samples / unit,
    missingFraction: missing / samples,
    extraFraction: extra / samples,
    tau,
    missingPoints,
    missingDistances,
    samples,
  };
}
