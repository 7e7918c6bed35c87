import { faceCrossProducts } from '../geometry/faceCrossProducts.ts';
import type { Random } from '../geometry/Random.ts';
import { gridCoordinate, meshFromGrid, mise, type MiseGrid, type MiseOptions, type OccupancyFunction } from './mise.ts';

/**
 * Point-cloud up-sampling from an occupancy function (paper §III-C: "by linear-search over space
 * and pick up points that just cross the decision boundary, we could collect a virtually
 * infinite number of points on the iso-surface").
 *
 * Where to search: the marching-cubes mesh of the MISE grid approximates the boundary to a
 * fraction of a voxel. Each sample draws a point uniformly by area on that mesh and the segment
 * of ±1 voxel along the triangle normal through it; if the occupancy at the two ends straddles
 * the threshold, the segment is bisected. Segments that do not straddle (thin parts, the mesh
 * closing the box border) are drawn again; after a few failed draws a sample falls back to a
 * grid edge whose evaluated ends straddle the threshold. Drawing by mesh area keeps the density
 * uniform over the surface, whatever its orientation to the grid (choosing grid edges uniformly
 * would over-sample diagonal regions by up to √3).
 *
 * The returned point interpolates the values at the ends of the final bracket linearly, so it
 * lies in the bracket: within `tolerance` of a point where the occupancy crosses the threshold
 * (for a continuous occupancy).
 */

export interface UpsampleOptions extends MiseOptions {
  /** Random generator (seeded by the caller), so results are reproducible. */
  rng: Random;
  /** Bisection steps per segment, ≥ 0. Default 12: tolerance = 2·grid spacing·2^−12. */
  bisectionSteps?: number;
  /** A MISE grid of the same function and threshold to search around; computed when absent. */
  grid?: MiseGrid;
}

export interface UpsampleResult {
  /** n points, xyz, world units. */
  points: Float32Array;
  /** n approximate outward unit normals: the normal of the segment each point was found on
   *  (the triangle normal, or the grid axis for fallback segments). */
  normals: Float32Array;
  /** Evaluations of the occupancy, including the MISE grid when it was computed here. */
  evaluations: number;
  /** Bound on the distance from each point to a threshold crossing on its segment: the longest
   *  final bracket, 2·grid spacing·2^−bisectionSteps (world units). */
  tolerance: number;
}

/** Draws per sample on the mesh before falling back to a straddling grid edge. */
const MESH_TRIES = 8;

/**
 * Sample `n` points on the decision boundary `evaluate(x) = threshold` (> threshold is inside).
 *
 * @param evaluate occupancy function, called in batches of at most `batchSize` points.
 * @param n number of points, ≥ 0.
 * @param options MISE options (used when `grid` is absent; threshold required), rng,
 *   bisectionSteps (12), grid.
 * @throws Error when the grid shows no boundary (the function is all inside or all outside).
 */
