/**
 * The inference path of the pcnn-occ network (`PcnnOcc.prepareCloud` / `evaluate` /
 * `releaseCloud` delegate here). `prepareCloud` walks the same U-Net as the training forward
 * (PcnnOccUNet.ts) but keeps only what does not depend on the queries: the levels, the centre
 * grids and the fields H of all seven blocks. `evaluate` then builds per query batch only the
 * query restrictions and runs the gathers + classifier, hand-fused: same values as the training
 * forward up to float32 summation order (test/nn/PcnnOcc.test.ts compares them).
 */
import { type Engine, GEMM_RELU } from '../../engine/Engine.ts';
import type { Tensor } from '../../engine/Tensor.ts';
import { Tape } from '../../engine/Tape.ts';
import { PcnnLevel, KERNEL_POINTS } from '../../pcnn/PcnnLevel.ts';
import { buildRestrictionPlan, restrictionCsr, RestrictionGrid, RestrictionTargets, restrictionRowsOnGrid } from '../../pcnn/restrictionPlan.ts';
import { buildInterpolationPlan } from '../../pcnn/interpolationPlan.ts';
import { pcnnField } from '../../pcnn/pcnnField.ts';
import { sparseGather } from '../../ops/sparseGather.ts';
import { biasAct } from '../../ops/biasAct.ts';
import type { CloudNeighbourhood } from '../../pcnn/CloudNeighbourhood.ts';
import { localRows, localBranch } from './localBranch.ts';
import { writePositionalFeatures } from './positionalFeatures.ts';
import { writePlaneFeatures } from './planeFeatures.ts';
import { PCNN_OCC_BLOCKS } from './PcnnOccConfig.ts';
import { BLOCK_LEVEL, UNET_LEVELS, walkUNet, inputSteps, buildUpPlans } from './PcnnOccUNet.ts';
import type { CloudLevels } from './CloudLevels.ts';
import type { PrepareOptions } from './PrepareOptions.ts';
import type { PcnnOccParts } from './PcnnOccParts.ts';

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

/** Queries evaluated per internal batch of `evaluate` (bounds the concat buffer: Q·Σwidths floats). */
const EVAL_CHUNK = 4096;

/** Sets of levels (one bit per level) on which a query can have no centre in range. */
const EMPTY_LEVEL_SETS = 1 << UNET_LEVELS;

/** For each set of empty levels, the set of blocks (one bit per block) convolving on those levels. */
const BLOCKS_OF_LEVEL_SET: readonly number[] = Array.from({ length: EMPTY_LEVEL_SETS }, (_, m) =>
  BLOCK_LEVEL.reduce((bits, l, k) => ((m >> l) & 1 ? bits | (1 << k) : bits), 0));

/** A model's inference constants and path. Made by the `PcnnOcc` constructor (persistent allocations). */
export class PcnnOccInference {
  private readonly model: PcnnOccParts;
  /** Groups of side-output columns: the 7 blocks, then the local branch, positional and plane features when present. */
  private readonly sideGroups: number;
  /** Persistent concatenation of the 7 biases (inference applies them in one pass). */
  private readonly sideBias: number;
  /**
   * Persistent inference constants for queries with no centre in range on some levels (their
   * side outputs there are exactly relu(bias)): `blockBounds` (sideGroups + 1 int32: the groups'
   * column ranges in the side output), `hiddenBase` (EMPTY_LEVEL_SETS rows × hidden: for each
   * set of empty levels, fc1.b + Σ over the blocks of those levels of relu(b_k) · fc1.W[rows of block k]).
   */
  private readonly blockBounds: number;
  private readonly hiddenBase: number;
  /** Persistent EVAL_CHUNK + 1 int32 0, 1, 2, … and EVAL_CHUNK float32 ones: a one-entry-per-row CSR (row copy by gather). */
  private readonly unitPtr: number;
  private readonly ones: number;

