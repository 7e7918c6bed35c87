/**
 * The pcnn-occ occupancy network (docs/design.md §4; paper §III-B): a PCNN point-convolution U-Net of
 * seven dual-restriction blocks whose per-query side outputs feed a two-layer classifier.
 *
 *   levels  X0 = input (N0 points), X1 = FPS(X0, 256), X2 = FPS(X1, 128), X3 = FPS(X2, 16),
 *           σ_l = c_l/√N_l; every FPS starts at the lexicographically smallest point, so the
 *           levels — and the whole network — do not depend on the order of the input points.
 *   B1..B4  conv on X0..X3 (F0 = ones), data flow max-pooled to the next level;
 *   B5..B7  Gaussian up-sampling to X2, X1, X0, conv, concat with the skip of the same level;
 *   every block: one field H = pcnnField(F, W, level), restricted to its own points (bias +
 *           ReLU → data flow) and to the queries (bias + ReLU → side output); the same H and the
 *           same bias serve both, so both gradients accumulate into them;
 *   head    concat(side outputs) → FC(hidden) + ReLU → FC(2) → logits [Q, 2] (0 = outside).
 *   optional (config `local`, `positional`, `plane`, `hiddenLayers`; not in the paper): extra
 *           per-query columns after the side outputs, and more hidden layers (see src/nn/README.md).
 *
 * B7's data flow (restriction to X0) feeds nothing and is skipped. Blocks on the same level share
 * restriction plans (B1/B7 on X0, B2/B6 on X1, B3/B5 on X2): a plan depends only on the level's
 * centres, σ and the targets.
 *
 * Two ways to run it:
 *  - training: `prepare(input, queries)` (per-cloud constants, in the current arena mark) then
 *    `forward(tape, prepared)`; backward through the tape;
 *  - inference: `prepareCloud(input)` computes everything that does not depend on the queries
 *    once (levels, data-flow plans, the fields H of all 7 blocks); `evaluate(cloud, queries)` then
 *    builds only the query restrictions and runs gathers + classifier per batch.
 */
import { type Engine, GEMM_RELU } from './Engine.ts';
import type { Tensor } from './Tensor.ts';
import { Tape } from './Tape.ts';
import { PcnnLevel, KERNEL_POINTS } from './PcnnLevel.ts';
import { SparsePlan } from './SparsePlan.ts';
import { buildRestrictionPlan, restrictionCsr, RestrictionGrid, RestrictionTargets, restrictionPlanOnGrid, restrictionRowsOnGrid } from './restrictionPlan.ts';
import { buildInterpolationPlan } from './interpolationPlan.ts';
import { pcnnField } from './pcnnField.ts';
import { sparseGather } from './sparseGather.ts';
import { biasAct } from './biasAct.ts';
import { linear } from './linear.ts';
import { reluLinear } from './reluLinear.ts';
import { concat } from './concat.ts';
import { maxPoolSegments } from './maxPool.ts';
import { coarsen } from './coarsen.ts';
import { CloudNeighbourhood } from './CloudNeighbourhood.ts';
import { localRows, localBranch, type LocalRows, LOCAL_FEATURES } from './localBranch.ts';
import { positionalFeatures, positionalWidth, writePositionalFeatures } from './positionalFeatures.ts';
import { planeFeatures, writePlaneFeatures, PLANE_FEATURES_PER_K } from './planeFeatures.ts';
import type { Random } from '../geometry/Random.ts';
import { type PcnnOccConfig, validateConfig, sigmaFactorOf, PCNN_OCC_BLOCKS, MIN_INPUT_POINTS } from './PcnnOccConfig.ts';

/** Level (0 = input … 3 = coarsest) each block convolves on. */
export const BLOCK_LEVEL: readonly number[] = [0, 1, 2, 3, 2, 1, 0];

/** The query-independent geometry of one cloud: the four levels and the pooling segments. */
export interface CloudLevels {
  /** xyz of the points of X0..X3 (X0 is a copy of the input). */
  points: Float32Array[];
  /** Sizes N0..N3. */
  sizes: number[];
  /** σ_0..σ_3 (unit-cube units). */
  sigmas: number[];
  /** segments[l]: for each point of level l, its nearest point of level l+1 (l = 0, 1, 2). */
  segments: Int32Array[];
}

