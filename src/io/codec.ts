/**
 * Buffer-level reading and writing of every supported geometry format, with no `fs` and no
 * Node-only imports, so the web app can parse `File` bytes and produce downloads with it.
 * `registry.ts` adds the path-based functions (reading files, atomic writes) on top.
 * Format table and detection rules: see `registry.ts` and `format.ts`.
 */
import type { Mesh } from '../geometry/Mesh.ts';
import type { PointCloud } from '../geometry/PointCloud.ts';
import { InputError, UsageError } from '../errors.ts';
import { detectFormat, type FileFormat } from './format.ts';
import { parsePly, encodePly } from './ply.ts';
import { parseObj, encodeObj } from './obj.ts';
import { parseOff, encodeOff } from './off.ts';
import { parseStl, encodeStl } from './stl.ts';
import { parseXyz, encodeXyz, xyzLineOfRow } from './xyz.ts';
import { parseNpyPointCloud, encodeNpyPointCloud } from './npy.ts';
import { parseNpzPointCloud } from './npz.ts';
import { parsePcd } from './pcd.ts';
import { encodeGlb } from './glb.ts';
import { findNonFinite, dropNonFinite } from './geometryChecks.ts';
import { resolveReadLimits, type ReadLimits } from './limits.ts';

export type { FileFormat } from './format.ts';
export { DEFAULT_READ_LIMITS, MAX_POINTS, MAX_FACES, MAX_ARRAY_VALUES, type ReadLimits } from './limits.ts';

/** Formats `encodeMesh` / `writeMesh` produce. */
export type MeshWriteFormat = 'ply' | 'obj' | 'off' | 'stl' | 'glb';
/** Formats `encodePointCloud` / `writePointCloud` produce (`csv` is XYZ with commas). */
export type PointCloudWriteFormat = 'ply' | 'xyz' | 'csv' | 'npy';

/**
 * The smallest point count `readPointCloud` accepts by default: two points are the least that
 * have an extent, which normalisation to the unit cube needs. Callers that need more (the
 * reconstruction needs a neighbourhood per point) pass their own `minPoints`.
 */
export const DEFAULT_MIN_POINTS = 2;

/** Filled in by the readers when passed as `info` (an out-parameter, so the return types stay
 *  plain `Mesh` / `PointCloud`). */
export interface ReadInfo {
  /** The format the file was read as. */
  format?: FileFormat;
  /** Points dropped for NaN/Inf coordinates (`dropInvalid`); 0 when none. */
  dropped?: number;
  /** True when a point cloud was taken from a mesh file's vertices. */
  fromMesh?: boolean;
}

export interface ReadMeshOptions {
  /** Force a format instead of detecting it (default: extension + content sniffing). */
  format?: FileFormat;
  /** Limits on declared counts, checked before allocating (default `DEFAULT_READ_LIMITS`:
   *  20 M vertices, 40 M faces; see `limits.ts`). */
  limits?: Partial<ReadLimits>;
  /** Out-parameter, see `ReadInfo`. */
  info?: ReadInfo;
}

export interface ReadPointCloudOptions {
  /** Force a format instead of detecting it. */
  format?: FileFormat;
  /** Limits on declared counts, checked before allocating (default `DEFAULT_READ_LIMITS`: 20 M
   *  points, 120 M values per NPY array). A file declaring more points than `maxPoints` fails
   *  with 'count-too-large' and `error.limit` set, before its points are read. */
  limits?: Partial<ReadLimits>;
  /** Drop points with NaN/Inf coordinates (count in `info.dropped`) instead of failing with
   *  'invalid-coordinates' (default false). */
  dropInvalid?: boolean;
  /** Fewest points accepted (after dropping), else 'too-few-points' (default `DEFAULT_MIN_POINTS` = 2, range ≥ 1). */
  minPoints?: number;
  /** Out-parameter, see `ReadInfo`. */
  info?: ReadInfo;
}

export interface WriteOptions {
  /** Text instead of binary where the format has both (PLY; default false = binary). */
  ascii?: boolean;
}

type Reader<T> = (bytes: Uint8Array, file: string, limits: ReadLimits) => T;
const MESH_READERS: Partial<Record<FileFormat, Reader<Mesh>>> = {
  ply: parsePly,
  obj: parseObj,
  off: parseOff,
  stl: parseStl,
};
const CLOUD_READERS: Partial<Record<FileFormat, Reader<PointCloud>>> = {
  xyz: parseXyz,
  npy: parseNpyPointCloud,
  npz: parseNpzPointCloud,
  pcd: parsePcd,
};

function plural(n: number, word: string, many = word + 's'): string {
  return `${n} ${n === 1 ? word : many}`;
}

/**
 * Parses a mesh from bytes (browser-safe).
 * @param bytes the file content.
 * @param nameForErrors file name for messages and for the extension (may be a bare name).
 * @param formatHint force a format instead of detecting it.
 * @param info out-parameter, see `ReadInfo`.
 * @param limits limits on declared counts (see `ReadMeshOptions.limits`).
 * @returns an indexed triangle mesh with at least one face, all coordinates finite.
 * @throws InputError: 'empty', 'unknown-format', 'unsupported' (e.g. reading GLB), 'no-geometry'
 *   (no vertices, or no faces: a point cloud), 'invalid-coordinates', 'count-too-large', and
 *   each parser's codes.
 */
