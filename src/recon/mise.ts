import type { Mesh } from '../geometry/Mesh.ts';
import { marchingCubes, padWithOutside } from './marchingCubes.ts';
import { UsageError } from '../errors.ts';

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
  /** Peak memory (bytes) the dense final grid and its meshing may take, estimated by
   *  {@link miseGridBytes}. Default {@link miseMemoryLimit}(): 2 GB less the process's base. */
  memoryLimitBytes?: number;
}

/**
 * Estimated peak bytes of the dense final grid of R cells per axis and its meshing, beyond
 * the process's base: per grid point 4 (float32 value) + 1 (state byte) + up to 4 (the
 * cropped, padded copy marching cubes reads) + ~1 of marching-cubes output and slack = 10.
 * Measured (`/usr/bin/time -f %M`, examples/chair.xyz): 1.5 GB at R = 512 ≈ 10·513³ + 0.15 GB;
 * 9.1 GB at 1024.
 */
export function miseGridBytes(resolution: number): number {
  return 10 * (resolution + 1) ** 3;
}

/** Bytes a reconstruction process holds before the grid (Node, the model and its worker
 *  threads): ~0.3 GB measured with the default model. */
const BASE_BYTES = 0.3e9;

/**
 * The grid's share of the 2 GB peak-memory budget of a reconstruction (bytes), or of
 * `POINTOCC_MEMORY_GB` GB when that environment variable is set (for a machine with more memory).
 */
export function miseMemoryLimit(): number {
  // `process` is Node's: the browser worker runs this file too, and keeps the default budget.
  const gb = typeof process === 'undefined' ? NaN : Number(process.env?.POINTOCC_MEMORY_GB);
  const total = gb > 0 && Number.isFinite(gb) ? gb * 1e9 : 2e9;
  return Math.max(0, total - BASE_BYTES);
}

/** The largest resolution, a multiple of `multiple`, whose grid fits `limitBytes`. */
export function maxMiseResolution(limitBytes = miseMemoryLimit(), multiple = 4): number {
  let r = Math.floor(Math.cbrt(limitBytes / 10)) - 1;
  r -= r % multiple;
  while (r > 0 && miseGridBytes(r) > limitBytes) r -= multiple;
  return r;
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

const LEAF = 1,
  SPLIT = 2,
  POS = 4,
  NEG = 8,
  QUEUED = 16;
/** Grid point states; KNOWN = 1 so the array doubles as the `evaluated` output. */
const UNKNOWN = 0,
  KNOWN = 1,
  PENDING = 2;

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
  if (((r0 << steps) + 1) ** 3 > 2 ** 31 - 1) throw new RangeError(`mise: final grid ${(r0 << steps) + 1}³ is too large`);
  // The final grid is dense: refuse up front, before minutes of evaluation, a resolution whose
  // grid would not fit the memory budget (UsageError: exit 2, naming the need).
  const limit = options.memoryLimitBytes ?? miseMemoryLimit();
  const need = miseGridBytes(r0 << steps);
  if (need > limit) {
    const gb = (b: number): string => (b / 1e9).toFixed(1);
    throw new UsageError(
      `resolution ${r0 << steps} needs about ${gb(need)} GB for its dense ${(r0 << steps) + 1}³ grid, over the ${gb(limit)} GB this process may use for it; use a resolution ≤ ${maxMiseResolution(limit, 1 << steps)}, or set POINTOCC_MEMORY_GB to the memory to allow (GB)`,
    );
  }

  const octree = new MiseOctree(r0, steps, thr);
  const R = octree.R;
  const coordOf = new Float64Array(R + 1);
  for (let i = 0; i <= R; i++) coordOf[i] = gridCoordinate(i, R, box);

  let evaluations = 0;
  let rounds = 0;
  for (let batch = octree.takePending(); batch.length > 0; batch = octree.takePending()) {
    rounds++;
    for (let b0 = 0; b0 < batch.length; b0 += batchSize) {
      const part = batch.subarray(b0, Math.min(batch.length, b0 + batchSize));
      const out = await evaluate(octree.coordinates(part, coordOf));
      if (!out || out.length !== part.length) {
        throw new Error(`mise: evaluate returned ${out?.length} values for ${part.length} points`);
      }
      octree.setValues(part, out);
      evaluations += part.length;
    }
    octree.refine(batch);
  }
  octree.fillUnknown();
  return {
    values: octree.values,
    evaluated: octree.state, // UNKNOWN (0) = interpolated, KNOWN (1) = evaluated; none is PENDING
    resolution: R,
    dims: [R + 1, R + 1, R + 1],
    box: [box[0], box[1]],
    spacing: (box[1] - box[0]) / R,
    threshold: thr,
    evaluations,
    rounds,
  };
}

