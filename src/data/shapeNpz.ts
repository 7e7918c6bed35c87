import { zipSync, unzipSync, type Zippable } from 'fflate';
import { encodeNpy, parseNpy, type NpyArray } from '../io/npy.ts';
import { isZip } from '../io/npz.ts';
import { InputError } from '../errors.ts';
import type { BuiltShape } from './buildShapeSample.ts';
import { packBits, unpackBits } from './packBits.ts';
import { CACHE_FORMAT_VERSION } from './CacheManifest.ts';
import type { LoadOptions, ShapeSample } from './ShapeDataset.ts';

/**
 * One shape of the cache as an `.npz` (a zip of `.npy` members, normals and labels
 * deflate-compressed, readable by `np.load`); layout in docs/cache-format.md. Members are written in a fixed order with a fixed
 * timestamp, so equal arrays give equal bytes.
 */

/** Fixed zip member time (local 1980-01-01 00:00, the DOS epoch): no build-time leaks into the bytes. */
const ZIP_TIME = new Date(1980, 0, 1, 0, 0, 0);
/** Deflate level per member. Point coordinates shrink only ~9 % under deflate, for ~30 ms per
 *  100k points, so they are stored; normals (many repeats: one per face) and packed labels
 *  shrink 2–3×, so they are compressed. */
const STORED = 0;
const DEFLATED = 6;

/** The arrays of one cache file as decoded (float16 members widened to float32). */
export type DecodedShapeNpz = Omit<ShapeSample, 'category' | 'id'> & { version: number };

/** Encodes a float16 array (bit patterns) as NPY: `encodeNpy` writes Uint16Array as '<u2',
 *  which has the same layout; only the header's type code differs. */
function encodeHalfNpy(bits: Uint16Array, shape: number[]): Uint8Array {
  const out = encodeNpy(bits, shape);
  const key = [0x3c, 0x75, 0x32]; // '<u2'
  for (let i = 10; i < out.length - 2; i++) {
    if (out[i] === key[0] && out[i + 1] === key[1] && out[i + 2] === key[2]) {
      out[i + 1] = 0x66; // 'f'
      return out;
    }
  }
  throw new Error('encodeHalfNpy: unexpected NPY header');
}

/**
 * Encodes a built shape as the cache's `.npz` bytes (deterministic).
 * @param b the arrays from `buildShapeSample`.
 */
export function encodeShapeNpz(b: BuiltShape): Uint8Array {
  const n3 = (a: { length: number }): number[] => [a.length / 3, 3];
  const members: [string, Uint8Array, 0 | 6][] = [
    ['version', encodeNpy(Int32Array.of(CACHE_FORMAT_VERSION), []), STORED],
    ['surface_points', encodeNpy(b.surfacePoints, n3(b.surfacePoints)), STORED],
    ['surface_normals', encodeNpy(b.surfaceNormals, n3(b.surfaceNormals)), DEFLATED],
    ['query_points', encodeNpy(b.queryPoints, n3(b.queryPoints)), STORED],
    ['query_occupancies', encodeNpy(packBits(b.queryOccupancies), [Math.ceil(b.queryOccupancies.length / 8)]), DEFLATED],
    ['uniform_points', encodeHalfNpy(b.uniformPointsHalf, n3(b.uniformPointsHalf)), STORED],
    ['uniform_occupancies', encodeNpy(packBits(b.uniformOccupancies), [Math.ceil(b.uniformOccupancies.length / 8)]), DEFLATED],
    ['eval_points', encodeHalfNpy(b.evalPointsHalf, n3(b.evalPointsHalf)), STORED],
    ['eval_normals', encodeHalfNpy(b.evalNormalsHalf, n3(b.evalNormalsHalf)), DEFLATED],
    ['loc', encodeNpy(Float64Array.from(b.loc), [3]), STORED],
    ['scale', encodeNpy(Float64Array.of(b.scale), []), STORED],
  ];
  const zip: Zippable = {};
  for (const [name, bytes, level] of members) zip[`${name}.npy`] = [bytes, { level, mtime: ZIP_TIME }];
  return zipSync(zip);
}

