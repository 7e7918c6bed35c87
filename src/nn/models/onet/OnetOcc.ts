/**
 * The ONet baseline (Mescheder et al. 2019, `configs/pointcloud/onet.yaml`; docs/design.md §4, last
 * paragraph) on pointocc's engine: a ResNet-PointNet encoder turns the input cloud into a code c,
 * a conditional-batch-norm ResNet decoder classifies each query given c.
 *
 *   encoder (P points, width h, code C):
 *     net = fc_pos(p)                                   Linear(3, 2h)
 *     net = block_0(net)                                ResnetBlockFC(2h → h)
 *     for i = 1 … blocks−1:  net = block_i(cat[net, broadcast(max_points net)])
 *     c = fc_c(relu(max_points net))                    Linear(h, C)
 *   ResnetBlockFC(x): x_s + fc_1(relu(fc_0(relu(x)))), x_s = shortcut(x) (Linear without bias)
 *   decoder (Q queries, width H):
 *     net = fc_p(q)                                     Linear(3, H)
 *     blocks × : net = net + fc_1(relu(bn_1(fc_0(relu(bn_0(net, c))), c)))
 *     logits = fc_out(relu(bn(net, c)))                 Linear(H, 2), class 1 = inside
 *   CBN(x, c) = γ(c) ⊙ BN(x) + β(c), γ = Linear(C, H), β = Linear(C, H); BN without own affine.
 *
 * Batch norm (see batchNorm.ts): in training the trainer calls `forwardItems` on all items of a
 * replica's block, and every batch norm normalises with the statistics of all their queries
 * (ONet's batch semantics; `forward` on one item is the one-item case) and adds them into the
 * running-statistics buffers' gradients, which the trainer folds into the buffers
 * (TrainableModel.buffers); inference
 * (`prepareCloud`/`evaluate`) normalises with the running statistics, folded together with
 * γ(c), β(c) into one per-column map per CBN layer once per cloud.
 *
 * Parameters are named after ONet's modules (`encoder.block_0.fc_0.W`, …); weights are stored
 * [in, out] (pointocc's linear), i.e. transposed relative to torch's `weight`.
 */
import type { Engine } from '../../engine/Engine.ts';
import type { Tensor } from '../../engine/Tensor.ts';
import { Tape } from '../../engine/Tape.ts';
import { linear } from '../../ops/linear.ts';
import { biasAct } from '../../ops/biasAct.ts';
import { concat } from '../../ops/concat.ts';
import { maxPoolSegments } from '../../ops/maxPool.ts';
import type { Random } from '../../../geometry/Random.ts';
import { add } from '../../ops/add.ts';
import { broadcastRows } from '../../ops/broadcastRows.ts';
import { batchNorm, affineColumns, foldBatchNorm } from '../../ops/batchNorm.ts';
import { validateOnetConfig, type OnetConfig } from './OnetConfig.ts';

/** A fully connected layer's parameters (weights [in, out], optional bias [out]). */
export interface OnetLinear { W: Tensor; b: Tensor | null }

/** One ResnetBlockFC of the encoder. */
export interface OnetEncoderBlock { fc0: OnetLinear; fc1: OnetLinear; /** [in, out] without bias; null when in = out. */ shortcut: Tensor | null }

/** One conditional batch norm: γ and β from the code, and the running statistics (buffers). */
export interface OnetCbn { gamma: OnetLinear; beta: OnetLinear; runningMean: Tensor; runningVar: Tensor }

/** One CResnetBlockConv1d of the decoder. */
export interface OnetDecoderBlock { bn0: OnetCbn; fc0: OnetLinear; bn1: OnetCbn; fc1: OnetLinear }

/** Per-item constants of a training step (arena tensors under the caller's mark). */
export interface OnetPrepared { input: Tensor; queries: Tensor }

/** The items of a training block (the trainer's ItemBlock fits): flat xyz, item after item. */
export interface OnetItems {
  /** Items B. */
  count: number;
  /** Input points P and queries Q per item. */
  inputPoints: number;
  queries: number;
  /** B·P·3 floats (at least). */
  inputs: Float32Array;
  /** B·Q·3 floats (at least). */
  queryPoints: Float32Array;
}

/** The query-independent inference state of one cloud (plain JS memory; nothing to free). */
export interface OnetCloud {
  /** The code c (C values). */
  code: Float32Array;
  /** Per CBN layer, in decoder order (block_0.bn_0, block_0.bn_1, …, bn): y = relu(a ⊙ x + b). */
  scale: Float32Array[];
  shift: Float32Array[];
}

/** Queries per internal batch of `evaluate` (bounds the activations: Q·H floats a few times). */
const EVAL_CHUNK = 4096;