/** Per-cloud constants of a training step (arena allocations under the caller's mark). */
export interface PreparedCloud {
  levels: CloudLevels;
  /** The PCNN constants (density, centres) of X0..X3. */
  pcnn: PcnnLevel[];
  /** Restriction of level l's field to its own points. */
  selfPlans: SparsePlan[];
  /** Restriction of level l's field to the queries. */
  queryPlans: SparsePlan[];
  /** Up-sampling X3→X2, X2→X1, X1→X0 (index 0, 1, 2). */
  upPlans: SparsePlan[];
  /** Number of queries. */
  nQueries: number;
  /** Input of the local branch (null when the model has none). */
  local: LocalRows | null;
  /** Positional features of the queries (null when the model has none). */
  positional: Tensor | null;
  /** Local-plane features of the queries (null when the model has none). */
  plane: Tensor | null;
}

/** The query-independent state of one cloud for inference (see `prepareCloud`). */
export interface CloudState {
  levels: CloudLevels;
  /** The 27·N_l kernel centres of each level (xyz; JS memory). */
  centres: Float32Array[];
  /** The fields H of blocks B1..B7 ([27·N_level, width]). */
  fields: Tensor[];
  /** Each level's centres bucketed for the query restrictions (null with no truncation). */
  grids: RestrictionGrid[] | null;
  /** The input cloud and its k-d tree for the local branch and the plane features (null when the model has neither). */
  hood: CloudNeighbourhood | null;
  /** Arena position before the cloud state; `releaseCloud` frees back to it. */
  mark: number;
}

/** Options of `prepare` / `prepareCloud`. */
export interface PrepareOptions {
  /**
   * When given, each FPS starts at a random point (training augmentation); default: the
   * lexicographically smallest point (deterministic, independent of the input order).
   */
  rng?: Random;
}

/**
 * Optional timing hooks (bench): forward milliseconds per named stage and, through markers
 * recorded on the tape, backward milliseconds per stage.
 */
export class PcnnOccProfile {
  readonly forwardMs = new Map<string, number>();
  readonly backwardMs = new Map<string, number>();
  /** When true, `forward` records the RMS of every block's data flow and side output. */
  recordActivations = false;
  /** RMS per `blockK.data` / `blockK.side` (after the ReLU; set when `recordActivations`). */
  readonly activationRms = new Map<string, number>();
  /** The activation tensors themselves (same keys; `blockK.side` before its ReLU, which the classifier applies; valid while the arena block lives). */
  readonly tensors = new Map<string, Tensor>();
  add(map: Map<string, number>, name: string, ms: number): void { map.set(name, (map.get(name) ?? 0) + ms); }
}

/** Queries evaluated per internal batch of `evaluate` (bounds the concat buffer: Q·Σwidths floats). */
const EVAL_CHUNK = 4096;

/** Sets of levels (4 bits) on which a query can have no centre in range. */
const EMPTY_LEVEL_SETS = 16;

/** For each set of empty levels, the set of blocks (7 bits) convolving on those levels. */
const BLOCKS_OF_LEVEL_SET: readonly number[] = Array.from({ length: EMPTY_LEVEL_SETS }, (_, m) =>
  BLOCK_LEVEL.reduce((bits, l, k) => ((m >> l) & 1 ? bits | (1 << k) : bits), 0));

export class PcnnOcc {
  readonly engine: Engine;
  readonly config: PcnnOccConfig;
  /** All parameters in checkpoint order: block1.W, block1.b, …, block7.b, fc1.W, fc1.b, fc2.W, fc2.b (then local*, hidden* when configured). */
  readonly params: Tensor[];
  /** Kernel weights [27, J_k, K_k] of blocks B1..B7. */
  readonly W: Tensor[] = [];
  /** Biases [K_k] of blocks B1..B7 (shared by both restrictions of the block). */
  readonly b: Tensor[] = [];
  readonly fc1W: Tensor; readonly fc1b: Tensor; readonly fc2W: Tensor; readonly fc2b: Tensor;
  /** [W, b] of each layer of the local branch's MLP (empty without one). */
  readonly localLayers: [Tensor, Tensor][] = [];
  /** [W, b] of the classifier's hidden layers after the first (empty for the paper's head). */
  readonly hiddenLayers: [Tensor, Tensor][] = [];
  /** Positional feature columns per query (0 without them). */
  readonly positionalWidth: number;
  /** Plane feature columns per query (0 without them). */
  readonly planeWidth: number;
  /** Groups of side-output columns: the 7 blocks, then the local branch, positional and plane features when present. */
  private readonly sideGroups: number;
  /** Input channels J_k of each block. */
  readonly inWidths: number[];
  /** Σ widths + the optional columns (local branch, positional, plane): features per query entering the classifier. */
  readonly sideWidth: number;
  /** Persistent concatenation of the 7 biases (inference applies them in one pass). */
  private readonly sideBias: number;
  /**
   * Persistent inference constants for queries with no centre in range on some levels (their
   * side outputs there are exactly relu(bias)): `blockBounds` (8 int32: the blocks' column
   * ranges in the side output), `hiddenBase` (16 rows × hidden: for each set of empty levels,
   * fc1.b + Σ over the blocks of those levels of relu(b_k) · fc1.W[rows of block k]).
   */
  private readonly blockBounds: number;
  private readonly hiddenBase: number;
  /** Persistent EVAL_CHUNK + 1 int32 0, 1, 2, … and EVAL_CHUNK float32 ones: a one-entry-per-row CSR (row copy by gather). */
  private readonly unitPtr: number;
  private readonly ones: number;

