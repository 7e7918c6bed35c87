/**
 * Hyper-parameters of the pcnn-occ model (docs/design.md §4; paper §III-B, §IV-A), stored as the
 * model directory's `config.json` beside `weights.safetensors`.
 *
 * Levels: X0 = the input cloud, X1..X3 = successive farthest-point samplings of sizes
 * `levelSizes` (each capped by the size of the level above, so any cloud of ≥ 16 points works),
 * or, with the optional `density` part, sizes that follow the input size N0
 * (`levelSizesFor`). σ_l = c_l / √N_l with c_l = `sigmaFactor` (one value for all four levels,
 * or four values).
 * Seven dual-restriction blocks of output widths `widths`; side outputs (Σ widths per query) →
 * FC(`hidden`) + ReLU → FC(2).
 */
import { UsageError } from '../../../errors.ts';

export interface PcnnOccConfig {
  format: 'pointocc-model';
  version: 1;
  method: 'pcnn-occ';
  /** Nominal input cloud size the model was trained with (default 300). Other sizes ≥ 16 work. */
  inputPoints: number;
  /** Sizes of the three coarser levels X1, X2, X3 (default [256, 128, 16]); non-increasing. */
  levelSizes: number[];
  /** Output channels of the 7 blocks B1..B7 (default [64, 128, 256, 256, 256, 128, 64]). */
  widths: number[];
  /** Width of the hidden classifier layer (default 256). */
  hidden: number;
  /** c in σ_l = c/√N_l (unit-cube units); one number, or one per level X0..X3 (default 0.5). */
  sigmaFactor: number | number[];
  /** Restriction cut-off radius in units of the level's σ (default 3; Infinity is not storable in JSON, use ≥ 6 for "exact"). */
  truncation: number;
  /** Decision threshold on P(inside) (default 0.5; choose on validation data). */
  threshold: number;
  /** Coordinate frame of inputs and queries: bounding box centred, longest side 1 (docs/design.md §2). */
  normalization: 'unit-cube';
  /** Free text: the dataset the weights were trained on. */
  trainedOn?: string;
  /**
   * Optional local branch (not in the paper; absent = off): per query, the offsets to its
   * `points` nearest input points (scaled by √N0, with their length) go through a shared MLP of
   * widths `widths` (ReLU) and are max-pooled; the result joins the side outputs. It sees the
   * exact positions of the nearest points, finer than the level-0 Gaussians (√2·σ0 ≈ 0.04 at
   * 300 points), which cannot resolve walls ≈ 0.02 thick (src/train/README.md).
   */
  local?: LocalBranchConfig;
  /**
   * Optional positional features of the query (not in the paper; absent = off): its xyz and
   * sin/cos at `frequencies` octaves (src/nn/models/pcnnOcc/positionalFeatures.ts) join the side outputs.
   */
  positional?: { frequencies: number };
  /**
   * Optional local-plane features of the query (not in the paper; absent = off): for each k in
   * `neighbours` (ascending, 3–64), distance to the plane fitted to its k nearest input points,
   * their spread along its normal and the distance to their centroid (src/nn/models/pcnnOcc/planeFeatures.ts).
   */
  plane?: { neighbours: number[] };
  /** Hidden layers of width `hidden` in the classifier (absent = 1, the paper's FC + ReLU + FC). */
  hiddenLayers?: number;
  /**
   * Optional density-scaled levels (absent = the fixed `levelSizes`; docs/design.md §10): the
   * sizes of X1..X3 follow the input size N0 (`levelSizesFor`), and inference feeds a cloud of up
   * to `maxPoints` points in one pass instead of averaging `inputPoints`-point subsets.
   */
  density?: DensityLevelsConfig;
  /**
   * Range [min, max] of input sizes the weights were trained on (each training item drew its N
   * log-uniformly in it; src/train/README.md); absent = [inputPoints, inputPoints]. Inference
   * warns below min/2.
   */
  trainPoints?: [number, number];
  /**
   * Test-time rotations K in [1, 64] that inference uses unless told otherwise (`reconstruct
   * --rotations`; absent = 1): the cloud is also read in K − 1 seeded random poses and the
   * probabilities averaged (cloudOccupancy.ts). Set only on weights trained in random poses, and
   * only after measuring it on validation (docs/design.md §11.8).
   */
  testRotations?: number;
}