export class OnetOcc {
  readonly engine: Engine;
  readonly config: OnetConfig;
  /** Trainable parameters, in checkpoint order (encoder, then decoder, module by module). */
  readonly params: Tensor[] = [];
  /** Running means and variances of the CBN layers (non-trainable; see TrainableModel.buffers). */
  readonly buffers: Tensor[] = [];
  readonly fcPos: OnetLinear;
  readonly encoderBlocks: OnetEncoderBlock[] = [];
  readonly fcC: OnetLinear;
  readonly fcP: OnetLinear;
  readonly decoderBlocks: OnetDecoderBlock[] = [];
  readonly bnOut: OnetCbn;
  readonly fcOut: OnetLinear;
  /** All CBN layers in decoder order (block_0.bn_0, block_0.bn_1, …, bn). */
  readonly cbnLayers: OnetCbn[] = [];

  /**
   * Allocates parameters and buffers (persistent: no arena mark may be live). Parameters are zero
   * until `initialize` or a load fills them; running statistics start at mean 0, variance 1.
   * @param engine the engine holding parameters and all per-item tensors.
   * @param config model sizes (validated here).
   */
  constructor(engine: Engine, config: OnetConfig) {
    this.engine = engine;
    this.config = validateOnetConfig(config);
    const { encoderHidden: h, cDim: C, decoderHidden: H, blocks } = this.config;
    const lin = (name: string, i: number, o: number, bias = true): OnetLinear => {
      const W = engine.parameter([i, o], `${name}.W`);
      this.params.push(W);
      let b: Tensor | null = null;
      if (bias) { b = engine.parameter([o], `${name}.b`); this.params.push(b); }
      return { W, b };
    };
    const cbn = (name: string): OnetCbn => {
      const gamma = lin(`${name}.gamma`, C, H), beta = lin(`${name}.beta`, C, H);
      const runningMean = engine.parameter([H], `${name}.runningMean`);
      const runningVar = engine.parameter([H], `${name}.runningVar`);
      runningVar.data.fill(1);
      this.buffers.push(runningMean, runningVar);
      const layer = { gamma, beta, runningMean, runningVar };
      this.cbnLayers.push(layer);
      return layer;
    };
    this.fcPos = lin('encoder.fc_pos', 3, 2 * h);
    for (let i = 0; i < blocks; i++) {
      const n = `encoder.block_${i}`;
      const fc0 = lin(`${n}.fc_0`, 2 * h, h), fc1 = lin(`${n}.fc_1`, h, h);
      const shortcut = lin(`${n}.shortcut`, 2 * h, h, false).W;
      this.encoderBlocks.push({ fc0, fc1, shortcut });
    }
    this.fcC = lin('encoder.fc_c', h, C);
    this.fcP = lin('decoder.fc_p', 3, H);
    for (let i = 0; i < blocks; i++) {
      const n = `decoder.block_${i}`;
      const bn0 = cbn(`${n}.bn_0`), fc0 = lin(`${n}.fc_0`, H, H);
      const bn1 = cbn(`${n}.bn_1`), fc1 = lin(`${n}.fc_1`, H, H);
      this.decoderBlocks.push({ bn0, fc0, bn1, fc1 });
    }
    this.bnOut = cbn('decoder.bn');
    this.fcOut = lin('decoder.fc_out', H, 2);
  }

  /** Number of trainable scalars. */
  get parameterCount(): number { return this.params.reduce((a, p) => a + p.size, 0); }

  /**
   * ONet's initialisation: every weight and bias uniform in ±1/√fan_in (torch's Linear/Conv1d
   * default), then fc_1 weights of every ResNet block zero (each block starts as its shortcut),
   * CBN γ = Linear with weight 0 and bias 1, β = Linear with weight 0 and bias 0 (CBN starts as
   * plain BN). Running statistics reset to mean 0, variance 1. Draws in parameter order.
   * @param rng seeded generator (src/geometry/Random.ts).
   */
  initialize(rng: Random): void {
    for (const p of this.params) {
      const fanIn = p.shape.length === 2 ? p.shape[0] : this.fanInOfBias(p);
      const bound = 1 / Math.sqrt(fanIn), d = p.data;
      for (let i = 0; i < d.length; i++) d[i] = rng.uniform(-bound, bound);
    }
    for (const b of this.encoderBlocks) b.fc1.W.data.fill(0);
    for (const b of this.decoderBlocks) b.fc1.W.data.fill(0);
    for (const l of this.cbnLayers) {
      l.gamma.W.data.fill(0); l.gamma.b!.data.fill(1);
      l.beta.W.data.fill(0); l.beta.b!.data.fill(0);
      l.runningMean.data.fill(0); l.runningVar.data.fill(1);
    }
    this.engine.zeroGrad(this.params);
    this.engine.zeroGrad(this.buffers);
  }

