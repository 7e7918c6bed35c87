/**
 * The shape of the pcnn-occ U-Net, written once (docs/design.md §4; paper §III-B): which level
 * each of the seven blocks convolves on, where its input features come from, and whether its
 * data flow feeds a later block. `walkUNet` runs the blocks in order; the training forward
 * (`PcnnOcc.forward`) and the inference preparation (`prepareCloud`) both drive it, each saying
 * what a block does in its pass (training: field + both restrictions on a tape; inference: keep
 * the field, restrict to the points only).
 *
 *   level  0 = the input X0 … 3 = the coarsest X3 (sizes from `PcnnOcc.levelsOf`);
 *   input  'ones'      F0 = 1 per point of level 0 (one channel);
 *          'pool'      the data flow of block `from` (on level l − 1), max-pooled onto level l
 *                      through the FPS segments of level l − 1;
 *          'upsample'  the data flows of blocks `from` (all on level l + 1) concatenated in that
 *                      order, then Gaussian up-sampled onto level l.
 *
 * To change the network's structure (e.g. level sizes from N, more levels), change `UNET_BLOCKS`
 * and `UNET_LEVELS`; `checkUNet` rejects a description whose inputs do not line up.
 */
import type { Tensor } from '../../engine/Tensor.ts';
import type { Tape } from '../../engine/Tape.ts';
import type { Engine } from '../../engine/Engine.ts';
import type { SparsePlan } from '../../pcnn/SparsePlan.ts';
import { maxPoolSegments } from '../../ops/maxPool.ts';
import { sparseGather } from '../../ops/sparseGather.ts';
import { concat } from '../../ops/concat.ts';

/** Number of levels X0..X3 (the input and three FPS coarsenings). */
export const UNET_LEVELS = 4;

/** Where a block's input features come from (see the file comment). */
export type BlockInput =
  | { readonly kind: 'ones' }
  | { readonly kind: 'pool'; readonly from: number }
  | { readonly kind: 'upsample'; readonly from: readonly number[] };

/** One dual-restriction block of the U-Net. */
export interface BlockSpec {
  /** Level the block convolves on (its centres and its data flow's points). */
  readonly level: number;
  readonly input: BlockInput;
  /** Whether its restriction to its own points (the data flow) feeds a later block. */
  readonly dataFlow: boolean;
}

/**
 * B1..B4 go down (B1 on the ones, each next one on the max-pooled data flow), B5..B7 come back
 * up, each on the up-sampled concat of the block below and the skip of the same level. B7's data
 * flow (on X0) would feed nothing, so it is not computed.
 */
export const UNET_BLOCKS: readonly BlockSpec[] = [
  { level: 0, input: { kind: 'ones' }, dataFlow: true },
  { level: 1, input: { kind: 'pool', from: 0 }, dataFlow: true },
  { level: 2, input: { kind: 'pool', from: 1 }, dataFlow: true },
  { level: 3, input: { kind: 'pool', from: 2 }, dataFlow: true },
  { level: 2, input: { kind: 'upsample', from: [3] }, dataFlow: true },
  { level: 1, input: { kind: 'upsample', from: [4, 2] }, dataFlow: true },
  { level: 0, input: { kind: 'upsample', from: [5, 1] }, dataFlow: false },
];

/** Level (0 = input … 3 = coarsest) each block convolves on. */
export const BLOCK_LEVEL: readonly number[] = UNET_BLOCKS.map((b) => b.level);

/**
 * Input channels J_k of each block, given the blocks' output widths K_k: 1 for the ones, the
 * pooled block's width, or the sum of the concatenated blocks' widths.
 */
export function blockInputWidths(widths: readonly number[]): number[] {
  return UNET_BLOCKS.map(({ input }) => input.kind === 'ones' ? 1
    : input.kind === 'pool' ? widths[input.from]
      : input.from.reduce((a, j) => a + widths[j], 0));
}

/**
 * Throws unless every block reads only earlier blocks that have a data flow, on the right level
 * (pool: one level finer; upsample: one level coarser), and the ones feed level 0.
 */
