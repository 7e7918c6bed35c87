/**
 * What the ascii and binary PLY readers share: where x, y, z, normals and colours sit in the
 * vertex element, the face list, colour scaling, the read limits and the mesh they fill.
 */
import type { Mesh } from '../../geometry/Mesh.ts';
import { InputError } from '../../errors.ts';
import { checkLimit, type ReadLimits } from '../limits.ts';
import type { PlyElement, PlyScalarType } from './header.ts';

/** Where the wanted vertex properties are, as indices into the element's property list. */
export interface VertexLayout {
  x: number;
  y: number;
  z: number;
  nx: number;
  ny: number;
  nz: number;
  r: number;
  g: number;
  b: number;
}

export function vertexLayout(el: PlyElement, file: string): VertexLayout {
  const find = (...names: string[]) => el.properties.findIndex((p) => !p.countType && names.includes(p.name));
  const l: VertexLayout = {
    x: find('x'),
    y: find('y'),
    z: find('z'),
    nx: find('nx'),
    ny: find('ny'),
    nz: find('nz'),
    r: find('red', 'diffuse_red', 'r'),
    g: find('green', 'diffuse_green', 'g'),
    b: find('blue', 'diffuse_blue', 'b'),
  };
  for (const k of ['x', 'y', 'z'] as const) {
    if (l[k] < 0) throw new InputError('bad-header', file, `element 'vertex' has no scalar property '${k}'`, { line: el.line });
  }
  if (l.nx < 0 || l.ny < 0 || l.nz < 0) l.nx = l.ny = l.nz = -1;
  if (l.r < 0 || l.g < 0 || l.b < 0) l.r = l.g = l.b = -1;
  return l;
}

export function faceListIndex(el: PlyElement, file: string): number {
  const k = el.properties.findIndex((p) => p.countType && (p.name === 'vertex_indices' || p.name === 'vertex_index'));
  if (k < 0)
    throw new InputError('bad-header', file, "element 'face' has no list property 'vertex_indices' (or 'vertex_index')", { line: el.line });
  return k;
}

/** Maps a colour value of any PLY type to 0–255: floats are taken as 0–1, integers clamped. */
export function colorByte(v: number, type: PlyScalarType): number {
  if (type === 'float32' || type === 'float64') v = Math.round(v * 255);
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

/** Declared vertex and face counts against the limits; after the file-size checks (a corrupt
 *  count is better reported as "the file is shorter than declared"), before any allocation. */
export function checkPlyLimits(file: string, vEl: PlyElement, fEl: PlyElement | undefined, limits: ReadLimits): void {
  checkLimit(file, "element 'vertex'", vEl.count, limits.maxPoints, 'points', 12, { line: vEl.line });
  if (fEl) checkLimit(file, "element 'face'", fEl.count, limits.maxFaces, 'faces', 12, { line: fEl.line });
}

export function newGeometry(nv: number, layout: VertexLayout): Mesh {
  const m: Mesh = { positions: new Float32Array(3 * nv), faces: new Uint32Array(0) };
  if (layout.nx >= 0) m.normals = new Float32Array(3 * nv);
  if (layout.r >= 0) m.colors = new Uint8Array(3 * nv);
  return m;
}