export function parseMesh(
  bytes: Uint8Array,
  nameForErrors: string,
  formatHint?: FileFormat,
  info?: ReadInfo,
  limits?: Partial<ReadLimits>,
): Mesh {
  const file = nameForErrors;
  if (bytes.length === 0) throw new InputError('empty', file, 'file is empty');
  const fmt = detectFormat(bytes, file, formatHint);
  if (info) info.format = fmt;
  const reader = MESH_READERS[fmt];
  if (!reader) {
    if (CLOUD_READERS[fmt])
      throw new InputError(
        'no-geometry',
        file,
        `is a point cloud (${fmt.toUpperCase()}) and has no faces; a mesh file (PLY, OBJ, OFF, STL) is needed`,
      );
    throw new InputError('unsupported', file, `reading ${fmt.toUpperCase()} files is not supported`);
  }
  const mesh = reader(bytes, file, resolveReadLimits(limits));
  const nv = mesh.positions.length / 3;
  if (nv === 0) throw new InputError('no-geometry', file, `contains no vertices (read as ${fmt.toUpperCase()})`);
  if (mesh.faces.length === 0)
    throw new InputError(
      'no-geometry',
      file,
      `has ${plural(nv, 'vertex', 'vertices')} but no faces: it is a point cloud, and a mesh is needed`,
    );
  const bad = findNonFinite(mesh.positions);
  if (bad.count > 0) {
    throw new InputError(
      'invalid-coordinates',
      file,
      `${bad.count} of ${nv} vertices have NaN or infinite coordinates (the first is vertex ${bad.first}, 0-based)`,
    );
  }
  return mesh;
}

/**
 * Parses a point cloud from bytes (browser-safe). A mesh file gives its vertices (with their
 * normals and colours).
 * @param bytes the file content.
 * @param nameForErrors file name for messages and for the extension.
 * @param opts see `ReadPointCloudOptions`.
 * @throws InputError: 'empty', 'unknown-format', 'unsupported', 'no-geometry' (no points),
 *   'invalid-coordinates' (NaN/Inf, unless `dropInvalid`), 'too-few-points', and each parser's codes.
 */
export function parsePointCloud(bytes: Uint8Array, nameForErrors: string, opts: ReadPointCloudOptions = {}): PointCloud {
  const file = nameForErrors;
  const minPoints = opts.minPoints ?? DEFAULT_MIN_POINTS;
  if (bytes.length === 0) throw new InputError('empty', file, 'file is empty');
  const fmt = detectFormat(bytes, file, opts.format);
  const info = opts.info;
  if (info) {
    info.format = fmt;
    info.dropped = 0;
    info.fromMesh = false;
  }
  let cloud: PointCloud;
  const limits = resolveReadLimits(opts.limits);
  const meshReader = MESH_READERS[fmt],
    cloudReader = CLOUD_READERS[fmt];
  if (meshReader) {
    const m = meshReader(bytes, file, limits);
    cloud = { positions: m.positions };
    if (m.normals) cloud.normals = m.normals;
    if (m.colors) cloud.colors = m.colors;
    if (info) info.fromMesh = m.faces.length > 0;
  } else if (cloudReader) cloud = cloudReader(bytes, file, limits);
  else throw new InputError('unsupported', file, `reading ${fmt.toUpperCase()} files is not supported`);

  const n = cloud.positions.length / 3;
  if (n === 0) throw new InputError('no-geometry', file, `contains no points (read as ${fmt.toUpperCase()})`);
  const bad = findNonFinite(cloud.positions);
  if (bad.count > 0) {
    if (!opts.dropInvalid) {
      const line = fmt === 'xyz' ? xyzLineOfRow(bytes, bad.first) : undefined;
      throw new InputError(
        'invalid-coordinates',
        file,
        `${bad.count} of ${plural(n, 'point')} have NaN or infinite coordinates (the first is point ${bad.first + 1}); pass dropInvalid to skip them`,
        line !== undefined ? { line } : {},
      );
    }
    cloud = dropNonFinite(cloud);
    if (info) info.dropped = bad.count;
  }
  const kept = cloud.positions.length / 3;
  if (kept < minPoints) {
    const after = bad.count > 0 ? ` after dropping ${plural(bad.count, 'invalid point')}` : '';
    throw new InputError('too-few-points', file, `has ${plural(kept, 'point')}${after}; at least ${minPoints} are needed`);
  }
  return cloud;
}

/**
 * Encodes a mesh (browser-safe).
 * @param format 'ply' (binary little-endian, or ascii with `opts.ascii`), 'obj', 'off', 'stl'
 *   (binary), 'glb'.
 * @throws RangeError for an inconsistent mesh (index out of range, array lengths).
 */
export function encodeMesh(mesh: Mesh, format: MeshWriteFormat, opts: WriteOptions = {}): Uint8Array {
  switch (format) {
    case 'ply':
      return encodePly(mesh, { ascii: opts.ascii });
    case 'obj':
      return encodeObj(mesh);
    case 'off':
      return encodeOff(mesh);
    case 'stl':
      return encodeStl(mesh);
    case 'glb':
      return encodeGlb(mesh);
  }
  throw new UsageError(`cannot write meshes as '${String(format)}' (ply, obj, off, stl, glb)`);
}

/**
 * Encodes a point cloud (browser-safe).
 * @param format 'ply' (vertices only; binary unless `opts.ascii`), 'xyz' (space-separated),
 *   'csv' (comma-separated), 'npy' (float32 [N,3] or [N,6] with normals).
 */
export function encodePointCloud(cloud: PointCloud, format: PointCloudWriteFormat, opts: WriteOptions = {}): Uint8Array {
  switch (format) {
    case 'ply':
      return encodePly(cloud, { ascii: opts.ascii });
    case 'xyz':
      return encodeXyz(cloud);
    case 'csv':
      return encodeXyz(cloud, { separator: ',' });
    case 'npy':
      return encodeNpyPointCloud(cloud);
  }
  throw new UsageError(`cannot write point clouds as '${String(format)}' (ply, xyz, csv, npy)`);
}
