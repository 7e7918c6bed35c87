/**
 * Z-buffered triangle rasterisation with Lambert + ambient shading.
 *
 * Coverage: a pixel is covered when its centre lies inside or on the edge of the projected
 * triangle (inclusive rule: no cracks between neighbouring triangles; a shared edge's pixels are
 * resolved by the z-buffer). Faces are drawn from both sides and lit two-sidedly (|n·l|), so
 * meshes with inconsistent orientation (e.g. raw reconstructions) still render sensibly.
 */
import { faceCrossProducts } from '../geometry/faceCrossProducts.ts';
import type { Mesh } from '../geometry/Mesh.ts';
import type { Camera } from './Camera.ts';
import type { Raster } from './Raster.ts';

export type Shading = 'flat' | 'smooth';

export interface DrawMeshOptions {
  /** 'flat' (face normals, default) or 'smooth' (vertex normals: `mesh.normals` or area-weighted). */
  shading?: Shading;
  /** Per-vertex RGB 0–255 (length 3·V); overrides `mesh.colors` and `color`. */
  colors?: Uint8Array;
  /** Uniform RGB 0–255 when there are no vertex colours (default a light blue-grey). */
  color?: readonly [number, number, number];
  /** Ambient share of the light, [0, 1] (default 0.3); the rest is Lambertian. */
  ambient?: number;
}

export const DEFAULT_MESH_COLOR: readonly [number, number, number] = [178, 190, 214];

/** Area-weighted vertex normals (unit length; zero for isolated vertices). */
export function vertexNormals(mesh: Mesh): Float32Array {
  const p = mesh.positions,
    f = mesh.faces;
  const acc = new Float64Array(p.length);
  const cross = faceCrossProducts(p, f);
  for (let t = 0; t < f.length; t += 3) {
    const a = 3 * f[t],
      b = 3 * f[t + 1],
      c = 3 * f[t + 2];
    const nx = cross[t],
      ny = cross[t + 1],
      nz = cross[t + 2];
    for (const i of [a, b, c]) {
      acc[i] += nx;
      acc[i + 1] += ny;
      acc[i + 2] += nz;
    }
  }
  const out = new Float32Array(p.length);
  for (let i = 0; i < p.length; i += 3) {
    const l = Math.sqrt(acc[i] * acc[i] + acc[i + 1] * acc[i + 1] + acc[i + 2] * acc[i + 2]);
    if (l > 0) {
      out[i] = acc[i] / l;
      out[i + 1] = acc[i + 1] / l;
      out[i + 2] = acc[i + 2] / l;
    }
  }
  return out;
}

/** Unit light direction in world space: from the viewer, raised and from the upper left. */
export function headLight(cam: Camera): [number, number, number] {
  const r = cam.right,
    u = cam.up,
    d = cam.toViewer;
  const x = -0.45 * r[0] + 0.6 * u[0] + d[0],
    y = -0.45 * r[1] + 0.6 * u[1] + d[1],
    z = -0.45 * r[2] + 0.6 * u[2] + d[2];
  const l = Math.sqrt(x * x + y * y + z * z);
  return [x / l, y / l, z / l];
}