/**
 * Level sizes as functions of the input size N0 (see `levelSizesFor`):
 * N_l = min(N_{l−1}, clamp(round(fractions[l−1]·N0), floors[l−1], caps[l−1])), l = 1..3.
 */
export interface DensityLevelsConfig {
  /** f_1..f_3, each in (0, 1], non-increasing (default [256, 128, 16]/300: N0 = 300 gives the paper's sizes). */
  fractions: number[];
  /** Smallest sizes of X1..X3 before the min with the level above (default [16, 16, 8]). */
  floors: number[];
  /** Largest sizes of X1..X3 (default [1048576, 1024, 32]: X1 uncapped, coarse levels capped; see DEFAULT_DENSITY). */
  caps: number[];
  /**
   * N_max: the most points one pass takes (default 10 000); inference cuts larger clouds into
   * random subsets of this size. Per-query cost does not grow with N (σ ∝ 1/√N), per-cloud cost
   * grows about linearly (bench/density.bench.ts → bench/results/density.json).
   */
  maxPoints: number;
  /**
   * The pass size P chosen on validation (optional; default `maxPoints`): clouds of up to P
   * points go in whole, larger ones as min(4, ⌈N/P⌉) averaged random subsets of
   * clamp(⌈N/4⌉, P, maxPoints) points (src/recon/inputSubsets.ts `subsetSize`). Averaging
   * passes over disjoint subsets measured better than one pass of all points on noisy inputs
   * (scripts/choose-pass-size.ts). In [inputPoints, maxPoints].
   */
  passPoints?: number;
  /**
   * N_σ (optional; absent = none): the most input points the level widths follow. Above it the
   * levels still hold all N0 points (sizes from N0), but σ_l stays that of an N_σ-point cloud:
   * σ_l = c_l/√N_l(min(N0, N_σ)) (`levelSigmasFor`), so a dense cloud's kernels average more
   * points instead of shrinking below the noise. Each kernel then holds about N0/N_σ times the
   * points, so the per-query and per-cloud costs grow by about that factor above N_σ. Compared
   * on validation by scripts/choose-pass-size.ts `--sigma-points`; a model not trained with it
   * reconstructed worse with it (docs/design.md §10), so the shipped model has none. In
   * [inputPoints, maxPoints].
   */
  sigmaPoints?: number;
}

/** See `PcnnOccConfig.local`. */
export interface LocalBranchConfig {
  /** Nearest input points per query, 1–16 (the smallest accepted cloud has 16). */
  points: number;
  /** Output widths of the shared MLP's layers (1–4 layers, each 1–1024). */
  widths: number[];
}

/** Number of dual-restriction blocks. */
export const PCNN_OCC_BLOCKS = 7;
/** Smallest input cloud the model accepts (the coarsest level needs points to sample). */
export const MIN_INPUT_POINTS = 16;

/** Largest integer a size field accepts (also "no cap" for `DensityLevelsConfig.caps`). */
export const MAX_POINTS_LIMIT = 1 << 20;

/**
 * Default density levels. The fractions reproduce the paper's [256, 128, 16] at N0 = 300, so at
 * the trained size the network is the one the paper describes. The fine levels X0, X1 follow the
 * density uncapped: they resolve detail (thin walls: σ0 ≈ 0.029 at 300 points is wider than a
 * wall 0.02 thick, σ0 ≈ 0.009 at 3000 points is not). The coarse levels are capped because their
 * job is context, not detail: a query sees a level's kernels within about 5–6.5σ_l (kernel
 * offsets ±2σ plus the 3σ cut-off), and σ_l = c/√N_l would shrink that reach with N —
 * uncapped, X3 at N0 = 10 000 (533 points, σ3 ≈ 0.022) would reach ≈ 0.13 instead of the
 * ≈ 0.7 (the whole unit cube) it reaches with 16 points, and deep-inside or far-outside queries
 * would lose their inside/outside evidence. X3 ≤ 32 keeps σ3 ≥ 0.088 (reach ≥ 0.44, most of the
 * cube from any surface point); X2 ≤ 1024 keeps σ2 ≥ 0.016 (reach ≥ 0.08, about the depth of a
 * thick part) while following the density up to N0 = 2400, most of a [300, 3000] training range.
 * Floors [16, 16, 8]: a 16-point cloud (MIN_INPUT_POINTS) still has all four levels, with a
 * coarsest level of 8 (σ3 ≈ 0.18) rather than the legacy 16 = all of X2.
 */
