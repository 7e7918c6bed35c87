/**
 * MISE over a tiled cloud (docs/design.md §10): the blended field P = Σ w_t·P_t on the final
 * grid, computed one tile at a time so that each tile's cloud is prepared once.
 *
 * A global MISE would ask every tile for queries in every round (4 rounds at 128³), and a tile
 * of 10 000 points costs ≈ 1.2 s to prepare (bench/results/density.json): the preparation would
 * dominate. Instead each tile runs its own MISE (mise.ts) on the part of the final grid its
 * outer box covers — a cube of grid points aligned to the coarse grid, so its points are points
 * of the final grid — on its own field P_t, with points outside its outer box given 0 (they
 * have weight 0). Its grid (evaluated near its own surface, trilinearly filled elsewhere, as in
 * MISE) is then added into the final grid with the tile's ramp: acc += r_t·P_t, wsum += r_t, and
 * at the end P = acc / wsum. Tiles run `concurrency` at a time (one per worker, each pinned to
 * its worker), so the workers stay busy and no tile is prepared twice.
 *
 * Where one tile's surface lies in another tile's trilinearly filled (not evaluated) region, the
 * blend there uses the filled value, which is on the right side of the threshold for that tile
 * but coarser; a seam can therefore be a little less detailed than a core. With a single tile
 * whose outer box holds the whole grid the result is the plain MISE grid, value for value.
 */
import { UsageError } from '../errors.ts';
import { gridCoordinate, mise, miseGridBytes, miseMemoryLimit, type MiseGrid } from './mise.ts';
import type { BoundOccupancy } from './OccupancyModel.ts';
import { axisRamp, type TilePlan } from './tiles.ts';
import type { DistanceGrid } from './pointDistance.ts';

/**
 * Where a tile is trusted, and what holds elsewhere. A tile's model only knows the surface near
 * its points: far from them (deep inside a large shape, say) its frame holds no evidence, and a
 * tile whose core is empty has no model at all. There the field is the far field P_g (a coarse
 * single pass over a subset of the whole cloud, which sees the whole shape): a tile's field is
 * f_t = α_t·P_t + (1 − α_t)·P_g, with α_t = 1 up to `near[t]` from the nearest cloud point,
 * falling smoothly (smoothstep) to 0 at `far[t]`. The model is queried only where α_t > 0.
 */
export interface FarField {
  /** P_g at any grid point of the final grid (its indices). */
  valueAt: (ix: number, iy: number, iz: number) => number;
  /** Distance to the nearest cloud point. */
  distance: DistanceGrid;
  /** Per tile: the distances (unit-cube units) where α starts to fall and where it reaches 0;
   *  null: α ≡ 1 (a tile holding the whole cloud). */
  trust: (t: number) => [number, number] | null;
  /** 'trust': f_t = α·P_t + (1 − α)·P_g. 'union': f_t = max(α·P_t, P_g) — the far field also
   *  decides near the points wherever it says inside (a tile that takes a patch of a solid's
   *  surface for a thin shell is overruled inside). */
  combine: 'trust' | 'union';
}

export interface TiledMiseOptions {
  /** Threshold on P(inside). */
  threshold: number;
  resolution0: number;
  upsamplingSteps: number;
  /** Cube [lo, hi]³ of the final grid (unit-cube frame). */
  box: [number, number];
  /** Tiles evaluated at once (the predictor's worker count; ≥ 1). Default 1. */
  concurrency?: number;
  /** Peak bytes the grids may take. Default miseMemoryLimit(). */
  memoryLimitBytes?: number;
  /** After each tile: tiles done, of total, and the model queries so far. */
  onTile?: (done: number, total: number, queries: number) => void;
  /** The far field and where tiles are trusted (absent: α ≡ 1, and P = 0 in inactive tiles). */
  far?: FarField;
}

export interface TiledMiseGrid extends MiseGrid {
  /** Grid points evaluated by MISE per round, summed over the tiles. */
  roundPoints: number[];
  /** Tiles the model ran on. */
  activeTiles: number;
  /** Seconds spent waiting for the model (summed over concurrent tiles: may exceed wall time). */
  networkSeconds: number;
}

