/**
 * Rotations of point sets about the origin: axis–angle matrices, random axes and uniformly
 * random rotations (the rotation study of `pointocc experiment rotation`, and rotation
 * augmentation of training items). Matrices are row-major 3×3 Float64Array.
 */
import type { Random } from './Random.ts';

/**
 * Rotation matrix (row-major 3×3) of `angleDeg` degrees about a unit axis, right-handed
 * (Rodrigues: R = cos θ I + sin θ [a]× + (1 − cos θ) a aᵀ).
 */
export function axisAngleMatrix(axis: readonly [number, number, number], angleDeg: number): Float64Array {
  const l = Math.hypot(axis[0], axis[1], axis[2]);
  if (!(l > 0)) throw new RangeError('axisAngleMatrix: zero axis');
  const x = axis[0] / l,
    y = axis[1] / l,
    z = axis[2] / l;
  const t = (angleDeg * Math.PI) / 180,
    c = Math.cos(t),
    s = Math.sin(t),
    k = 1 - c;
  return Float64Array.from([
    c + k * x * x,
    k * x * y - s * z,
    k * x * z + s * y,
    k * y * x + s * z,
    c + k * y * y,
    k * y * z - s * x,
    k * z * x - s * y,
    k * z * y + s * x,
    c + k * z * z,
  ]);
}

/** A direction uniform on the unit sphere (normalised Gaussian vector). */
export function randomAxis(rng: Random): [number, number, number] {
  for (;;) {
    const x = rng.normal(),
      y = rng.normal(),
      z = rng.normal();
    const l = Math.hypot(x, y, z);
    if (l > 1e-9) return [x / l, y / l, z / l];
  }
}

/**
 * A rotation uniform on SO(3) (Haar measure): the unit quaternion of a normalised 4-D Gaussian
 * vector is uniform on S³, and q ↦ R(q) maps that measure to the uniform one on rotations.
 * Draws 4 normals (more only in the measure-zero case of a near-zero vector).
 */
export function randomRotation(rng: Random): Float64Array {
  for (;;) {
    const w = rng.normal(),
      x = rng.normal(),
      y = rng.normal(),
      z = rng.normal();
    const l2 = w * w + x * x + y * y + z * z;
    if (!(l2 > 1e-12)) continue;
    const s = 2 / l2;
    return Float64Array.from([
      1 - s * (y * y + z * z),
      s * (x * y - w * z),
      s * (x * z + w * y),
      s * (x * y + w * z),
      1 - s * (x * x + z * z),
      s * (y * z - w * x),
      s * (x * z - w * y),
      s * (y * z + w * x),
      1 - s * (x * x + y * y),
    ]);
  }
}

/**
 * Applies R (or its transpose, the inverse rotation) to xyz points about the origin.
 * @param p xyz per point. @param R row-major 3×3. @param inverse apply Rᵀ. @returns a new array.
 */
export function rotatePoints(p: Float32Array, R: Float64Array, inverse = false): Float32Array {
  const out = new Float32Array(p.length);
  for (let i = 0; i < p.length; i += 3) {
    const x = p[i],
      y = p[i + 1],
      z = p[i + 2];
    for (let r = 0; r < 3; r++) {
      out[i + r] = inverse ? R[r] * x + R[3 + r] * y + R[6 + r] * z : R[3 * r] * x + R[3 * r + 1] * y + R[3 * r + 2] * z;
    }
  }
  return out;
}