  /** Fan-in of a bias: the rows of the weight of the same layer (the parameter just before it). */
  private fanInOfBias(b: Tensor): number {
    const i = this.params.indexOf(b);
    return this.params[i - 1].shape[0];
  }

  // ------------------------------------------------------------------------------ training

  /**
   * Per-item tensors of a training step, in the engine's arena (call inside a mark).
   * @param input P·3 normalised input points (P ≥ 1). @param queries Q·3 normalised queries (Q ≥ 1).
   */
  prepare(input: Float32Array, queries: Float32Array): OnetPrepared {
    if (input.length % 3 !== 0 || input.length === 0) throw new RangeError('OnetOcc: input length must be a positive multiple of 3');
    if (queries.length % 3 !== 0 || queries.length === 0) throw new RangeError('OnetOcc: queries length must be a positive multiple of 3');
    const e = this.engine;
    return { input: e.fromArray([input.length / 3, 3], input), queries: e.fromArray([queries.length / 3, 3], queries) };
  }

  /**
   * Training forward pass: logits [Q, 2] (column 1 = inside), batch norm over this item's Q
   * queries. On a recording tape the item's statistics are added into the buffers' gradients.
   * @param tape the tape. @param p from `prepare` (arena still live).
   */
  forward(tape: Tape, p: OnetPrepared): Tensor {
    return this.decode(tape, this.encode(tape, p.input), p.queries, tape.recording);
  }

  /**
   * Training forward pass of all items of a replica's block at once (TrainableModel.forwardItems):
   * logits [count·Q, 2], rows item-major. Every batch norm normalises over all count·Q queries
   * (ONet's batch semantics, see batchNorm.ts), each item with its own γ(c), β(c); on a
   * recording tape the block's statistics (× count) are added into the buffers' gradients.
   * Arena tensors are allocated inside the caller's mark.
   * @param block count ≥ 1 items of `inputPoints` points and `queries` queries each (flat xyz).
   */
  forwardItems(tape: Tape, block: OnetItems): Tensor {
    const { count: B, inputPoints: P, queries: Q } = block;
    if (!Number.isInteger(B) || B < 1 || !Number.isInteger(P) || P < 1 || !Number.isInteger(Q) || Q < 1) throw new RangeError(`OnetOcc.forwardItems: bad block (${B} items, ${P} points, ${Q} queries)`);
    if (block.inputs.length < B * P * 3 || block.queryPoints.length < B * Q * 3) throw new RangeError('OnetOcc.forwardItems: block arrays are too short');
    const e = this.engine;
    const X = e.fromArray([B * P, 3], block.inputs.subarray(0, B * P * 3));
    const Qt = e.fromArray([B * Q, 3], block.queryPoints.subarray(0, B * Q * 3));
    return this.decode(tape, this.encodeItems(tape, X, B), Qt, tape.recording);
  }

  /**
   * The encoder: code c [1, C] of a cloud.
   * @param X input points [P, 3].
   */
  encode(tape: Tape, X: Tensor): Tensor {
    return this.encodeItems(tape, X, 1);
  }

  /**
   * The encoder on B clouds of P points each at once (every max-pool stays within its item, so
   * each code equals that of `encode` on the item alone): codes [B, C], item order.
   * @param X input points [B·P, 3], item-major. @param B items (≥ 1; must divide X's rows).
   */
  encodeItems(tape: Tape, X: Tensor, B: number): Tensor {
    const N = X.rows, P = N / B;
    if (!Number.isInteger(B) || B < 1 || !Number.isInteger(P) || P < 1) throw new RangeError(`OnetOcc: ${N} input rows do not split into ${B} items`);
    const seg = new Int32Array(N); // segment = item: the global max over each item's points
    for (let i = 0; i < N; i++) seg[i] = (i / P) | 0;
    const block = (b: OnetEncoderBlock, x: Tensor): Tensor => {
      const hdn = linear(tape, biasAct(tape, x, null, true), b.fc0.W, b.fc0.b, true);
      const dx = linear(tape, hdn, b.fc1.W, b.fc1.b, false);
      return add(tape, b.shortcut ? linear(tape, x, b.shortcut, null, false) : x, dx);
    };
    let net = linear(tape, X, this.fcPos.W, this.fcPos.b, false);
    net = block(this.encoderBlocks[0], net);
    for (let i = 1; i < this.encoderBlocks.length; i++) {
      const pooled = maxPoolSegments(tape, net, seg, B);
      net = block(this.encoderBlocks[i], concat(tape, [net, broadcastRows(tape, pooled, P, B)]));
    }
    const g = maxPoolSegments(tape, net, seg, B);
    return linear(tape, biasAct(tape, g, null, true), this.fcC.W, this.fcC.b, false);
  }

