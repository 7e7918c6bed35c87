/**
 * The occupancy of a large cloud from its tiles (plan: tiles.ts; docs/design.md §10).
 *
 * Each tile's input is every cloud point in its outer box, normalised into the tile's own unit
 * cube — its points' bounding box centred, longest side 1, exactly as a whole cloud is
 * normalised — so that the model's σ_l = c/√N_l meets the point spacing it was trained for (a
 * tile of N_t points spread over its own box looks like an object of N_t points). Queries are
 * mapped into that frame. A tile holding every point of the cloud keeps the cloud's frame
 * unchanged (the identity), so it reproduces the single pass bit for bit. A tile with fewer than
 * MIN_INPUT_POINTS points is not fed to the model: it says "outside" (P = 0), the far field.
 * A leaf still above maxPoints (only where splitting stopped: thousands of points on one spot) is
 * thinned to maxPoints by a seeded random choice.
 *
 * Blending: P(x) = Σ_t w_t(x)·f_t(x), w the partition of unity of tiles.ts, f_t the tile's
 * probability combined with the far field (FarField in tiledMise.ts; docs/design.md §10).
 */
import { Random } from '../geometry/Random.ts';
import { computeNormalization, type Normalization } from '../geometry/normalize.ts';
import { MIN_INPUT_POINTS } from '../nn/models/pcnnOcc/PcnnOccConfig.ts';
import type { MiseGrid, OccupancyFunction } from './mise.ts';
import { pointDistanceGrid } from './pointDistance.ts';
import type { FarField } from './tiledMise.ts';
import type { BoundOccupancy, CloudBinder } from './OccupancyModel.ts';
import { tileRamp, type TilePlan } from './tiles.ts';

/** One tile made ready for the model. */
export interface TileInput {
  /** The tile's points in its own frame (xyz, float32); empty when the model is not run. */
  input: Float32Array;
  /** unit-cube frame → tile frame: (p − center)·scale. */
  frame: Normalization;
  /** Whether the model runs on this tile (≥ MIN_INPUT_POINTS points). */
  active: boolean;
  /** Points the tile holds before thinning. */
  points: number;
  /** Whether it was thinned to maxPoints. */
  thinned: boolean;
}

export interface TiledCloud {
  plan: TilePlan;
  tiles: TileInput[];
  /** The cloud, unit-cube frame (the array the plan was made from). */
  points: Float32Array;
  /** Input of the far field: a seeded random subset of `globalPoints` points, unit-cube frame. */
  global: Float32Array;
  /** Distinct cloud points fed to the model (all but those of thinned or too small tiles). */
  usedPoints: number;
}

const IDENTITY: Normalization = { center: [0, 0, 0], scale: 1 };

/** A tile is trusted up to TRUST_NEAR from its nearest point, not at all beyond TRUST_FAR (its
 *  own frame's units, so they scale with the tile; see FarField in tiledMise.ts). At 3000 points
 *  on a unit-cube object the spacing is ≈ 0.015–0.02: 0.1 is 5–7 spacings, within the reach of
 *  the model's coarse levels (≈ 0.44). */
export const TRUST_NEAR = 0.1;
export const TRUST_FAR = 0.2;

/**
 * Build the inputs of the planned tiles.
 * @param points the cloud, unit-cube frame (the array `plan` was made from).
 * @param plan from `planTiles`.
 * @param seed seeds the thinning of over-full leaves (default 0).
 */
export function buildTileInputs(points: Float32Array, plan: TilePlan, seed = 0, globalPoints = plan.maxPoints): TiledCloud {
  const rng = new Random(seed);
  const gn = Math.min(points.length / 3, globalPoints);
  const global = new Float32Array(3 * gn);
  rng
    .choose(points.length / 3, gn)
    .subarray(0, gn)
    .forEach((i, j) => global.set(points.subarray(3 * i, 3 * i + 3), 3 * j));
  const n = points.length / 3;
  const used = new Uint8Array(n);
  const tiles = plan.tiles.map((t): TileInput => {
    let idx = t.points;
    if (idx.length < MIN_INPUT_POINTS)
      return { input: new Float32Array(0), frame: IDENTITY, active: false, points: idx.length, thinned: false };
    if (idx.length === n && n <= plan.maxPoints) {
      used.fill(1);
      return { input: points, frame: IDENTITY, active: true, points: n, thinned: false };
    }
    const thinned = idx.length > plan.maxPoints;
    if (thinned) {
      const pick = rng.choose(idx.length, plan.maxPoints);
      idx = Uint32Array.from(pick, (j) => idx[j]);
    }
    for (const i of idx) used[i] = 1;
    const local = new Float64Array(3 * idx.length);
    for (let j = 0; j < idx.length; j++) {
      const i = idx[j];
      local[3 * j] = points[3 * i];
      local[3 * j + 1] = points[3 * i + 1];
      local[3 * j + 2] = points[3 * i + 2];
    }
    const frame = computeNormalization(local);
    return { input: toFrame(local, frame), frame, active: true, points: t.points.length, thinned };
  });
  let usedPoints = 0;
  for (let i = 0; i < n; i++) usedPoints += used[i];
  return { plan, tiles, points, global, usedPoints };
}

