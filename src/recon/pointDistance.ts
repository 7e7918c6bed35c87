/**
 * Distance from the points of a regular grid to the nearest cloud point, on the grid (exact
 * Euclidean distance transform of Felzenszwalb & Huttenlocher 2012, separable over the three
 * axes). Each cloud point is first snapped to its nearest grid point, so the distance is exact to
 * within half a cell diagonal (√3/2 cells). Used by the tiles (tiledMise.ts) to tell where a tile
 * has points near enough to know the surface.
 */

/** Distances on a grid of (cells + 1)³ points over the cube [lo, hi]³. */
export interface DistanceGrid {
  /** Grid points per axis, n = cells + 1; index x + n·(y + n·z). */
  n: number;
  lo: number;
  /** Grid spacing (hi − lo) / cells. */
  spacing: number;
  /** Distance to the nearest point (world units), float32. */
  distance: Float32Array;
}

/** 1-D squared distance transform of f (in place into d), FH's lower envelope of parabolas. */
function edt1d(f: Float64Array, n: number, d: Float64Array, v: Int32Array, z: Float64Array): void {
  let k = 0;
  v[0] = 0;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = 1; q < n; q++) {
    if (f[q] === Infinity) continue;
    if (f[v[k]] === Infinity) {
      v[k] = q;
      continue;
    }
    let s = (f[q] + q * q - (f[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k]);
    while (s <= z[k]) {
      k--;
      s = (f[q] + q * q - (f[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k]);
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  if (f[v[0]] === Infinity) {
    d.fill(Infinity, 0, n);
    return;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1] < q) k++;
    const t = q - v[k];
    d[q] = t * t + f[v[k]];
  }
}

/**
 * The distance grid of a cloud.
 * @param points xyz per point (length 3·N), world units; points outside the cube are clamped to it.
 * @param cells cells per axis, ≥ 1.
 * @param box the cube [lo, hi]³.
 */
export function pointDistanceGrid(points: Float32Array, cells: number, box: [number, number]): DistanceGrid {
  const n = cells + 1,
    nn = n * n,
    h = (box[1] - box[0]) / cells;
  const sq = new Float64Array(n * nn).fill(Infinity);
  const snap = (v: number): number => Math.min(cells, Math.max(0, Math.round((v - box[0]) / h)));
  for (let i = 0; i < points.length; i += 3) sq[snap(points[i]) + n * (snap(points[i + 1]) + n * snap(points[i + 2]))] = 0;
  const f = new Float64Array(n),
    d = new Float64Array(n),
    v = new Int32Array(n),
    z = new Float64Array(n + 1);
  // along x, y, z in turn
  for (const [stride, o1, o2] of [
    [1, n, nn],
    [n, 1, nn],
    [nn, 1, n],
  ] as const) {
    for (let b = 0; b < n; b++)
      for (let a = 0; a < n; a++) {
        const base = a * o1 + b * o2;
        for (let q = 0; q < n; q++) f[q] = sq[base + q * stride];
        edt1d(f, n, d, v, z);
        for (let q = 0; q < n; q++) sq[base + q * stride] = d[q];
      }
  }
  const distance = new Float32Array(n * nn);
  for (let i = 0; i < distance.length; i++) distance[i] = Math.sqrt(sq[i]) * h;
  return { n, lo: box[0], spacing: h, distance };
}
