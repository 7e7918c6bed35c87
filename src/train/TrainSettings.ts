/**
 * The `train` section of a training config file: optimiser, batch, data sampling, validation
 * and checkpoint settings. Every field has a default; the CLI's flags override the file.
 */
import { UsageError } from '../errors.ts';
import type { Split } from '../data/ShapeDataset.ts';
import {
  checkInputPointsDistribution,
  DEFAULT_INPUT_POINTS_DISTRIBUTION,
  isCategoryRepeatCount,
  MAX_CATEGORY_REPEATS,
  type InputPointsDistribution,
} from '../data/TrainingSampler.ts';

/** Learning-rate schedule over the optimiser steps (see {@link learningRateAt}). */
export type LrSchedule =
  | { type: 'constant' }
  /** Half a cosine from `lr` at step 0 down to `minLr` at the last step. */
  | { type: 'cosine'; minLr: number }
  /** `lr · factor^⌊step / every⌋`. */
  | { type: 'step'; every: number; factor: number };

export interface TrainSettings {
  /** Shapes per optimiser step (split over the workers). Default 16. */
  batch: number;
  /** Total optimiser steps of the run. Default 100 000. */
  steps: number;
  /** Adam learning rate (the schedule's base value). Default 1e-4. */
  lr: number;
  /** Default constant (no decay). */
  lrSchedule: LrSchedule;
  /** Labelled queries per shape per step. Default 2048. */
  queries: number;
  /** Input points per shape (also stored as the model's `inputPoints`). Default: the model
   *  config's; with `inputPointsRange`, its min. */
  inputPoints: number;
  /**
   * Per-item input size [min, max] (16 ≤ min ≤ max): each item draws N log-uniformly in it
   * (TrainingSamplerOptions.inputPointsRange); stored in a pcnn-occ model as `trainPoints`.
   * Null (default): every item has `inputPoints`. The cache needs ≥ max surface samples per
   * shape (`data build --surface`), or large items repeat points (`train` warns).
   */
  inputPointsRange: [number, number] | null;
  /** How N is drawn in `inputPointsRange`: "log-uniform" (default) or "uniform"
   *  (TrainingSamplerOptions.inputPointsDistribution; validation draws the same way). */
  inputPointsDistribution: InputPointsDistribution;
  /** Per-category repeats per epoch, {category: integer in [1, 100]} (others once;
   *  TrainingSamplerOptions.categoryRepeats). Null (default): every shape once. */
  categoryRepeats: Record<string, number> | null;
  /** Std of the Gaussian noise on each input coordinate, unit-cube units. Default 0.005. */
  noise: number;
  /** Per-item noise std [lo, hi], uniform (unit-cube units); null (default): `noise`. */
  noiseRange: [number, number] | null;
  /** Per-item anisotropic scale, a factor per axis uniform in [lo, hi] (> 0), before the
   *  rotation and the renormalisation (TrainingSamplerOptions.scaleRange); null (default): none. */
  scaleRange: [number, number] | null;
  /** Rotation augmentation: every item in a uniformly random orientation, renormalised as
   *  `reconstruct` normalises a cloud (TrainingSamplerOptions.rotate). Default false. */
  rotate: boolean;
  /** Data-parallel worker threads. Default 2. */
  workers: number;
  /** Seed of initialisation, shuffles, input draws and the validation inputs. Default 0. */
  seed: number;
  /** Validate every this many steps (0: only at the end). Default 1000. */
  valEvery: number;
  /** Validation shapes (a fixed seeded subset of the split; 0 = no validation). Default 20. */
  valShapes: number;
  /** Uniform IoU points per validation shape (a fixed seeded subset). Default 20 000. */
  valPoints: number;
  /** Split the validation shapes come from. Default 'val'. */
  valSplit: Split;
  /** Write a checkpoint every this many minutes of training. Default 5. */
  checkpointMinutes: number;
  /** Write a step line to train-log.jsonl every this many steps. Default 1. */
  logEvery: number;
}

