import type { Mesh } from '../geometry/Mesh.ts';
import { marchingCubes } from './marchingCubes.ts';
import type { MiseGrid } from './mise.ts';
import { logOdds } from './logOdds.ts';

/**
 * The mesh of `meshFromGrid` (src/recon/mise.ts: pad with "outside", marching cubes), computed
 * on the smallest sub-grid that holds it, which makes marching cubes several times faster on the
 * usual thin or elongated shapes (the scan over empty cells dominates at 256³).
 *
 * Why the result is the same mesh: a cell yields surface only if one of its corners is inside
 * (value > threshold). The crop keeps every inside grid point plus one more layer of grid points
 * on each side (their real values, all outside), so every cell with surface, and every value the
 * interpolation reads, is kept; the cells cut away are all outside. Around the crop one layer of
 * "outside" padding closes the surface where it reaches the box border, exactly as the full
 * padding does. Cells are visited in the same (z, y, x) order, so vertices and faces come out in
 * the same order; positions agree up to float rounding of the shifted origin (≈1e-7 units).
 *
 * With `interpolate: 'logit'` the values are probabilities and marching cubes places each vertex
 * where the log-odds log(p/(1−p)) cross log(t/(1−t)) (logOdds.ts) instead of where p crosses t.
 * The inside set, hence the topology, is the same (the map is strictly increasing on the clamp
 * range [1e-7, 1 − 1e-7], which holds every threshold a user sensibly gives; the log-odds are
 * stored as float32, so a value within ~1e-8 of the threshold may change side); only vertex
 * positions along their cell edges move.
 *
 * @param grid a MISE grid.
 * @param options.interpolate 'linear' (default): interpolate the values as they are; 'logit':
 *   the values are P(inside) in [0, 1], interpolate their log-odds (what ONet does).
 * @returns the watertight mesh of {value > threshold} in the box's world units; empty when no
 *   grid point is inside.
 */
export function meshFromGridCropped(grid: MiseGrid, options: { interpolate?: 'linear' | 'logit' } = {}): Mesh {
  const { values, threshold: thr, spacing: h } = grid;
  const n = grid.dims[0],
    nn = n * n;
  // Bounding box of the inside grid points.
  let x0 = n,
    y0 = n,
    z0 = n,
    x1 = -1,
    y1 = -1,
    z1 = -1;
  for (let z = 0; z < n; z++) {
    for (let y = 0; y < n; y++) {
      const row = n * y + nn * z;
      let first = -1,
        last = -1;
      for (let x = 0; x < n; x++) {
        if (values[row + x] > thr) {
          if (first < 0) first = x;
          last = x;
        }
      }
      if (first < 0) continue;
      if (first < x0) x0 = first;
      if (last > x1) x1 = last;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      if (z < z0) z0 = z;
      z1 = z;
    }
  }
  if (x1 < 0) return { positions: new Float32Array(0), faces: new Uint32Array(0) };
  // One layer of real (outside) values beyond the inside points, clamped to the grid.
  x0 = Math.max(0, x0 - 1);
  y0 = Math.max(0, y0 - 1);
  z0 = Math.max(0, z0 - 1);
  x1 = Math.min(n - 1, x1 + 1);
  y1 = Math.min(n - 1, y1 + 1);
  z1 = Math.min(n - 1, z1 + 1);
  // Crop and pad in one copy: padded sample (i+1, j+1, k+1) = grid point (x0+i, y0+j, z0+k).
  const px = x1 - x0 + 3,
    py = y1 - y0 + 3,
    pz = z1 - z0 + 3;
  const logit = options.interpolate === 'logit';
  const level = logit ? logOdds(thr) : thr;
  const outside = Math.min(-1e6, level - 1e6);
  const padded = new Float32Array(px * py * pz).fill(outside);
  const w = x1 - x0 + 1;
  for (let k = 0; k <= z1 - z0; k++) {
    for (let j = 0; j <= y1 - y0; j++) {
      const src = x0 + n * (y0 + j) + nn * (z0 + k),
        dst = 1 + px * (j + 1 + py * (k + 1));
      if (!logit) padded.set(values.subarray(src, src + w), dst);
      else for (let i = 0; i < w; i++) padded[dst + i] = logOdds(values[src + i]);
    }
  }
  const lo = grid.box[0];
  // Same arithmetic as meshFromGrid's origin (box lo − one spacing), shifted by the crop.
  const origin: [number, number, number] = [lo - h + x0 * h, lo - h + y0 * h, lo - h + z0 * h];
  return marchingCubes(padded, [px, py, pz], level, { origin, spacing: h });
}