/** The MISE voxel hierarchy and the final grid it fills (synchronous, typed-array bookkeeping). */
class MiseOctree {
  readonly R: number;
  /** Final grid points per axis, n = R + 1, and per z-layer, nn = n². */
  private readonly n: number;
  private readonly nn: number;
  readonly values: Float32Array;
  /** Per grid point: UNKNOWN, KNOWN or PENDING. */
  readonly state: Uint8Array;
  /** Voxel flags per non-final level l (r0·2^l voxels per axis). */
  private readonly levels: Uint8Array[] = [];
  private pending = new Int32Array(1024);
  private nPending = 0;
  /** Voxels to split, as (level, index) pairs, in [head, tail). */
  private splitQ = new Int32Array(256);
  private head = 0;
  private tail = 0;

  constructor(
    private readonly r0: number,
    private readonly steps: number,
    private readonly thr: number,
  ) {
    const R = (this.R = r0 << steps);
    const n = (this.n = R + 1);
    this.nn = n * n;
    this.values = new Float32Array(n * n * n);
    this.state = new Uint8Array(n * n * n);
    for (let l = 0; l < steps; l++) this.levels.push(new Uint8Array((r0 << l) ** 3));
    if (steps > 0) this.levels[0].fill(LEAF);
    const s0 = 1 << steps;
    for (let z = 0; z <= r0; z++)
      for (let y = 0; y <= r0; y++)
        for (let x = 0; x <= r0; x++) {
          this.push(s0 * (x + n * (y + n * z)));
        }
  }

  /** The points queued for evaluation (grid indices), emptying the queue. */
  takePending(): Int32Array {
    const batch = this.pending.slice(0, this.nPending);
    this.nPending = 0;
    return batch;
  }

  /** xyz (float32) of grid points, from per-axis coordinates. */
  coordinates(idx: Int32Array, coordOf: Float64Array): Float32Array {
    const n = this.n,
      nn = this.nn;
    const pts = new Float32Array(3 * idx.length);
    for (let j = 0; j < idx.length; j++) {
      const i = idx[j];
      const x = i % n,
        y = ((i - x) / n) % n,
        z = (i - x - n * y) / nn;
      pts[3 * j] = coordOf[x];
      pts[3 * j + 1] = coordOf[y];
      pts[3 * j + 2] = coordOf[z];
    }
    return pts;
  }

  setValues(idx: Int32Array, v: ArrayLike<number>): void {
    const values = this.values,
      state = this.state;
    for (let j = 0; j < idx.length; j++) {
      values[idx[j]] = v[j];
      state[idx[j]] = KNOWN;
    }
  }

  /** After a batch was evaluated: mark the voxels its points touch, split those that straddle. */
  refine(batch: Int32Array): void {
    if (this.steps === 0) return;
    this.markPoints(batch);
    this.processSplits();
  }

  private push(idx: number): void {
    if (this.state[idx] !== UNKNOWN) return;
    this.state[idx] = PENDING;
    if (this.nPending === this.pending.length) {
      const grown = new Int32Array(this.pending.length * 2);
      grown.set(this.pending);
      this.pending = grown;
    }
    this.pending[this.nPending++] = idx;
  }

  /** Record an evaluated value on leaf voxel v of level l; queue the voxel when it straddles. */
  private mark(l: number, v: number, val: number): void {
    const st = this.levels[l];
    let s = st[v];
    if (val >= this.thr) s |= POS;
    if (val <= this.thr) s |= NEG;
    if ((s & (POS | NEG)) === (POS | NEG) && !(s & QUEUED)) {
      s |= QUEUED;
      if (this.tail + 2 > this.splitQ.length) {
        const live = this.splitQ.subarray(this.head, this.tail);
        const grown = new Int32Array(Math.max(256, 2 * live.length + 2));
        grown.set(live);
        this.tail -= this.head;
        this.head = 0;
        this.splitQ = grown;
      }
      this.splitQ[this.tail++] = l;
      this.splitQ[this.tail++] = v;
    }
    st[v] = s;
  }

  /**
   * Each new value marks the leaf voxels whose closed cube contains its point: per level, the
   * voxels holding one of the up to 8 finest cells around the point (one voxel unless the point
   * lies on that level's voxel faces), if they are leaves.
   */
  private markPoints(batch: Int32Array): void {
    const { n, nn, R, r0, steps, values, levels } = this;
    for (let j = 0; j < batch.length; j++) {
      const idx = batch[j];
      const val = values[idx];
      const px = idx % n,
        py = ((idx - px) / n) % n,
        pz = (idx - px - n * py) / nn;
      for (let l = 0; l < steps; l++) {
        const sh = steps - l,
          rl = r0 << l,
          st = levels[l];
        const x1 = Math.min(px, R - 1) >> sh,
          x0 = px > 0 ? (px - 1) >> sh : x1;
        const y1 = Math.min(py, R - 1) >> sh,
          y0 = py > 0 ? (py - 1) >> sh : y1;
        const z1 = Math.min(pz, R - 1) >> sh,
          z0 = pz > 0 ? (pz - 1) >> sh : z1;
        for (let vz = z0; vz <= z1; vz++)
          for (let vy = y0; vy <= y1; vy++)
            for (let vx = x0; vx <= x1; vx++) {
              const v = vx + rl * (vy + rl * vz);
              if (st[v] & LEAF) this.mark(l, v, val);
            }
      }
    }
  }