/**
 * Decodes a cache `.npz`, unzipping only the members asked for.
 * @param bytes the file.
 * @param file name for error messages.
 * @param options which optional groups to decode (default: all).
 * @throws InputError for a damaged archive, a missing member, or inconsistent shapes.
 */
export function decodeShapeNpz(bytes: Uint8Array, file: string, options: LoadOptions = {}): DecodedShapeNpz {
  const wantUniform = options.uniform ?? true;
  const wantEval = options.eval ?? true;
  const wantNormals = options.normals ?? true;
  const skip = new Set<string>();
  if (!wantUniform) {
    skip.add('uniform_points');
    skip.add('uniform_occupancies');
  }
  if (!wantEval) {
    skip.add('eval_points');
    skip.add('eval_normals');
  }
  if (!wantNormals) skip.add('surface_normals');
  const arrays = readNpzMembers(bytes, file, (name) => !skip.has(name));
  const get = (name: string): NpyArray => {
    const a = arrays.get(name);
    if (!a) throw new InputError('no-geometry', file, `cache file has no '${name}' array`);
    return a;
  };
  const version = Number(get('version').data[0]);
  if (version !== CACHE_FORMAT_VERSION)
    throw new InputError('unsupported', file, `cache file version ${version}; this pointocc reads version ${CACHE_FORMAT_VERSION}`);
  const points = (name: string): Float32Array => {
    const a = get(name);
    if (a.shape.length !== 2 || a.shape[1] !== 3)
      throw new InputError('bad-value', file, `'${name}' has shape (${a.shape.join(', ')}), expected (N, 3)`);
    return a.data instanceof Float32Array ? a.data : Float32Array.from(a.data);
  };
  const occ = (name: string, n: number): Uint8Array => {
    const a = get(name);
    if (a.data.length * 8 < n || a.data.length > Math.ceil(n / 8))
      throw new InputError('bad-value', file, `'${name}' has ${a.data.length} bytes for ${n} points`);
    return unpackBits(a.data as Uint8Array, n);
  };
  const loc = get('loc').data;
  const out: DecodedShapeNpz = {
    version,
    surfacePoints: points('surface_points'),
    surfaceNormals: wantNormals ? points('surface_normals') : new Float32Array(0),
    queryPoints: points('query_points'),
    queryOccupancies: new Uint8Array(0),
    loc: [Number(loc[0]), Number(loc[1]), Number(loc[2])],
    scale: Number(get('scale').data[0]),
  };
  out.queryOccupancies = occ('query_occupancies', out.queryPoints.length / 3);
  if (wantNormals && out.surfaceNormals.length !== out.surfacePoints.length)
    throw new InputError('bad-value', file, 'surface_normals and surface_points differ in length');
  if (wantUniform) {
    out.uniformPoints = points('uniform_points');
    out.uniformOccupancies = occ('uniform_occupancies', out.uniformPoints.length / 3);
  }
  if (wantEval) {
    out.evalPoints = points('eval_points');
    out.evalNormals = points('eval_normals');
    if (out.evalNormals.length !== out.evalPoints.length)
      throw new InputError('bad-value', file, 'eval_normals and eval_points differ in length');
  }
  return out;
}

/**
 * The `.npy` members of an `.npz` whose names (without `.npy`) pass `keep`, parsed. Like
 * `parseNpz` (src/io/npz.ts) but decompresses and decodes only the members wanted, which
 * matters when a training run loads thousands of shapes and needs a fifth of each file.
 */
export function readNpzMembers(bytes: Uint8Array, file: string, keep: (name: string) => boolean): Map<string, NpyArray> {
  if (bytes.length === 0) throw new InputError('empty', file, 'file is empty');
  if (!isZip(bytes)) throw new InputError('bad-header', file, 'not an NPZ file (missing the zip signature)', { offset: 0 });
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, { filter: (f) => f.name.endsWith('.npy') && keep(f.name.slice(0, -4)) });
  } catch (e) {
    throw new InputError('truncated', file, `cannot unzip (${(e as Error).message}); the file is damaged or truncated`);
  }
  const out = new Map<string, NpyArray>();
  for (const [name, data] of Object.entries(entries)) out.set(name.slice(0, -4), parseNpy(data, `${file}:${name}`));
  return out;
}