  /**
   * Allocates the parameters (persistent; no arena mark may be live). They are zero until
   * `initialize` or a load fills them.
   * @param engine the engine that holds parameters and all per-cloud tensors.
   * @param config model hyper-parameters (validated here).
   */
  constructor(engine: Engine, config: PcnnOccConfig) {
    this.engine = engine;
    this.config = validateConfig(config);
    const w = this.config.widths;
    this.inWidths = [1, w[0], w[1], w[2], w[3], w[4] + w[2], w[5] + w[1]];
    this.params = [];
    for (let k = 0; k < PCNN_OCC_BLOCKS; k++) {
      const Wk = engine.parameter([KERNEL_POINTS, this.inWidths[k], w[k]], `block${k + 1}.W`);
      const bk = engine.parameter([w[k]], `block${k + 1}.b`);
      this.W.push(Wk); this.b.push(bk);
      this.params.push(Wk, bk);
    }
    const lw = this.config.local?.widths ?? [];
    const localWidth = lw.length ? lw[lw.length - 1] : 0;
    this.positionalWidth = this.config.positional ? positionalWidth(this.config.positional.frequencies) : 0;
    this.planeWidth = this.config.plane ? PLANE_FEATURES_PER_K * this.config.plane.neighbours.length : 0;
    this.sideWidth = w.reduce((a, c) => a + c, 0) + localWidth + this.positionalWidth + this.planeWidth;
    const h = this.config.hidden;
    this.fc1W = engine.parameter([this.sideWidth, h], 'fc1.W');
    this.fc1b = engine.parameter([h], 'fc1.b');
    this.fc2W = engine.parameter([h, 2], 'fc2.W');
    this.fc2b = engine.parameter([2], 'fc2.b');
    this.params.push(this.fc1W, this.fc1b, this.fc2W, this.fc2b);
    // the optional parts' parameters come last (local branch, then hidden layers), so models
    // without them keep the original order
    lw.forEach((width, i) => {
      const Wl = engine.parameter([i === 0 ? LOCAL_FEATURES : lw[i - 1], width], `local${i + 1}.W`);
      const bl = engine.parameter([width], `local${i + 1}.b`);
      this.localLayers.push([Wl, bl]);
      this.params.push(Wl, bl);
    });
    for (let i = 2; i <= (this.config.hiddenLayers ?? 1); i++) {
      const Wh = engine.parameter([h, h], `hidden${i}.W`);
      const bh = engine.parameter([h], `hidden${i}.b`);
      this.hiddenLayers.push([Wh, bh]);
      this.params.push(Wh, bh);
    }
    const groupWidths = [...w, localWidth, this.positionalWidth, this.planeWidth].filter((x) => x > 0);
    this.sideGroups = groupWidths.length;
    this.sideBias = engine.allocPersistent(this.sideWidth * 4);
    this.blockBounds = engine.allocPersistent((this.sideGroups + 1) * 4);
    const bounds = engine.i32(this.blockBounds, this.sideGroups + 1);
    for (let g = 0; g < this.sideGroups; g++) bounds[g + 1] = bounds[g] + groupWidths[g];
    this.hiddenBase = engine.allocPersistent(EMPTY_LEVEL_SETS * h * 4);
    this.unitPtr = engine.allocPersistent((EVAL_CHUNK + 1) * 4);
    this.ones = engine.allocPersistent(EVAL_CHUNK * 4);
    engine.i32(this.unitPtr, EVAL_CHUNK + 1).forEach((_, i, a) => { a[i] = i; });
    engine.f32(this.ones, EVAL_CHUNK).fill(1);
  }

  /** Number of scalar parameters. */
  get parameterCount(): number { return this.params.reduce((a, p) => a + p.size, 0); }

