import { Random } from '../geometry/Random.ts';
import { UsageError } from '../errors.ts';
import { drawTrainingItem } from './drawTrainingItem.ts';
import { deriveSeed } from './shapeSeed.ts';
import { shapeKey, type ShapeDataset, type ShapeRef, type ShapeSample, type Split } from './ShapeDataset.ts';

/** Options of {@link TrainingSampler}. Distances in unit-cube units (docs/design.md §2). */
export interface TrainingSamplerOptions {
  /** Split to draw from. Default 'train'. */
  split?: Split;
  /** Input points per item, drawn from the shape's surface samples (paper: 300). Default 300. */
  inputPoints?: number;
  /**
   * Per-item input size: each item draws its N log-uniformly in [min, max] (integers ≥ 1), so
   * every octave of density gets the same share of items (median ≈ √(min·max)). Null, absent or
   * min = max: every item has `inputPoints` (min = max: that value). A shape with fewer surface
   * samples S than N gives duplicates (drawn with replacement; see `warn`).
   */
  inputPointsRange?: readonly [number, number] | null;
  /** How N is drawn in `inputPointsRange`: `log-uniform` (default; every octave the same share
   *  of items) or `uniform` (every N the same share: more items at the dense end, e.g. to
   *  train one pass at high N without starving the sparse end). */
  inputPointsDistribution?: InputPointsDistribution;
  /** Std of the Gaussian noise added to each input coordinate, re-drawn for every item
   *  (docs/design.md §2: 0.005). Default 0.005; ≥ 0. */
  noiseStd?: number;
  /** Per-item noise std, uniform in [lo, hi] (≥ 0, unit-cube units); null, absent or lo = hi:
   *  `noiseStd` (lo = hi: that value). */
  noiseRange?: readonly [number, number] | null;
  /**
   * Anisotropic scale augmentation: each item's shape (surface samples and queries) is scaled by
   * three factors, one per axis, each uniform in [lo, hi] (> 0), about the origin; then the
   * noise is added, the optional rotation applied, and inputs and queries renormalised by the
   * noisy input's bounding box (centre 0, longest side 1), as with `rotate`. A linear map keeps
   * inside inside, so the labels stay exact. Null/absent: no scaling (and, without `rotate`, no
   * renormalisation).
   */
  scaleRange?: readonly [number, number] | null;
  /**
   * Rotation augmentation: each item's inputs and queries are rotated by a rotation uniform on
   * SO(3) about the origin (the normalised shape's centre), then both are renormalised by the
   * rotated noisy input's bounding box (centre 0, longest side 1) — what `reconstruct` does to a
   * cloud in any pose — so the model learns every orientation. Labels are unchanged (a rigid
   * motion and a uniform scale keep inside inside). Default false.
   */
  rotate?: boolean;
  /**
   * Per-category repeats: every shape of category c appears `categoryRepeats[c]` times in each
   * epoch's shuffled order (an integer in [1, 100]; absent categories once). It weights the
   * families a model is weakest on without changing the data; each appearance is its own item
   * (own input draw, noise, pose). Null or absent: every shape once.
   * @throws UsageError (constructor) for a category with no shapes in the split or a bad count.
   */
  categoryRepeats?: Readonly<Record<string, number>> | null;
  /** Labelled queries per item, drawn from the shape's query set (ONet's points_subsample).
   *  Default 2048. */
  queries?: number;
  /** Items per batch. Default 16. */
  batchSize?: number;
  /** Seed of the shuffles and of every item's draws. Default 0. */
  seed?: number;
  /** Shuffle the shapes every epoch (otherwise dataset order). Default true. */
  shuffle?: boolean;
  /** Skip the last, smaller batch of an epoch. Default false. */
  dropLast?: boolean;
  /** Memory budget of the loaded-shape cache in bytes (least recently used shapes are dropped
   *  beyond it). Default 2 GiB: a few thousand shapes of 2048 + 8192 points take ~0.4 GiB. */
  cacheBytes?: number;
  /** Called once, the first time a loaded shape holds fewer surface samples than the largest
   *  input size an item may draw (its inputs then repeat points). Default: silent. */
  warn?: (message: string) => void;
}