/** Defaults; `inputPoints` is filled from the model config by {@link validateTrainSettings}. */
export function defaultTrainSettings(inputPoints = 300): TrainSettings {
  return {
    batch: 16,
    steps: 100_000,
    lr: 1e-4,
    lrSchedule: { type: 'constant' },
    queries: 2048,
    inputPoints,
    inputPointsRange: null,
    inputPointsDistribution: DEFAULT_INPUT_POINTS_DISTRIBUTION,
    categoryRepeats: null,
    noise: 0.005,
    noiseRange: null,
    scaleRange: null,
    rotate: false,
    workers: 2,
    seed: 0,
    valEvery: 1000,
    valShapes: 20,
    valPoints: 20_000,
    valSplit: 'val',
    checkpointMinutes: 5,
    logEvery: 1,
  };
}

const KEYS = new Set(Object.keys(defaultTrainSettings()));

/**
 * Checks a (partial) `train` section and completes it with the defaults.
 * @param json the parsed section (undefined = all defaults).
 * @param inputPoints default for `inputPoints` (the model config's).
 * @param source where it came from, for messages.
 * @throws UsageError naming the bad field (also for unknown fields: a typo must not be ignored).
 */
export function validateTrainSettings(json: unknown, inputPoints: number, source = 'train config'): TrainSettings {
  const d = defaultTrainSettings(inputPoints);
  if (json === undefined) return d;
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new UsageError(`${source}: "train" must be a JSON object`);
  const o = json as Record<string, unknown>;
  for (const k of Object.keys(o))
    if (!KEYS.has(k)) throw new UsageError(`${source}: unknown train setting "${k}" (known: ${[...KEYS].join(', ')})`);
  const bad = (field: string, why: string): never => {
    throw new UsageError(`${source}: train.${field} ${why}`);
  };
  const int = (field: keyof TrainSettings, lo: number, hi = 2 ** 31 - 1): number => {
    const v = o[field] ?? d[field];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi)
      bad(field, `must be an integer in [${lo}, ${hi}], got ${JSON.stringify(v)}`);
    return v as number;
  };
  const bool = (field: keyof TrainSettings): boolean => {
    const v = o[field] ?? d[field];
    if (typeof v !== 'boolean') bad(field, `must be true or false, got ${JSON.stringify(v)}`);
    return v as boolean;
  };
  const num = (field: keyof TrainSettings, lo: number, loOpen: boolean): number => {
    const v = o[field] ?? d[field];
    if (typeof v !== 'number' || !Number.isFinite(v) || (loOpen ? v <= lo : v < lo))
      bad(field, `must be a finite number ${loOpen ? '>' : '≥'} ${lo}, got ${JSON.stringify(v)}`);
    return v as number;
  };
  // [lo, hi] pairs; null = off
  const pair = (field: keyof TrainSettings, ok: (v: unknown) => boolean, what: string): [number, number] | null => {
    const v = o[field] ?? d[field];
    if (v === null) return null;
    if (!Array.isArray(v) || v.length !== 2 || !ok(v[0]) || !ok(v[1]) || v[0] > v[1])
      bad(field, `must be null or [lo, hi] with lo ≤ hi, ${what}, got ${JSON.stringify(v)}`);
    return [(v as number[])[0], (v as number[])[1]];
  };
  const inputPointsRange = pair(
    'inputPointsRange',
    (v) => typeof v === 'number' && Number.isInteger(v) && v >= 16 && v <= 1 << 20,
    'integers in [16, 1048576]',
  );
  if (inputPointsRange) {
    // with a range, inputPoints is its min (the model's nominal size: the smallest it was trained on)
    if (o.inputPoints !== undefined && o.inputPoints !== inputPointsRange[0])
      bad(
        'inputPoints',
        `${JSON.stringify(o.inputPoints)} disagrees with train.inputPointsRange ${JSON.stringify(inputPointsRange)} (with a range, inputPoints is its min; leave it out)`,
      );
    d.inputPoints = inputPointsRange[0];
  }
  const distribution = (): InputPointsDistribution =>
    checkInputPointsDistribution(o.inputPointsDistribution ?? d.inputPointsDistribution, `${source}: train.inputPointsDistribution`);
  // {category: count}; the categories themselves are checked against the data by the sampler
  const repeats = (): Record<string, number> | null => {
    const v = o.categoryRepeats ?? d.categoryRepeats;
    if (v === null) return null;
    if (typeof v !== 'object' || Array.isArray(v))
      bad('categoryRepeats', `must be null or an object {category: count}, got ${JSON.stringify(v)}`);
    for (const [c, k] of Object.entries(v as Record<string, unknown>))
      if (!isCategoryRepeatCount(k))
        bad(`categoryRepeats["${c}"]`, `must be an integer in [1, ${MAX_CATEGORY_REPEATS}], got ${JSON.stringify(k)}`);
    return { ...(v as Record<string, number>) };
  };
  const noiseRange = pair('noiseRange', (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0, 'numbers ≥ 0');
  const scaleRange = pair('scaleRange', (v) => typeof v === 'number' && Number.isFinite(v) && v > 0, 'numbers > 0');
  const split = o.valSplit ?? d.valSplit;
  if (split !== 'train' && split !== 'val' && split !== 'test')
    bad('valSplit', `must be "train", "val" or "test", got ${JSON.stringify(split)}`);
  const s: TrainSettings = {
    batch: int('batch', 1, 4096),
    steps: int('steps', 0),
    lr: num('lr', 0, true),
    lrSchedule: validateSchedule(o.lrSchedule ?? d.lrSchedule, bad),
    queries: int('queries', 1, 1 << 20),
    inputPoints: int('inputPoints', 16, 1 << 20),
    inputPointsRange,
    inputPointsDistribution: distribution(),
    categoryRepeats: repeats(),
    noise: num('noise', 0, false),
    noiseRange,
    scaleRange,
    rotate: bool('rotate'),
    workers: int('workers', 1, 256),
    seed: int('seed', 0, 0xffffffff),
    valEvery: int('valEvery', 0),
    valShapes: int('valShapes', 0, 1 << 20),
    valPoints: int('valPoints', 1, 1 << 24),
    valSplit: split as Split,
    checkpointMinutes: num('checkpointMinutes', 0, true),
    logEvery: int('logEvery', 1),
  };
  return s;
}

