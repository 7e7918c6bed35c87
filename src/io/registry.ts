/**
 * The one entry point for geometry files: read any supported mesh or point cloud, write any
 * supported output, choosing the format by extension and sniffing the content when the
 * extension lies or is missing (see `format.ts`).
 *
 * Buffer-level functions (`parseMesh`, `parsePointCloud`, `encodeMesh`, `encodePointCloud`) use
 * no `fs`, so the web app can call them on `File` bytes; the path functions (`readMesh`,
 * `readPointCloud`, `writeMesh`, `writePointCloud`) add reading and atomic writing.
 *
 * | format | read mesh | read cloud | write mesh | write cloud |
 * |--------|-----------|------------|------------|-------------|
 * | PLY    | yes       | yes        | yes        | yes         |
 * | OBJ    | yes       | vertices   | yes        | –           |
 * | OFF    | yes       | vertices   | yes        | –           |
 * | STL    | yes       | vertices   | yes (bin.) | –           |
 * | GLB    | –         | –          | yes        | –           |
 * | XYZ/TXT/CSV | –    | yes        | –          | yes         |
 * | NPY    | –         | yes        | –          | yes         |
 * | NPZ    | –         | `points`   | –          | –           |
 * | PCD    | –         | yes        | –          | –           |
 */
import { readFileSync } from 'node:fs';
import type { Mesh } from '../geometry/Mesh.ts';
import type { PointCloud } from '../geometry/PointCloud.ts';
import { InputError, UsageError } from './errors.ts';
import { atomicWriteFileSync } from './atomicWrite.ts';
import { detectFormat, extensionOf, type FileFormat } from './format.ts';
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

export type { FileFormat } from './format.ts';

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
  /** Out-parameter, see `ReadInfo`. */
  info?: ReadInfo;
}

