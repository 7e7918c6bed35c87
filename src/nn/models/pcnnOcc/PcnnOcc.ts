/**
 * The pcnn-occ occupancy network (docs/design.md §4; paper §III-B): a PCNN point-convolution U-Net of
 * seven dual-restriction blocks whose per-query side outputs feed a two-layer classifier.
 *
 *   levels  X0 = input (N0 points), X1 = FPS(X0, 256), X2 = FPS(X1, 128), X3 = FPS(X2, 16)
 *           (or, with config `density`, sizes that follow N0: levelSizesFor), σ_l = c_l/√N_l;
 *           every FPS starts at the lexicographically smallest point, so the levels — and the
 *           whole network — do not depend on the order of the input points.
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
 * Two ways to run it, both walking the one description of the U-Net in PcnnOccUNet.ts:
 *  - training (this file): `prepare(input, queries)` (per-cloud constants, in the current arena
 *    mark) then `forward(tape, prepared)`; backward through the tape. Profiling goes through
 *    optional hooks (PcnnOccProfile.ts);
 *  - inference (PcnnOccInference.ts, through the delegating methods below): `prepareCloud(input)`
 *    computes everything that does not depend on the queries once (levels, data-flow plans, the
 *    fields H of all 7 blocks); `evaluate(cloud, queries)` then builds only the query
 *    restrictions and runs gathers + classifier per batch.
 */
import type { Engine } from '../../engine/Engine.ts';
import type { Tensor } from '../../engine/Tensor.ts';
import type { Tape } from '../../engine/Tape.ts';
import { PcnnLevel, KERNEL_POINTS } from '../../pcnn/PcnnLevel.ts';
import type { SparsePlan } from '../../pcnn/SparsePlan.ts';
import { buildRestrictionPlan, RestrictionGrid, RestrictionTargets, restrictionPlanOnGrid } from '../../pcnn/restrictionPlan.ts';
import { buildInterpolationPlan } from '../../pcnn/interpolationPlan.ts';
import { pcnnField } from '../../pcnn/pcnnField.ts';
import { sparseGather } from '../../ops/sparseGather.ts';
import { biasAct } from '../../ops/biasAct.ts';
import { linear } from '../../ops/linear.ts';
import { reluLinear } from '../../ops/reluLinear.ts';
import { concat } from '../../ops/concat.ts';
import { coarsen } from '../../pcnn/coarsen.ts';
import { coarsenGrid } from '../../pcnn/coarsenGrid.ts';
import { CloudNeighbourhood } from '../../pcnn/CloudNeighbourhood.ts';
import { localRows, localBranch, type LocalRows, LOCAL_FEATURES } from './localBranch.ts';
import { positionalFeatures, positionalWidth } from './positionalFeatures.ts';
import { planeFeatures, PLANE_FEATURES_PER_K } from './planeFeatures.ts';
import type { Random } from '../../../geometry/Random.ts';
import { type PcnnOccConfig, validateConfig, levelSigmasFor, levelSizesFor, PCNN_OCC_BLOCKS, MIN_INPUT_POINTS } from './PcnnOccConfig.ts';
import { UNET_LEVELS, blockInputWidths, walkUNet, inputSteps, buildUpPlans, runStage, type Stage } from './PcnnOccUNet.ts';
import { PcnnOccProfile, profileHooks, type ForwardHooks } from './PcnnOccProfile.ts';
import { PcnnOccInference, type CloudState } from './PcnnOccInference.ts';
import type { CloudLevels } from './CloudLevels.ts';
import type { PrepareOptions } from './PrepareOptions.ts';
import type { PcnnOccParts } from './PcnnOccParts.ts';

// The U-Net's shape, the profile and the inference state live in their own files; re-exported
// here so that importers of this module keep working.
export { BLOCK_LEVEL } from './PcnnOccUNet.ts';
export { PcnnOccProfile, type ForwardHooks } from './PcnnOccProfile.ts';
export type { CloudState } from './PcnnOccInference.ts';