/**
 * Run MISE on the blended field of the tiles.
 *
 * @param plan the tiles (their cores must cover the grid's box).
 * @param occupancyOf the occupancy function of tile t (unit-cube-frame queries, probabilities),
 *   or null for a tile the model does not run on (P = 0); called once per tile, released after.
 * @param options threshold, grid, box, concurrency, memory limit, progress.
 */
export async function tiledMise(
  plan: TilePlan,
  occupancyOf: (t: number) => BoundOccupancy | null,
  options: TiledMiseOptions,
): Promise<TiledMiseGrid> {
  const { threshold: thr, resolution0: r0, upsamplingSteps: steps, box } = options;
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new RangeError(`tiledMise: concurrency must be an integer ≥ 1, got ${concurrency}`);
  const R = r0 << steps,
    S = 1 << steps,
    n = R + 1,
    nn = n * n;
  // the final grid (values, state) plus the weight sum, 5 more bytes per point than plain MISE
  const limit = options.memoryLimitBytes ?? miseMemoryLimit();
  const need = miseGridBytes(R) + 5 * n ** 3;
  if (need > limit) {
    throw new UsageError(
      `resolution ${R} needs about ${(need / 1e9).toFixed(1)} GB for its tiled ${n}³ grid, over the ${(limit / 1e9).toFixed(1)} GB this process may use for it; use a lower resolution, or set POINTOCC_MEMORY_GB`,
    );
  }
  const coord = new Float64Array(n);
  for (let i = 0; i < n; i++) coord[i] = gridCoordinate(i, R, box);
  const h = (box[1] - box[0]) / R;
  const acc = new Float32Array(n ** 3),
    wsum = new Float32Array(n ** 3),
    evaluated = new Uint8Array(n ** 3);
  const roundPoints: number[] = [];
  let evaluations = 0,
    rounds = 0,
    done = 0,
    active = 0,
    network = 0;

  const runTile = async (t: number): Promise<void> => {
    const tile = plan.tiles[t];
    // grid index range of the outer box, widened to the coarse grid, then to a cube inside [0, R]
    const i0 = [0, 0, 0],
      ramps: Float64Array[] = [];
    let side = 0;
    for (let a = 0; a < 3; a++) {
      const lo = Math.max(0, Math.floor((tile.outer.lo[a] - box[0]) / h / S) * S);
      const hi = Math.min(R, Math.ceil((tile.outer.hi[a] - box[0]) / h / S) * S);
      i0[a] = lo;
      side = Math.max(side, hi - lo);
    }
    if (side <= 0) return;
    for (let a = 0; a < 3; a++) {
      i0[a] = Math.min(i0[a], R - side);
      const r = new Float64Array(side + 1);
      for (let i = 0; i <= side; i++) r[i] = axisRamp(coord[i0[a] + i], tile.core.lo[a], tile.core.hi[a], tile.margin[a]);
      ramps.push(r);
    }
    const [rx, ry, rz] = ramps;
    const f = occupancyOf(t);
    const far = options.far;
    if (!f) {
      // no model: the far field (or P = 0 without one)
      for (let k = 0; k <= side; k++)
        for (let j = 0; j <= side; j++) {
          const wyz = ry[j] * rz[k];
          if (wyz === 0) continue;
          const row = i0[0] + n * (i0[1] + j) + nn * (i0[2] + k);
          for (let i = 0; i <= side; i++) {
            const w = rx[i] * wyz;
            if (w === 0) continue;
            wsum[row + i] += w;
            if (far) acc[row + i] += w * far.valueAt(i0[0] + i, i0[1] + j, i0[2] + k);
          }
        }
      return;
    }
    const trust = far ? far.trust(t) : null;
    const union = far?.combine === 'union';
    /** α_t at a final grid point. */
    const alpha = (gx: number, gy: number, gz: number): number => {
      if (!trust || !far) return 1;
      const dg = far.distance,
        c = (dg.n - 1) / R;
      const d = dg.distance[Math.round(gx * c) + dg.n * (Math.round(gy * c) + dg.n * Math.round(gz * c))];
      if (d <= trust[0]) return 1;
      if (d >= trust[1]) return 0;
      const u = (trust[1] - d) / (trust[1] - trust[0]);
      return u * u * (3 - 2 * u);
    };
    active++;
    try {
      let round = 0;
      // local grid point i (float, exact small integers) ↔ final grid point i0 + i
      const evaluate = async (local: Float32Array): Promise<Float32Array> => {
        const m = local.length / 3;
        roundPoints[round] = (roundPoints[round] ?? 0) + m;
        round++;
        const out = new Float32Array(m);
        const sel = new Int32Array(m),
          al = new Float32Array(m);
        let q = 0;
        const pts = new Float32Array(3 * m);
        for (let j = 0; j < m; j++) {
          const x = Math.round(local[3 * j]),
            y = Math.round(local[3 * j + 1]),
            z = Math.round(local[3 * j + 2]);
          if (rx[x] * ry[y] * rz[z] === 0) continue; // outside the outer box: weight 0, P = 0
          const gx = i0[0] + x,
            gy = i0[1] + y,
            gz = i0[2] + z;
          const a = alpha(gx, gy, gz);
          const g = trust ? far!.valueAt(gx, gy, gz) : 0;
          out[j] = union ? g : (1 - a) * g; // the far field's share
          if (a === 0) continue;
          pts[3 * q] = coord[gx];
          pts[3 * q + 1] = coord[gy];
          pts[3 * q + 2] = coord[gz];
          al[q] = a;
          sel[q++] = j;
        }
        if (q === 0) return out;
        const t1 = performance.now();
        const p = await f(pts.subarray(0, 3 * q));
        network += performance.now() - t1;
        if (!p || p.length !== q) throw new Error(`tile occupancy returned ${p?.length} values for ${q} queries`);
        for (let j = 0; j < q; j++) {
          const k = sel[j];
          out[k] = !trust ? p[j] : union ? Math.max(al[j] * p[j], out[k]) : out[k] + al[j] * p[j];
        }
        evaluations += q;
        return out;
      };
      const g = await mise(evaluate, {
        threshold: thr,
        resolution0: side / S,
        upsamplingSteps: steps,
        box: [0, side],
        batchSize: 2 ** 31 - 1,
        memoryLimitBytes: Infinity,
      });
      rounds = Math.max(rounds, g.rounds);
      const m = side + 1;
      for (let k = 0; k <= side; k++)
        for (let j = 0; j <= side; j++) {
          const wyz = ry[j] * rz[k];
          if (wyz === 0) continue;
          const row = i0[0] + n * (i0[1] + j) + nn * (i0[2] + k),
            lrow = m * (j + m * k);
          for (let i = 0; i <= side; i++) {
            const w = rx[i] * wyz;
            if (w === 0) continue;
            acc[row + i] += w * g.values[lrow + i];
            wsum[row + i] += w;
            evaluated[row + i] |= g.evaluated[lrow + i] ? 1 : 2; // bit 1: some tile interpolated it
          }
        }
    } finally {
      f.release?.();
    }
  };

  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < plan.tiles.length) {
      const t = next++;
      await runTile(t);
      options.onTile?.(++done, plan.tiles.length, evaluations);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, plan.tiles.length) }, worker));

  // P = acc / wsum; a point no tile reaches (none, when the cores cover the box) is outside
  for (let i = 0; i < acc.length; i++) acc[i] = wsum[i] > 0 ? acc[i] / wsum[i] : 0;
  // evaluated: every tile that contributes evaluated it (then the value is the exact blend)
  for (let i = 0; i < evaluated.length; i++) evaluated[i] = evaluated[i] === 1 ? 1 : 0;
  return {
    values: acc,
    evaluated,
    resolution: R,
    dims: [n, n, n],
    box: [box[0], box[1]],
    spacing: h,
    threshold: thr,
    evaluations,
    rounds,
    roundPoints,
    activeTiles: active,
    networkSeconds: network / 1000,
  };
}