  /**
   * Random initialisation (biases zero).
   *
   * Kernel weights: He-normal for the ReLU that follows, with the fan-in counted as the
   * *effective* number of inputs of one output: J channels × KERNEL_GAIN² kernel offsets. A
   * restricted output sums 27 offsets, each weighted by a density-normalised Gaussian mass
   * a_l = Σ_i exp(−|y − x_i − t_l|²/(4σ²))/d_i of about 2 at the centre offset and less at the
   * others; Σ_l a_l² ≈ KERNEL_GAIN² was measured on surface samples (see the constant), so the
   * pre-activation variance is ≈ 2·E[F²] per block: activations neither vanish nor explode
   * through the 7 blocks (measured per block in test/nn/PcnnOcc.test.ts). fc1: He-normal
   * (fan-in Σ widths); fc2: Glorot-normal.
   * @param rng seeded generator (src/geometry/Random.ts).
   */
  initialize(rng: Random): void {
    for (let k = 0; k < PCNN_OCC_BLOCKS; k++) {
      fillNormal(this.W[k].data, rng, Math.sqrt(2 / (this.inWidths[k] * KERNEL_GAIN2)));
      this.b[k].data.fill(0);
    }
    fillNormal(this.fc1W.data, rng, Math.sqrt(2 / this.sideWidth));
    this.fc1b.data.fill(0);
    fillNormal(this.fc2W.data, rng, Math.sqrt(2 / (this.config.hidden + 2)));
    this.fc2b.data.fill(0);
    for (const [Wl, bl] of [...this.localLayers, ...this.hiddenLayers]) { // He-normal for the ReLU that follows
      fillNormal(Wl.data, rng, Math.sqrt(2 / Wl.shape[0]));
      bl.data.fill(0);
    }
    this.engine.zeroGrad(this.params);
  }

  // ------------------------------------------------------------------------------ per cloud

  /**
   * The four levels of a cloud (FPS, σ, pooling segments): plain JS, no engine memory.
   * @param input xyz of the N0 ≥ 16 input points (normalised unit-cube frame).
   */
  levelsOf(input: Float32Array, opts: PrepareOptions = {}): CloudLevels {
    if (input.length % 3 !== 0) throw new RangeError('PcnnOcc: input length is not a multiple of 3');
    const n0 = input.length / 3;
    if (n0 < MIN_INPUT_POINTS) throw new RangeError(`PcnnOcc: the input cloud has ${n0} points; at least ${MIN_INPUT_POINTS} are needed`);
    const points: Float32Array[] = [Float32Array.from(input)];
    const sizes = [n0];
    const segments: Int32Array[] = [];
    for (let l = 1; l < 4; l++) {
      const fine = points[l - 1], nf = sizes[l - 1];
      const k = Math.min(this.config.levelSizes[l - 1], nf);
      const start = opts.rng ? opts.rng.int(nf) : lexMinIndex(fine, nf);
      const c = coarsen(fine, k, start);
      points.push(c.points); sizes.push(k); segments.push(c.segment);
    }
    const sigmas = sizes.map((n, l) => sigmaFactorOf(this.config, l) / Math.sqrt(n));
    return { points, sizes, sigmas, segments };
  }

  /**
   * Per-cloud constants of a training step, allocated in the engine's arena (call inside a mark;
   * released with it): levels, PCNN constants, the data-flow, query and up-sampling plans.
   * @param input xyz of the input cloud (N0 ≥ 16 points, unit-cube frame).
   * @param queries xyz of the Q query points (unit-cube frame).
   */
  prepare(input: Float32Array, queries: Float32Array, opts: PrepareOptions = {}): PreparedCloud {
    if (queries.length % 3 !== 0) throw new RangeError('PcnnOcc: queries length is not a multiple of 3');
    const e = this.engine, tr = this.config.truncation;
    const levels = this.levelsOf(input, opts);
    const pcnn = levels.points.map((p, l) => new PcnnLevel(e, p, levels.sigmas[l]));
    // Plans are built in WASM (restrictionPlan.ts): one centre grid (with the centres' Morton
    // order for the transposes) per level serves both of its plans, and the queries are copied
    // and Morton-ordered once for all four levels.
    const selfPlans: SparsePlan[] = [], queryPlans: SparsePlan[] = [];
    const queryTargets = Number.isFinite(tr) ? new RestrictionTargets(e, queries) : null;
    for (const lv of pcnn) {
      if (!queryTargets) { // no cut-off: the dense reference path
        selfPlans.push(buildRestrictionPlan(e, lv, lv.points, tr));
        queryPlans.push(buildRestrictionPlan(e, lv, queries, tr));
        continue;
      }
      const grid = new RestrictionGrid(e, lv.centres, lv.n * KERNEL_POINTS, lv.sigma, tr);
      selfPlans.push(restrictionPlanOnGrid(grid, new RestrictionTargets(e, lv.points)));
      queryPlans.push(restrictionPlanOnGrid(grid, queryTargets));
    }
    const upPlans = [2, 1, 0].map((l) => buildInterpolationPlan(e, levels.points[l + 1], levels.points[l], levels.sigmas[l + 1]));
    const { local: lc, plane: pc, positional: pos } = this.config;
    const hood = this.neighbourhoodOf(levels.points[0]);
    const local = lc && hood ? localRows(e, hood, queries, lc.points) : null;
    const positional = pos ? positionalFeatures(e, queries, pos.frequencies) : null;
    const plane = pc && hood ? planeFeatures(e, hood, queries, pc.neighbours) : null;
    return { levels, pcnn, selfPlans, queryPlans, upPlans, nQueries: queries.length / 3, local, positional, plane };
  }

