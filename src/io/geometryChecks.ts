/**
 * Checks shared by the readers and writers: non-finite coordinates (reported or dropped) and the
 * consistency of a mesh or point cloud handed to an encoder.
 */
import type { Mesh } from '../geometry/Mesh.ts';
import type { PointCloud } from '../geometry/PointCloud.ts';

/** Points whose x, y or z is NaN or ±Infinity. */
export interface NonFiniteReport {
  /** How many points are invalid. */
  count: number;
  /** 0-based index of the first invalid point, −1 when none. */
  first: number;
}

/** Counts the points (xyz triples) of `positions` with a non-finite coordinate. */
export function findNonFinite(positions: Float32Array): NonFiniteReport {
  let count = 0,
    first = -1;
  const n = positions.length / 3;
  for (let i = 0; i < n; i++) {
    // x − x is 0 for finite x and NaN for NaN and ±Infinity: one test per coordinate.
    const s =
      positions[3 * i] - positions[3 * i] + positions[3 * i + 1] - positions[3 * i + 1] + positions[3 * i + 2] - positions[3 * i + 2];
    if (s !== 0) {
      if (first < 0) first = i;
      count++;
    }
  }
  return { count, first };
}

/** A copy of `cloud` without the points that have a non-finite coordinate (their normals and
 *  colours go with them). */
export function dropNonFinite(cloud: PointCloud): PointCloud {
  const p = cloud.positions;
  const n = p.length / 3;
  const keep = new Uint8Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(p[3 * i]) && Number.isFinite(p[3 * i + 1]) && Number.isFinite(p[3 * i + 2])) {
      keep[i] = 1;
      k++;
    }
  }
  const out: PointCloud = { positions: compact(p, keep, new Float32Array(3 * k)) };
  if (cloud.normals) out.normals = compact(cloud.normals, keep, new Float32Array(3 * k));
  if (cloud.colors) out.colors = compact(cloud.colors, keep, new Uint8Array(3 * k));
  return out;
}

function compact<T extends Float32Array | Uint8Array>(src: T, keep: Uint8Array, dst: T): T {
  let j = 0;
  for (let i = 0; i < keep.length; i++) {
    if (!keep[i]) continue;
    dst[j++] = src[3 * i];
    dst[j++] = src[3 * i + 1];
    dst[j++] = src[3 * i + 2];
  }
  return dst;
}

/**
 * Throws a `RangeError` when a mesh or point cloud given to an encoder is inconsistent: array
 * lengths not multiples of 3, normals/colours not one per vertex, or (meshes) a face index that
 * is not a vertex. Encoders call it before producing any byte, so a bad mesh never yields a file.
 * @param what the geometry; `faces` may be absent (point cloud).
 */
export function assertEncodable(what: Mesh | PointCloud): void {
  const nv = what.positions.length / 3;
  if (!Number.isInteger(nv)) throw new RangeError(`positions has length ${what.positions.length}, not a multiple of 3`);
  if (what.normals && what.normals.length !== what.positions.length)
    throw new RangeError(`normals has length ${what.normals.length}, expected ${what.positions.length} (one per vertex)`);
  if (what.colors && what.colors.length !== what.positions.length)
    throw new RangeError(`colors has length ${what.colors.length}, expected ${what.positions.length} (one RGB per vertex)`);
  const faces = (what as Mesh).faces;
  if (faces) {
    if (faces.length % 3 !== 0) throw new RangeError(`faces has length ${faces.length}, not a multiple of 3`);
    for (let i = 0; i < faces.length; i++) {
      if (faces[i] >= nv) throw new RangeError(`face ${Math.floor(i / 3)} uses vertex index ${faces[i]}, but the mesh has ${nv} vertices`);
    }
  }
}
