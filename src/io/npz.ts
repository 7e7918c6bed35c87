/**
 * NumPy `.npz` archives (`np.savez` / `np.savez_compressed`): a zip of `.npy` members. Used by
 * the Occupancy Networks data reader (`points.npz`: float16 `points`, uint8 packbits
 * `occupancies`, `loc`, `scale`; `pointcloud.npz`: `points`, `normals`).
 *
 * Decompression bombs: a deflated member can expand ~1000× (1.9 MB of zeros → 1.9 GB). So each
 * member is checked before it is inflated — its declared size against what its compressed bytes
 * can hold, then its NPY header (inflated alone, a few hundred bytes) against the limits
 * (`limits.ts`) — and is then inflated only up to the size its header needs, in steps that stop
 * at the first byte past it (`zip.ts`). What one member can make this allocate is thus bounded by
 * `maxArrayValues`, whatever the archive claims.
 */
import type { PointCloud } from '../geometry/PointCloud.ts';
import { InputError, quote, shorten } from '../errors.ts';
import {
  parseNpy,
  parseNpyHeader,
  npyDataStart,
  checkNpyLimit,
  checkNpyPoints,
  npyToPointCloud,
  type NpyArray,
  type NpyHeader,
} from './npy.ts';
import { listZip, checkEntrySize, ZipMemberReader } from './zip.ts';
import { resolveReadLimits, DEFAULT_READ_LIMITS, type ReadLimits } from './limits.ts';

/** True when `bytes` starts with a zip local-file (or empty-archive) signature. */
export function isZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 &&
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6))
  );
}

/** Options of `parseNpz`. */
export interface ParseNpzOptions {
  /** Which arrays to read, by name without `.npy` (default: all). Others are not inflated. */
  keep?: (name: string) => boolean;
  /** Limits on declared sizes (default `DEFAULT_READ_LIMITS`). */
  limits?: Partial<ReadLimits>;
  /** Extra check of each kept member's NPY header, before its data is inflated. */
  checkHeader?: (name: string, header: NpyHeader, file: string) => void;
}

/**
 * Parses an `.npz` archive.
 * @param bytes the whole file.
 * @param file name used in error messages (members are reported as `file:member.npy`).
 * @returns member name without `.npy` → parsed array (other members are ignored).
 * @throws InputError 'empty' | 'bad-header' (not a readable zip) | 'truncated' (damaged archive or
 *   member) | 'count-too-large' (a member declares more than its bytes can hold, or an array
 *   more values than `limits.maxArrayValues`) | 'unsupported' (encrypted, other compression),
 *   and any `parseNpy` error of a member.
 */
export function parseNpz(bytes: Uint8Array, file = 'arrays.npz', opts: ParseNpzOptions = {}): Map<string, NpyArray> {
  if (bytes.length === 0) throw new InputError('empty', file, 'file is empty');
  if (!isZip(bytes)) throw new InputError('bad-header', file, 'not an NPZ file (missing the zip signature PK\\x03\\x04)', { offset: 0 });
  const limits = resolveReadLimits(opts.limits);
  const entries = listZip(bytes, file).filter((e) => e.name.endsWith('.npy') && (!opts.keep || opts.keep(e.name.slice(0, -4))));
  // Cheap checks of every wanted member first, so no inflating happens for a bomb.
  for (const e of entries) checkEntrySize(e, file, `member ${quote(e.name)}`);
  const out = new Map<string, NpyArray>();
  for (const e of entries) {
    const name = e.name.slice(0, -4);
    const memberFile = `${file}:${shorten(e.name, 64)}`; // member names are file content: kept short
    const label = `array ${quote(name)}`;
    const r = new ZipMemberReader(bytes, e, memberFile, `member ${quote(e.name)}`);
    // 1. The NPY header alone: the preamble (≤ 12 bytes) says how long the header is.
    const start = npyDataStart(r.read(12, e.size), memberFile);
    const h = parseNpyHeader(r.read(start, e.size), memberFile);
    opts.checkHeader?.(name, h, file);
    checkNpyLimit(h, file, label, limits, {}); // no byte offset: it would be one inside the member
    // 2. The data: exactly what the header needs, never more than the member declares.
    const needed = h.dataStart + h.count * h.itemSize;
    if (needed > e.size) {
      throw new InputError(
        'truncated',
        memberFile,
        `the NPY header declares shape (${h.shape.join(', ')}) of ${h.descr}, needing ${needed} bytes, but the member declares only ${e.size}`,
      );
    }
    const data = r.read(needed, e.size);
    out.set(name, parseNpy(data, memberFile, { limits, label, limitFile: file, owned: e.method !== 0 }));
  }
  return out;
}

/**
 * A point cloud from an `.npz` archive: the array `points` ([N,3]), with `normals` ([N,3])
 * when present. Coordinates are returned as stored (no `loc`/`scale` transform). Only those two
 * members are inflated, after their headers passed `limits.maxPoints`.
 * @throws InputError 'no-geometry' when there is no `points` array, 'unsupported' for bad shapes,
 *   'count-too-large' for more points than `limits.maxPoints`.
 */
export function parseNpzPointCloud(bytes: Uint8Array, file: string, limits: ReadLimits = DEFAULT_READ_LIMITS): PointCloud {
  const arrays = parseNpz(bytes, file, {
    keep: (n) => n === 'points' || n === 'normals',
    limits,
    checkHeader: (n, h, f) => checkNpyPoints(h, f, `array ${quote(n)}`, limits, {}),
  });
  const pts = arrays.get('points');
  if (!pts) {
    const names = listZip(bytes, file)
      .filter((e) => e.name.endsWith('.npy'))
      .map((e) => quote(e.name.slice(0, -4)));
    throw new InputError(
      'no-geometry',
      file,
      `NPZ archive has no 'points' array (it has: ${names.slice(0, 8).join(', ') || 'nothing'}${names.length > 8 ? ', …' : ''})`,
    );
  }
  const cloud = npyToPointCloud(pts, `${file}:points.npy`);
  const nrm = arrays.get('normals');
  if (nrm && !cloud.normals) {
    const nc = npyToPointCloud(nrm, `${file}:normals.npy`);
    if (nc.positions.length === cloud.positions.length) cloud.normals = nc.positions;
  }
  return cloud;
}
