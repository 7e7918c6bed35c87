import { Random } from '../geometry/Random.ts';
import {
  applyNormalization,
  computeNormalization,
  findFarOutliers,
  float32RelativeError,
  type Normalization,
} from '../geometry/normalize.ts';
import { InputError } from '../errors.ts';
import { randomRotation, rotatePoints } from '../geometry/rotation3d.ts';
import { MIN_INPUT_POINTS } from '../nn/models/pcnnOcc/PcnnOccConfig.ts';
import type { OccupancyFunction } from './mise.ts';
import { bindByPredict, type BoundOccupancy, type CloudBinder, type OccupancyModel } from './OccupancyModel.ts';
import {
  chooseInputSubsets,
  pointsPerPass,
  subsetSize,
  testRotationsOf,
  trainedRange,
  trainedRangeText,
  type InputPolicyConfig,
} from './inputSubsets.ts';
import { planTiles } from './tiles.ts';
import { blendedOccupancy, buildTileInputs, type TiledCloud } from './tiledOccupancy.ts';

/** Float32 rounding (relative to the cloud's extent, see float32RelativeError) above which the
 *  cloud and the output mesh visibly lose precision: 1e-4 is a tenth of a cell of the finest
 *  grid (1024 cells over 1.1 extents). */
const FLOAT32_WARN = 1e-4;

function formatSig(x: number): string {
  return Number(x.toPrecision(3)).toString();
}

/** Options shared by everything that turns a raw cloud into an occupancy function. */
export interface CloudOccupancyOptions {
  /** Seed of the input-subset choice (used only when the cloud has more points than one pass
   *  of the model takes: `subsetSize`). Default 0. */
  seed?: number;
  /** Cap on the number of averaged input subsets, ≥ 1. Default 4 (see `chooseInputSubsets`). */
  maxSubsets?: number;
  /** How a subset becomes an occupancy function (e.g. a predictor's per-cloud cache).
   *  Default: `predict(subset, queries)` per batch. */
  bind?: CloudBinder;
  /** Name of the input in error messages. Default 'input'. */
  source?: string;
  /** Density models above `maxPoints`: overlapping spatial tiles at full density (tiles.ts,
   *  tiledOccupancy.ts) instead of averaged random subsets of `maxPoints`. Default false until
   *  tiles measure at least as well on real shapes (docs/design.md §10). */
  tiles?: boolean;
  /** Test-time rotations K ≥ 1: the input is also seen in K − 1 seeded random poses (rotated,
   *  renormalised to the unit cube as in training with `rotate`), and the probabilities
   *  averaged, each query taken into that pose's frame. One subset: K network passes; S > 1
   *  subsets cycle through the poses, max(S, K) passes.
   *  Default: the model's own (`testRotationsOf`: config `testRotations`, else 1, the input's
   *  own pose only); only for models trained with rotations. */
  rotations?: number;
  /** Density models above `maxPoints`: the tiles' overlap (tiles.ts DEFAULT_TILE_OVERLAP,
   *  range TILE_OVERLAP_RANGE). */
  tileOverlap?: number;
}

/** A cloud made ready for a model: its unit-cube frame and one occupancy function per subset. */
export interface CloudOccupancy {
  /** Points in the cloud. */
  points: number;
  /** input → unit cube: normalised = (p − center)·scale. */
  transform: Normalization;
  /** Input subsets (unit-cube frame), one or more (see `chooseInputSubsets`); with `tiles`,
   *  none. */
  subsets: Float32Array[];
  /** Distinct input points used by the subsets (or the tiles). */
  usedPoints: number;
  /** Poses the input is read in (the test-time rotations K): one subset in all K; several
   *  cycle through them (part i = subset i mod S in pose i mod K, max(S, K) parts). 1 with
   *  `tiles`. */
  poses: number;
  /** P(inside) of unit-cube queries given each subset; their mean is the shape's occupancy.
   *  With `tiles`, one function: the blended field (`blendedOccupancy`). */
  parts: OccupancyFunction[];
  /** A density model given more than `maxPoints` points: the overlapping spatial tiles of at
   *  most min(maxPoints, the largest trained size) points, each fed all its points in its own
   *  frame (tiles.ts, tiledOccupancy.ts); reconstruct runs them through `tiledMise`. Absent
   *  otherwise. */
  tiles?: TiledCloud;
  /** E.g. fewer points than half the smallest input size the model was trained on. */
  warnings: string[];
  /** Done with `parts`: a binder that keeps prepared clouds (a predictor's workers) may drop
   *  them (BoundOccupancy.release). Safe to call more than once. */
  release(): void;
}

