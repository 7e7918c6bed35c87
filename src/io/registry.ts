/**
 * The one entry point for geometry files: read any supported mesh or point cloud, write any
 * supported output, choosing the format by extension and sniffing the content when the
 * extension lies or is missing (see `format.ts`).
 *
 * Buffer-level functions (`parseMesh`, `parsePointCloud`, `encodeMesh`, `encodePointCloud`) live
 * in `codec.ts`, which has no `fs` (the web app imports that file); they are re-exported here.
 * The path functions (`readMesh`, `readPointCloud`, `writeMesh`, `writePointCloud`) add reading
 * and atomic writing.
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
import { InputError, UsageError } from '../errors.ts';
import { atomicWriteFileSync } from './atomicWrite.ts';
import { extensionOf } from './format.ts';
import {
  parseMesh,
  parsePointCloud,
  encodeMesh,
  encodePointCloud,
  type ReadMeshOptions,
  type ReadPointCloudOptions,
  type WriteOptions,
  type MeshWriteFormat,
  type PointCloudWriteFormat,
} from './codec.ts';

export {
  parseMesh,
  parsePointCloud,
  encodeMesh,
  encodePointCloud,
  DEFAULT_MIN_POINTS,
  DEFAULT_READ_LIMITS,
  MAX_POINTS,
  MAX_FACES,
  MAX_ARRAY_VALUES,
  type ReadLimits,
  type ReadInfo,
  type ReadMeshOptions,
  type ReadPointCloudOptions,
  type WriteOptions,
  type MeshWriteFormat,
  type PointCloudWriteFormat,
} from './codec.ts';
export type { FileFormat } from './format.ts';

function readBytes(path: string): Uint8Array {
  try {
    const b = readFileSync(path);
    // A plain Uint8Array view: parsers must not depend on Buffer's different `slice`.
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory, not a file'
          : code === 'EACCES'
            ? 'permission denied'
            : (e as Error).message;
    throw new InputError('not-found', path, `cannot read: ${why}`);
  }
}

/** Reads a mesh file (PLY, OBJ, OFF, STL). See `parseMesh`; also 'not-found'. */
export function readMesh(path: string, opts: ReadMeshOptions = {}): Mesh {
  return parseMesh(readBytes(path), path, opts.format, opts.info, opts.limits);
}

/**
 * Reads a point cloud (XYZ/TXT/CSV, PLY, NPY, NPZ `points`, PCD, or a mesh file's vertices).
 * See `parsePointCloud`; also 'not-found'. Points dropped by `dropInvalid` are counted in
 * `opts.info.dropped`.
 */
export function readPointCloud(path: string, opts: ReadPointCloudOptions = {}): PointCloud {
  return parsePointCloud(readBytes(path), path, opts);
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
  if (!fmt)
    throw new UsageError(`${path}: cannot write a mesh with extension '.${extensionOf(path)}' (use .ply, .obj, .off, .stl or .glb)`);
  atomicWriteFileSync(path, encodeMesh(mesh, fmt, opts));
}

/**
 * Writes a point cloud, format by the extension (.ply .xyz .txt .pts .csv .npy), atomically.
 * @throws UsageError for an unknown extension; RangeError for inconsistent arrays.
 */
export function writePointCloud(path: string, cloud: PointCloud, opts: WriteOptions = {}): void {
  const fmt = CLOUD_WRITE_EXT[extensionOf(path)];
  if (!fmt)
    throw new UsageError(`${path}: cannot write a point cloud with extension '.${extensionOf(path)}' (use .ply, .xyz, .csv or .npy)`);
  atomicWriteFileSync(path, encodePointCloud(cloud, fmt, opts));
}