/** A batch of training items, flat arrays item after item. */
export interface TrainingBatch {
  /** Items in this batch (≤ batchSize). */
  size: number;
  /** Input points per item when every item has the same number (P; the fixed-N layout), 0 when
   *  each item drew its own (`inputPointsRange`): then see `inputOffsets`. */
  inputPoints: number;
  /** Item b's input points are points inputOffsets[b] … inputOffsets[b+1] − 1 of `inputs`
   *  (length size + 1; b·P in the fixed-N layout). */
  inputOffsets: Int32Array;
  /** Queries per item (Q). */
  queries: number;
  /** Noisy input points, Σ_b N_b·3 floats (B·P·3 in the fixed-N layout). */
  inputs: Float32Array;
  /** Query points, B·Q·3 floats. */
  queryPoints: Float32Array;
  /** Query labels, 1 = inside, B·Q bytes. */
  occupancies: Uint8Array;
  /** The shape of each item. */
  refs: ShapeRef[];
  /** Epoch (from 0) and the position of the batch's first item in that epoch's order. */
  epoch: number;
  cursor: number;
}

/** Everything needed to continue a sampler exactly where it was (JSON-serialisable). */
export interface TrainingSamplerState {
  version: 1;
  seed: number;
  /** Number of shapes in the split, to catch a resume on different data. */
  shapes: number;
  epoch: number;
  /** Items of the current epoch already handed out. */
  cursor: number;
}

/** The arrays training needs of a shape (what the cache keeps). */
interface TrainingArrays {
  surface: Float32Array;
  queries: Float32Array;
  occupancies: Uint8Array;
  bytes: number;
}

/**
 * Turns a {@link ShapeDataset} into reproducible training batches (docs/design.md §3): per item, a
 * random subset of `inputPoints` surface points plus fresh Gaussian noise, and a random subset
 * of `queries` labelled query points; optionally per item its own input size, noise std and
 * per-axis scale (`inputPointsRange`, `noiseRange`, `scaleRange`) and a rotation. Shapes are
 * shuffled per epoch.
 *
 * Reproducibility: the order of epoch e is a shuffle by `Random(deriveSeed(seed, "epoch:e"))`
 * and the draws of the item at position i of epoch e come from
 * `Random(deriveSeed(seed, "item:e:i"))`, so the state is just (epoch, cursor) and a sampler
 * restored with {@link setState} produces the same batches as the original would have.
 */
export class TrainingSampler {
  readonly dataset: ShapeDataset;
  /** The shapes of one epoch, before the shuffle: each shape of the split once, or as often as
   *  `categoryRepeats` says (then consecutively). */
  readonly refs: readonly ShapeRef[];
  readonly inputPoints: number;
  /** [min, max] of the per-item input size, or null (every item `inputPoints`). */
  readonly inputPointsRange: readonly [number, number] | null;
  readonly inputPointsDistribution: InputPointsDistribution;
  readonly noiseStd: number;
  /** [lo, hi] of the per-item noise std, or null (every item `noiseStd`). */
  readonly noiseRange: readonly [number, number] | null;
  /** [lo, hi] of the per-axis scale factors, or null (no scaling). */
  readonly scaleRange: readonly [number, number] | null;
  readonly rotate: boolean;
  readonly queries: number;
  readonly batchSize: number;
  readonly seed: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  private epoch = 0;
  private cursor = 0;
  private order: Uint32Array | null = null;
  private orderEpoch = -1;
  private readonly cache = new Map<string, Promise<TrainingArrays>>();
  private readonly cacheBytes: number;
  private cachedBytes = 0;
  private readonly sizes = new Map<string, number>();
  private warn: ((message: string) => void) | null;