/**
 * Normalise a cloud to the unit cube (docs/design.md §2), choose the model's input subsets and bind
 * each to the model. A density model (config `density`) takes a cloud of up to `maxPoints`
 * points whole, in one pass, and a larger one in overlapping spatial tiles (`tiles`); a
 * fixed-level model, subsets of its `inputPoints` (inputSubsets.ts).
 *
 * @param positions xyz per point, any units, length 3·N with N ≥ 16 (MIN_INPUT_POINTS).
 * @param model the occupancy model.
 * @param options seed (0), maxSubsets (4), bind, source ('input'), tiles (false), rotations (the
 *   model's `testRotations`, else 1; not applied to tiles).
 * @throws InputError 'too-few-points' (N < 16), 'invalid-coordinates' (non-finite, or all
 *   points coincide).
 */
export function prepareCloudOccupancy(positions: Float32Array, model: OccupancyModel, options: CloudOccupancyOptions = {}): CloudOccupancy {
  const source = options.source ?? 'input';
  const n = Math.floor(positions.length / 3);
  if (n < MIN_INPUT_POINTS) {
    throw new InputError(
      'too-few-points',
      source,
      `has ${n} point${n === 1 ? '' : 's'}; reconstruction needs at least ${MIN_INPUT_POINTS}`,
    );
  }
  const warnings: string[] = [];
  // OccupancyModel types only inputPoints; pcnn-occ configs also carry density and trainPoints
  const config = model.config as InputPolicyConfig;
  const [lo] = trainedRange(config);
  if (n < lo / 2) {
    warnings.push(`only ${n} points, the model was trained on ${trainedRangeText(config)}: expect a coarser, less reliable surface`);
  }
  // A few points far outside the bulk would otherwise set the unit-cube frame (one stray point
  // 40 units from a unit sphere shrinks it below the model's resolution: "no surface"). They
  // are left out of the frame and of the model's input (rule and its reasons: findFarOutliers);
  // the mesh maps back through the transform of the points kept.
  const outliers = findFarOutliers(positions);
  let kept: ArrayLike<number> = positions;
  if (outliers.indices.length > 0) {
    const drop = new Uint8Array(n);
    for (const i of outliers.indices) drop[i] = 1;
    // float64: the kept coordinates are normalised exactly as read
    const k = new Float64Array(3 * (n - outliers.indices.length));
    for (let i = 0, j = 0; i < n; i++) {
      if (drop[i]) continue;
      k[j++] = positions[3 * i];
      k[j++] = positions[3 * i + 1];
      k[j++] = positions[3 * i + 2];
    }
    kept = k;
    const c = outliers.indices.length;
    warnings.push(
      `left out ${c} far outlier point${c === 1 ? '' : 's'} (more than half the cloud's robust extent outside its 1st–99th percentile box)`,
    );
  } else if (outliers.candidates > 0) {
    warnings.push(
      `${outliers.candidates} points lie far outside the bulk of the cloud, more than ${Math.floor(0.02 * n)} (2 %) that may be left out: all kept, so the surface may come out small or missing`,
    );
  }
  // The arithmetic is float64 (JS numbers); only the unit-cube result is stored as float32.
  const transform = computeNormalization(kept, { source });
  const normalized = applyNormalization(kept, transform);
  const lost = float32RelativeError(transform);
  if (lost > FLOAT32_WARN) {
    const q = lost / transform.scale;
    warnings.push(
      `coordinates of magnitude ${formatSig(Math.max(...transform.center.map(Math.abs)))} with an extent of ${formatSig(1 / transform.scale)}: 32-bit floats (the input as read and the mesh file) round them to ±${formatSig(q)} units, ${formatSig(100 * lost)} % of the extent, so the cloud is coarsened and the written mesh gets collapsed (degenerate) faces; translate the cloud near the origin first`,
    );
  }
  const bind = options.bind ?? bindByPredict(model);
  if (options.tiles && config.density && normalized.length / 3 > pointsPerPass(config)) {
    // Above N_max a density model sees the cloud in overlapping tiles at full density
    // (docs/design.md §10), not in random subsets.
    // tiles of at most the largest trained size (in distribution, and a smaller prepared cloud
    // per worker: memory), never above N_max
    const tilePoints = Math.min(pointsPerPass(config), trainedRange(config)[1]);
    const plan = planTiles(normalized, tilePoints, { overlap: options.tileOverlap });
    const tiles = buildTileInputs(normalized, plan, options.seed ?? 0, tilePoints);
    const thinned = tiles.tiles.filter((t) => t.thinned).length;
    if (thinned > 0)
      warnings.push(
        `${thinned} tile${thinned === 1 ? '' : 's'} still held more than ${tilePoints} points at the smallest tile size (points piled on one spot) and ${thinned === 1 ? 'was' : 'were'} thinned to that many`,
      );
    // tiles are bound and released one by one by tiledMise; the far field by reconstruct
    return {
      points: n,
      transform,
      subsets: [],
      poses: 1,
      usedPoints: tiles.usedPoints,
      parts: [blendedOccupancy(tiles, bind)],
      tiles,
      warnings,
      release: () => {},
    };
  }
  const maxSubsets = options.maxSubsets ?? 4;
  const { subsets, usedPoints } = chooseInputSubsets(
    normalized,
    subsetSize(config, normalized.length / 3, maxSubsets),
    maxSubsets,
    new Random(options.seed ?? 0),
  );
  const K = options.rotations ?? testRotationsOf(config);
  if (!Number.isInteger(K) || K < 1 || K > 64) throw new RangeError(`rotations must be an integer in [1, 64], got ${K}`);
  const parts: OccupancyFunction[] = [];
  const bound: BoundOccupancy[] = [];
  const bindKept = (cloud: Float32Array): BoundOccupancy => {
    const f = bind(cloud);
    bound.push(f);
    return f;
  };
  // K poses, drawn once (pose 0 is the input's own). One subset is read in all K. Several
  // subsets cycle through the poses instead of each taking all K: part i is subset i mod S in
  // pose i mod K, max(S, K) parts in all, so a large cloud costs no more passes than it did in
  // one pose while its average still spans the K poses (docs/design.md §11.8 measures both).
  const rng = new Random(options.seed ?? 0).fork();
  const rotations = [null, ...Array.from({ length: K - 1 }, () => randomRotation(rng))];
  const S = subsets.length;
  for (let i = 0; i < Math.max(S, K); i++) {
    const s = subsets[i % S];
    const R = rotations[i % K];
    if (R === null) {
      parts.push(bindKept(s));
      continue;
    }
    // The subset in another pose, in that pose's own unit-cube frame (what a rotated training
    // item looks like); a query goes through the same rotation and normalisation.
    const rotated = rotatePoints(s, R);
    const t = computeNormalization(rotated);
    const f = bindKept(applyNormalization(rotated, t));
    parts.push((q) => f(applyNormalization(rotatePoints(q, R), t)));
  }
  const release = (): void => {
    for (const f of bound.splice(0)) f.release?.();
  };
  return { points: n, transform, subsets, usedPoints, poses: K, parts, warnings, release };
}
