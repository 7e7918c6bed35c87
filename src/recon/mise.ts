import type { Mesh } from '../geometry/Mesh.ts';
import { marchingCubes, padWithOutside } from './marchingCubes.ts';

/**
 * Multiresolution IsoSurface Extraction (MISE), after Occupancy Networks (Mescheder et al. 2019,
 * `im2mesh/utils/libmise/mise.pyx`, used the same way by the paper §III-C).
 *
 * The occupancy is evaluated on the (r0+1)³ corners of a coarse voxel grid over the box. A voxel
 * is *active* when the evaluated grid points on its closed cube (its corners, and points that
 * finer neighbours evaluated on its faces) include values both ≥ and ≤ the threshold (ONet's
 * rule). Active voxels are split in 8, the new corners evaluated, and so on until voxels reach the
 * final size (r0·2^steps cells per axis) and no voxel becomes active any more; like ONet we
 * iterate to that fixed point rather than a fixed number of rounds, so a coarse voxel is still
 * refined when a finer neighbour later finds the surface on their common face.
 *
 * Unevaluated points of the final grid take the trilinear interpolation of the corners of the
 * coarse leaf voxel around them (ONet copies the previous value along each axis instead). At the
 * fixed point every coarse leaf has all its evaluated points strictly on one side of the
 * threshold, so the filled values keep that side, and marching cubes finds surface only in
 * fully evaluated finest voxels: there the grid equals the dense evaluation exactly.
 *
 * Bookkeeping is linear in the grid and on typed arrays: one byte of state per voxel of each
 * non-final level, one byte per final grid point.
 */

/** Occupancy to extract: values (probabilities or logits) at M points given as xyz, length 3·M. */
export type OccupancyFunction = (points: Float32Array) => Float32Array | Promise<Float32Array>;

export interface MiseOptions {
  /** Value separating inside (> threshold) from outside, in the units `evaluate` returns. */
  threshold: number;
  /** Cells per axis of the initial grid, ≥ 1. Default 32 (ONet); the paper uses 64. */
  resolution0?: number;
  /** Number of halvings of the voxel size, ≥ 0. Default 2 → final resolution r0·4. */
  upsamplingSteps?: number;
  /** Cube [lo, hi]³ (world units) covered by the grid. Default [-0.55, 0.55] (unit cube + 0.1). */
  box?: [number, number];
  /** Points per call of `evaluate`, ≥ 1. Default 65536. */
  batchSize?: number;
}

/** A dense grid of occupancy values at the final resolution. */
export interface MiseGrid {
  /** Values at the (R+1)³ grid points, index = x + n·(y + n·z) with n = R+1. Point (x, y, z)
   *  is at lo + (hi − lo)·(i / R) per axis, computed in double precision. */
  values: Float32Array;
  /** Per grid point: 1 if `evaluate` gave its value, 0 if it was interpolated. */
  evaluated: Uint8Array;
  /** Final cells per axis R = r0·2^steps. */
  resolution: number;
  /** [R+1, R+1, R+1]. */
  dims: [number, number, number];
  box: [number, number];
  /** Grid spacing (hi − lo) / R, world units. */
  spacing: number;
  threshold: number;
  /** Number of points evaluated. */
  evaluations: number;
  /** Number of evaluate-then-refine rounds until the fixed point. */
  rounds: number;
}

const LEAF = 1, SPLIT = 2, POS = 4, NEG = 8, QUEUED = 16;
/** Grid point states. */
const UNKNOWN = 0, PENDING = 1, KNOWN = 2, FILLED = 3;

/** World coordinate of grid index i on a grid of R cells over [lo, hi]. */
export function gridCoordinate(i: number, resolution: number, box: [number, number]): number {
  return box[0] + (box[1] - box[0]) * (i / resolution);
}

/**
 * Run MISE on an occupancy function.
 *
 * @param evaluate occupancy at a batch of points (sync or async); called with at most
 *   `batchSize` points at a time; must return one value per point.
 * @param options threshold, resolution0 (32), upsamplingSteps (2), box ([-0.55, 0.55]),
 *   batchSize (65536).
 * @returns the dense final grid (interpolated where not evaluated) and the evaluation count.
 */
