import { InputError } from '../errors.ts';
import { longestSide, pointBounds } from './Bounds.ts';

/**
 * The uniform scale + translation that maps a shape to pointocc's unit cube (docs/design.md §2): the
 * axis-aligned bounding box is centred at the origin and its longest side becomes 1.
 *
 * normalised = (p − center) · scale, original = normalised / scale + center.
 */
export interface Normalization {
  /** Centre of the bounding box, in the input's units. */
  center: [number, number, number];
  /** 1 / (longest side of the bounding box), in 1 / input units; always finite and > 0. */
  scale: number;
}

export interface ComputeNormalizationOptions {
  /** Name used in the error message (e.g. the file the points came from). Default `'input'`. */
  source?: string;
}

/**
 * Bounding-box normalisation of a set of points.
 *
 * @param positions xyz per point (length 3·N, N ≥ 1), any units.
 * @param options.source name for error messages; default `'input'`.
 * @returns the centre (bounding-box centre, input units) and scale (1 / longest side).
 * @throws InputError `'no-geometry'` for an empty set, `'invalid-coordinates'` for a non-finite
 *   coordinate or when every point coincides (the longest side is 0, so no scale exists).
 */
export function computeNormalization(positions: ArrayLike<number>, options: ComputeNormalizationOptions = {}): Normalization {
  const source = options.source ?? 'input';
  const n = Math.floor(positions.length / 3);
  if (n === 0) throw new InputError('no-geometry', source, 'cannot normalise: no points');
  for (let i = 0; i < n; i++) {
    const x = positions[3 * i],
      y = positions[3 * i + 1],
      z = positions[3 * i + 2];
    if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(z)) {
      throw new InputError('invalid-coordinates', source, `cannot normalise: point ${i} has a non-finite coordinate (${x}, ${y}, ${z})`);
    }
  }
  const box = pointBounds(positions, n);
  const [minX, minY, minZ] = box.min,
    [maxX, maxY, maxZ] = box.max;
  const side = longestSide(box);
  if (!(side > 0) || !Number.isFinite(1 / side)) {
    throw new InputError(
      'invalid-coordinates',
      source,
      `cannot normalise: all ${n} points coincide at (${minX}, ${minY}, ${minZ}), so the bounding box has no extent`,
    );
  }
  return { center: [(minX + maxX) / 2, (minY + maxY) / 2, (minZ + maxZ) / 2], scale: 1 / side };
}

/**
 * Maps points into the unit cube: (p − center) · scale. Returns a new array; the input is not
 * changed. Normals need no mapping (a uniform scale and a translation keep directions).
 *
 * @param positions xyz per point, input units.
 * @param t the transform from {@link computeNormalization}.
 */
export function applyNormalization(positions: ArrayLike<number>, t: Normalization): Float32Array {
  const out = new Float32Array(positions.length - (positions.length % 3));
  const [cx, cy, cz] = t.center;
  const s = t.scale;
  for (let i = 0; i < out.length; i += 3) {
    out[i] = (positions[i] - cx) * s;
    out[i + 1] = (positions[i + 1] - cy) * s;
    out[i + 2] = (positions[i + 2] - cz) * s;
  }
  return out;
}

/**
 * Maps unit-cube points back to the input's units: p / scale + center. Returns a new array.
 *
 * @param positions xyz per point, unit-cube units.
 * @param t the transform that normalised them.
 */
export function invertNormalization(positions: ArrayLike<number>, t: Normalization): Float32Array {
  const out = new Float32Array(positions.length - (positions.length % 3));
  const [cx, cy, cz] = t.center;
  const inv = 1 / t.scale;
  for (let i = 0; i < out.length; i += 3) {
    out[i] = positions[i] * inv + cx;
    out[i + 1] = positions[i + 1] * inv + cy;
    out[i + 2] = positions[i + 2] * inv + cz;
  }
  return out;
}

