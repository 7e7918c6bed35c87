import { Random } from '../geometry/Random.ts';
import { applyNormalization, computeNormalization, findFarOutliers, float32RelativeError, type Normalization } from '../geometry/normalize.ts';
import { InputError } from '../errors.ts';
import { MIN_INPUT_POINTS } from '../nn/models/pcnnOcc/PcnnOccConfig.ts';
import type { OccupancyFunction } from './mise.ts';
import { bindByPredict, type CloudBinder, type OccupancyModel } from './OccupancyModel.ts';
import { chooseInputSubsets, pointsPerPass, trainedRange, type InputPolicyConfig } from './inputSubsets.ts';

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
   *  of the model takes: `pointsPerPass`). Default 0. */
  seed?: number;
  /** Cap on the number of averaged input subsets, ≥ 1. Default 4 (see `chooseInputSubsets`). */
  maxSubsets?: number;
  /** How a subset becomes an occupancy function (e.g. a predictor's per-cloud cache).
   *  Default: `predict(subset, queries)` per batch. */
  bind?: CloudBinder;
  /** Name of the input in error messages. Default 'input'. */
  source?: string;
}

/** A cloud made ready for a model: its unit-cube frame and one occupancy function per subset. */
export interface CloudOccupancy {
  /** Points in the cloud. */
  points: number;
  /** input → unit cube: normalised = (p − center)·scale. */
  transform: Normalization;
  /** Input subsets (unit-cube frame), one or more (see `chooseInputSubsets`). */
  subsets: Float32Array[];
  /** Distinct input points used by the subsets. */
  usedPoints: number;
  /** P(inside) of unit-cube queries given each subset; their mean is the shape's occupancy. */
  parts: OccupancyFunction[];
  /** E.g. fewer points than half the smallest input size the model was trained on. */
  warnings: string[];
}

/**
 * Normalise a cloud to the unit cube (docs/design.md §2), choose the model's input subsets and bind
 * each to the model. A density model (config `density`) takes a cloud of up to `maxPoints`
 * points whole, in one pass; a fixed-level model, subsets of its `inputPoints` (inputSubsets.ts).
 *
 * @param positions xyz per point, any units, length 3·N with N ≥ 16 (MIN_INPUT_POINTS).
 * @param model the occupancy model.
 * @param options seed (0), maxSubsets (4), bind, source ('input').
 * @throws InputError 'too-few-points' (N < 16), 'invalid-coordinates' (non-finite, or all
 *   points coincide).
 */
export function prepareCloudOccupancy(positions: Float32Array, model: OccupancyModel, options: CloudOccupancyOptions = {}): CloudOccupancy {
  const source = options.source ?? 'input';
  const n = Math.floor(positions.length / 3);
  if (n < MIN_INPUT_POINTS) {
    throw new InputError('too-few-points', source, `has ${n} point${n === 1 ? '' : 's'}; reconstruction needs at least ${MIN_INPUT_POINTS}`);
  }
  const warnings: string[] = [];
  // OccupancyModel types only inputPoints; pcnn-occ configs also carry density and trainPoints
  const config = model.config as InputPolicyConfig;
  const [lo, hi] = trainedRange(config);
  if (n < lo / 2) {
    warnings.push(`only ${n} points, the model was trained on ${lo === hi ? lo : `${lo}–${hi}`}: expect a coarser, less reliable surface`);
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
      k[j++] = positions[3 * i]; k[j++] = positions[3 * i + 1]; k[j++] = positions[3 * i + 2];
    }
    kept = k;
    const c = outliers.indices.length;
    warnings.push(`left out ${c} far outlier point${c === 1 ? '' : 's'} (more than half the cloud's robust extent outside its 1st–99th percentile box)`);
  } else if (outliers.candidates > 0) {
    warnings.push(`${outliers.candidates} points lie far outside the bulk of the cloud, more than ${Math.floor(0.02 * n)} (2 %) that may be left out: all kept, so the surface may come out small or missing`);
  }
  // The arithmetic is float64 (JS numbers); only the unit-cube result is stored as float32.
  const transform = computeNormalization(kept, { source });
  const normalized = applyNormalization(kept, transform);
  const lost = float32RelativeError(transform);
  if (lost > FLOAT32_WARN) {
    const q = lost / transform.scale;
    warnings.push(`coordinates of magnitude ${formatSig(Math.max(...transform.center.map(Math.abs)))} with an extent of ${formatSig(1 / transform.scale)}: 32-bit floats (the input as read and the mesh file) round them to ±${formatSig(q)} units, ${formatSig(100 * lost)} % of the extent, so the cloud is coarsened and the written mesh gets collapsed (degenerate) faces; translate the cloud near the origin first`);
  }
  const { subsets, usedPoints } = chooseInputSubsets(normalized, pointsPerPass(config), options.maxSubsets ?? 4, new Random(options.seed ?? 0));
  const bind = options.bind ?? bindByPredict(model);
  return { points: n, transform, subsets, usedPoints, parts: subsets.map((s) => bind(s)), warnings };
}
