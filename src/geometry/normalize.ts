import { InputError } from '../io/errors.ts';

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
  let minX = Infinity, minY = Infinity, minZ = Infinity;
  let maxX = -Infinity, maxY = -Infinity, maxZ = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = positions[3 * i], y = positions[3 * i + 1], z = positions[3 * i + 2];
    if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(z)) {
      throw new InputError('invalid-coordinates', source, `cannot normalise: point ${i} has a non-finite coordinate (${x}, ${y}, ${z})`);
    }
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
    if (z < minZ) minZ = z;
    if (z > maxZ) maxZ = z;
  }
  const side = Math.max(maxX - minX, maxY - minY, maxZ - minZ);
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