/** Result of {@link findFarOutliers}. */
export interface FarOutliers {
  /** Indices of the points judged far outliers, increasing; empty when none (or too many). */
  indices: number[];
  /** Points outside the robust box, whether or not they were returned (more than
   *  `maxFraction` of the cloud are then all kept). */
  candidates: number;
}

/**
 * Points far outside the bulk of a cloud: outside the per-axis 1st–99th percentile box expanded
 * on every side by `margin` × its longest side.
 *
 * Why this rule: a handful of stray points (a scanner glitch, a mistyped line) decide the
 * bounding box, and so the unit-cube frame the model sees; one point at 40 units from a unit
 * sphere shrinks the sphere to 1/40 of the cube, below the model's resolution. Percentiles
 * ignore up to 1 % of the points at each end of each axis, so a few outliers cannot move the
 * robust box; the margin (default 0.5: the box grows to twice its longest side) keeps every
 * point of a real shape whose extremes are thinly sampled (a chair's leg tips, a mast) — such
 * points lie just past the percentiles, not half the shape's size beyond them. A cloud with
 * more than `maxFraction` (default 2 %) of its points out there has a genuinely spread
 * distribution, not "a few outliers": then nothing is dropped. (The percentiles themselves
 * move once more than ~1 % of the points lie far out on one side of an axis: such a cloud is
 * then judged whole, as it was before this rule.)
 *
 * @param positions xyz per point (length 3·N), any units, finite.
 * @param options.margin expansion per side, in units of the robust box's longest side (≥ 0).
 * @param options.maxFraction most points that may be dropped, as a fraction of N.
 */
export function findFarOutliers(positions: ArrayLike<number>, options: { margin?: number; maxFraction?: number } = {}): FarOutliers {
  const margin = options.margin ?? 0.5;
  const maxFraction = options.maxFraction ?? 0.02;
  const n = Math.floor(positions.length / 3);
  const maxDrop = Math.floor(maxFraction * n);
  if (maxDrop < 1) return { indices: [], candidates: 0 };
  const lo = [0, 0, 0],
    hi = [0, 0, 0];
  const axis = new Float64Array(n);
  for (let a = 0; a < 3; a++) {
    for (let i = 0; i < n; i++) axis[i] = positions[3 * i + a];
    axis.sort();
    lo[a] = axis[Math.floor(0.01 * (n - 1))];
    hi[a] = axis[Math.ceil(0.99 * (n - 1))];
  }
  const side = Math.max(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]);
  const m = margin * side;
  const indices: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < 3; a++) {
      const v = positions[3 * i + a];
      if (v < lo[a] - m || v > hi[a] + m) {
        indices.push(i);
        break;
      }
    }
  }
  // side = 0 (over 98 % of the points coincide) gives no scale to judge distance by: keep all.
  if (!(side > 0) || indices.length > maxDrop) return { indices: [], candidates: indices.length };
  return { indices, candidates: indices.length };
}

/**
 * Resolution lost by storing coordinates of this cloud as 32-bit floats (as the readers and the
 * mesh writers do), relative to its extent: half the float32 spacing at the largest coordinate
 * magnitude M (2^(⌊log₂ M⌋ − 24)), over the longest side of the bounding box (1 / scale). E.g. a
 * unit sphere at 10⁶: ±2⁻⁵ = ±0.031 units of a 2-unit extent, 1.6 %.
 *
 * @param t the cloud's normalisation. @returns the relative rounding error (dimensionless).
 */
export function float32RelativeError(t: Normalization): number {
  const halfSide = 0.5 / t.scale;
  const mag = Math.max(Math.abs(t.center[0]), Math.abs(t.center[1]), Math.abs(t.center[2])) + halfSide;
  if (!(mag > 0)) return 0;
  // float32 has 24 significant bits: numbers in [2^e, 2^(e+1)) are 2^(e−23) apart, so they
  // round to within half that, 2^(e−24).
  return 2 ** (Math.floor(Math.log2(mag)) - 24) * t.scale;
}