  /**
   * Training forward pass: logits [Q, 2] (column 1 = inside).
   * @param tape recording tape (or a non-recording one for a plain forward).
   * @param p constants from `prepare` (same engine, arena still live).
   * @param profile optional timing collector (bench).
   */
  forward(tape: Tape, p: PreparedCloud, profile?: PcnnOccProfile): Tensor {
    const e = this.engine;
    const sides: Tensor[] = [];
    // Profiling markers: one closure recorded before a stage (runs after its backward) and one
    // after it (runs before its backward).
    let stageStart: { name: string; t: number; back: { t: number } } | null = null;
    const open = (name: string): void => {
      if (!profile) return;
      const back = { t: 0 };
      if (tape.recording) tape.record(() => { profile.add(profile.backwardMs, name, performance.now() - back.t); });
      stageStart = { name, t: performance.now(), back };
    };
    const close = (): void => {
      if (!profile || !stageStart) return;
      const s = stageStart;
      profile.add(profile.forwardMs, s.name, performance.now() - s.t);
      if (tape.recording) tape.record(() => { s.back.t = performance.now(); });
      stageStart = null;
    };

    const N = p.levels.sizes;
    const block = (k: number, F: Tensor, dataFlow: boolean): Tensor | null => {
      open(`block${k + 1}`);
      const l = BLOCK_LEVEL[k];
      const H = pcnnField(tape, F, this.W[k], p.pcnn[l]);
      const out = dataFlow ? biasAct(tape, sparseGather(tape, H, p.selfPlans[l]), this.b[k], true) : null;
      // side output before its ReLU: the classifier's reluLinear applies it on the nonzeros only
      sides.push(biasAct(tape, sparseGather(tape, H, p.queryPlans[l]), this.b[k], false));
      close();
      if (profile?.recordActivations) {
        if (out) profile.activationRms.set(`block${k + 1}.data`, rms(out.data));
        profile.activationRms.set(`block${k + 1}.side`, rms(sides[k].data.map((v) => Math.max(0, v))));
        profile.tensors.set(`block${k + 1}.side`, sides[k]);
        if (out) profile.tensors.set(`block${k + 1}.data`, out);
      }
      return out;
    };
    open('block1');
    const ones = e.empty([N[0], 1]);
    ones.data.fill(1);
    close();
    const o1 = block(0, ones, true)!;
    open('pool');
    const p1 = maxPoolSegments(tape, o1, p.levels.segments[0], N[1]);
    close();
    const o2 = block(1, p1, true)!;
    open('pool');
    const p2 = maxPoolSegments(tape, o2, p.levels.segments[1], N[2]);
    close();
    const o3 = block(2, p2, true)!;
    open('pool');
    const p3 = maxPoolSegments(tape, o3, p.levels.segments[2], N[3]);
    close();
    const o4 = block(3, p3, true)!;
    open('upsample');
    const u4 = sparseGather(tape, o4, p.upPlans[0]);
    close();
    const o5 = block(4, u4, true)!;
    open('upsample');
    const u5 = sparseGather(tape, concat(tape, [o5, o3]), p.upPlans[1]);
    close();
    const o6 = block(5, u5, true)!;
    open('upsample');
    const u6 = sparseGather(tape, concat(tape, [o6, o2]), p.upPlans[2]);
    close();
    block(6, u6, false);
    if (p.local) {
      open('local');
      sides.push(localBranch(tape, p.local, this.localLayers));
      close();
    }
    if (p.positional) sides.push(p.positional);
    if (p.plane) sides.push(p.plane);
    open('classifier');
    const x = concat(tape, sides);
    let h = reluLinear(tape, x, this.fc1W, this.fc1b, true);
    for (const [Wh, bh] of this.hiddenLayers) h = linear(tape, h, Wh, bh, true);
    const logits = linear(tape, h, this.fc2W, this.fc2b, false);
    close();
    if (profile?.recordActivations) {
      profile.activationRms.set('fc1', rms(h.data));
      profile.activationRms.set('logits', rms(logits.data));
    }
    return logits;
  }

