/**
 * Spatial tiles of a large cloud (docs/design.md §10, "Large inputs by tiles"): a density model
 * takes at most `maxPoints` points in one pass, so a larger cloud is cut into overlapping boxes
 * that each hold at most that many points at full density (no thinning), the way POCO and
 * ConvONet reconstruct scenes. This file only plans the boxes and their blending weights;
 * `tiledOccupancy.ts` feeds each tile to the model in its own frame, `tiledMise.ts` blends.
 *
 * Plan: the cores partition a box (the reconstruction box [-0.55, 0.55]³ of the unit-cube frame)
 * by recursive splits: a node whose *outer* box (its core grown along each axis, on both sides,
 * by the margin `overlap` × max(the core's side along that axis, half its longest side)) holds
 * more than `maxPoints` points is split across its core's longest axis
 * at the median of the points in the core (clamped to the middle half of the core, so no node
 * becomes a sliver). A child's outer box lies inside its parent's, so each node counts only its
 * parent's points. Leaves are the tiles; every point of the box lies in exactly one core (up to
 * shared faces) and in the outer box of every tile whose weight is positive there.
 *
 * Weights: tile t has the ramp r_t(x) = Π_axes s(1 − d_a/m_a), d_a the distance of x outside the
 * core along axis a (0 inside), m_a the tile's margin along a, s(u) = u²(3 − 2u) for u in [0, 1] (smoothstep,
 * C¹), 0 beyond. r_t = 1 on the core and falls to 0 at the outer box. Since the cores cover the
 * box, Σ_t r_t ≥ 1 there, and w_t = r_t / Σ r is a continuous partition of unity: a field blended
 * with it is continuous across the seams, so one marching-cubes pass gives one closed mesh.
 */

/** An axis-aligned box, unit-cube frame. */
export interface Box3 {
  lo: [number, number, number];
  hi: [number, number, number];
}

export interface Tile {
  /** The part of space the tile is responsible for (weight 1 before normalisation). */
  core: Box3;
  /** The core grown by `margin[a]` on both sides along each axis a: the tile's points and its
   *  weight's support. */
  outer: Box3;
  /** Per axis: overlap × max(the core's side along a, half its longest side), unit-cube units. */
  margin: [number, number, number];
  /** Indices of the cloud's points inside the outer box (closed). */
  points: Uint32Array;
}

export interface TilePlan {
  tiles: Tile[];
  /** The box the cores partition. */
  box: Box3;
  overlap: number;
  maxPoints: number;
  /** Points in the cloud. */
  cloudPoints: number;
}

/** Default overlap: a core grows on both sides of each axis by this fraction of max(its side
 *  along the axis, half its longest side). The tiles then hold ≈ 2.8× the cloud's points in all
 *  (100 000-point chair; 2.1× at 0.10, 3.6× at 0.20), and each point costs a preparation. */
export const DEFAULT_TILE_OVERLAP = 0.15;
/** Accepted overlaps. Below 0.05 a seam has almost no room to blend; above 0.5 a tile's outer
 *  box holds (1 + 2·0.5)² ≈ 4× its core's share of the surface, and costs as much. */
export const TILE_OVERLAP_RANGE: readonly [number, number] = [0.05, 0.5];
/** Splits stop at this depth or this core side (unit-cube units): a leaf still above maxPoints
 *  (thousands of points at one spot) is thinned when its input is built. */
const MAX_DEPTH = 40;
const MIN_SIDE = 1e-3;

export interface PlanTilesOptions {
  /** Overlap fraction, in TILE_OVERLAP_RANGE. Default DEFAULT_TILE_OVERLAP. */
  overlap?: number;
  /** The box the cores partition. Default the reconstruction box [-0.55, 0.55]³ grown by 1e-6
   *  (so the grid's last points, computed in floating point, are inside). */
  box?: Box3;
}

/** The core grown by the margins. */
function grow(core: Box3, m: [number, number, number]): Box3 {
  return {
    lo: [core.lo[0] - m[0], core.lo[1] - m[1], core.lo[2] - m[2]],
    hi: [core.hi[0] + m[0], core.hi[1] + m[1], core.hi[2] + m[2]],
  };
}

function longestAxis(b: Box3): number {
  const d = [b.hi[0] - b.lo[0], b.hi[1] - b.lo[1], b.hi[2] - b.lo[2]];
  return d[0] >= d[1] && d[0] >= d[2] ? 0 : d[1] >= d[2] ? 1 : 2;
}

/** Indices (of `from`) of the points inside the closed box. */
function inside(points: Float32Array, from: Uint32Array, b: Box3): Uint32Array {
  const keep = new Uint32Array(from.length);
  let k = 0;
  const [x0, y0, z0] = b.lo,
    [x1, y1, z1] = b.hi;
  for (let j = 0; j < from.length; j++) {
    const i = from[j],
      x = points[3 * i],
      y = points[3 * i + 1],
      z = points[3 * i + 2];
    if (x >= x0 && x <= x1 && y >= y0 && y <= y1 && z >= z0 && z <= z1) keep[k++] = i;
  }
  return keep.slice(0, k);
}

