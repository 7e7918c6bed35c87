/**
 * Reading a point-cloud or mesh file the user dropped on the page, with the web app's limits and
 * error messages in plain words (no stack traces, no codes). Browser-safe: bytes in, arrays out.
 */
import { parsePointCloud, parseMesh, type ReadInfo } from '../io/codec.ts';
import { InputError, UsageError, safeName } from '../errors.ts';
import type { PointCloud } from '../geometry/PointCloud.ts';
import type { Mesh } from '../geometry/Mesh.ts';
import { MAX_FILE_BYTES, MAX_POINTS, MIN_POINTS, formatBytes } from './webLimits.ts';

/** An error to show on the page as it is (one or two plain sentences). */
export class UserFacingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserFacingError';
  }
}

/** A cloud read from a file, with what the reader found out. */
export interface LoadedCloud {
  cloud: PointCloud;
  /** Format it was read as (e.g. 'xyz', 'ply'). */
  format: string;
  /** Points dropped for NaN/Inf coordinates. */
  dropped: number;
  /** True when the file was a mesh and its vertices were taken as the cloud. */
  fromMesh: boolean;
}

/**
 * Refuse a file before reading it when it is larger than the page's limit.
 * @param name file name (for the message). @param bytes its size in bytes.
 * @param limit largest accepted size, bytes (default MAX_FILE_BYTES = 50 MB).
 */
export function checkFileSize(name: string, bytes: number, limit = MAX_FILE_BYTES): void {
  if (bytes > limit) {
    const n = safeName(name);
    throw new UserFacingError(
      `"${n}" is too large for the browser (${formatBytes(bytes)}; the limit is ${formatBytes(limit)}). Use the command line instead: pointocc reconstruct ${n}`,
    );
  }
}

/** The page's "too many points" message, with the CLI as the way out. */
function tooManyPoints(name: string, n: number, maxPoints: number): UserFacingError {
  const s = safeName(name);
  return new UserFacingError(
    `"${s}" has ${n.toLocaleString('en-US')} points, more than the browser limit of ${maxPoints.toLocaleString('en-US')}. Subsample it, or use the command line: pointocc reconstruct ${s}`,
  );
}

/**
 * Parse a point cloud from file bytes: any format of `src/io/codec.ts` (PLY, XYZ/CSV/TXT, NPY, NPZ,
 * PCD, OBJ/OFF/STL vertices). Points with NaN/Inf coordinates are dropped (counted).
 * The point limit is passed to the readers, which check the count a file declares (PLY
 * `element vertex`, PCD `POINTS`, NPY/NPZ shape, OFF/STL counts; XYZ as its rows are read)
 * before allocating anything of that size, so a file declaring 50 million points is refused
 * without reading them. Arrays of NPY/NPZ files are limited to 6 numbers per allowed point.
 * @param bytes the file content. @param name the file name (its extension picks the format).
 * @param maxPoints most points accepted (default MAX_POINTS = 2 000 000).
 * @throws UserFacingError for an unreadable file, fewer than 16 points, or too many points.
 */
export function readCloudFile(bytes: Uint8Array, name: string, maxPoints = MAX_POINTS): LoadedCloud {
  checkFileSize(name, bytes.length);
  const info: ReadInfo = {};
  let cloud: PointCloud;
  try {
    cloud = parsePointCloud(bytes, name, { dropInvalid: true, minPoints: 1, info, limits: { maxPoints } });
  } catch (e) {
    // minPoints 1 fails only when every point had NaN/Inf coordinates
    if (e instanceof InputError && e.code === 'too-few-points') cloud = { positions: new Float32Array(0) };
    else if (e instanceof InputError && e.limit?.unit === 'points') throw tooManyPoints(name, e.limit.declared, maxPoints);
    else throw plainError(e, name);
  }
  const n = cloud.positions.length / 3;
  if (n < MIN_POINTS) {
    const dropped = info.dropped ? ` (after dropping ${info.dropped} with NaN or infinite coordinates)` : '';
    throw new UserFacingError(
      `"${safeName(name)}" has too few points: ${n} point${n === 1 ? '' : 's'}${dropped}. The reconstruction needs at least ${MIN_POINTS} points.`,
    );
  }
  // Backstop: the readers refuse declared counts above maxPoints before reading.
  if (n > maxPoints) throw tooManyPoints(name, n, maxPoints);
  return { cloud, format: info.format ?? 'unknown', dropped: info.dropped ?? 0, fromMesh: info.fromMesh ?? false };
}

/**
 * Parse a ground-truth mesh (PLY, OBJ, OFF, STL) from file bytes.
 * @throws UserFacingError when the file is too large, unreadable or has no faces.
 */
export function readMeshFile(bytes: Uint8Array, name: string): Mesh {
  checkFileSize(name, bytes.length);
  try {
    return parseMesh(bytes, name);
  } catch (e) {
    throw plainError(e, name);
  }
}

/** Turn a reader's error into a sentence for the page. */
export function plainError(e: unknown, name: string): UserFacingError {
  if (e instanceof UserFacingError) return e;
  if (e instanceof InputError) {
    const where = e.line !== undefined ? ` (line ${e.line})` : e.offset !== undefined ? ` (byte ${e.offset})` : '';
    return new UserFacingError(`Cannot read "${safeName(name)}": ${e.reason}${where}.`.replace(/\.\.$/, '.'));
  }
  if (e instanceof UsageError) return new UserFacingError(`Cannot read "${safeName(name)}": ${e.message}`);
  const msg = e instanceof Error ? e.message : String(e);
  return new UserFacingError(`Cannot read "${safeName(name)}": it is not a readable point cloud (${safeName(msg)}).`);
}
