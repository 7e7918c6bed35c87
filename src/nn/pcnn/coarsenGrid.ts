/**
 * `coarsen` (farthest-point sampling + nearest-chosen-point segments) for large levels: the same
 * result, found without the O(N·k) scans, for density-scaled models whose X1 holds 0.85·N0
 * points (at N0 = 10 000 the plain FPS and the segment assignment cost ≈ 85M distance
 * evaluations each; this does a few million; bench/results/density.json).
 *
 * Exactness. After choosing c, only points closer to c than their current distance to the chosen
 * set change, and every unchosen point's distance is ≤ R² = c's distance when chosen (c was the
 * farthest), so only points within R of c are visited — through a uniform grid. The next point is
 * the top of an indexed max-heap ordered by (distance desc, index asc): the reference's
 * tie-break (the smallest index among equal distances). Distances are computed in double from
 * the float32 inputs exactly as farthestPointSampling and assignNearest compute them, and a
 * point's segment is the first chosen point that reached its minimum (a strict `<` update, as
 * assignNearest's scan in FPS order) — so indices, points and segments equal `coarsen`'s
 * bit for bit (test/nn/coarsenGrid.test.ts, also with duplicate points).
 */
import { pointBounds } from '../../geometry/Bounds.ts';
import type { CoarseLevel } from './coarsen.ts';

/**
 * @param fine xyz of the N fine points. @param k coarse size, integer in [1, N].
 * @param startIndex first FPS point, in [0, N).
 */
export function coarsenGrid(fine: ArrayLike<number>, k: number, startIndex = 0): CoarseLevel {
  const n = Math.floor(fine.length / 3);
  if (!Number.isInteger(k) || k < 1 || k > n) throw new RangeError(`coarsenGrid: k must be an integer in [1, ${n}], got ${k}`);
  if (!Number.isInteger(startIndex) || startIndex < 0 || startIndex >= n)
    throw new RangeError(`coarsenGrid: startIndex must be an integer in [0, ${n}), got ${startIndex}`);
  const p = new Float64Array(3 * n);
  for (let i = 0; i < 3 * n; i++) p[i] = fine[i];
  const grid = buildGrid(p, n);
  const minD = new Float64Array(n).fill(Infinity);
  const segment = new Int32Array(n);
  const indices = new Uint32Array(k);

  // indexed max-heap of the unchosen points by (minD desc, index asc)
  const heap = new Int32Array(n),
    pos = new Int32Array(n).fill(-1);
  let size = 0;
  const before = (a: number, b: number): boolean => minD[a] > minD[b] || (minD[a] === minD[b] && a < b);
  const place = (i: number, at: number): void => {
    heap[at] = i;
    pos[i] = at;
  };
  const siftDown = (at: number): void => {
    const i = heap[at];
    for (;;) {
      const l = 2 * at + 1;
      if (l >= size) break;
      const r = l + 1;
      const c = r < size && before(heap[r], heap[l]) ? r : l;
      if (!before(heap[c], i)) break;
      place(heap[c], at);
      at = c;
    }
    place(i, at);
  };

  // distances to the newly chosen point c (the s-th) of the points within √r2 of it
  const visit = (c: number, s: number, r2: number): void => {
    const cx = p[3 * c],
      cy = p[3 * c + 1],
      cz = p[3 * c + 2];
    const R = Math.sqrt(r2) * (1 + 1e-9) + 1e-12; // padded: float rounding of the cell range
    const { lo, inv, g, cellStart, items } = grid;
    const ax = cell(cx - R, lo[0], inv, g),
      bx = cell(cx + R, lo[0], inv, g);
    const ay = cell(cy - R, lo[1], inv, g),
      by = cell(cy + R, lo[1], inv, g);
    const az = cell(cz - R, lo[2], inv, g),
      bz = cell(cz + R, lo[2], inv, g);
    for (let x = ax; x <= bx; x++)
      for (let y = ay; y <= by; y++) {
        const row = (x * g + y) * g;
        for (let t = cellStart[row + az], end = cellStart[row + bz + 1]; t < end; t++) {
          const i = items[t];
          const dx = p[3 * i] - cx,
            dy = p[3 * i + 1] - cy,
            dz = p[3 * i + 2] - cz;
          const d2 = dx * dx + dy * dy + dz * dz;
          if (d2 < minD[i]) {
            minD[i] = d2;
            segment[i] = s;
            if (pos[i] >= 0) siftDown(pos[i]);
          }
        }
      }
  };
  indices[0] = startIndex;
  visit(startIndex, 0, Infinity); // the start: every point (a full pass, as the reference's first step)
  for (let i = 0; i < n; i++) if (i !== startIndex) place(i, size++);
  for (let at = (size >> 1) - 1; at >= 0; at--) siftDown(at);

  for (let s = 1; s < k; s++) {
    const c = heap[0];
    pos[c] = -1;
    size--;
    if (size > 0) {
      place(heap[size], 0);
      siftDown(0);
    }
    indices[s] = c;
    visit(c, s, minD[c]);
  }
  const points = new Float32Array(3 * k);
  for (let s = 0; s < k; s++) for (let a = 0; a < 3; a++) points[3 * s + a] = fine[3 * indices[s] + a];
  return { indices, points, segment };
}

interface Grid {
  lo: number[];
  /** Cells per unit length, and cells per axis. */
  inv: number;
  g: number;
  /** Points of cell (x, y, z) = items[cellStart[c] … cellStart[c+1]), c = (x·g + y)·g + z. */
  cellStart: Int32Array;
  items: Int32Array;
}

function cell(v: number, lo: number, inv: number, g: number): number {
  const c = Math.floor((v - lo) * inv);
  return c >= g ? g - 1 : c >= 0 ? c : 0; // NaN (a flat box's ∞·0) → 0
}

/**
 * A cubic-cell grid over the points' bounding box, about 2·∛N cells along the longest side
 * (a few points per occupied cell for points on a surface; tuned at N = 1000–10 000).
 */
function buildGrid(p: Float64Array, n: number): Grid {
  const { min: lo, max: hi } = pointBounds(p, n);
  const side = Math.max(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]);
  const g = side > 0 ? Math.max(1, Math.min(128, Math.round(2 * Math.cbrt(n)))) : 1;
  const inv = side > 0 ? g / side : 0;
  const cellStart = new Int32Array(g * g * g + 1),
    cellOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = (cell(p[3 * i], lo[0], inv, g) * g + cell(p[3 * i + 1], lo[1], inv, g)) * g + cell(p[3 * i + 2], lo[2], inv, g);
    cellOf[i] = c;
    cellStart[c + 1]++;
  }
  for (let c = 0; c < g * g * g; c++) cellStart[c + 1] += cellStart[c];
  const fill = cellStart.slice(0, g * g * g),
    items = new Int32Array(n);
  for (let i = 0; i < n; i++) items[fill[cellOf[i]]++] = i;
  return { lo, inv, g, cellStart, items };
}