export const DEFAULT_DENSITY: Readonly<DensityLevelsConfig> = Object.freeze({
  fractions: [256 / 300, 128 / 300, 16 / 300],
  floors: [16, 16, 8],
  caps: [MAX_POINTS_LIMIT, 1024, 32],
  maxPoints: 10_000,
});

/** The paper's sizes (input 300 points; 256/128/16; widths 64…64; hidden 256; c = 0.5; 3σ). */
export function defaultPcnnOccConfig(): PcnnOccConfig {
  return {
    format: 'pointocc-model',
    version: 1,
    method: 'pcnn-occ',
    inputPoints: 300,
    levelSizes: [256, 128, 16],
    widths: [64, 128, 256, 256, 256, 128, 64],
    hidden: 256,
    sigmaFactor: 0.5,
    truncation: 3,
    threshold: 0.5,
    normalization: 'unit-cube',
  };
}

/**
 * A smaller model sized for training on 2 CPU cores (widths halved, hidden 128); measured in
 * bench/nn.bench.ts (`model` field of bench/results/nn.json) against the paper's sizes.
 */
export function cpuPcnnOccConfig(): PcnnOccConfig {
  return { ...defaultPcnnOccConfig(), widths: [32, 64, 128, 128, 128, 64, 32], hidden: 128 };
}

/**
 * Sizes N0..N3 of the four levels for an input of `n0` points: with `density`,
 * N_l = min(N_{l−1}, clamp(round(f_l·N0), floor_l, cap_l)); without, N_l = min(levelSizes[l−1], N_{l−1}).
 * @param config the model config (only `levelSizes` and `density` are read).
 * @param n0 input points, ≥ 1.
 */
export function levelSizesFor(config: Pick<PcnnOccConfig, 'levelSizes' | 'density'>, n0: number): number[] {
  const sizes = [n0];
  const d = config.density;
  for (let l = 1; l < 4; l++) {
    const target = d ? Math.min(d.caps[l - 1], Math.max(d.floors[l - 1], Math.round(d.fractions[l - 1] * n0))) : config.levelSizes[l - 1];
    sizes.push(Math.min(target, sizes[l - 1]));
  }
  return sizes;
}

/**
 * Widths σ0..σ3 of the four levels for an input of `n0` points: σ_l = c_l/√N_l, where N_l are
 * the level sizes (`levelSizesFor`) of min(n0, `density.sigmaPoints`) points — of n0 itself when
 * the model has no `sigmaPoints` (or no `density`).
 * @param config the model config (`sigmaFactor`, `levelSizes`, `density`).
 * @param n0 input points, ≥ 1.
 */
export function levelSigmasFor(config: Pick<PcnnOccConfig, 'sigmaFactor' | 'levelSizes' | 'density'>, n0: number): number[] {
  const cap = config.density?.sigmaPoints;
  const sizes = levelSizesFor(config, cap !== undefined ? Math.min(n0, cap) : n0);
  return sizes.map((n, l) => sigmaFactorOf(config, l) / Math.sqrt(n));
}

/** The range of input sizes a model was trained on: `trainPoints`, else [inputPoints, inputPoints]. */
export function trainPointsOf(config: Pick<PcnnOccConfig, 'inputPoints' | 'trainPoints'>): [number, number] {
  return config.trainPoints ? [config.trainPoints[0], config.trainPoints[1]] : [config.inputPoints, config.inputPoints];
}

/** σ factor c_l of level l (0 = input cloud … 3 = coarsest). */
export function sigmaFactorOf(config: Pick<PcnnOccConfig, 'sigmaFactor'>, level: number): number {
  const s = config.sigmaFactor;
  return typeof s === 'number' ? s : s[level];
}

/**
 * Check a parsed `config.json` (or a partial object: missing fields take the defaults of
 * `defaultPcnnOccConfig()`, except `format`/`method`, which must match when present) and return
 * a complete config. Throws UsageError naming the bad field.
 * @param json the parsed JSON value. @param source where it came from, for messages.
 */