function validateSchedule(v: unknown, bad: (field: string, why: string) => never): LrSchedule {
  if (v === 'constant') return { type: 'constant' };
  if (typeof v !== 'object' || v === null)
    bad('lrSchedule', `must be "constant" or an object {type: "constant" | "cosine" | "step", …}, got ${JSON.stringify(v)}`);
  const o = v as Record<string, unknown>;
  if (o.type === 'constant') return { type: 'constant' };
  if (o.type === 'cosine') {
    const minLr = o.minLr ?? 0;
    if (typeof minLr !== 'number' || !(minLr >= 0) || !Number.isFinite(minLr))
      bad('lrSchedule.minLr', `must be a number ≥ 0, got ${JSON.stringify(minLr)}`);
    return { type: 'cosine', minLr: minLr as number };
  }
  if (o.type === 'step') {
    const every = o.every,
      factor = o.factor;
    if (typeof every !== 'number' || !Number.isInteger(every) || every < 1)
      bad('lrSchedule.every', `must be an integer ≥ 1, got ${JSON.stringify(every)}`);
    if (typeof factor !== 'number' || !(factor > 0 && factor <= 1))
      bad('lrSchedule.factor', `must be a number in (0, 1], got ${JSON.stringify(factor)}`);
    return { type: 'step', every: every as number, factor: factor as number };
  }
  return bad('lrSchedule.type', `must be "constant", "cosine" or "step", got ${JSON.stringify(o.type)}`);
}

/**
 * Learning rate of optimiser step `step` (0-based: the step about to be taken).
 * @param s the settings (base `lr`, `lrSchedule`, total `steps`).
 */
export function learningRateAt(s: Pick<TrainSettings, 'lr' | 'lrSchedule' | 'steps'>, step: number): number {
  const sch = s.lrSchedule;
  switch (sch.type) {
    case 'constant':
      return s.lr;
    case 'cosine': {
      // Reaches minLr at the last step (steps − 1); steps past the end stay at minLr.
      const t = s.steps > 1 ? Math.min(1, step / (s.steps - 1)) : 1;
      return sch.minLr + (s.lr - sch.minLr) * 0.5 * (1 + Math.cos(Math.PI * t));
    }
    case 'step':
      return s.lr * Math.pow(sch.factor, Math.floor(step / sch.every));
  }
}