/** Draws every triangle of `mesh` into `raster` as seen by `cam`. */
export function drawMesh(raster: Raster, cam: Camera, mesh: Mesh, opts: DrawMeshOptions = {}): void {
  const p = mesh.positions,
    f = mesh.faces;
  const nv = p.length / 3;
  const colors = opts.colors ?? mesh.colors;
  if (colors && colors.length !== 3 * nv) throw new RangeError(`drawMesh: colors has length ${colors.length}, expected ${3 * nv}`);
  const base = opts.color ?? DEFAULT_MESH_COLOR;
  const ambient = opts.ambient ?? 0.3,
    diffuse = 1 - ambient;
  const smooth = opts.shading === 'smooth';
  const normals = smooth ? (mesh.normals && mesh.normals.length === p.length ? mesh.normals : vertexNormals(mesh)) : undefined;
  const [lx, ly, lz] = headLight(cam);

  // Project every vertex once: sx, sy, nearness; NaN marks a vertex behind the eye.
  const proj = new Float64Array(3 * nv);
  const tmp = new Float64Array(3);
  for (let i = 0; i < nv; i++) {
    if (cam.project(p[3 * i], p[3 * i + 1], p[3 * i + 2], tmp)) {
      proj[3 * i] = tmp[0];
      proj[3 * i + 1] = tmp[1];
      proj[3 * i + 2] = tmp[2];
    } else proj[3 * i] = NaN;
  }
  // Per-vertex light intensity for smooth shading (Gouraud).
  let vLight: Float64Array | undefined;
  let faceCross: Float64Array | undefined;
  if (normals) {
    vLight = new Float64Array(nv);
    for (let i = 0; i < nv; i++) {
      const d = normals[3 * i] * lx + normals[3 * i + 1] * ly + normals[3 * i + 2] * lz;
      vLight[i] = ambient + diffuse * Math.abs(d);
    }
  } else faceCross = faceCrossProducts(p, f);

  const W = raster.width,
    H = raster.height;
  for (let t = 0; t < f.length; t += 3) {
    let i0 = f[t],
      i1 = f[t + 1],
      i2 = f[t + 2];
    let x0 = proj[3 * i0],
      y0 = proj[3 * i0 + 1];
    let x1 = proj[3 * i1],
      y1 = proj[3 * i1 + 1];
    const x2 = proj[3 * i2],
      y2 = proj[3 * i2 + 1];
    if (Number.isNaN(x0) || Number.isNaN(x1) || Number.isNaN(x2)) continue;
    let area = (x1 - x0) * (y2 - y0) - (y1 - y0) * (x2 - x0);
    if (area === 0 || !Number.isFinite(area)) continue;
    if (area < 0) {
      // Make the screen winding positive so one inside test serves both facings.
      const ti = i1;
      i1 = i2;
      i2 = ti;
      x1 = proj[3 * i1];
      y1 = proj[3 * i1 + 1];
      area = -area;
    }
    const X2 = proj[3 * i2],
      Y2 = proj[3 * i2 + 1];
    const n0 = proj[3 * i0 + 2],
      n1 = proj[3 * i1 + 2],
      n2 = proj[3 * i2 + 2];

    // Flat light from the world-space face normal.
    let flat = 0;
    if (faceCross) {
      // The face's own cross product (its sign does not matter: the light is two-sided).
      const nx = faceCross[t],
        ny = faceCross[t + 1],
        nz = faceCross[t + 2];
      const l = Math.sqrt(nx * nx + ny * ny + nz * nz);
      flat = ambient + (l > 0 ? (diffuse * Math.abs(nx * lx + ny * ly + nz * lz)) / l : 0);
    }

    const minX = Math.max(0, Math.floor(Math.min(x0, x1, X2) - 0.5));
    const maxX = Math.min(W - 1, Math.ceil(Math.max(x0, x1, X2) - 0.5));
    const minY = Math.max(0, Math.floor(Math.min(y0, y1, Y2) - 0.5));
    const maxY = Math.min(H - 1, Math.ceil(Math.max(y0, y1, Y2) - 0.5));
    if (minX > maxX || minY > maxY) continue;
    const inv = 1 / area;
    for (let py = minY; py <= maxY; py++) {
      const cy = py + 0.5;
      for (let px = minX; px <= maxX; px++) {
        const cx = px + 0.5;
        // Barycentric weights from edge functions (positive inside after the winding fix).
        const w0 = ((x1 - cx) * (Y2 - cy) - (y1 - cy) * (X2 - cx)) * inv;
        if (w0 < 0) continue;
        const w1 = ((X2 - cx) * (y0 - cy) - (Y2 - cy) * (x0 - cx)) * inv;
        if (w1 < 0) continue;
        const w2 = 1 - w0 - w1;
        if (w2 < -1e-12) continue;
        const near = w0 * n0 + w1 * n1 + w2 * n2;
        const light = vLight ? w0 * vLight[i0] + w1 * vLight[i1] + w2 * vLight[i2] : flat;
        let r: number, g: number, b: number;
        if (colors) {
          r = w0 * colors[3 * i0] + w1 * colors[3 * i1] + w2 * colors[3 * i2];
          g = w0 * colors[3 * i0 + 1] + w1 * colors[3 * i1 + 1] + w2 * colors[3 * i2 + 1];
          b = w0 * colors[3 * i0 + 2] + w1 * colors[3 * i1 + 2] + w2 * colors[3 * i2 + 2];
        } else {
          r = base[0];
          g = base[1];
          b = base[2];
        }
        raster.plot(px, py, near, Math.round(r * light), Math.round(g * light), Math.round(b * light));
      }
    }
  }
}
