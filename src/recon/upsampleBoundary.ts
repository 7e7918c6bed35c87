import type { Random } from '../geometry/Random.ts';
import { gridCoordinate, mise, type MiseGrid, type MiseOptions, type OccupancyFunction } from './mise.ts';

/**
 * Point-cloud up-sampling from an occupancy function (paper §III-C: "by linear-search over space
 * and pick up points that just cross the decision boundary, we could collect a virtually
 * infinite number of points on the iso-surface").
 *
 * Segments that cross the boundary come from the MISE grid: edges between two neighbouring
 * evaluated grid points on opposite sides of the threshold. Each sample picks such an edge at
 * random, moves it by a random offset within one grid cell (so samples spread over the surface
 * instead of lining up on grid lines), keeps it if its ends still straddle the threshold
 * (otherwise it draws again, and after a few failed draws falls back to the unmoved edge), then
 * bisects it. The returned point interpolates the values at the ends of the final bracket
 * linearly, so it lies in the bracket, within `tolerance` of a point where the occupancy crosses
 * the threshold (for a continuous occupancy).
 *
 * Uniformity: a surface patch of area A with unit normal n crosses A·‖n‖₁/h² grid edges, so
 * choosing edges uniformly over-samples diagonal regions by up to √3. Each picked edge is kept
 * with probability 1/‖n‖₁ (n from the grid's central-difference gradient), which makes the
 * density uniform per unit area.
 */

export interface UpsampleOptions extends MiseOptions {
  /** Random generator (seeded by the caller); required so results are reproducible. */
  rng: Random;
  /** Bisection steps per segment, ≥ 0. Default 12: tolerance = grid spacing·2^−12. */
  bisectionSteps?: number;
  /** A MISE grid of the same function and threshold to take segments from; computed when absent. */
  grid?: MiseGrid;
  /** Shift segments randomly within a cell (default true); false keeps them on grid edges. */
  jitter?: boolean;
  /** Correct the grid-orientation bias in density (default true). */
  uniform?: boolean;
}

export interface UpsampleResult {
  /** n points, xyz, world units. */
  points: Float32Array;
  /** Evaluations of the occupancy, including the MISE grid when it was computed here. */
  evaluations: number;
  /** Bound on the distance from each point to a threshold crossing on its segment: the final
   *  bracket length, grid spacing·2^−bisectionSteps (world units). */
  tolerance: number;
}

/**
 * Sample `n` points on the decision boundary `evaluate(x) = threshold`.
 *
 * @param evaluate occupancy function (values compared with `options.threshold`; > is inside).
 * @param n number of points, ≥ 0.
 * @param options MISE options (used when `grid` is absent), rng, bisectionSteps (12),
 *   jitter (true), uniform (true).
 * @throws Error when the grid has no boundary crossing (the function is all inside or outside).
 */