  /** Allocates the persistent constants (byte offsets in the engine); call once the parameters exist. */
  constructor(model: PcnnOccParts) {
    this.model = model;
    const e = model.engine, cfg = model.config;
    const lw = cfg.local?.widths ?? [];
    const localWidth = lw.length ? lw[lw.length - 1] : 0;
    const groupWidths = [...cfg.widths, localWidth, model.positionalWidth, model.planeWidth].filter((x) => x > 0);
    this.sideGroups = groupWidths.length;
    this.sideBias = e.allocPersistent(model.sideWidth * 4);
    this.blockBounds = e.allocPersistent((this.sideGroups + 1) * 4);
    const bounds = e.i32(this.blockBounds, this.sideGroups + 1);
    for (let g = 0; g < this.sideGroups; g++) bounds[g + 1] = bounds[g] + groupWidths[g];
    this.hiddenBase = e.allocPersistent(EMPTY_LEVEL_SETS * cfg.hidden * 4);
    this.unitPtr = e.allocPersistent((EVAL_CHUNK + 1) * 4);
    this.ones = e.allocPersistent(EVAL_CHUNK * 4);
    e.i32(this.unitPtr, EVAL_CHUNK + 1).forEach((_, i, a) => { a[i] = i; });
    e.f32(this.ones, EVAL_CHUNK).fill(1);
  }

  /**
   * The query-independent part of inference for one cloud: levels, PCNN constants, data-flow
   * plans, and the fields H of all seven blocks. Allocated in the arena under a mark that
   * `releaseCloud` frees (clouds must be released in reverse order of preparation).
   * @param input xyz of the input cloud (N0 ≥ 16 points, unit-cube frame).
   */
  prepareCloud(input: Float32Array, opts: PrepareOptions = {}): CloudState {
    const model = this.model, e = model.engine, tr = model.config.truncation;
    const mark = e.mark();
    try {
      const levels = model.levelsOf(input, opts);
      const N = levels.sizes, w = model.config.widths;
      // The fields stay (bottom of the block); everything used only to compute them (PCNN level
      // constants in the engine, plans, activations) is allocated above `inner` and released.
      const fields: Tensor[] = [];
      for (let k = 0; k < PCNN_OCC_BLOCKS; k++) fields.push(e.empty([KERNEL_POINTS * N[BLOCK_LEVEL[k]], w[k]]));
      const inner = e.mark();
      const pcnn = levels.points.map((pts, l) => new PcnnLevel(e, pts, levels.sigmas[l]));
      const tape = new Tape(e, false);
      const selfPlans = pcnn.map((lv) => buildRestrictionPlan(e, lv, lv.points, tr));
      const upPlans = buildUpPlans((l) => buildInterpolationPlan(e, levels.points[l + 1], levels.points[l], levels.sigmas[l + 1]));
      walkUNet({
        ...inputSteps(e, tape, levels, upPlans),
        // keep the field (the queries restrict it later); pass on only the data flow
        block: (k, F, { level, dataFlow }) => {
          const H = pcnnField(tape, F, model.W[k], pcnn[level], fields[k]); // written into the kept slot
          return dataFlow ? biasAct(tape, sparseGather(tape, H, selfPlans[level]), model.b[k], true) : null;
        },
      });
      e.release(inner);
      // the centre grids serve every query batch of this cloud (kept, not rebuilt per batch)
      const centres = pcnn.map((lv) => lv.centres);
      const grids = Number.isFinite(tr)
        ? centres.map((c, l) => new RestrictionGrid(e, c, N[l] * KERNEL_POINTS, levels.sigmas[l], tr, false))
        : null;
      return { levels, centres, fields, grids, hood: model.neighbourhoodOf(levels.points[0]), mark };
    } catch (err) {
      e.release(mark);
      throw err;
    }
  }