export async function mise(evaluate: OccupancyFunction, options: MiseOptions): Promise<MiseGrid> {
  const r0 = options.resolution0 ?? 32;
  const steps = options.upsamplingSteps ?? 2;
  const box = options.box ?? [-0.55, 0.55];
  const batchSize = options.batchSize ?? 65536;
  const thr = options.threshold;
  if (!Number.isInteger(r0) || r0 < 1) throw new RangeError(`mise: resolution0 must be an integer ≥ 1, got ${r0}`);
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`mise: upsamplingSteps must be an integer ≥ 0, got ${steps}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`mise: batchSize must be ≥ 1, got ${batchSize}`);
  if (!(box[1] > box[0])) throw new RangeError(`mise: box must have lo < hi, got [${box}]`);
  if (!Number.isFinite(thr)) throw new RangeError(`mise: threshold must be finite, got ${thr}`);

  const R = r0 << steps;
  const n = R + 1;
  const nn = n * n;
  if (n * nn > 2 ** 31 - 1) throw new RangeError(`mise: final grid ${n}³ is too large`);
  const values = new Float32Array(n * nn);
  const state = new Uint8Array(n * nn);

  // Voxel state per non-final level l (r0·2^l voxels per axis).
  const levels: Uint8Array[] = [];
  for (let l = 0; l < steps; l++) levels.push(new Uint8Array((r0 << l) ** 3));
  if (steps > 0) levels[0].fill(LEAF);

  // Points to evaluate next.
  let pending = new Int32Array(1024);
  let nPending = 0;
  const push = (idx: number): void => {
    if (state[idx] !== UNKNOWN) return;
    state[idx] = PENDING;
    if (nPending === pending.length) {
      const grown = new Int32Array(pending.length * 2);
      grown.set(pending);
      pending = grown;
    }
    pending[nPending++] = idx;
  };
  const s0 = 1 << steps;
  for (let z = 0; z <= r0; z++) for (let y = 0; y <= r0; y++) for (let x = 0; x <= r0; x++) push(s0 * (x + n * (y + n * z)));

  // Voxels to split, as (level, index) pairs.
  let splitQ = new Int32Array(256);
  let splitHead = 0, splitTail = 0;
  const queueSplit = (l: number, v: number): void => {
    const st = levels[l];
    if (st[v] & QUEUED) return;
    st[v] |= QUEUED;
    if (splitTail + 2 > splitQ.length) {
      const grown = new Int32Array(Math.max(256, 2 * (splitTail - splitHead) + 2));
      grown.set(splitQ.subarray(splitHead, splitTail));
      splitTail -= splitHead;
      splitHead = 0;
      splitQ = grown;
    }
    splitQ[splitTail++] = l;
    splitQ[splitTail++] = v;
  };
  /** Record evaluated value `val` on leaf voxel v of level l (queue it when it straddles). */
  const mark = (l: number, v: number, val: number): void => {
    const st = levels[l];
    let s = st[v];
    if (val >= thr) s |= POS;
    if (val <= thr) s |= NEG;
    st[v] = s;
    if ((s & (POS | NEG)) === (POS | NEG)) queueSplit(l, v);
  };

  const coords = new Float32Array(3 * Math.min(batchSize, 1 << 20));
  const coordOf = new Float64Array(n);
  for (let i = 0; i < n; i++) coordOf[i] = gridCoordinate(i, R, box);

  let evaluations = 0;
  let rounds = 0;
  while (nPending > 0) {
    rounds++;
    const batch = pending.slice(0, nPending);
    nPending = 0;
    for (let b0 = 0; b0 < batch.length; b0 += batchSize) {
      const m = Math.min(batchSize, batch.length - b0);
      const pts = m * 3 <= coords.length ? coords.subarray(0, 3 * m) : new Float32Array(3 * m);
      for (let j = 0; j < m; j++) {
        const idx = batch[b0 + j];
        const x = idx % n, y = ((idx - x) / n) % n, z = (idx - x - n * y) / nn;
        pts[3 * j] = coordOf[x];
        pts[3 * j + 1] = coordOf[y];
        pts[3 * j + 2] = coordOf[z];
      }
      const out = await evaluate(pts);
      if (!out || out.length !== m) throw new Error(`mise: evaluate returned ${out?.length} values for ${m} points`);
      for (let j = 0; j < m; j++) {
        const idx = batch[b0 + j];
        values[idx] = out[j];
        state[idx] = KNOWN;
      }
      evaluations += m;
    }
    if (steps === 0) break;

    // Each new value marks the leaf voxels whose closed cube contains it: those holding one of
    // the up to 8 finest cells around the point.
    for (let j = 0; j < batch.length; j++) {
      const idx = batch[j];
      const val = values[idx];
      const px = idx % n, py = ((idx - px) / n) % n, pz = (idx - px - n * py) / nn;
      for (let dz = -1; dz <= 0; dz++) {
        const fz = pz + dz;
        if (fz < 0 || fz >= R) continue;
        for (let dy = -1; dy <= 0; dy++) {
          const fy = py + dy;
          if (fy < 0 || fy >= R) continue;
          for (let dx = -1; dx <= 0; dx++) {
            const fx = px + dx;
            if (fx < 0 || fx >= R) continue;
            for (let l = 0; l < steps; l++) {
              const sh = steps - l, rl = r0 << l;
              const v = (fx >> sh) + rl * ((fy >> sh) + rl * (fz >> sh));
              const s = levels[l][v];
              if (s & SPLIT) continue;
              if (s & LEAF) mark(l, v, val);
              break;
            }
          }
        }
      }
    }

    // Split queued voxels; children inherit the evaluated points on their closed cubes and may
    // be split at once (the final state is the same least fixed point as ONet's round-wise one).
    while (splitHead < splitTail) {
      const l = splitQ[splitHead++], v = splitQ[splitHead++];
      const st = levels[l];
      st[v] = (st[v] & ~(LEAF | QUEUED)) | SPLIT;
      const rl = r0 << l;
      const vx = v % rl, vy = ((v - vx) / rl) % rl, vz = (v - vx - rl * vy) / (rl * rl);
      const size = 1 << (steps - l), half = size >> 1;
      const x0 = vx * size, y0 = vy * size, z0 = vz * size;
      for (let k = 0; k <= 2; k++) for (let j = 0; j <= 2; j++) for (let i = 0; i <= 2; i++) {
        push(x0 + i * half + n * (y0 + j * half + n * (z0 + k * half)));
      }
      if (l + 1 >= steps) continue;
      const child = levels[l + 1], rc = rl << 1;
      for (let k = 0; k < 2; k++) for (let j = 0; j < 2; j++) for (let i = 0; i < 2; i++) {
        const cv = 2 * vx + i + rc * (2 * vy + j + rc * (2 * vz + k));
        child[cv] = LEAF;
        const cx0 = x0 + i * half, cy0 = y0 + j * half, cz0 = z0 + k * half;
        for (let c = 0; c <= half; c++) for (let b = 0; b <= half; b++) {
          let idx = cx0 + n * (cy0 + b + n * (cz0 + c));
          for (let a = 0; a <= half; a++, idx++) if (state[idx] === KNOWN) mark(l + 1, cv, values[idx]);
        }
      }
    }
  }

  // Fill the points no one evaluated from the leaf voxel around them.
  for (let l = 0; l < steps; l++) {
    const st = levels[l], rl = r0 << l, size = 1 << (steps - l), inv = 1 / size;
    for (let v = 0; v < st.length; v++) {
      if (!(st[v] & LEAF)) continue;
      const vx = v % rl, vy = ((v - vx) / rl) % rl, vz = (v - vx - rl * vy) / (rl * rl);
      const base = vx * size + n * (vy * size + n * vz * size);
      const c000 = values[base], c100 = values[base + size];
      const c010 = values[base + size * n], c110 = values[base + size * n + size];
      const c001 = values[base + size * nn], c101 = values[base + size * nn + size];
      const c011 = values[base + size * (nn + n)], c111 = values[base + size * (nn + n) + size];
      for (let k = 0; k <= size; k++) {
        const w = k * inv;
        for (let j = 0; j <= size; j++) {
          const u = j * inv;
          let idx = base + n * (j + n * k);
          for (let i = 0; i <= size; i++, idx++) {
            if (state[idx] !== UNKNOWN) continue;
            const t = i * inv;
            const e00 = c000 + t * (c100 - c000), e10 = c010 + t * (c110 - c010);
            const e01 = c001 + t * (c101 - c001), e11 = c011 + t * (c111 - c011);
            const f0 = e00 + u * (e10 - e00), f1 = e01 + u * (e11 - e01);
            values[idx] = f0 + w * (f1 - f0);
            state[idx] = FILLED;
          }
        }
      }
    }
  }

  const evaluated = state; // reuse: 1 where evaluated
  for (let i = 0; i < evaluated.length; i++) evaluated[i] = evaluated[i] === KNOWN ? 1 : 0;
  return {
    values,
    evaluated,
    resolution: R,
    dims: [n, n, n],
    box: [box[0], box[1]],
    spacing: (box[1] - box[0]) / R,
    threshold: thr,
    evaluations,
    rounds,
  };
}

/**
 * Closed triangle mesh of a MISE grid: pad with "outside", run marching cubes at the grid's
 * threshold, place vertices in world coordinates of the box.
 *
 * @param grid a grid from {@link mise}.
 * @returns a watertight, edge-manifold mesh, faces oriented outward (inside = value > threshold).
 */
export function meshFromGrid(grid: MiseGrid): Mesh {
  const outside = Math.min(-1e6, grid.threshold - 1e6);
  const padded = padWithOutside(grid.values, grid.dims, outside);
  const h = grid.spacing, o = grid.box[0] - h; // padded sample 0 is one spacing before lo
  return marchingCubes(padded.values, padded.dims, grid.threshold, { origin: [o, o, o], spacing: h });
}

/**
 * MISE + padding + marching cubes: the mesh of `{x : evaluate(x) > threshold}` within the box.
 *
 * @param evaluate occupancy function (see {@link mise}).
 * @param options MISE options (threshold required).
 * @returns the mesh (world units), the number of evaluated points, and the grid.
 */
export async function extractSurface(
  evaluate: OccupancyFunction,
  options: MiseOptions,
): Promise<{ mesh: Mesh; evaluations: number; grid: MiseGrid }> {
  const grid = await mise(evaluate, options);
  return { mesh: meshFromGrid(grid), evaluations: grid.evaluations, grid };
}
