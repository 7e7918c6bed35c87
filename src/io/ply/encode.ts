/** The PLY writer: binary little-endian by default, ascii on request. */
import type { Mesh } from '../../geometry/Mesh.ts';
import type { PointCloud } from '../../geometry/PointCloud.ts';
import { assertEncodable } from '../geometryChecks.ts';
import { AsciiWriter } from '../AsciiWriter.ts';

/** Options of `encodePly`. */
export interface PlyEncodeOptions {
  /** Write `format ascii 1.0` instead of binary little-endian (default false). */
  ascii?: boolean;
}

/**
 * Encodes a mesh or point cloud as PLY: vertex x, y, z as float32, plus nx, ny, nz (float32) and
 * red, green, blue (uchar) when present; faces (meshes with at least one face) as
 * `list uchar int vertex_indices`. A point cloud, or a mesh without faces, has no face element.
 * @throws RangeError for inconsistent input (see `assertEncodable`).
 */
export function encodePly(geom: Mesh | PointCloud, opts: PlyEncodeOptions = {}): Uint8Array {
  assertEncodable(geom);
  const p = geom.positions,
    nrm = geom.normals,
    col = geom.colors;
  const faces = (geom as Mesh).faces && (geom as Mesh).faces.length > 0 ? (geom as Mesh).faces : null;
  const nv = p.length / 3,
    nf = faces ? faces.length / 3 : 0;
  let header = `ply\nformat ${opts.ascii ? 'ascii' : 'binary_little_endian'} 1.0\ncomment written by pointocc\nelement vertex ${nv}\nproperty float x\nproperty float y\nproperty float z\n`;
  if (nrm) header += 'property float nx\nproperty float ny\nproperty float nz\n';
  if (col) header += 'property uchar red\nproperty uchar green\nproperty uchar blue\n';
  if (faces) header += `element face ${nf}\nproperty list uchar int vertex_indices\n`;
  header += 'end_header\n';

  if (opts.ascii) {
    const w = new AsciiWriter(header.length + nv * (nrm ? 66 : 33) + nf * 24);
    w.str(header);
    for (let i = 0; i < nv; i++) {
      w.floats3(p, i);
      if (nrm) w.char(32).floats3(nrm, i);
      if (col) w.char(32).uints3(col, i);
      w.char(10);
    }
    if (faces) for (let f = 0; f < nf; f++) w.str('3 ').uints3(faces, f).char(10);
    return w.finish();
  }

  const head = new TextEncoder().encode(header);
  const stride = 12 + (nrm ? 12 : 0) + (col ? 3 : 0);
  const out = new Uint8Array(head.length + nv * stride + nf * 13);
  out.set(head, 0);
  const dv = new DataView(out.buffer);
  let o = head.length;
  for (let i = 0; i < nv; i++) {
    dv.setFloat32(o, p[3 * i], true);
    dv.setFloat32(o + 4, p[3 * i + 1], true);
    dv.setFloat32(o + 8, p[3 * i + 2], true);
    o += 12;
    if (nrm) {
      dv.setFloat32(o, nrm[3 * i], true);
      dv.setFloat32(o + 4, nrm[3 * i + 1], true);
      dv.setFloat32(o + 8, nrm[3 * i + 2], true);
      o += 12;
    }
    if (col) {
      out[o] = col[3 * i];
      out[o + 1] = col[3 * i + 1];
      out[o + 2] = col[3 * i + 2];
      o += 3;
    }
  }
  if (faces) {
    for (let f = 0; f < nf; f++) {
      out[o] = 3;
      dv.setInt32(o + 1, faces[3 * f], true);
      dv.setInt32(o + 5, faces[3 * f + 1], true);
      dv.setInt32(o + 9, faces[3 * f + 2], true);
      o += 13;
    }
  }
  return out;
}