/** Per-cloud constants of a training step (arena allocations under the caller's mark). */
export interface PreparedCloud {
  levels: CloudLevels;
  /** The PCNN constants (density, centres) of X0..X3. */
  pcnn: PcnnLevel[];
  /** Restriction of level l's field to its own points. */
  selfPlans: SparsePlan[];
  /** Restriction of level l's field to the queries. */
  queryPlans: SparsePlan[];
  /** upPlans[l]: Gaussian up-sampling X_{l+1} → X_l (l = 0, 1, 2). */
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

export class PcnnOcc implements PcnnOccParts {
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
  /** Input channels J_k of each block. */
  readonly inWidths: number[];
  /** Σ widths + the optional columns (local branch, positional, plane): features per query entering the classifier. */
  readonly sideWidth: number;
  /** Inference constants and path (`prepareCloud`, `evaluate`, `releaseCloud` delegate to it). */
  private readonly inference: PcnnOccInference;

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
    this.inWidths = blockInputWidths(w);
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
    // the inference constants are persistent too, allocated after the parameters
    this.inference = new PcnnOccInference(this);
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
    // fixed `levelSizes` (capped by the level above), or with `density` sizes that follow N0
    const sizes = levelSizesFor(this.config, n0);
    const segments: Int32Array[] = [];
    // density models' levels reach thousands of points: the grid FPS gives the same levels
    // without coarsen's O(N0·N1) scans (coarsenGrid.ts); fixed-size models keep coarsen as it was
    const coarsenLevel = this.config.density ? coarsenGrid : coarsen;
    for (let l = 1; l < UNET_LEVELS; l++) {
      const fine = points[l - 1], nf = sizes[l - 1];
      const start = opts.rng ? opts.rng.int(nf) : lexMinIndex(fine, nf);
      const c = coarsenLevel(fine, sizes[l], start);
      points.push(c.points); segments.push(c.segment);
    }
    // σ follows N0 up to the model's density.sigmaPoints (levelSigmasFor)
    const sigmas = levelSigmasFor(this.config, n0);
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
    const upPlans = buildUpPlans((l) => buildInterpolationPlan(e, levels.points[l + 1], levels.points[l], levels.sigmas[l + 1]));
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
   * @param observe optional timing/activation collector (bench, tests), or any `ForwardHooks`.
   */
  forward(tape: Tape, p: PreparedCloud, observe?: PcnnOccProfile | ForwardHooks): Tensor {
    const hooks = observe instanceof PcnnOccProfile ? profileHooks(tape, observe) : observe;
    const stage: Stage = hooks ? (name, fn) => hooks.stage(name, fn) : runStage;
    const sides: Tensor[] = []; // per-query columns entering the classifier, in fc1's row order
    walkUNet({
      ...inputSteps(this.engine, tape, p.levels, p.upPlans),
      // one field H, restricted to the block's own points (data flow) and to the queries (side
      // output, before its ReLU: the classifier's reluLinear applies it on the nonzeros only)
      block: (k, F, { level, dataFlow }) => {
        const H = pcnnField(tape, F, this.W[k], p.pcnn[level]);
        const data = dataFlow ? biasAct(tape, sparseGather(tape, H, p.selfPlans[level]), this.b[k], true) : null;
        sides.push(biasAct(tape, sparseGather(tape, H, p.queryPlans[level]), this.b[k], false));
        return data;
      },
      afterBlock: (k, data) => hooks?.block?.(k, data, sides[k]),
    }, stage);
    const local = p.local;
    if (local) sides.push(stage('local', () => localBranch(tape, local, this.localLayers)));
    if (p.positional) sides.push(p.positional);
    if (p.plane) sides.push(p.plane);
    const [h, logits] = stage('classifier', (): [Tensor, Tensor] => {
      const x = concat(tape, sides);
      let hid = reluLinear(tape, x, this.fc1W, this.fc1b, true);
      for (const [Wh, bh] of this.hiddenLayers) hid = linear(tape, hid, Wh, bh, true);
      return [hid, linear(tape, hid, this.fc2W, this.fc2b, false)];
    });
    hooks?.classifier?.(h, logits);
    return logits;
  }

  // ------------------------------------------------------------------------------ inference

  /**
   * The query-independent part of inference for one cloud (levels, plans, the fields H of all
   * seven blocks), under an arena mark that `releaseCloud` frees (release in reverse order of
   * preparation). See PcnnOccInference.ts.
   * @param input xyz of the input cloud (N0 ≥ 16 points, unit-cube frame).
   */
  prepareCloud(input: Float32Array, opts: PrepareOptions = {}): CloudState { return this.inference.prepareCloud(input, opts); }

  /** Free a cloud state made by `prepareCloud` (and everything allocated after it). */
  releaseCloud(cloud: CloudState): void { this.inference.releaseCloud(cloud); }

  /**
   * Logits of `queries` for a prepared cloud; same values as `forward` (float32 rounding aside).
   * @param cloud from `prepareCloud` (still live). @param queries xyz per query (unit-cube frame).
   * @returns logits, 2 per query (row-major Q×2; column 1 = inside).
   */
  evaluate(cloud: CloudState, queries: Float32Array): Float32Array { return this.inference.evaluate(cloud, queries); }

  /**
   * The k-d tree over the input that the local branch and the plane features share (null when
   * the model has neither); used by `prepare` and by the inference path.
   */
  neighbourhoodOf(input: Float32Array): CloudNeighbourhood | null {
    return this.config.local || this.config.plane ? new CloudNeighbourhood(input) : null;
  }
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

function fillNormal(a: Float32Array, rng: Random, std: number): void {
  for (let i = 0; i < a.length; i++) a[i] = rng.normal() * std;
}
