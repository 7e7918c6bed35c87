/**
 * Limits on what a file may declare, checked *before* anything of the declared size is allocated
 * or inflated. Two checks guard every reader that allocates from a declared count (PLY `element
 * vertex N`, OFF counts, STL triangle count, PCD POINTS, NPY shape, NPZ member sizes):
 *
 * 1. against the file's size (`declaredSize.ts`): an uncompressed file cannot hold more records
 *    than its bytes allow, so a 124-byte PLY declaring 4e9 vertices is refused at once;
 * 2. against the limits here: a compressed container (NPZ deflate, PCD LZF) can honestly expand
 *    ~1000× (a 1.9 MB NPZ of zeros inflates to 1.9 GB), and even an uncompressed file may be
 *    larger than a run should take on. These bound what one read can allocate, whatever the file.
 *
 * Defaults, and the memory they allow (float32 = 4 bytes, uint32 index = 4 bytes):
 * - MAX_POINTS = 20 million points (vertices) per file: 10× the web app's 2 million
 *   (`src/web/webLimits.ts`), 2× the largest array the data builder writes (10 million,
 *   `src/data/BuildSettings.ts`). Positions 240 MB; with normals and colours 540 MB.
 * - MAX_FACES = 40 million faces: 2 × MAX_POINTS, as a closed triangle mesh has about two faces
 *   per vertex. 480 MB of triangle indices.
 * - MAX_ARRAY_VALUES = 120 million numbers in one NPY array / NPZ member: an (N, 6) array of
 *   points and normals for N = MAX_POINTS. 480 MB as float32, 960 MB as float64.
 * The web app passes its own `maxPoints` (2 million); `maxArrayValues` then follows as 6× that.
 */
import { InputError, type InputErrorLimit, type InputErrorLocation } from '../errors.ts';

/** Points (vertices) one file may declare. */
export const MAX_POINTS = 20_000_000;
/** Faces (polygons) one mesh file may declare. */
export const MAX_FACES = 2 * MAX_POINTS;
/** Numbers one NPY array (or NPZ member) may declare. */
export const MAX_ARRAY_VALUES = 6 * MAX_POINTS;

export interface ReadLimits {
  /** Most points (vertices) a file may declare. */
  maxPoints: number;
  /** Most faces (polygons, before triangulation) a mesh file may declare. */
  maxFaces: number;
  /** Most numbers in one NPY array or NPZ member. */
  maxArrayValues: number;
}

export const DEFAULT_READ_LIMITS: Readonly<ReadLimits> = Object.freeze({
  maxPoints: MAX_POINTS,
  maxFaces: MAX_FACES,
  maxArrayValues: MAX_ARRAY_VALUES,
});

/**
 * Full limits from a partial set: unset ones are the defaults, except that `maxArrayValues`
 * follows a smaller `maxPoints` (6 numbers per point: positions and normals).
 */
export function resolveReadLimits(p?: Partial<ReadLimits>): ReadLimits {
  if (!p) return DEFAULT_READ_LIMITS;
  const maxPoints = p.maxPoints ?? MAX_POINTS;
  return {
    maxPoints,
    maxFaces: p.maxFaces ?? MAX_FACES,
    maxArrayValues: p.maxArrayValues ?? Math.min(MAX_ARRAY_VALUES, 6 * maxPoints),
  };
}

/** An integer with thousands separators ("2,100,000,000"); exponent form past 2^53. */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toExponential(2).replace('e+', 'e');
  return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}

/** A byte size in decimal units ("8.4 GB"), as file managers show them. */
export function formatByteSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} kB`;
  if (bytes < 1e9) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes < 1e12) return `${(bytes / 1e9).toFixed(1)} GB`;
  return `${(bytes / 1e12).toFixed(1)} TB`;
}

/**
 * Throws 'count-too-large' when `count > limit`, in one line naming what was declared, what it
 * would take in memory and the limit: "element 'vertex' declares 3,000,000,000 points (36.0 GB);
 * the limit is 20,000,000 points".
 * @param file name for the message.
 * @param what the declaring thing, e.g. "element 'vertex'", "array 'points'" (already quoted).
 * @param count the declared count; non-finite or non-integer counts are refused too.
 * @param limit the largest accepted count.
 * @param unit what is counted.
 * @param bytesEach bytes one counted item takes in memory once read (0: leave the size out).
 * @param where location of the declaration.
 * @param verb 'declares' (a header's count), or 'has' (counted while reading: XYZ, OBJ, ascii STL).
 */
export function checkLimit(
  file: string,
  what: string,
  count: number,
  limit: number,
  unit: InputErrorLimit['unit'],
  bytesEach: number,
  where: InputErrorLocation = {},
  verb: 'declares' | 'has' = 'declares',
): void {
  if (count <= limit) return;
  const size = bytesEach > 0 && Number.isFinite(count) ? ` (${formatByteSize(count * bytesEach)})` : '';
  throw new InputError(
    'count-too-large',
    file,
    `${what} ${verb} ${formatCount(count)} ${unit}${size}; the limit is ${formatCount(limit)} ${unit}`,
    where,
    { unit, declared: count, limit },
  );
}