export async function upsampleBoundary(
  evaluate: OccupancyFunction,
  n: number,
  options: UpsampleOptions,
): Promise<UpsampleResult> {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`upsampleBoundary: n must be an integer ≥ 0, got ${n}`);
  const steps = options.bisectionSteps ?? 12;
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`upsampleBoundary: bisectionSteps must be ≥ 0, got ${steps}`);
  const rng = options.rng;
  const batchSize = options.batchSize ?? 65536;
  const jitter = options.jitter ?? true;
  const uniform = options.uniform ?? true;
  let evaluations = 0;
  let grid = options.grid;
  if (!grid) {
    grid = await mise(evaluate, options);
    evaluations += grid.evaluations;
  }
  const thr = grid.threshold;
  const { values, evaluated, resolution: R, spacing: h } = grid;
    const gn = R + 1, gnn = gn * gn;
  const tolerance = h / 2 ** steps;

  // Crossing grid edges, as 3·point + axis (the edge runs from the point to its +axis neighbour).
  let edges = new Int32Array(4096);
  let nEdges = 0;
  for (let z = 0; z < gn; z++) for (let y = 0; y < gn; y++) {
    let i = gn * (y + gn * z);
    for (let x = 0; x < gn; x++, i++) {
      if (!evaluated[i]) continue;
      const inside = values[i] > thr;
      for (let a = 0; a < 3; a++) {
        const c = a === 0 ? x : a === 1 ? y : z;
        if (c === R) continue;
        const j = i + (a === 0 ? 1 : a === 1 ? gn : gnn);
        if (!evaluated[j] || values[j] > thr === inside) continue;
        if (nEdges === edges.length) {
          const grown = new Int32Array(edges.length * 2);
          grown.set(edges);
          edges = grown;
        }
        edges[nEdges++] = 3 * i + a;
      }
    }
  }
  if (nEdges === 0 && n > 0) throw new Error('upsampleBoundary: the occupancy never crosses the threshold on the grid');

  const grad = new Float64Array(3);
  /** Adds the central-difference gradient of the grid values at point i (one-sided at the border) to `grad`. */
  const addGradient = (i: number): void => {
    const x = i % gn, y = ((i - x) / gn) % gn, z = (i - x - gn * y) / gnn;
    grad[0] += (x < R ? values[i + 1] : values[i]) - (x > 0 ? values[i - 1] : values[i]);
    grad[1] += (y < R ? values[i + gn] : values[i]) - (y > 0 ? values[i - gn] : values[i]);
    grad[2] += (z < R ? values[i + gnn] : values[i]) - (z > 0 ? values[i - gnn] : values[i]);
  };
  /** ‖n‖₂ / ‖n‖₁ ∈ [1/√3, 1] for the normal n at the middle of crossing edge e. */
  const acceptance = (e: number): number => {
    const i = (e / 3) | 0, a = e % 3;
    grad.fill(0);
    addGradient(i);
    addGradient(i + (a === 0 ? 1 : a === 1 ? gn : gnn));
    const l2 = Math.hypot(grad[0], grad[1], grad[2]);
    const l1 = Math.abs(grad[0]) + Math.abs(grad[1]) + Math.abs(grad[2]);
    const r = l2 / l1;
    return r > 0 && r <= 1 ? r : 1;
  };
  /** A crossing edge, drawn with probability ∝ 1/‖n‖₁. */
  const drawEdge = (): number => {
    for (;;) {
      const e = edges[rng.int(nEdges)];
      if (!uniform || rng.next() < acceptance(e)) return e;
    }
  };

  // Segment ends per sample: a (inside) and b (outside), with their values.
  const A = new Float64Array(3 * n), B = new Float64Array(3 * n);
  const vA = new Float64Array(n), vB = new Float64Array(n);
  const coord = new Float64Array(gn);
  for (let i = 0; i < gn; i++) coord[i] = gridCoordinate(i, R, grid.box);
  /** Sample k's segment := crossing edge e shifted by (dx, dy, dz), inside end first. */
  const setFromEdge = (k: number, e: number, dx: number, dy: number, dz: number): void => {
    const i = (e / 3) | 0, a = e % 3;
    const x = i % gn, y = ((i - x) / gn) % gn, z = (i - x - gn * y) / gnn;
    const j = i + (a === 0 ? 1 : a === 1 ? gn : gnn);
    const iIn = values[i] > thr;
    const P = iIn ? A : B, Q = iIn ? B : A;
    P[3 * k] = coord[x] + dx;
    P[3 * k + 1] = coord[y] + dy;
    P[3 * k + 2] = coord[z] + dz;
    Q[3 * k] = coord[a === 0 ? x + 1 : x] + dx;
    Q[3 * k + 1] = coord[a === 1 ? y + 1 : y] + dy;
    Q[3 * k + 2] = coord[a === 2 ? z + 1 : z] + dz;
    vA[k] = values[iIn ? i : j];
    vB[k] = values[iIn ? j : i];
  };

  /** Evaluate the points P (3·m doubles, listed by `which`) in batches. */
  const evalAt = async (P: Float64Array, which: Int32Array, m: number): Promise<Float32Array> => {
    const res = new Float32Array(m);
    for (let b0 = 0; b0 < m; b0 += batchSize) {
      const cnt = Math.min(batchSize, m - b0);
      const pts = new Float32Array(3 * cnt);
      for (let j = 0; j < cnt; j++) {
        const k = which[b0 + j];
        pts[3 * j] = P[3 * k];
        pts[3 * j + 1] = P[3 * k + 1];
        pts[3 * j + 2] = P[3 * k + 2];
      }
      const out = await evaluate(pts);
      if (!out || out.length !== cnt) throw new Error(`upsampleBoundary: evaluate returned ${out?.length} values for ${cnt} points`);
      res.set(out, b0);
      evaluations += cnt;
    }
    return res;
  };

  // Draw segments; shifted ones must be re-evaluated at both ends and still straddle.
  let todo = new Int32Array(n);
  for (let k = 0; k < n; k++) todo[k] = k;
  let nTodo = n;
  const maxTries = jitter ? 4 : 0;
  for (let attempt = 0; nTodo > 0; attempt++) {
    const shift = attempt < maxTries;
    for (let t = 0; t < nTodo; t++) {
      const k = todo[t];
      const e = drawEdge();
      if (shift) setFromEdge(k, e, h * (rng.next() - 0.5), h * (rng.next() - 0.5), h * (rng.next() - 0.5));
      else setFromEdge(k, e, 0, 0, 0);
    }
    if (!shift) break; // grid values are exact evaluations: the edge straddles
    const fa = await evalAt(A, todo, nTodo);
    const fb = await evalAt(B, todo, nTodo);
    let kept = 0;
    const retry = new Int32Array(nTodo);
    for (let t = 0; t < nTodo; t++) {
      const k = todo[t];
      // After the shift either end may be inside: orient the segment again.
      const ain = fa[t] > thr, bin = fb[t] > thr;
      if (ain === bin) {
        retry[kept++] = k;
        continue;
      }
      if (ain) {
        vA[k] = fa[t];
        vB[k] = fb[t];
      } else {
        for (let c = 0; c < 3; c++) {
          const tmp = A[3 * k + c];
          A[3 * k + c] = B[3 * k + c];
          B[3 * k + c] = tmp;
        }
        vA[k] = fb[t];
        vB[k] = fa[t];
      }
    }
    todo = retry;
    nTodo = kept;
  }

  // Bisection: keep A inside, B outside.
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
  // Final point: linear interpolation of the bracket (stays inside it, so within tolerance).
  const points = new Float32Array(3 * n);
  for (let k = 0; k < n; k++) {
    let t = (vA[k] - thr) / (vA[k] - vB[k]);
    if (!(t >= 0)) t = 0.5;
    if (t > 1) t = 1;
    for (let c = 0; c < 3; c++) points[3 * k + c] = A[3 * k + c] + t * (B[3 * k + c] - A[3 * k + c]);
  }
  return { points, evaluations, tolerance };
}