export function validateConfig(json: unknown, source = 'model config'): PcnnOccConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new UsageError(`${source}: expected a JSON object`);
  const o = json as Record<string, unknown>;
  const d = defaultPcnnOccConfig();
  const bad = (field: string, why: string): never => { throw new UsageError(`${source}: ${field} ${why}`); };
  if (o.format !== undefined && o.format !== 'pointocc-model') bad('format', `must be "pointocc-model", got ${JSON.stringify(o.format)}`);
  if (o.method !== undefined && o.method !== 'pcnn-occ') bad('method', `must be "pcnn-occ", got ${JSON.stringify(o.method)} (another model type?)`);
  if (o.version !== undefined && o.version !== 1) bad('version', `${JSON.stringify(o.version)} is not supported (this build reads version 1)`);
  if (o.normalization !== undefined && o.normalization !== 'unit-cube') bad('normalization', `must be "unit-cube", got ${JSON.stringify(o.normalization)}`);
  const int = (field: string, v: unknown, lo: number, hi = 1 << 20): number => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) bad(field, `must be an integer in [${lo}, ${hi}], got ${JSON.stringify(v)}`);
    return v as number;
  };
  const pos = (field: string, v: unknown): number => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) bad(field, `must be a finite number > 0, got ${JSON.stringify(v)}`);
    return v as number;
  };
  const inputPoints = int('inputPoints', o.inputPoints ?? d.inputPoints, MIN_INPUT_POINTS);
  const ls = o.levelSizes ?? d.levelSizes;
  if (!Array.isArray(ls) || ls.length !== 3) bad('levelSizes', `must be an array of 3 integers (sizes of X1, X2, X3), got ${JSON.stringify(ls)}`);
  const levelSizes = (ls as unknown[]).map((v, i) => int(`levelSizes[${i}]`, v, 1));
  for (let i = 1; i < 3; i++) if (levelSizes[i] > levelSizes[i - 1]) bad('levelSizes', `must be non-increasing, got ${JSON.stringify(levelSizes)}`);
  const ws = o.widths ?? d.widths;
  if (!Array.isArray(ws) || ws.length !== PCNN_OCC_BLOCKS) bad('widths', `must be an array of ${PCNN_OCC_BLOCKS} integers (blocks B1..B7), got ${JSON.stringify(ws)}`);
  const widths = (ws as unknown[]).map((v, i) => int(`widths[${i}]`, v, 1, 4096));
  const hidden = int('hidden', o.hidden ?? d.hidden, 1, 8192);
  const sf = o.sigmaFactor ?? d.sigmaFactor;
  let sigmaFactor: number | number[];
  if (Array.isArray(sf)) {
    if (sf.length !== 4) bad('sigmaFactor', `must be a number or an array of 4 (levels X0..X3), got ${JSON.stringify(sf)}`);
    sigmaFactor = sf.map((v, i) => pos(`sigmaFactor[${i}]`, v));
  } else sigmaFactor = pos('sigmaFactor', sf);
  const truncation = pos('truncation', o.truncation ?? d.truncation);
  const th = o.threshold ?? d.threshold;
  if (typeof th !== 'number' || !(th > 0 && th < 1)) bad('threshold', `must be a number in (0, 1), got ${JSON.stringify(th)}`);
  const cfg: PcnnOccConfig = {
    format: 'pointocc-model', version: 1, method: 'pcnn-occ',
    inputPoints, levelSizes, widths, hidden, sigmaFactor, truncation, threshold: th as number, normalization: 'unit-cube',
  };
  if (o.trainedOn !== undefined) {
    if (typeof o.trainedOn !== 'string') bad('trainedOn', 'must be a string');
    cfg.trainedOn = o.trainedOn as string;
  }
  // optional parts: absent or null = off; otherwise an object whose fields are checked below
  const part = (field: string, shape: string): Record<string, unknown> | null => {
    const v = o[field];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'object' || Array.isArray(v)) bad(field, `must be an object ${shape}, got ${JSON.stringify(v)}`);
    return v as Record<string, unknown>;
  };
  const intList = (field: string, v: unknown, lo: number, hi: number): number[] => {
    if (!Array.isArray(v) || v.length < 1 || v.length > 4) bad(field, `must be an array of 1 to 4 integers, got ${JSON.stringify(v)}`);
    return (v as unknown[]).map((x, i) => int(`${field}[${i}]`, x, lo, hi));
  };
  const local = part('local', '{points, widths}');
  if (local) cfg.local = { points: int('local.points', local.points, 1, MIN_INPUT_POINTS), widths: intList('local.widths', local.widths, 1, 1024) };
  const positional = part('positional', '{frequencies}');
  if (positional) cfg.positional = { frequencies: int('positional.frequencies', positional.frequencies, 0, 12) };
  const plane = part('plane', '{neighbours}');
  if (plane) {
    const ks = intList('plane.neighbours', plane.neighbours, 3, 64);
    for (let i = 1; i < ks.length; i++) if (ks[i] <= ks[i - 1]) bad('plane.neighbours', `must be increasing, got ${JSON.stringify(ks)}`);
    cfg.plane = { neighbours: ks };
  }
  if (o.hiddenLayers !== undefined && o.hiddenLayers !== 1) cfg.hiddenLayers = int('hiddenLayers', o.hiddenLayers, 1, 4);
  const density = part('density', '{fractions, floors, caps, maxPoints, passPoints, sigmaPoints} (each optional)');
  if (density) cfg.density = validateDensity(density, inputPoints, bad, int);
  if (o.trainPoints !== undefined && o.trainPoints !== null) {
    const tp = o.trainPoints;
    if (!Array.isArray(tp) || tp.length !== 2) bad('trainPoints', `must be [min, max] (input sizes trained on), got ${JSON.stringify(tp)}`);
    const [lo, hi] = (tp as unknown[]).map((v, i) => int(`trainPoints[${i}]`, v, MIN_INPUT_POINTS, MAX_POINTS_LIMIT));
    if (lo > hi) bad('trainPoints', `must have min ≤ max, got ${JSON.stringify(tp)}`);
    if (inputPoints < lo || inputPoints > hi) bad('inputPoints', `${inputPoints} must lie within trainPoints [${lo}, ${hi}]`);
    cfg.trainPoints = [lo, hi];
  }
  if (o.testRotations !== undefined && o.testRotations !== null) cfg.testRotations = int('testRotations', o.testRotations, 1, 64);
  return cfg;
}

