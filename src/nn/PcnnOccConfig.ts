/**
 * Hyper-parameters of the pcnn-occ model (docs/design.md §4; paper §III-B, §IV-A), stored as the
 * model directory's `config.json` beside `weights.safetensors`.
 *
 * Levels: X0 = the input cloud, X1..X3 = successive farthest-point samplings of sizes
 * `levelSizes` (each capped by the size of the level above, so any cloud of ≥ 16 points works).
 * σ_l = c_l / √N_l with c_l = `sigmaFactor` (one value for all four levels, or four values).
 * Seven dual-restriction blocks of output widths `widths`; side outputs (Σ widths per query) →
 * FC(`hidden`) + ReLU → FC(2).
 */
import { UsageError } from '../io/errors.ts';

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
   * sin/cos at `frequencies` octaves (src/nn/positionalFeatures.ts) join the side outputs.
   */
  positional?: { frequencies: number };
  /**
   * Optional local-plane features of the query (not in the paper; absent = off): for each k in
   * `neighbours` (ascending, 3–64), distance to the plane fitted to its k nearest input points,
   * their spread along its normal and the distance to their centroid (src/nn/planeFeatures.ts).
   */
  plane?: { neighbours: number[] };
  /** Hidden layers of width `hidden` in the classifier (absent = 1, the paper's FC + ReLU + FC). */
  hiddenLayers?: number;
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

/** σ factor c_l of level l (0 = input cloud … 3 = coarsest). */
export function sigmaFactorOf(config: PcnnOccConfig, level: number): number {
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
  return cfg;
}