  /**
   * @throws UsageError for option values out of range or an empty split.
   */
  constructor(dataset: ShapeDataset, options: TrainingSamplerOptions = {}) {
    this.dataset = dataset;
    const split = options.split ?? 'train';
    this.refs = repeatCategories(dataset.shapes(split), options.categoryRepeats ?? null, split);
    this.inputPoints = options.inputPoints ?? 300;
    this.noiseStd = options.noiseStd ?? 0.005;
    const range = (
      name: string,
      r: readonly [number, number] | null | undefined,
      ok: (v: number) => boolean,
      what: string,
    ): readonly [number, number] | null => {
      if (r === undefined || r === null) return null;
      if (!Array.isArray(r) || r.length !== 2 || !ok(r[0]) || !ok(r[1]) || r[0] > r[1])
        throw new UsageError(`${name} must be [lo, hi] with lo ≤ hi, ${what}, got ${JSON.stringify(r)}`);
      return [r[0], r[1]];
    };
    this.inputPointsRange = range('inputPointsRange', options.inputPointsRange, (v) => Number.isInteger(v) && v >= 1, 'positive integers');
    this.inputPointsDistribution = checkInputPointsDistribution(options.inputPointsDistribution ?? DEFAULT_INPUT_POINTS_DISTRIBUTION);
    this.noiseRange = range('noiseRange', options.noiseRange, (v) => Number.isFinite(v) && v >= 0, 'numbers ≥ 0');
    this.scaleRange = range('scaleRange', options.scaleRange, (v) => Number.isFinite(v) && v > 0, 'numbers > 0');
    this.warn = options.warn ?? null;
    this.rotate = options.rotate ?? false;
    this.queries = options.queries ?? 2048;
    this.batchSize = options.batchSize ?? 16;
    this.seed = options.seed ?? 0;
    this.shuffle = options.shuffle ?? true;
    this.dropLast = options.dropLast ?? false;
    this.cacheBytes = options.cacheBytes ?? 2 * 1024 ** 3;
    for (const [k, v] of [
      ['inputPoints', this.inputPoints],
      ['queries', this.queries],
      ['batchSize', this.batchSize],
    ] as const) {
      if (!Number.isInteger(v) || v < 1) throw new UsageError(`${k} must be a positive integer, got ${v}`);
    }
    if (!(this.noiseStd >= 0) || !Number.isFinite(this.noiseStd)) throw new UsageError(`noiseStd must be ≥ 0, got ${this.noiseStd}`);
    if (!Number.isInteger(this.seed) || this.seed < 0 || this.seed > 0xffffffff)
      throw new UsageError(`seed must be an integer in [0, 2^32), got ${this.seed}`);
    if (this.refs.length === 0) throw new UsageError(`the dataset has no shapes in split '${split}'`);
    if (this.dropLast && this.refs.length < this.batchSize)
      throw new UsageError(`dropLast with batchSize ${this.batchSize} > ${this.refs.length} shapes would give no batches`);
  }