  /**
   * The decoder in training mode: logits [B·Q, 2] of the queries given the codes, batch norm
   * over all B·Q rows with each item's γ(c), β(c) (batchNorm's groups).
   * @param c codes [B, C] (B = 1: one item). @param Qt queries [B·Q, 3], item-major.
   * @param collectStats add each batch norm's statistics (× B) into its buffers' gradients.
   */
  decode(tape: Tape, c: Tensor, Qt: Tensor, collectStats: boolean): Tensor {
    const cbn = (l: OnetCbn, x: Tensor): Tensor => batchNorm(tape,
      x, linear(tape, c, l.gamma.W, l.gamma.b), linear(tape, c, l.beta.W, l.beta.b), true,
      collectStats ? { mean: l.runningMean, var: l.runningVar } : undefined);
    let net = linear(tape, Qt, this.fcP.W, this.fcP.b, false);
    for (const b of this.decoderBlocks) {
      const hdn = linear(tape, cbn(b.bn0, net), b.fc0.W, b.fc0.b, false);
      const dx = linear(tape, cbn(b.bn1, hdn), b.fc1.W, b.fc1.b, false);
      net = add(tape, net, dx);
    }
    return linear(tape, cbn(this.bnOut, net), this.fcOut.W, this.fcOut.b, false);
  }

  // ------------------------------------------------------------------------------ inference

  /**
   * The query-independent part of inference: the code c and, per CBN layer, the per-column map
   * of batch norm with the running statistics and γ(c), β(c). Arena memory is used only while
   * computing it; the result is plain JS (so clouds may be released in any order).
   * @param input P·3 normalised input points (P ≥ 1).
   */
  prepareCloud(input: Float32Array): OnetCloud {
    if (input.length % 3 !== 0 || input.length === 0) throw new RangeError('OnetOcc: input length must be a positive multiple of 3');
    const e = this.engine;
    const m = e.mark();
    try {
      const tape = new Tape(e, false);
      const c = this.encode(tape, e.fromArray([input.length / 3, 3], input));
      const scale: Float32Array[] = [], shift: Float32Array[] = [];
      for (const l of this.cbnLayers) {
        const g = linear(tape, c, l.gamma.W, l.gamma.b), b = linear(tape, c, l.beta.W, l.beta.b);
        const f = foldBatchNorm(g.data, b.data, l.runningMean.data, l.runningVar.data);
        scale.push(f.a); shift.push(f.b);
      }
      return { code: c.data.slice(), scale, shift };
    } finally {
      e.release(m);
    }
  }

  /** Nothing to free (the cloud state is plain JS); kept for the TrainableModel / predictor interface. */
  releaseCloud(_cloud: OnetCloud): void { /* plain JS memory */ }

  /**
   * Logits of `queries` for a prepared cloud (inference: batch norm with running statistics).
   * @param cloud from `prepareCloud`. @param queries xyz per query (unit-cube frame).
   * @returns logits, 2 per query (row-major Q×2; column 1 = inside).
   */
  evaluate(cloud: OnetCloud, queries: Float32Array): Float32Array {
    if (queries.length % 3 !== 0) throw new RangeError('OnetOcc: queries length is not a multiple of 3');
    const Q = queries.length / 3;
    const out = new Float32Array(2 * Q);
    for (let s = 0; s < Q; s += EVAL_CHUNK) {
      const n = Math.min(EVAL_CHUNK, Q - s);
      out.set(this.evaluateChunk(cloud, queries.subarray(3 * s, 3 * (s + n))), 2 * s);
    }
    return out;
  }

  private evaluateChunk(cloud: OnetCloud, queries: Float32Array): Float32Array {
    const e = this.engine, k = e.k;
    const m = e.mark();
    try {
      const tape = new Tape(e, false);
      const Q = queries.length / 3, H = this.config.decoderHidden;
      const net = linear(tape, e.fromArray([Q, 3], queries), this.fcP.W, this.fcP.b, false);
      const t = e.empty([Q, H]);
      let li = 0;
      for (const b of this.decoderBlocks) {
        affineColumns(net, cloud.scale[li], cloud.shift[li], t); li++;
        const hdn = linear(tape, t, b.fc0.W, b.fc0.b, false);
        affineColumns(hdn, cloud.scale[li], cloud.shift[li], hdn); li++;
        const dx = linear(tape, hdn, b.fc1.W, b.fc1.b, false);
        k.addInto(net.size, dx.ptr, net.ptr, 1);
      }
      affineColumns(net, cloud.scale[li], cloud.shift[li], t);
      return linear(tape, t, this.fcOut.W, this.fcOut.b, false).data.slice();
    } finally {
      e.release(m);
    }
  }
}