/** Checks the `density` part (missing fields take DEFAULT_DENSITY's). */
function validateDensity(
  o: Record<string, unknown>, inputPoints: number, bad: (field: string, why: string) => never,
  int: (field: string, v: unknown, lo: number, hi?: number) => number,
): DensityLevelsConfig {
  const known = ['fractions', 'floors', 'caps', 'maxPoints', 'passPoints', 'sigmaPoints'];
  for (const k of Object.keys(o)) if (!known.includes(k)) bad(`density.${k}`, `is not a density field (known: ${known.join(', ')})`);
  const d = DEFAULT_DENSITY;
  const triple = (field: string, v: unknown, what: string): unknown[] => {
    if (!Array.isArray(v) || v.length !== 3) bad(`density.${field}`, `must be an array of 3 ${what} (levels X1, X2, X3), got ${JSON.stringify(v)}`);
    return v as unknown[];
  };
  const fractions = triple('fractions', o.fractions ?? d.fractions, 'numbers in (0, 1]').map((v, i) => {
    if (typeof v !== 'number' || !(v > 0 && v <= 1)) bad(`density.fractions[${i}]`, `must be a number in (0, 1], got ${JSON.stringify(v)}`);
    return v as number;
  });
  for (let i = 1; i < 3; i++) if (fractions[i] > fractions[i - 1]) bad('density.fractions', `must be non-increasing (coarser levels hold fewer points), got ${JSON.stringify(fractions)}`);
  const floors = triple('floors', o.floors ?? d.floors, 'integers').map((v, i) => int(`density.floors[${i}]`, v, 1, MAX_POINTS_LIMIT));
  const caps = triple('caps', o.caps ?? d.caps, 'integers').map((v, i) => int(`density.caps[${i}]`, v, 1, MAX_POINTS_LIMIT));
  for (let i = 0; i < 3; i++) if (floors[i] > caps[i]) bad('density', `floor ${floors[i]} of X${i + 1} exceeds its cap ${caps[i]}`);
  const maxPoints = int('density.maxPoints', o.maxPoints ?? d.maxPoints, MIN_INPUT_POINTS, MAX_POINTS_LIMIT);
  if (maxPoints < inputPoints) bad('density.maxPoints', `${maxPoints} is below inputPoints ${inputPoints} (one pass must take at least the nominal input)`);
  const out: DensityLevelsConfig = { fractions, floors, caps, maxPoints };
  if (o.passPoints !== undefined) out.passPoints = int('density.passPoints', o.passPoints, inputPoints, maxPoints);
  if (o.sigmaPoints !== undefined) out.sigmaPoints = int('density.sigmaPoints', o.sigmaPoints, inputPoints, maxPoints);
  return out;
}
