/**
 * Small 3-D vector helpers for skeleton builders (creatures, hands, figures): points are plain
 * [x, y, z] tuples in model units, angles in radians.
 */
import type { Vec3 } from '../parts.ts';

export const add = (a: Vec3, b: Vec3): Vec3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
export const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
export const mul = (a: Vec3, s: number): Vec3 => [a[0] * s, a[1] * s, a[2] * s];
/** a + s·d (a point moved along a direction). */
export const along = (a: Vec3, d: Vec3, s: number): Vec3 => [a[0] + d[0] * s, a[1] + d[1] * s, a[2] + d[2] * s];

/** Rotation of v about the unit axis k by angle a (Rodrigues). */
export function rotate(v: Vec3, k: Vec3, a: number): Vec3 {
  const c = Math.cos(a),
    s = Math.sin(a),
    kd = k[0] * v[0] + k[1] * v[1] + k[2] * v[2];
  const kx: Vec3 = [k[1] * v[2] - k[2] * v[1], k[2] * v[0] - k[0] * v[2], k[0] * v[1] - k[1] * v[0]];
  return [
    v[0] * c + kx[0] * s + k[0] * kd * (1 - c),
    v[1] * c + kx[1] * s + k[1] * kd * (1 - c),
    v[2] * c + kx[2] * s + k[2] * kd * (1 - c),
  ];
}

/** Unit vector at `elev` above the horizontal, heading `azim` from +x towards +z. */
export function dirOf(azim: number, elev: number): Vec3 {
  return [Math.cos(elev) * Math.cos(azim), Math.sin(elev), Math.cos(elev) * Math.sin(azim)];
}

/** Joint chain: from `start`, segments of `lengths` turning by `bends[i]` about `axis` at each joint. */
export function jointChain(start: Vec3, dir: Vec3, axis: Vec3, lengths: number[], bends: number[]): Vec3[] {
  const pts: Vec3[] = [start];
  let d = dir;
  for (let i = 0; i < lengths.length; i++) {
    if (i > 0) d = rotate(d, axis, bends[i - 1]);
    pts.push(along(pts[i], d, lengths[i]));
  }
  return pts;
}