/** (p − center)·scale per point, float64 arithmetic, float32 result. */
function toFrame(p: ArrayLike<number>, f: Normalization): Float32Array {
  const out = new Float32Array(p.length);
  const [cx, cy, cz] = f.center,
    s = f.scale;
  if (cx === 0 && cy === 0 && cz === 0 && s === 1) {
    out.set(p);
    return out;
  }
  for (let i = 0; i < p.length; i += 3) {
    out[i] = (p[i] - cx) * s;
    out[i + 1] = (p[i + 1] - cy) * s;
    out[i + 2] = (p[i + 2] - cz) * s;
  }
  return out;
}

/**
 * Bind a tile to the model: an occupancy function of unit-cube-frame queries (mapped into the
 * tile's frame before the model sees them). Null for a tile the model does not run on.
 */
export function bindTile(tile: TileInput, bind: CloudBinder, opts: { pinned?: boolean } = {}): BoundOccupancy | null {
  if (!tile.active) return null;
  const f = bind(tile.input, opts);
  const identity = tile.frame === IDENTITY;
  const mapped: BoundOccupancy = (queries) => f(identity ? queries : toFrame(queries, tile.frame));
  if (f.release) mapped.release = f.release;
  return mapped;
}

/**
 * The blended occupancy P(x) = Σ w_t(x)·f_t(x) at arbitrary points (unit-cube frame), with the
 * far field of `tiledMise` (f_t = max(α_t·P_t, P_g); P_g of `cloud.global` evaluated at the
 * points themselves, the distances on a 128³ grid): each tile is evaluated on the queries inside
 * its outer box where α_t > 0. Points outside every outer box get 0. For reconstruction
 * `tiledMise` does the same on the grid, one tile at a time; this is the pointwise reference
 * (and what the up-sampler uses: each call prepares every tile again).
 *
 * @param cloud tiles from `buildTileInputs`.
 * @param bind how a tile's cloud becomes an occupancy function (bound once per tile).
 */