/**
 * Plan the tiles of a cloud (rules above).
 *
 * @param points xyz per point, unit-cube frame (length 3·N, N ≥ 1).
 * @param maxPoints most points in a tile's outer box, ≥ 1 (the model's `density.maxPoints`).
 * @param options overlap (0.25), box (reconstruction box).
 * @returns the tiles in depth-first order of the splits (neighbours tend to follow each other).
 */
export function planTiles(points: Float32Array, maxPoints: number, options: PlanTilesOptions = {}): TilePlan {
  const n = points.length / 3;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`planTiles: need xyz triples of ≥ 1 point, got length ${points.length}`);
  if (!Number.isInteger(maxPoints) || maxPoints < 1) throw new RangeError(`planTiles: maxPoints must be an integer ≥ 1, got ${maxPoints}`);
  const overlap = options.overlap ?? DEFAULT_TILE_OVERLAP;
  if (!(overlap >= TILE_OVERLAP_RANGE[0] && overlap <= TILE_OVERLAP_RANGE[1])) {
    throw new RangeError(`tile overlap must be in [${TILE_OVERLAP_RANGE[0]}, ${TILE_OVERLAP_RANGE[1]}], got ${overlap}`);
  }
  const e = 0.55 + 1e-6;
  const box: Box3 = options.box ?? { lo: [-e, -e, -e], hi: [e, e, e] };
  const tiles: Tile[] = [];
  const all = new Uint32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;

  const visit = (core: Box3, parent: Uint32Array, depth: number): void => {
    const a = longestAxis(core);
    const side = core.hi[a] - core.lo[a];
    const margin = [0, 1, 2].map((b) => overlap * Math.max(core.hi[b] - core.lo[b], side / 2)) as [number, number, number];
    const outer = grow(core, margin);
    const mine = inside(points, parent, outer);
    if (mine.length <= maxPoints || depth >= MAX_DEPTH || side < MIN_SIDE) {
      tiles.push({ core, outer, margin, points: mine });
      return;
    }
    // the median of the core's points along the longest axis, kept in the middle half
    const inCore = inside(points, mine, core);
    const c = new Float64Array(inCore.length);
    for (let j = 0; j < inCore.length; j++) c[j] = points[3 * inCore[j] + a];
    c.sort();
    const mid = core.lo[a] + side / 2;
    const median = c.length > 0 ? (c.length % 2 ? c[(c.length - 1) / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2) : mid;
    const cut = Math.min(core.hi[a] - side / 4, Math.max(core.lo[a] + side / 4, median));
    const left: Box3 = { lo: [...core.lo], hi: [...core.hi] };
    const right: Box3 = { lo: [...core.lo], hi: [...core.hi] };
    left.hi[a] = cut;
    right.lo[a] = cut;
    visit(left, mine, depth + 1);
    visit(right, mine, depth + 1);
  };
  visit(box, all, 0);
  return { tiles, box, overlap, maxPoints, cloudPoints: n };
}

/** s(u) = u²(3 − 2u) on [0, 1], 0 below, 1 above. */
function smoothstep(u: number): number {
  if (u <= 0) return 0;
  if (u >= 1) return 1;
  return u * u * (3 - 2 * u);
}

/** The ramp of one axis: 1 on [lo, hi], falling to 0 at lo − margin and hi + margin. */
export function axisRamp(v: number, lo: number, hi: number, margin: number): number {
  const d = v < lo ? lo - v : v > hi ? v - hi : 0;
  return d === 0 ? 1 : smoothstep(1 - d / margin);
}

/** The tile's un-normalised weight r_t at (x, y, z): 1 on the core, 0 on and beyond the outer box. */
export function tileRamp(tile: Tile, x: number, y: number, z: number): number {
  const { lo, hi } = tile.core,
    m = tile.margin;
  return axisRamp(x, lo[0], hi[0], m[0]) * axisRamp(y, lo[1], hi[1], m[1]) * axisRamp(z, lo[2], hi[2], m[2]);
}

/**
 * The normalised blending weights w_t = r_t / Σ r of all tiles at one point.
 * @returns one weight per tile (all 0 where no tile reaches, i.e. outside every outer box).
 */
export function tileWeights(plan: TilePlan, x: number, y: number, z: number): Float64Array {
  const w = new Float64Array(plan.tiles.length);
  let sum = 0;
  for (let t = 0; t < w.length; t++) sum += w[t] = tileRamp(plan.tiles[t], x, y, z);
  if (sum > 0) for (let t = 0; t < w.length; t++) w[t] /= sum;
  return w;
}
