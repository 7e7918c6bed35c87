import { Random } from '../geometry/Random.ts';
import { applyNormalization, computeNormalization, type Normalization } from '../geometry/normalize.ts';
import { InputError } from '../io/errors.ts';
import { MIN_INPUT_POINTS } from '../nn/models/pcnnOcc/PcnnOccConfig.ts';
import type { OccupancyFunction } from './mise.ts';
import { bindByPredict, type CloudBinder, type OccupancyModel } from './OccupancyModel.ts';
import { chooseInputSubsets, pointsPerPass, trainedRange, type InputPolicyConfig } from './inputSubsets.ts';

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
  const transform = computeNormalization(positions, { source });
  const normalized = applyNormalization(positions, transform);
  const { subsets, usedPoints } = chooseInputSubsets(normalized, pointsPerPass(config), options.maxSubsets ?? 4, new Random(options.seed ?? 0));
  const bind = options.bind ?? bindByPredict(model);
  return { points: n, transform, subsets, usedPoints, parts: subsets.map((s) => bind(s)), warnings };
}