  /** Batches per epoch. */
  get batchesPerEpoch(): number {
    const n = this.refs.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** Current position, to save with a checkpoint. */
  state(): TrainingSamplerState {
    return { version: 1, seed: this.seed, shapes: this.refs.length, epoch: this.epoch, cursor: this.cursor };
  }

  /**
   * Continues from a saved position.
   * @throws UsageError when the state is from another seed or another number of shapes.
   */
  setState(s: TrainingSamplerState): void {
    if (s.version !== 1) throw new UsageError(`unknown sampler state version ${String(s.version)}`);
    if (s.seed !== this.seed) throw new UsageError(`sampler state has seed ${s.seed}, this sampler ${this.seed}`);
    if (s.shapes !== this.refs.length) throw new UsageError(`sampler state is for ${s.shapes} shapes, this split has ${this.refs.length}`);
    if (!Number.isInteger(s.epoch) || s.epoch < 0 || !Number.isInteger(s.cursor) || s.cursor < 0 || s.cursor > this.refs.length) {
      throw new UsageError(`invalid sampler state (epoch ${s.epoch}, cursor ${s.cursor})`);
    }
    this.epoch = s.epoch;
    this.cursor = s.cursor;
  }

  /** Shape indices of an epoch, in the order they are handed out. */
  epochOrder(epoch: number): Uint32Array {
    if (this.orderEpoch !== epoch || !this.order) {
      const o = new Uint32Array(this.refs.length);
      for (let i = 0; i < o.length; i++) o[i] = i;
      if (this.shuffle) new Random(deriveSeed(this.seed, `epoch:${epoch}`)).shuffle(o);
      this.order = o;
      this.orderEpoch = epoch;
    }
    return this.order;
  }

  /** The next batch; moves to the next epoch when the current one is used up. */
  async nextBatch(): Promise<TrainingBatch> {
    const n = this.refs.length;
    if (this.cursor >= n || (this.dropLast && this.cursor + this.batchSize > n)) {
      this.epoch++;
      this.cursor = 0;
    }
    const epoch = this.epoch;
    const start = this.cursor;
    const size = Math.min(this.batchSize, n - start);
    const order = this.epochOrder(epoch);
    const refs = Array.from(order.subarray(start, start + size), (i) => this.refs[i]);
    this.cursor = start + size;
    const arrays = await Promise.all(refs.map((r) => this.arrays(r)));
    const Q = this.queries;
    // Each item's draws come from its own generator: first its augmentation parameters (only
    // those whose range is not a single value, so a sampler without them draws exactly as
    // before), then drawTrainingItem's.
    const rngs = refs.map((_, b) => new Random(deriveSeed(this.seed, `item:${epoch}:${start + b}`)));
    const params = rngs.map((rng) => this.drawItemParams(rng));
    const offsets = new Int32Array(size + 1);
    for (let b = 0; b < size; b++) offsets[b + 1] = offsets[b] + params[b].points;
    const variable = this.inputPointsRange !== null && this.inputPointsRange[0] < this.inputPointsRange[1];
    const batch: TrainingBatch = {
      size,
      inputPoints: variable ? 0 : this.fixedPoints(),
      inputOffsets: offsets,
      queries: Q,
      inputs: new Float32Array(offsets[size] * 3),
      queryPoints: new Float32Array(size * Q * 3),
      occupancies: new Uint8Array(size * Q),
      refs,
      epoch,
      cursor: start,
    };
    for (let b = 0; b < size; b++) {
      const p = params[b];
      drawTrainingItem(
        arrays[b],
        rngs[b],
        p.points,
        p.noiseStd,
        Q,
        batch.inputs.subarray(offsets[b] * 3, offsets[b + 1] * 3),
        batch.queryPoints.subarray(b * Q * 3, (b + 1) * Q * 3),
        batch.occupancies.subarray(b * Q, (b + 1) * Q),
        this.rotate,
        p.scale,
      );
    }
    return batch;
  }

  /** The input size of every item when it does not vary: `inputPoints`, or the range's single value. */
  private fixedPoints(): number {
    return this.inputPointsRange ? this.inputPointsRange[0] : this.inputPoints;
  }

  /** The largest input size an item may draw. */
  get maxInputPoints(): number {
    return this.inputPointsRange ? this.inputPointsRange[1] : this.inputPoints;
  }

  /**
   * An item's augmentation parameters, in this draw order: N (in inputPointsRange, by
   * inputPointsDistribution),
   * noise std (uniform in noiseRange), three scale factors (uniform in scaleRange, x, y, z);
   * a range of a single value draws nothing.
   */
  private drawItemParams(rng: Random): { points: number; noiseStd: number; scale: number[] | null } {
    const points = drawInputPoints(rng, this.inputPointsRange, this.inputPoints, this.inputPointsDistribution);
    const nr = this.noiseRange;
    const noiseStd = !nr ? this.noiseStd : nr[0] < nr[1] ? rng.uniform(nr[0], nr[1]) : nr[0];
    const sr = this.scaleRange;
    const scale = !sr ? null : [0, 1, 2].map(() => (sr[0] < sr[1] ? rng.uniform(sr[0], sr[1]) : sr[0]));
    return { points, noiseStd, scale };
  }

  /** Loads (or recalls) the training arrays of a shape, keeping the cache within budget. */
  private arrays(ref: ShapeRef): Promise<TrainingArrays> {
    const key = shapeKey(ref);
    const hit = this.cache.get(key);
    if (hit) {
      // Refresh its LRU position (Map keeps insertion order).
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const p = this.dataset.load(ref, { uniform: false, eval: false, normals: false }).then((s: ShapeSample) => {
      if (s.queryOccupancies.length * 3 !== s.queryPoints.length)
        throw new UsageError(`${key}: ${s.queryPoints.length / 3} query points but ${s.queryOccupancies.length} labels`);
      if (s.surfacePoints.length === 0 || s.queryPoints.length === 0) throw new UsageError(`${key}: no surface or query points`);
      const a: TrainingArrays = { surface: s.surfacePoints, queries: s.queryPoints, occupancies: s.queryOccupancies, bytes: 0 };
      const S = s.surfacePoints.length / 3,
        maxN = this.maxInputPoints;
      if (S < maxN && this.warn) {
        this.warn(
          `${key} holds ${S} surface samples, fewer than the ${maxN} input points an item may draw: such items repeat points (drawn with replacement); build the cache with \`pointocc data build --surface ${maxN}\` or more`,
        );
        this.warn = null;
      }
      a.bytes = a.surface.byteLength + a.queries.byteLength + a.occupancies.byteLength;
      if (this.cache.get(key) === p) {
        this.sizes.set(key, a.bytes);
        this.cachedBytes += a.bytes;
        this.evict();
      }
      return a;
    });
    p.catch(() => {
      if (this.cache.get(key) === p) this.cache.delete(key);
    });
    this.cache.set(key, p);
    return p;
  }

  private evict(): void {
    for (const key of this.cache.keys()) {
      if (this.cachedBytes <= this.cacheBytes) return;
      const b = this.sizes.get(key);
      if (b === undefined) continue; // still loading
      this.cache.delete(key);
      this.sizes.delete(key);
      this.cachedBytes -= b;
    }
  }

  /** Shapes currently held in memory and their total bytes. */
  cacheStats(): { shapes: number; bytes: number } {
    return { shapes: this.sizes.size, bytes: this.cachedBytes };
  }
}

/** Largest per-category repeat count (TrainingSamplerOptions.categoryRepeats). */
export const MAX_CATEGORY_REPEATS = 100;

/** Whether `k` is a valid per-category repeat count: an integer in [1, MAX_CATEGORY_REPEATS]. */
export function isCategoryRepeatCount(k: unknown): k is number {
  return typeof k === 'number' && Number.isInteger(k) && k >= 1 && k <= MAX_CATEGORY_REPEATS;
}

/**
 * The epoch's shape list with each shape of category c repeated `repeats[c]` times in place.
 * @throws UsageError for a category absent from `refs` (a typo must not be ignored) or a count
 *   that is not an integer in [1, MAX_CATEGORY_REPEATS].
 */
export function repeatCategories(refs: readonly ShapeRef[], repeats: Readonly<Record<string, number>> | null, split: Split): ShapeRef[] {
  if (repeats === null) return [...refs];
  if (typeof repeats !== 'object' || Array.isArray(repeats))
    throw new UsageError(`categoryRepeats must be an object {category: count}, got ${JSON.stringify(repeats)}`);
  const present = new Set(refs.map((r) => r.category));
  for (const [c, k] of Object.entries(repeats)) {
    if (!present.has(c)) throw new UsageError(`categoryRepeats names "${c}", which has no shapes in split '${split}'`);
    if (!isCategoryRepeatCount(k))
      throw new UsageError(`categoryRepeats["${c}"] must be an integer in [1, ${MAX_CATEGORY_REPEATS}], got ${JSON.stringify(k)}`);
  }
  const out: ShapeRef[] = [];
  for (const r of refs) for (let k = repeats[r.category] ?? 1; k > 0; k--) out.push(r);
  return out;
}

/** How a per-item input size may be drawn from its range (TrainingSamplerOptions). */
export const INPUT_POINTS_DISTRIBUTIONS = ['log-uniform', 'uniform'] as const;
export type InputPointsDistribution = (typeof INPUT_POINTS_DISTRIBUTIONS)[number];
/** Every octave of N the same share of items (the draw before the setting existed). */
export const DEFAULT_INPUT_POINTS_DISTRIBUTION: InputPointsDistribution = 'log-uniform';

/** @throws UsageError unless `d` is one of INPUT_POINTS_DISTRIBUTIONS. */
export function checkInputPointsDistribution(d: unknown, name = 'inputPointsDistribution'): InputPointsDistribution {
  if (!INPUT_POINTS_DISTRIBUTIONS.includes(d as InputPointsDistribution))
    throw new UsageError(
      `${name} must be ${INPUT_POINTS_DISTRIBUTIONS.map((v) => JSON.stringify(v)).join(' or ')}, got ${JSON.stringify(d)}`,
    );
  return d as InputPointsDistribution;
}

/**
 * An item's input size N (the sampler and the validation set draw it the same way): with a range
 * lo < hi, an integer in it, log-uniform or uniform (one draw of `rng`); a single-value range, lo;
 * no range, `fixed` (no draw either way, so such runs keep their random streams).
 */
export function drawInputPoints(
  rng: Random,
  range: readonly [number, number] | null | undefined,
  fixed: number,
  d: InputPointsDistribution,
): number {
  if (!range) return fixed;
  const [lo, hi] = range;
  if (lo >= hi) return lo;
  if (d === 'uniform') return Math.min(hi, Math.max(lo, Math.round(rng.uniform(lo, hi))));
  return logUniformInt(rng, lo, hi);
}

/**
 * An integer log-uniform in [lo, hi] (1 ≤ lo ≤ hi): round(exp(U(ln lo, ln hi))), clamped; one
 * uniform draw. Every factor of 2 in size is about equally likely, median ≈ √(lo·hi).
 */
export function logUniformInt(rng: Random, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.round(Math.exp(rng.uniform(Math.log(lo), Math.log(hi))))));
}