  // ------------------------------------------------------------------------------ inference

  /**
   * The query-independent part of inference for one cloud: levels, PCNN constants, data-flow
   * plans, and the fields H of all seven blocks. Allocated in the arena under a mark that
   * `releaseCloud` frees (clouds must be released in reverse order of preparation).
   * @param input xyz of the input cloud (N0 ≥ 16 points, unit-cube frame).
   */
  prepareCloud(input: Float32Array, opts: PrepareOptions = {}): CloudState {
    const e = this.engine, tr = this.config.truncation;
    const mark = e.mark();
    try {
      const levels = this.levelsOf(input, opts);
      const N = levels.sizes, w = this.config.widths;
      // The fields stay (bottom of the block); everything used only to compute them (PCNN level
      // constants in the engine, plans, activations) is allocated above `inner` and released.
      const fields: Tensor[] = [];
      for (let k = 0; k < PCNN_OCC_BLOCKS; k++) fields.push(e.empty([KERNEL_POINTS * N[BLOCK_LEVEL[k]], w[k]]));
      const inner = e.mark();
      const pcnn = levels.points.map((pts, l) => new PcnnLevel(e, pts, levels.sigmas[l]));
      const tape = new Tape(e, false);
      const selfPlans = pcnn.map((lv) => buildRestrictionPlan(e, lv, lv.points, tr));
      const upPlans = [2, 1, 0].map((l) => buildInterpolationPlan(e, levels.points[l + 1], levels.points[l], levels.sigmas[l + 1]));
      const ones = e.empty([N[0], 1]);
      ones.data.fill(1);
      const block = (k: number, F: Tensor, dataFlow: boolean): Tensor | null => {
        const l = BLOCK_LEVEL[k];
        const H = pcnnField(tape, F, this.W[k], pcnn[l]);
        e.k.biasAct(1, H.size, H.ptr, H.size, 0, 0, fields[k].ptr, H.size); // copy into the kept slot
        return dataFlow ? biasAct(tape, sparseGather(tape, H, selfPlans[l]), this.b[k], true) : null;
      };
      const o1 = block(0, ones, true)!;
      const o2 = block(1, maxPoolSegments(tape, o1, levels.segments[0], N[1]), true)!;
      const o3 = block(2, maxPoolSegments(tape, o2, levels.segments[1], N[2]), true)!;
      const o4 = block(3, maxPoolSegments(tape, o3, levels.segments[2], N[3]), true)!;
      const o5 = block(4, sparseGather(tape, o4, upPlans[0]), true)!;
      const o6 = block(5, sparseGather(tape, concat(tape, [o5, o3]), upPlans[1]), true)!;
      block(6, sparseGather(tape, concat(tape, [o6, o2]), upPlans[2]), false);
      e.release(inner);
      // the centre grids serve every query batch of this cloud (kept, not rebuilt per batch)
      const centres = pcnn.map((lv) => lv.centres);
      const grids = Number.isFinite(tr)
        ? centres.map((c, l) => new RestrictionGrid(e, c, N[l] * KERNEL_POINTS, levels.sigmas[l], tr, false))
        : null;
      return { levels, centres, fields, grids, hood: this.neighbourhoodOf(levels.points[0]), mark };
    } catch (err) {
      e.release(mark);
      throw err;
    }
  }

  /** The k-d tree over the input that the local branch and the plane features share (null when the model has neither). */
  private neighbourhoodOf(input: Float32Array): CloudNeighbourhood | null {
    return this.config.local || this.config.plane ? new CloudNeighbourhood(input) : null;
  }

  /** Free a cloud state made by `prepareCloud` (and everything allocated after it). */
  releaseCloud(cloud: CloudState): void { this.engine.release(cloud.mark); }