export function checkUNet(blocks: readonly BlockSpec[], levels: number): void {
  blocks.forEach(({ level, input }, k) => {
    const bad = (why: string): never => { throw new Error(`U-Net block ${k + 1}: ${why}`); };
    if (!Number.isInteger(level) || level < 0 || level >= levels) bad(`level ${level} is not in 0..${levels - 1}`);
    const from = input.kind === 'ones' ? [] : input.kind === 'pool' ? [input.from] : input.from;
    const fromLevel = input.kind === 'ones' ? 0 : input.kind === 'pool' ? level - 1 : level + 1;
    if (input.kind === 'ones' && level !== 0) bad('the ones input exists on level 0 only');
    if (input.kind === 'upsample' && from.length === 0) bad('up-samples no block');
    for (const j of from) {
      if (!(j >= 0 && j < k)) bad(`reads block ${j + 1}, which does not come before it`);
      if (!blocks[j].dataFlow) bad(`reads block ${j + 1}, which has no data flow`);
      if (blocks[j].level !== fromLevel) bad(`reads block ${j + 1} on level ${blocks[j].level}, expected level ${fromLevel}`);
    }
  });
}
checkUNet(UNET_BLOCKS, UNET_LEVELS);

/** What a pass does at each step of the walk. */
export interface UNetSteps {
  /** F0: [N0, 1] ones. */
  ones(): Tensor;
  /** A data flow on level `from` max-pooled onto level `from` + 1. */
  pool(data: Tensor, from: number): Tensor;
  /** Data flows on level `to` + 1, concatenated in order, up-sampled onto level `to`. */
  upsample(parts: Tensor[], to: number): Tensor;
  /** Block k on input F; returns its data flow, null when `spec.dataFlow` is false. */
  block(k: number, F: Tensor, spec: BlockSpec): Tensor | null;
  /** Called after block k's stage, outside it (activation recording, not timed). */
  afterBlock?(k: number, data: Tensor | null): void;
}

/** Runs `fn` as the named stage (profiling) and returns its result. */
export type Stage = <T>(name: string, fn: () => T) => T;

/** The stage of a walk without profiling: just run it. */
export const runStage: Stage = (_name, fn) => fn();

/**
 * Runs the blocks in order. Stage names (profiling): an input is timed as `pool` or `upsample`
 * (the ones as part of the block that reads them), a block as `block<k+1>`.
 */
export function walkUNet(steps: UNetSteps, stage: Stage = runStage): void {
  const data: (Tensor | null)[] = [];
  const flow = (j: number): Tensor => data[j] ?? fail(j);
  UNET_BLOCKS.forEach((spec, k) => {
    const name = `block${k + 1}`, input = spec.input;
    const F = input.kind === 'ones' ? stage(name, () => steps.ones())
      : input.kind === 'pool' ? stage('pool', () => steps.pool(flow(input.from), spec.level - 1))
        : stage('upsample', () => steps.upsample(input.from.map(flow), spec.level));
    data.push(stage(name, () => steps.block(k, F, spec)));
    steps.afterBlock?.(k, data[k]);
  });
}

function fail(j: number): never { throw new Error(`U-Net walk: block ${j + 1} produced no data flow`); }

/** The level geometry the input steps need (a subset of `CloudLevels`). */
export interface WalkLevels {
  /** Sizes N0..N3. */
  readonly sizes: readonly number[];
  /** segments[l]: for each point of level l, its nearest point of level l + 1. */
  readonly segments: readonly Int32Array[];
}

/**
 * The input steps both passes share (ones, max-pool, concat + up-sampling), on `tape`.
 * @param upPlans upPlans[l]: Gaussian up-sampling X_{l+1} → X_l (l = 0 … UNET_LEVELS − 2).
 */
export function inputSteps(e: Engine, tape: Tape, levels: WalkLevels, upPlans: readonly SparsePlan[]): Pick<UNetSteps, 'ones' | 'pool' | 'upsample'> {
  const N = levels.sizes;
  return {
    ones: () => {
      const ones = e.empty([N[0], 1]);
      ones.data.fill(1);
      return ones;
    },
    pool: (x, from) => maxPoolSegments(tape, x, levels.segments[from], N[from + 1]),
    // one part (B5 reads B4 only) is gathered as it is, without a concat copy
    upsample: (parts, to) => sparseGather(tape, parts.length === 1 ? parts[0] : concat(tape, parts), upPlans[to]),
  };
}

/**
 * Up-sampling plans X_{l+1} → X_l for every level l below the coarsest, built coarsest first
 * (the order the arena allocations have always had), indexed by the target level l.
 */
export function buildUpPlans(build: (l: number) => SparsePlan): SparsePlan[] {
  const plans: SparsePlan[] = new Array(UNET_LEVELS - 1);
  for (let l = UNET_LEVELS - 2; l >= 0; l--) plans[l] = build(l);
  return plans;
}