export function blendedOccupancy(cloud: TiledCloud, bind: CloudBinder): OccupancyFunction {
  let fns: Array<BoundOccupancy | null> | null = null; // bound on first use
  let globalFn: BoundOccupancy | null = null;
  let far: FarField | null = null;
  const tiles = cloud.plan.tiles;
  return async (queries) => {
    fns ??= cloud.tiles.map((t) => bindTile(t, bind));
    const m = queries.length / 3;
    const trusts = cloud.tiles.map((_, t) => trustOf(cloud, t));
    let pg: Float32Array | null = null,
      dist: Float32Array | null = null;
    if (trusts.some((x) => x !== null) || cloud.tiles.some((t) => !t.active)) {
      globalFn ??= bind(cloud.global);
      pg = await globalFn(queries);
      far ??= { valueAt: () => 0, distance: pointDistanceGrid(cloud.points, 128, [-0.55, 0.55]), trust: () => null, combine: 'union' };
      const g = far.distance,
        n = g.n,
        last = n - 1;
      const at = (v: number): number => Math.min(last, Math.max(0, Math.round((v - g.lo) / g.spacing)));
      dist = new Float32Array(m);
      for (let i = 0; i < m; i++) dist[i] = g.distance[at(queries[3 * i]) + n * (at(queries[3 * i + 1]) + n * at(queries[3 * i + 2]))];
    }
    const acc = new Float64Array(m),
      wsum = new Float64Array(m);
    for (let t = 0; t < tiles.length; t++) {
      const sel: number[] = [],
        r: number[] = [],
        al: number[] = [];
      const trust = trusts[t];
      for (let i = 0; i < m; i++) {
        const w = tileRamp(tiles[t], queries[3 * i], queries[3 * i + 1], queries[3 * i + 2]);
        if (w === 0) continue;
        wsum[i] += w;
        const a = trust && dist ? alphaAt(dist[i], trust) : 1;
        if (pg && (trust || !fns[t])) acc[i] += w * pg[i]; // the far field's part; max-ed below
        if (a > 0) {
          sel.push(i);
          r.push(w);
          al.push(a);
        }
      }
      const f = fns[t];
      if (!f || sel.length === 0) continue; // an inactive tile: P_g (or 0 without a far field)
      const q = new Float32Array(3 * sel.length);
      for (let j = 0; j < sel.length; j++) q.set(queries.subarray(3 * sel[j], 3 * sel[j] + 3), 3 * j);
      const p = await f(q);
      if (!p || p.length !== sel.length) throw new Error(`tile occupancy returned ${p?.length} values for ${sel.length} queries`);
      for (let j = 0; j < sel.length; j++) {
        const i = sel[j];
        // f_t = max(α·P_t, P_g): replace the far-field part added above where the tile is higher
        if (trust && pg) acc[i] += r[j] * Math.max(0, al[j] * p[j] - pg[i]);
        else acc[i] += r[j] * p[j];
      }
    }
    const out = new Float32Array(m);
    for (let i = 0; i < m; i++) out[i] = wsum[i] > 0 ? acc[i] / wsum[i] : 0;
    return out;
  };
}

/** α at distance d from the nearest point: 1 up to trust[0], smoothstep to 0 at trust[1]. */
function alphaAt(d: number, trust: readonly [number, number]): number {
  if (d <= trust[0]) return 1;
  if (d >= trust[1]) return 0;
  const u = (trust[1] - d) / (trust[1] - trust[0]);
  return u * u * (3 - 2 * u);
}

/** Tile t's trust distances (unit-cube units); null for a tile holding the whole cloud. */
function trustOf(cloud: TiledCloud, t: number): [number, number] | null {
  const tile = cloud.tiles[t];
  if (tile.frame === IDENTITY && tile.points === cloud.points.length / 3) return null;
  return [TRUST_NEAR / tile.frame.scale, TRUST_FAR / tile.frame.scale];
}

/**
 * The far field of a tiled cloud (see FarField in tiledMise.ts).
 * @param cloud from `buildTileInputs`.
 * @param coarse the MISE grid of the single pass on `cloud.global` over the reconstruction box
 *   (any resolution dividing `resolution`; reconstruct uses the final one).
 * @param resolution cells of the final grid per axis (a multiple of coarse.resolution).
 * @param combine how a tile's field and the far field combine (default 'union': see FarField).
 */
export function buildFarField(cloud: TiledCloud, coarse: MiseGrid, resolution: number, combine: FarField['combine'] = 'union'): FarField {
  const c = coarse.resolution,
    f = resolution / c,
    cn = c + 1,
    v = coarse.values;
  if (!Number.isInteger(f)) throw new RangeError(`buildFarField: ${resolution} is not a multiple of ${c}`);
  const valueAt = (ix: number, iy: number, iz: number): number => {
    // trilinear in the coarse cell around the final grid point
    const x = ix / f,
      y = iy / f,
      z = iz / f;
    const x0 = Math.min(c - 1, Math.floor(x)),
      y0 = Math.min(c - 1, Math.floor(y)),
      z0 = Math.min(c - 1, Math.floor(z));
    const u = x - x0,
      w = y - y0,
      t = z - z0,
      b = x0 + cn * (y0 + cn * z0);
    const l = (o: number): number => v[b + o] * (1 - u) + v[b + o + 1] * u;
    const p0 = l(0) * (1 - w) + l(cn) * w,
      p1 = l(cn * cn) * (1 - w) + l(cn * cn + cn) * w;
    return p0 * (1 - t) + p1 * t;
  };
  const distance = pointDistanceGrid(cloud.points, Math.min(resolution, 256), coarse.box);
  return {
    valueAt,
    distance,
    combine,
    trust: (t) => trustOf(cloud, t),
  };
}