  /**
   * Logits of `queries` for a prepared cloud: per batch only the query restrictions (forward
   * CSR, Morton-ordered rows), the gathers straight into the side-output buffer, then bias + ReLU
   * compacted to the nonzeros (CSR) and the classifier, whose first layer gathers only those. Same values as `forward` (float32 rounding aside).
   * @param cloud from `prepareCloud` (still live). @param queries xyz per query (unit-cube frame).
   * @returns logits, 2 per query (row-major Q×2; column 1 = inside).
   */
  evaluate(cloud: CloudState, queries: Float32Array): Float32Array {
    if (queries.length % 3 !== 0) throw new RangeError('PcnnOcc: queries length is not a multiple of 3');
    const Q = queries.length / 3;
    const out = new Float32Array(2 * Q);
    this.syncInferenceConstants();
    for (let s = 0; s < Q; s += EVAL_CHUNK) {
      const n = Math.min(EVAL_CHUNK, Q - s);
      this.evaluateChunk(cloud, queries.subarray(3 * s, 3 * (s + n)), out.subarray(2 * s, 2 * (s + n)));
    }
    return out;
  }

  private evaluateChunk(cloud: CloudState, queries: Float32Array, out: Float32Array): void {
    const e = this.engine, k = e.k, tr = this.config.truncation;
    const Q = queries.length / 3, S = this.sideWidth, h = this.config.hidden;
    const m = e.mark();
    try {
      // queries copied and Morton-ordered once (WASM); per level a centre grid and the forward
      // CSR rows (WASM), or the dense reference path when there is no cut-off
      const targets = new RestrictionTargets(e, queries);
      const rowsPtr = targets.order;
      const plans = cloud.centres.map((c, l) => {
        const nc = cloud.levels.sizes[l] * KERNEL_POINTS, sigma = cloud.levels.sigmas[l];
        if (cloud.grids) return restrictionRowsOnGrid(cloud.grids[l], targets);
        const csr = restrictionCsr(c, nc, queries, sigma, tr);
        return uploadForward(e, csr.rowPtr, csr.col, csr.val, targets.orderArray(), Q);
      });
      const side = e.alloc(Q * S * 4);
      let off = 0;
      for (let b = 0; b < PCNN_OCC_BLOCKS; b++) {
        const plan = plans[BLOCK_LEVEL[b]];
        const w = this.config.widths[b];
        k.csrGather(Q, plan.ptr, rowsPtr, plan.idx, plan.w, cloud.fields[b].ptr, w, side + off * 4, S, w, 0);
        off += w;
      }
      const { local: lc, plane: pc } = this.config;
      if (lc && cloud.hood) { // the local branch's columns (≥ 0) after the blocks'
        const lr = localRows(e, cloud.hood, queries, lc.points);
        const loc = localBranch(new Tape(e, false), lr, this.localLayers);
        k.biasAct(Q, loc.cols, loc.ptr, loc.cols, 0, 0, side + off * 4, S);
        off += loc.cols;
      }
      if (this.config.positional) {
        writePositionalFeatures(queries, this.config.positional.frequencies, e.f32(side + off * 4, Q * S - off), S);
        off += this.positionalWidth;
      }
      if (pc && cloud.hood) writePlaneFeatures(cloud.hood, queries, pc.neighbours, e.f32(side + off * 4, Q * S - off), S);
      // Far from the cloud a query often has no centre in range on the finer levels; its side
      // outputs there are exactly relu(bias), whose share of fc1 is in hiddenBase. So per query:
      // the set of empty levels (4 bits, its hiddenBase row) and the blocks to leave out of the
      // compaction (7 bits).
      const levelSet = e.alloc(Q * 4), blockSkip = e.alloc(Q * 4);
      {
        const ls = e.i32(levelSet, Q), bs = e.i32(blockSkip, Q), rows = e.i32(rowsPtr, Q);
        const ptrs = plans.map((p) => e.i32(p.ptr, Q + 1));
        for (let r = 0; r < Q; r++) {
          let set = 0;
          for (let l = 0; l < ptrs.length; l++) if (ptrs[l][r + 1] === ptrs[l][r]) set |= 1 << l;
          ls[rows[r]] = set;
          bs[rows[r]] = BLOCKS_OF_LEVEL_SET[set];
        }
      }
      // fc1 on the nonzeros only: relu(side + bias) is about three quarters zeros for a trained
      // model (76 % on the default model's near-surface queries), so compacting each row to CSR
      // (values in place) and gathering fc1's rows costs a quarter of the dense product's
      // multiply-adds. Same sums as the gemm up to float32 summation order.
      const nzPtr = e.alloc((Q + 1) * 4), nzIdx = e.alloc(Q * S * 4);
      k.reluCsr(Q, S, side, S, this.sideBias, blockSkip, this.sideGroups, this.blockBounds, nzPtr, nzIdx, side);
      const hid = e.alloc(Q * h * 4);
      k.csrGather(Q, this.unitPtr, 0, levelSet, this.ones, this.hiddenBase, h, hid, h, h, 0); // hid = hiddenBase[levelSet]
      k.csrGather(Q, nzPtr, 0, nzIdx, side, this.fc1W.ptr, h, hid, h, h, 1);
      k.biasAct(Q, h, hid, h, 0, 1, hid, h);
      let last = hid;
      for (const [Wh, bh] of this.hiddenLayers) {
        const next = e.alloc(Q * h * 4);
        k.gemm(Q, h, h, last, h, 1, Wh.ptr, h, next, h, bh.ptr, GEMM_RELU);
        last = next;
      }
      const lg = e.alloc(Q * 2 * 4);
      k.gemm(Q, 2, h, last, h, 1, this.fc2W.ptr, 2, lg, 2, this.fc2b.ptr, 0);
      out.set(e.f32(lg, 2 * Q));
    } finally {
      e.release(m);
    }
  }

