/**
 * Point-cloud splats: each point is a screen-space disc shaded like a small sphere (brighter at
 * its centre), z-buffered against everything else in the raster.
 */
import type { Camera } from './Camera.ts';
import type { Raster } from './Raster.ts';

export interface DrawPointsOptions {
  /** Disc radius in pixels (default 2, ≥ 0.5). */
  radius?: number;
  /** Per-point RGB 0–255 (length 3·N); overrides `color`. */
  colors?: Uint8Array;
  /** Uniform RGB 0–255 (default a dark orange). */
  color?: readonly [number, number, number];
}

export const DEFAULT_POINT_COLOR: readonly [number, number, number] = [214, 96, 40];

/** Draws the xyz points (length 3·N) into `raster` as seen by `cam`. */
export function drawPoints(raster: Raster, cam: Camera, points: Float32Array | Float64Array, opts: DrawPointsOptions = {}): void {
  const n = points.length / 3;
  const radius = Math.max(0.5, opts.radius ?? 2);
  const colors = opts.colors;
  if (colors && colors.length !== 3 * n) throw new RangeError(`drawPoints: colors has length ${colors.length}, expected ${3 * n}`);
  const base = opts.color ?? DEFAULT_POINT_COLOR;
  const W = raster.width,
    H = raster.height;
  const tmp = new Float64Array(3);
  const r2 = radius * radius;
  for (let i = 0; i < n; i++) {
    const x = points[3 * i],
      y = points[3 * i + 1],
      z = points[3 * i + 2];
    if (!cam.project(x, y, z, tmp)) continue;
    const sx = tmp[0],
      sy = tmp[1],
      near = tmp[2];
    // The sphere bulge towards the viewer, in nearness units per pixel of radius.
    const unitsPerPixel = 1 / cam.pixelsPerUnitAt(x, y, z);
    const bulge = cam.perspective ? near * near * unitsPerPixel : unitsPerPixel;
    const cr = colors ? colors[3 * i] : base[0],
      cg = colors ? colors[3 * i + 1] : base[1],
      cb = colors ? colors[3 * i + 2] : base[2];
    const x0 = Math.max(0, Math.floor(sx - radius)),
      x1 = Math.min(W - 1, Math.ceil(sx + radius));
    const y0 = Math.max(0, Math.floor(sy - radius)),
      y1 = Math.min(H - 1, Math.ceil(sy + radius));
    for (let py = y0; py <= y1; py++) {
      const dy = py + 0.5 - sy;
      for (let px = x0; px <= x1; px++) {
        const dx = px + 0.5 - sx;
        const d2 = dx * dx + dy * dy;
        if (d2 > r2) continue;
        const h = Math.sqrt(r2 - d2);
        const light = 0.45 + 0.55 * (h / radius);
        raster.plot(px, py, near + h * bulge, Math.round(cr * light), Math.round(cg * light), Math.round(cb * light));
      }
    }
  }
}