  /** Free a cloud state made by `prepareCloud` (and everything allocated after it). */
  releaseCloud(cloud: CloudState): void { this.model.engine.release(cloud.mark); }

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
    this.syncConstants();
    for (let s = 0; s < Q; s += EVAL_CHUNK) {
      const n = Math.min(EVAL_CHUNK, Q - s);
      this.evaluateChunk(cloud, queries.subarray(3 * s, 3 * (s + n)), out.subarray(2 * s, 2 * (s + n)));
    }
    return out;
  }

  private evaluateChunk(cloud: CloudState, queries: Float32Array, out: Float32Array): void {
    const model = this.model, cfg = model.config, e = model.engine, k = e.k, tr = cfg.truncation;
    const Q = queries.length / 3, S = model.sideWidth, h = cfg.hidden;
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
        const w = cfg.widths[b];
        k.csrGather(Q, plan.ptr, rowsPtr, plan.idx, plan.w, cloud.fields[b].ptr, w, side + off * 4, S, w, 0);
        off += w;
      }
      const { local: lc, plane: pc } = cfg;
      if (lc && cloud.hood) { // the local branch's columns (≥ 0) after the blocks'
        const lr = localRows(e, cloud.hood, queries, lc.points);
        const loc = localBranch(new Tape(e, false), lr, model.localLayers);
        k.biasAct(Q, loc.cols, loc.ptr, loc.cols, 0, 0, side + off * 4, S);
        off += loc.cols;
      }
      if (cfg.positional) {
        writePositionalFeatures(queries, cfg.positional.frequencies, e.f32(side + off * 4, Q * S - off), S);
        off += model.positionalWidth;
      }
      if (pc && cloud.hood) writePlaneFeatures(cloud.hood, queries, pc.neighbours, e.f32(side + off * 4, Q * S - off), S);
      // Far from the cloud a query often has no centre in range on the finer levels; its side
      // outputs there are exactly relu(bias), whose share of fc1 is in hiddenBase. So per query:
      // the set of empty levels (one bit per level, its hiddenBase row) and the blocks to leave
      // out of the compaction (one bit per block).
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
      k.csrGather(Q, nzPtr, 0, nzIdx, side, model.fc1W.ptr, h, hid, h, h, 1);
      k.biasAct(Q, h, hid, h, 0, 1, hid, h);
      let last = hid;
      for (const [Wh, bh] of model.hiddenLayers) {
        const next = e.alloc(Q * h * 4);
        k.gemm(Q, h, h, last, h, 1, Wh.ptr, h, next, h, bh.ptr, GEMM_RELU);
        last = next;
      }
      const lg = e.alloc(Q * 2 * 4);
      k.gemm(Q, 2, h, last, h, 1, model.fc2W.ptr, 2, lg, 2, model.fc2b.ptr, 0);
      out.set(e.f32(lg, 2 * Q));
    } finally {
      e.release(m);
    }
  }

  /**
   * Refresh the inference constants from the current parameters (they may have changed since
   * the last call): the concatenated biases and the rows of hiddenBase, summed in float64.
   */
  private syncConstants(): void {
    const model = this.model, e = model.engine, h = model.config.hidden, w = model.config.widths;
    const dst = e.f32(this.sideBias, model.sideWidth);
    dst.fill(0); // the optional columns carry no bias here (the local branch's is inside its MLP)
    let off = 0;
    for (const bk of model.b) { dst.set(bk.data, off); off += bk.size; }
    // share of each block in fc1 when its side output is the constant relu(b_k)
    const W1 = model.fc1W.data, share: Float64Array[] = [];
    off = 0;
    for (let k = 0; k < PCNN_OCC_BLOCKS; k++) {
      const s = new Float64Array(h), bk = model.b[k].data;
      for (let j = 0; j < w[k]; j++) {
        const v = bk[j];
        if (v > 0) for (let c = 0, row = (off + j) * h; c < h; c++) s[c] += v * W1[row + c];
      }
      share.push(s);
      off += w[k];
    }
    const base = e.f32(this.hiddenBase, EMPTY_LEVEL_SETS * h), b1 = model.fc1b.data;
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