  /**
   * Refresh the inference constants from the current parameters (they may have changed since
   * the last call): the concatenated biases and the 16 rows of hiddenBase, summed in float64.
   */
  private syncInferenceConstants(): void {
    const e = this.engine, h = this.config.hidden, w = this.config.widths;
    const dst = e.f32(this.sideBias, this.sideWidth);
    dst.fill(0); // the optional columns carry no bias here (the local branch's is inside its MLP)
    let off = 0;
    for (const bk of this.b) { dst.set(bk.data, off); off += bk.size; }
    // share of each block in fc1 when its side output is the constant relu(b_k)
    const W1 = this.fc1W.data, share: Float64Array[] = [];
    off = 0;
    for (let k = 0; k < PCNN_OCC_BLOCKS; k++) {
      const s = new Float64Array(h), bk = this.b[k].data;
      for (let j = 0; j < w[k]; j++) {
        const v = bk[j];
        if (v > 0) for (let c = 0, row = (off + j) * h; c < h; c++) s[c] += v * W1[row + c];
      }
      share.push(s);
      off += w[k];
    }
    const base = e.f32(this.hiddenBase, EMPTY_LEVEL_SETS * h), b1 = this.fc1b.data;
    for (let set = 0; set < EMPTY_LEVEL_SETS; set++) {
      for (let c = 0; c < h; c++) {
        let v = b1[c];
        for (let k = 0; k < PCNN_OCC_BLOCKS; k++) if ((set >> BLOCK_LEVEL[k]) & 1) v += share[k][c];
        base[set * h + c] = v;
      }
    }
  }
}

/** Forward-only CSR upload with a row processing order (inference needs no transposes). */
function uploadForward(e: Engine, rowPtr: Int32Array, col: Int32Array, val: Float32Array, order: Int32Array, nRows: number): { ptr: number; idx: number; w: number } {
  const nnz = rowPtr[nRows];
  const ptr = e.alloc((nRows + 1) * 4), idx = e.alloc(nnz * 4), w = e.alloc(nnz * 4);
  const P = e.i32(ptr, nRows + 1), I = e.i32(idx, nnz), W = e.f32(w, nnz);
  let d = 0;
  P[0] = 0;
  for (let r = 0; r < nRows; r++) {
    const q = order[r];
    const s = rowPtr[q], t = rowPtr[q + 1];
    I.set(col.subarray(s, t), d);
    W.set(val.subarray(s, t), d);
    d += t - s;
    P[r + 1] = d;
  }
  return { ptr, idx, w };
}

/**
 * Σ_l a_l² of the density-normalised kernel masses (see `initialize`), i.e. the mean squared
 * restricted output per unit weight variance for J = 1, F = 1. Measured on 300-point surface
 * samples of ProcShapes chair/airplane/car/lamp at c = 0.5, 3σ, on all four FPS levels: 24–40 at
 * the points themselves, 18–34 at near-surface queries (9–17 on the 16-point level of thin
 * shapes); 25 sits in the middle.
 */
const KERNEL_GAIN2 = 25;

/** Index of the lexicographically smallest point (x, then y, then z): an order-free FPS start. */
export function lexMinIndex(xyz: Float32Array, n: number): number {
  let best = 0;
  for (let i = 1; i < n; i++) {
    const a = xyz[3 * i], b = xyz[3 * best];
    if (a < b || (a === b && (xyz[3 * i + 1] < xyz[3 * best + 1] || (xyz[3 * i + 1] === xyz[3 * best + 1] && xyz[3 * i + 2] < xyz[3 * best + 2])))) best = i;
  }
  return best;
}

function rms(a: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s / Math.max(1, a.length));
}

function fillNormal(a: Float32Array, rng: Random, std: number): void {
  for (let i = 0; i < a.length; i++) a[i] = rng.normal() * std;
}