export interface ReadPointCloudOptions {
  /** Force a format instead of detecting it. */
  format?: FileFormat;
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

const MESH_READERS: Partial<Record<FileFormat, (b: Uint8Array, f: string) => Mesh>> = {
  ply: parsePly, obj: parseObj, off: parseOff, stl: parseStl,
};
const CLOUD_READERS: Partial<Record<FileFormat, (b: Uint8Array, f: string) => PointCloud>> = {
  xyz: parseXyz, npy: parseNpyPointCloud, npz: parseNpzPointCloud, pcd: parsePcd,
};

function plural(n: number, word: string, many = word + 's'): string {
  return `${n} ${n === 1 ? word : many}`;
}

/**
 * Parses a mesh from bytes (browser-safe).
 * @param bytes the file content.
 * @param nameForErrors file name for messages and for the extension (may be a bare name).
 * @param formatHint force a format instead of detecting it.
 * @returns an indexed triangle mesh with at least one face, all coordinates finite.
 * @throws InputError: 'empty', 'unknown-format', 'unsupported' (e.g. reading GLB), 'no-geometry'
 *   (no vertices, or no faces: a point cloud), 'invalid-coordinates', and each parser's codes.
 */
export function parseMesh(bytes: Uint8Array, nameForErrors: string, formatHint?: FileFormat, info?: ReadInfo): Mesh {
  const file = nameForErrors;
  if (bytes.length === 0) throw new InputError('empty', file, 'file is empty');
  const fmt = detectFormat(bytes, file, formatHint);
  if (info) info.format = fmt;
  const reader = MESH_READERS[fmt];
  if (!reader) {
    if (CLOUD_READERS[fmt]) throw new InputError('no-geometry', file, `is a point cloud (${fmt.toUpperCase()}) and has no faces; a mesh file (PLY, OBJ, OFF, STL) is needed`);
    throw new InputError('unsupported', file, `reading ${fmt.toUpperCase()} files is not supported`);
  }
  const mesh = reader(bytes, file);
  const nv = mesh.positions.length / 3;
  if (nv === 0) throw new InputError('no-geometry', file, `contains no vertices (read as ${fmt.toUpperCase()})`);
  if (mesh.faces.length === 0) throw new InputError('no-geometry', file, `has ${plural(nv, 'vertex', 'vertices')} but no faces: it is a point cloud, and a mesh is needed`);
  const bad = findNonFinite(mesh.positions);
  if (bad.count > 0) {
    throw new InputError('invalid-coordinates', file, `${bad.count} of ${nv} vertices have NaN or infinite coordinates (the first is vertex ${bad.first}, 0-based)`);
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
  if (info) { info.format = fmt; info.dropped = 0; info.fromMesh = false; }
  let cloud: PointCloud;
  const meshReader = MESH_READERS[fmt], cloudReader = CLOUD_READERS[fmt];
  if (meshReader) {
    const m = meshReader(bytes, file);
    cloud = { positions: m.positions };
    if (m.normals) cloud.normals = m.normals;
    if (m.colors) cloud.colors = m.colors;
    if (info) info.fromMesh = m.faces.length > 0;
  } else if (cloudReader) cloud = cloudReader(bytes, file);
  else throw new InputError('unsupported', file, `reading ${fmt.toUpperCase()} files is not supported`);

  const n = cloud.positions.length / 3;
  if (n === 0) throw new InputError('no-geometry', file, `contains no points (read as ${fmt.toUpperCase()})`);
  const bad = findNonFinite(cloud.positions);
  if (bad.count > 0) {
    if (!opts.dropInvalid) {
      const line = fmt === 'xyz' ? xyzLineOfRow(bytes, bad.first) : undefined;
      throw new InputError('invalid-coordinates', file,
        `${bad.count} of ${plural(n, 'point')} have NaN or infinite coordinates (the first is point ${bad.first + 1}); pass dropInvalid to skip them`,
        line !== undefined ? { line } : {});
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

function readBytes(path: string): Uint8Array {
  try {
    const b = readFileSync(path);
    // A plain Uint8Array view: parsers must not depend on Buffer's different `slice`.
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a file' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new InputError('not-found', path, `cannot read: ${why}`);
  }
}

/** Reads a mesh file (PLY, OBJ, OFF, STL). See `parseMesh`; also 'not-found'. */
export function readMesh(path: string, opts: ReadMeshOptions = {}): Mesh {
  return parseMesh(readBytes(path), path, opts.format, opts.info);
}

/**
 * Reads a point cloud (XYZ/TXT/CSV, PLY, NPY, NPZ `points`, PCD, or a mesh file's vertices).
 * See `parsePointCloud`; also 'not-found'. Points dropped by `dropInvalid` are counted in
 * `opts.info.dropped`.
 */
export function readPointCloud(path: string, opts: ReadPointCloudOptions = {}): PointCloud {
  return parsePointCloud(readBytes(path), path, opts);
}

/**
 * Encodes a mesh (browser-safe).
 * @param format 'ply' (binary little-endian, or ascii with `opts.ascii`), 'obj', 'off', 'stl'
 *   (binary), 'glb'.
 * @throws RangeError for an inconsistent mesh (index out of range, array lengths).
 */
export function encodeMesh(mesh: Mesh, format: MeshWriteFormat, opts: WriteOptions = {}): Uint8Array {
  switch (format) {
    case 'ply': return encodePly(mesh, { ascii: opts.ascii });
    case 'obj': return encodeObj(mesh);
    case 'off': return encodeOff(mesh);
    case 'stl': return encodeStl(mesh);
    case 'glb': return encodeGlb(mesh);
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
    case 'ply': return encodePly(cloud, { ascii: opts.ascii });
    case 'xyz': return encodeXyz(cloud);
    case 'csv': return encodeXyz(cloud, { separator: ',' });
    case 'npy': return encodeNpyPointCloud(cloud);
  }
  throw new UsageError(`cannot write point clouds as '${String(format)}' (ply, xyz, csv, npy)`);
}

const MESH_WRITE_EXT: Record<string, MeshWriteFormat> = { ply: 'ply', obj: 'obj', off: 'off', stl: 'stl', glb: 'glb' };
const CLOUD_WRITE_EXT: Record<string, PointCloudWriteFormat> = { ply: 'ply', xyz: 'xyz', txt: 'xyz', pts: 'xyz', csv: 'csv', npy: 'npy' };

/**
 * Writes a mesh, format by the extension (.ply .obj .off .stl .glb), atomically: the whole file
 * is encoded first and then written via a temporary file, so a failure leaves nothing behind.
 * @throws UsageError for an unknown extension; RangeError for an inconsistent mesh.
 */
export function writeMesh(path: string, mesh: Mesh, opts: WriteOptions = {}): void {
  const fmt = MESH_WRITE_EXT[extensionOf(path)];
  if (!fmt) throw new UsageError(`${path}: cannot write a mesh with extension '.${extensionOf(path)}' (use .ply, .obj, .off, .stl or .glb)`);
  atomicWriteFileSync(path, encodeMesh(mesh, fmt, opts));
}

/**
 * Writes a point cloud, format by the extension (.ply .xyz .txt .pts .csv .npy), atomically.
 * @throws UsageError for an unknown extension; RangeError for inconsistent arrays.
 */
export function writePointCloud(path: string, cloud: PointCloud, opts: WriteOptions = {}): void {
  const fmt = CLOUD_WRITE_EXT[extensionOf(path)];
  if (!fmt) throw new UsageError(`${path}: cannot write a point cloud with extension '.${extensionOf(path)}' (use .ply, .xyz, .csv or .npy)`);
  atomicWriteFileSync(path, encodePointCloud(cloud, fmt, opts));
}
