/**
 * Stanford PLY: reader (ascii, binary_little_endian, binary_big_endian; every scalar type and
 * its sized alias) and writer (binary little-endian by default, ascii on request).
 *
 * Read: element `vertex` → x, y, z (required), nx, ny, nz and red, green, blue (kept when all
 * three are present); element `face` → the list `vertex_indices` (or `vertex_index`) of any
 * count/index types, fan-triangulated. Every other property and element is skipped. A PLY
 * without faces is a point cloud (`faces` empty).
 *
 * No `fs` here: parsers and encoders work on bytes so the web app can use them.
 */
import type { Mesh } from '../geometry/Mesh.ts';
import { InputError } from '../errors.ts';
import { DEFAULT_READ_LIMITS, type ReadLimits } from './limits.ts';
import { parsePlyHeader } from './ply/header.ts';
import { faceListIndex, vertexLayout } from './ply/layout.ts';
import { parseAsciiBody } from './ply/ascii.ts';
import { parseBinaryBody } from './ply/binary.ts';

// The parts live in ply/ (header, the shared vertex layout, ascii and binary bodies, the writer);
// this file is the format's entry point, as io/ has one per format.
export { parsePlyHeader, type PlyScalarType, type PlyProperty, type PlyElement, type PlyFormat, type PlyHeader } from './ply/header.ts';
export { encodePly, type PlyEncodeOptions } from './ply/encode.ts';

/**
 * Parses a PLY file.
 * @param bytes the whole file.
 * @param file name used in error messages.
 * @returns a mesh; `faces` is empty for a point cloud. Normals and colours when the file has them.
 * @throws InputError 'empty' | 'bad-header' | 'truncated' | 'count-too-large' | 'bad-value' | 'index-out-of-range' | 'no-geometry'
 */
export function parsePly(bytes: Uint8Array, file: string, limits: ReadLimits = DEFAULT_READ_LIMITS): Mesh {
  const h = parsePlyHeader(bytes, file);
  const vEl = h.elements.find((e) => e.name === 'vertex');
  if (!vEl) throw new InputError('no-geometry', file, "PLY has no 'vertex' element");
  const layout = vertexLayout(vEl, file);
  const fEl = h.elements.find((e) => e.name === 'face');
  const fList = fEl ? faceListIndex(fEl, file) : -1;
  return h.format === 'ascii'
    ? parseAsciiBody(bytes, file, h, vEl, layout, fEl, fList, limits)
    : parseBinaryBody(bytes, file, h, vEl, layout, fEl, fList, limits);
}