export async function upsampleBoundary(evaluate: OccupancyFunction, n: number, options: UpsampleOptions): Promise<UpsampleResult> {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`upsampleBoundary: n must be an integer ≥ 0, got ${n}`);
  const steps = options.bisectionSteps ?? 12;
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`upsampleBoundary: bisectionSteps must be ≥ 0, got ${steps}`);
  const rng = options.rng;
  const batchSize = options.batchSize ?? 65536;
  let evaluations = 0;
  let grid = options.grid;
  if (!grid) {
    grid = await mise(evaluate, options);
    evaluations += grid.evaluations;
  }
  const thr = grid.threshold;
  const h = grid.spacing;
  const tolerance = (2 * h) / 2 ** steps;

  // Triangles of the grid's mesh with their cumulative area, for area-uniform draws.
  const mesh = meshFromGrid(grid);
  const P = mesh.positions,
    F = mesh.faces,
    nf = F.length / 3;
  const cdf = new Float64Array(nf);
  const fn = new Float64Array(3 * nf); // unit face normals
  const cross = faceCrossProducts(P, F);
  let area = 0;
  for (let t = 0; t < nf; t++) {
    const nx = cross[3 * t],
      ny = cross[3 * t + 1],
      nz = cross[3 * t + 2];
    const len = Math.sqrt(nx * nx + ny * ny + nz * nz);
    area += len / 2;
    cdf[t] = area;
    if (len > 0) {
      fn[3 * t] = nx / len;
      fn[3 * t + 1] = ny / len;
      fn[3 * t + 2] = nz / len;
    }
  }
  if (n > 0 && !(area > 0)) throw new Error('upsampleBoundary: the occupancy never crosses the threshold on the grid');

  // Per sample: segment ends A (inside) and B (outside) with their values, and the direction.
  const A = new Float64Array(3 * n),
    B = new Float64Array(3 * n),
    N = new Float64Array(3 * n);
  const vA = new Float64Array(n),
    vB = new Float64Array(n);

  /** Evaluate the points X (xyz per sample) of the samples listed in `which`, in batches. */
  const evalAt = async (X: Float64Array, which: Int32Array, m: number): Promise<Float32Array> => {
    const res = new Float32Array(m);
    for (let b0 = 0; b0 < m; b0 += batchSize) {
      const cnt = Math.min(batchSize, m - b0);
      const pts = new Float32Array(3 * cnt);
      for (let j = 0; j < cnt; j++) {
        const k = which[b0 + j];
        pts[3 * j] = X[3 * k];
        pts[3 * j + 1] = X[3 * k + 1];
        pts[3 * j + 2] = X[3 * k + 2];
      }
      const out = await evaluate(pts);
      if (!out || out.length !== cnt) throw new Error(`upsampleBoundary: evaluate returned ${out?.length} values for ${cnt} points`);
      res.set(out, b0);
      evaluations += cnt;
    }
    return res;
  };

  let todo = new Int32Array(n);
  for (let k = 0; k < n; k++) todo[k] = k;
  let nTodo = n;
  for (let attempt = 0; attempt < MESH_TRIES && nTodo > 0; attempt++) {
    for (let j = 0; j < nTodo; j++) {
      const k = todo[j];
      // Face by area (binary search in the cumulative areas), then a uniform point on it.
      const r = rng.next() * area;
      let lo = 0,
        hi = nf - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cdf[mid] > r) hi = mid;
        else lo = mid + 1;
      }
      const s = Math.sqrt(rng.next()),
        u = rng.next();
      const wa = 1 - s,
        wb = s * (1 - u),
        wc = s * u;
      const a = 3 * F[3 * lo],
        b = 3 * F[3 * lo + 1],
        c = 3 * F[3 * lo + 2];
      for (let d = 0; d < 3; d++) {
        const p = wa * P[a + d] + wb * P[b + d] + wc * P[c + d];
        const nd = fn[3 * lo + d];
        N[3 * k + d] = nd;
        A[3 * k + d] = p - h * nd; // normals point outward: A should be inside
        B[3 * k + d] = p + h * nd;
      }
    }
    const fa = await evalAt(A, todo, nTodo);
    const fb = await evalAt(B, todo, nTodo);
    let left = 0;
    for (let j = 0; j < nTodo; j++) {
      const k = todo[j];
      const ain = fa[j] > thr,
        bin = fb[j] > thr;
      if (ain === bin) {
        todo[left++] = k;
        continue;
      }
      if (ain) {
        vA[k] = fa[j];
        vB[k] = fb[j];
      } else {
        // Inside and outside swapped along the normal (the occupancy disagrees with the mesh).
        for (let d = 0; d < 3; d++) {
          const t = A[3 * k + d];
          A[3 * k + d] = B[3 * k + d];
          B[3 * k + d] = t;
          N[3 * k + d] = -N[3 * k + d];
        }
        vA[k] = fb[j];
        vB[k] = fa[j];
      }
    }
    nTodo = left;
  }
  if (nTodo > 0) fallBackToGridEdges(grid, todo.subarray(0, nTodo), rng, A, B, N, vA, vB);

  // Bisection, keeping A inside and B outside.
  const M = new Float64Array(3 * n);
  const all = new Int32Array(n);
  for (let k = 0; k < n; k++) all[k] = k;
  for (let s = 0; s < steps; s++) {
    for (let k = 0; k < 3 * n; k++) M[k] = 0.5 * (A[k] + B[k]);
    const fm = await evalAt(M, all, n);
    for (let k = 0; k < n; k++) {
      const inside = fm[k] > thr;
      const T = inside ? A : B;
      T[3 * k] = M[3 * k];
      T[3 * k + 1] = M[3 * k + 1];
      T[3 * k + 2] = M[3 * k + 2];
      if (inside) vA[k] = fm[k];
      else vB[k] = fm[k];
    }
  }
  // Final point: linear interpolation in the bracket (stays inside it).
  const points = new Float32Array(3 * n);
  for (let k = 0; k < n; k++) {
    let t = (vA[k] - thr) / (vA[k] - vB[k]);
    if (!(t >= 0)) t = 0.5;
    if (t > 1) t = 1;
    for (let d = 0; d < 3; d++) points[3 * k + d] = A[3 * k + d] + t * (B[3 * k + d] - A[3 * k + d]);
  }
  return { points, normals: Float32Array.from(N), evaluations, tolerance };
}

/** Give the samples `which` a random grid edge whose evaluated ends straddle the threshold. */
function fallBackToGridEdges(
  grid: MiseGrid,
  which: Int32Array,
  rng: Random,
  A: Float64Array,
  B: Float64Array,
  N: Float64Array,
  vA: Float64Array,
  vB: Float64Array,
): void {
  const { values, evaluated, resolution: R, threshold: thr } = grid;
  const gn = R + 1,
    gnn = gn * gn;
  const stride = [1, gn, gnn];
  let edges = new Int32Array(1024);
  let ne = 0;
  for (let z = 0; z < gn; z++)
    for (let y = 0; y < gn; y++) {
      let i = gn * (y + gn * z);
      for (let x = 0; x < gn; x++, i++) {
        if (!evaluated[i]) continue;
        for (let a = 0; a < 3; a++) {
          const j = i + stride[a];
          if ((a === 0 ? x : a === 1 ? y : z) === R || !evaluated[j] || values[j] > thr === values[i] > thr) continue;
          if (ne === edges.length) {
            const grown = new Int32Array(2 * ne);
            grown.set(edges);
            edges = grown;
          }
          edges[ne++] = 3 * i + a;
        }
      }
    }
  if (ne === 0) throw new Error('upsampleBoundary: the occupancy never crosses the threshold on the grid');
  for (const k of which) {
    const e = edges[rng.int(ne)];
    const i = (e / 3) | 0,
      a = e % 3,
      j = i + stride[a];
    const iIn = values[i] > thr;
    const [pin, pout] = iIn ? [i, j] : [j, i];
    for (const [X, idx] of [
      [A, pin],
      [B, pout],
    ] as const) {
      const x = idx % gn,
        y = ((idx - x) / gn) % gn,
        z = (idx - x - gn * y) / gnn;
      X[3 * k] = gridCoordinate(x, R, grid.box);
      X[3 * k + 1] = gridCoordinate(y, R, grid.box);
      X[3 * k + 2] = gridCoordinate(z, R, grid.box);
    }
    for (let d = 0; d < 3; d++) N[3 * k + d] = d === a ? (iIn ? 1 : -1) : 0;
    vA[k] = values[pin];
    vB[k] = values[pout];
  }
}