  /**
   * Split queued voxels: queue their 27 points for evaluation; children inherit the evaluated
   * points on their closed cubes and may be split at once (the final state is the same least
   * fixed point as ONet's round-wise iteration).
   */
  private processSplits(): void {
    const { n, r0, steps, state, values, levels } = this;
    while (this.head < this.tail) {
      const l = this.splitQ[this.head++],
        v = this.splitQ[this.head++];
      const st = levels[l];
      st[v] = (st[v] & ~(LEAF | QUEUED)) | SPLIT;
      const rl = r0 << l;
      const vx = v % rl,
        vy = ((v - vx) / rl) % rl,
        vz = (v - vx - rl * vy) / (rl * rl);
      const size = 1 << (steps - l),
        half = size >> 1;
      const x0 = vx * size,
        y0 = vy * size,
        z0 = vz * size;
      for (let k = 0; k <= 2; k++)
        for (let j = 0; j <= 2; j++)
          for (let i = 0; i <= 2; i++) {
            this.push(x0 + i * half + n * (y0 + j * half + n * (z0 + k * half)));
          }
      if (l + 1 >= steps) continue;
      const child = levels[l + 1],
        rc = rl << 1;
      for (let k = 0; k < 2; k++)
        for (let j = 0; j < 2; j++)
          for (let i = 0; i < 2; i++) {
            const cv = 2 * vx + i + rc * (2 * vy + j + rc * (2 * vz + k));
            child[cv] = LEAF;
            const cx0 = x0 + i * half,
              cy0 = y0 + j * half,
              cz0 = z0 + k * half;
            for (let c = 0; c <= half; c++)
              for (let b = 0; b <= half; b++) {
                let idx = cx0 + n * (cy0 + b + n * (cz0 + c));
                for (let a = 0; a <= half; a++, idx++) if (state[idx] === KNOWN) this.mark(l + 1, cv, values[idx]);
              }
          }
    }
  }

  /**
   * Give every unevaluated point the trilinear interpolation of the corners of its leaf voxel.
   * Each grid point is visited once: a leaf owns the points of its half-open cube
   * [o, o + size)³, plus the closing faces on the upper border of the grid.
   */
  fillUnknown(): void {
    const { n, nn, r0, steps, state, values, levels } = this;
    for (let l = 0; l < steps; l++) {
      const st = levels[l],
        rl = r0 << l,
        size = 1 << (steps - l),
        inv = 1 / size;
      for (let v = 0; v < st.length; v++) {
        if (!(st[v] & LEAF)) continue;
        const vx = v % rl,
          vy = ((v - vx) / rl) % rl,
          vz = (v - vx - rl * vy) / (rl * rl);
        const base = vx * size + n * (vy * size + n * vz * size);
        const ex = vx === rl - 1 ? size : size - 1,
          ey = vy === rl - 1 ? size : size - 1,
          ez = vz === rl - 1 ? size : size - 1;
        const c000 = values[base],
          c100 = values[base + size];
        const c010 = values[base + size * n],
          c110 = values[base + size * n + size];
        const c001 = values[base + size * nn],
          c101 = values[base + size * nn + size];
        const c011 = values[base + size * (nn + n)],
          c111 = values[base + size * (nn + n) + size];
        for (let k = 0; k <= ez; k++) {
          const w = k * inv;
          // Linear in z on the four x-y corners, bilinear in y at the two row ends, then linear in x.
          const a00 = c000 + w * (c001 - c000),
            a10 = c100 + w * (c101 - c100);
          const a01 = c010 + w * (c011 - c010),
            a11 = c110 + w * (c111 - c110);
          for (let j = 0; j <= ey; j++) {
            const u = j * inv;
            const e0 = a00 + u * (a01 - a00),
              e1 = a10 + u * (a11 - a10),
              de = e1 - e0;
            let idx = base + n * (j + n * k);
            for (let i = 0; i <= ex; i++, idx++) if (state[idx] === UNKNOWN) values[idx] = e0 + i * inv * de;
          }
        }
      }
    }
  }
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
  const h = grid.spacing,
    o = grid.box[0] - h; // padded sample 0 is one spacing before lo
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
