/**
 * NumPy `.npz` archives (`np.savez` / `np.savez_compressed`): a zip of `.npy` members, unzipped
 * with fflate. Used by the Occupancy Networks data reader (`points.npz`: float16 `points`,
 * uint8 packbits `occupancies`, `loc`, `scale`; `pointcloud.npz`: `points`, `normals`).
 */
import { unzipSync, type UnzipFileInfo } from 'fflate';
import type { PointCloud } from '../geometry/PointCloud.ts';
import { InputError } from './errors.ts';
import { parseNpy, npyToPointCloud, type NpyArray } from './npy.ts';

/** True when `bytes` starts with a zip local-file (or empty-archive) signature. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b &&
    ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}

/**
 * Parses an `.npz` archive.
 * @param bytes the whole file.
 * @param file name used in error messages (members are reported as `file:member.npy`).
 * @returns member name without `.npy` → parsed array (other members are ignored).
 * @throws InputError 'empty' | 'bad-header' (not a readable zip) and any `parseNpy` error of a member.
 */
export function parseNpz(bytes: Uint8Array, file = 'arrays.npz'): Map<string, NpyArray> {
  if (bytes.length === 0) throw new InputError('empty', file, 'file is empty');
  if (!isZip(bytes)) throw new InputError('bad-header', file, 'not an NPZ file (missing the zip signature PK\\x03\\x04)', { offset: 0 });
  let entries: Record<string, Uint8Array>;
  let refused: UnzipFileInfo | null = null;
  try {
    entries = unzipSync(bytes, {
      // Sizes come from the archive's directory: refuse impossible ones before fflate allocates
      // them. Stored members are as long as their data; deflate expands at most ~1032×.
      filter: (m) => {
        if (!m.name.endsWith('.npy')) return false;
        const max = m.compression === 0 ? m.size : 1032 * m.size + 1024;
        if (m.originalSize > max || m.size > bytes.length) { refused ??= m; return false; }
        return true;
      },
    });
  } catch (e) {
    throw new InputError('truncated', file, `cannot unzip the NPZ archive (${(e as Error).message}); the file is damaged or truncated`);
  }
  if (refused) {
    const m = refused as UnzipFileInfo;
    throw new InputError('count-too-large', file, `member '${m.name}' declares ${m.originalSize} bytes, more than its ${m.size} stored bytes can hold`);
  }
  const out = new Map<string, NpyArray>();
  for (const [name, data] of Object.entries(entries)) {
    if (!name.endsWith('.npy')) continue;
    out.set(name.slice(0, -4), parseNpy(data, `${file}:${name}`));
  }
  return out;
}

/**
 * A point cloud from an `.npz` archive: the array `points` ([N,3]), with `normals` ([N,3])
 * when present. Coordinates are returned as stored (no `loc`/`scale` transform).
 * @throws InputError 'no-geometry' when there is no `points` array, 'unsupported' for bad shapes.
 */
export function parseNpzPointCloud(bytes: Uint8Array, file: string): PointCloud {
  const arrays = parseNpz(bytes, file);
  const pts = arrays.get('points');
  if (!pts) throw new InputError('no-geometry', file, `NPZ archive has no 'points' array (it has: ${[...arrays.keys()].join(', ') || 'nothing'})`);
  const cloud = npyToPointCloud(pts, `${file}:points.npy`);
  const nrm = arrays.get('normals');
  if (nrm && !cloud.normals) {
    const nc = npyToPointCloud(nrm, `${file}:normals.npy`);
    if (nc.positions.length === cloud.positions.length) cloud.normals = nc.positions;
  }
  return cloud;
}
