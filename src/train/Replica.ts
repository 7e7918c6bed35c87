/**
 * One data-parallel replica: an Engine, a model and its Adam optimiser. The step is split into
 * phases so the all-reduce can sit between them: {@link Replica.computeGradients} on this
 * replica's shapes → {@link Replica.writeGradient} into its exchange slot → (barrier) →
 * {@link Replica.applySummed} over all slots. Worker threads run one replica each
 * (trainWorker.ts); tests drive several in one thread, phase by phase.
 */
import { Engine } from '../nn/engine/Engine.ts';
import { Tape } from '../nn/engine/Tape.ts';
import type { Tensor } from '../nn/engine/Tensor.ts';
import { Adam, type AdamState } from '../nn/engine/Adam.ts';
import { softmaxCrossEntropy } from '../nn/ops/softmaxCrossEntropy.ts';
import { Random } from '../geometry/Random.ts';
import { deriveSeed } from '../data/shapeSeed.ts';
import { addOccupancyCounts, emptyCounts, type OccupancyCounts } from './OccupancyCounts.ts';
import { BUFFER_MOMENTUM, type ModelKit, type TrainableModel } from './TrainableModel.ts';
import { UsageError } from '../errors.ts';
import { itemInput } from './splitBatch.ts';
import type { ItemBlock } from './ItemBlock.ts';

/** Per-replica training statistics of one step. */
export interface StepStats {
  /** Σ over items of the item's mean cross-entropy. */
  lossSum: number;
  /** Queries classified correctly at the threshold, and queries in all. */
  correct: number;
  queries: number;
  items: number;
}

/** One validation shape: a fixed input cloud and fixed labelled points. */
export interface ValidationShape {
  /** P·3 input points (with their fixed noise). */
  input: Float32Array;
  /** U·3 points uniform in the padded box. */
  points: Float32Array;
  /** U labels, 1 = inside. */
  labels: Uint8Array;
}

/** Non-trainable buffers (TrainableModel.buffers) as plain arrays, in model order. */
export interface BufferState {
  names: string[];
  shapes: number[][];
  data: Float32Array[];
}

/** Parameters and optimiser state, as plain arrays (for checkpoints and replica comparison). */
export interface ReplicaState {
  names: string[];
  shapes: number[][];
  params: Float32Array[];
  adam: AdamState;
  /** Present exactly when the model has buffers. */
  buffers?: BufferState;
}

/** What {@link Replica.loadState} needs (buffers required when the model has them). */
export type LoadableReplicaState = Pick<ReplicaState, 'names' | 'params' | 'adam'> & Partial<Pick<ReplicaState, 'buffers'>>;

export class Replica<M extends TrainableModel = TrainableModel> {
  readonly engine: Engine;
  readonly model: M;
  readonly adam: Adam;
  /** Decision threshold on P(inside) for accuracy and IoU. */
  readonly threshold: number;
  /** Length of the flat gradient: all parameters, then all buffers. */
  readonly size: number;
  /** Offset of each parameter in the flat gradient. */
  readonly offsets: number[];
  /** The model's buffers (empty when it has none). */
  readonly buffers: readonly Tensor[];
  /** Offset of each buffer in the flat gradient (after the parameters). */
  readonly bufferOffsets: number[];

  /**
   * Builds and initialises a replica. Replicas made with the same (kit, config, seed) start
   * bit-identical: initialisation draws from `Random(deriveSeed(seed, "init"))`.
   * @param engine a fresh engine (no live mark).
   * @param kit the model kit. @param config the validated model config.
   * @param seed the run seed. @param threshold decision threshold on P(inside), in (0, 1).
   */
  constructor(engine: Engine, kit: ModelKit<M>, config: unknown, seed: number, threshold: number) {
    this.engine = engine;
    this.model = kit.create(engine, config);
    this.model.initialize(new Random(deriveSeed(seed, 'init')));
    this.threshold = threshold;
    const names = new Set<string>();
    this.offsets = [];
    let n = 0;
    for (const p of this.model.params) {
      if (!p.name || names.has(p.name)) throw new Error(`model parameter names must be unique and non-empty (got "${p.name}")`);
      names.add(p.name);
      this.offsets.push(n);
      n += p.size;
    }
    this.buffers = this.model.buffers ?? [];
    this.bufferOffsets = [];
    for (const b of this.buffers) {
      if (!b.name || names.has(b.name))
        throw new Error(`model buffer names must be unique and non-empty, also among parameters (got "${b.name}")`);
      if (!b.gradPtr) throw new Error(`model buffer "${b.name}" has no gradient buffer (make it with engine.parameter)`);
      names.add(b.name);
      this.bufferOffsets.push(n);
      n += b.size;
    }
    this.size = n;
    this.adam = new Adam(engine, this.model.params);
  }

  /**
   * Zeroes the gradients, then runs forward and backward on each item, accumulating
   * Σ_items ∇(item's mean cross-entropy) in the parameters' gradients (and the model's
   * Σ_items statistics in its buffers' gradients). A model with `forwardItems` runs the whole
   * block in one pass instead: loss = mean cross-entropy over all count·Q rows, back-propagated
   * with seed count (= Σ_items ∇(item's mean CE) again, every item having Q queries); its
   * lossSum is that loss × count. Such a model needs the fixed-N layout (its batch-level pass
   * stacks the items' inputs as one count×P block): a block of variable input sizes is a
   * UsageError.
   */
  computeGradients(block: ItemBlock): StepStats {
    const e = this.engine,
      Q = block.queries;
    e.zeroGrad(this.model.params);
    if (this.buffers.length) e.zeroGrad(this.buffers);
    const stats: StepStats = { lossSum: 0, correct: 0, queries: 0, items: block.count };
    const counts = emptyCounts();
    if (this.model.forwardItems) {
      if (block.inputPoints === 0 && block.count > 0) {
        throw new UsageError(
          'this model trains on whole blocks of equal-size inputs (forwardItems, e.g. ONet): per-item input sizes (train.inputPointsRange) are not supported; give a single input size',
        );
      }
      if (block.count > 0) {
        const mark = e.mark();
        try {
          const tape = new Tape(e);
          const logits = this.model.forwardItems(tape, block);
          const labels = block.occupancies.subarray(0, block.count * Q);
          const loss = softmaxCrossEntropy(tape, logits, labels);
          stats.lossSum = loss.data[0] * block.count;
          addOccupancyCounts(logits.data, labels, this.threshold, counts);
          tape.backward(loss, [block.count]);
        } finally {
          e.release(mark);
        }
      }
    } else {
      for (let b = 0; b < block.count; b++) {
        const mark = e.mark();
        try {
          const prepared = this.model.prepare(itemInput(block, b), block.queryPoints.subarray(b * Q * 3, (b + 1) * Q * 3));
          const tape = new Tape(e);
          const logits = this.model.forward(tape, prepared);
          const labels = block.occupancies.subarray(b * Q, (b + 1) * Q);
          const loss = softmaxCrossEntropy(tape, logits, labels);
          stats.lossSum += loss.data[0];
          addOccupancyCounts(logits.data, labels, this.threshold, counts);
          tape.backward(loss);
        } finally {
          e.release(mark);
        }
      }
    }
    stats.correct = counts.tp + counts.tn;
    stats.queries = block.count * Q;
    return stats;
  }

  /** Copies the parameters' gradients, in parameter order, then the buffers' accumulated
   *  statistics, into `dst` (length {@link size}). */
  writeGradient(dst: Float32Array): void {
    if (dst.length !== this.size) throw new RangeError(`writeGradient: slot of ${dst.length} floats for ${this.size} parameters`);
    const ps = this.model.params;
    for (let i = 0; i < ps.length; i++) dst.set(ps[i].grad!, this.offsets[i]);
    for (let i = 0; i < this.buffers.length; i++) dst.set(this.buffers[i].grad!, this.bufferOffsets[i]);
  }

  /**
   * Sums the flat gradients `slots` in the given order (float32 after every addition, so every
   * replica computes the same bits), scales by `gradScale` and takes one Adam step at `lr`; each
   * buffer becomes m·buffer + (1 − m)·gradScale·(its summed statistics), m = BUFFER_MOMENTUM.
   * @param slots flat gradients of all replicas, in rank order.
   * @param gradScale factor on the sum: 1 / (items in the whole batch) gives the batch mean.
   * @param lr learning rate of this step.
   */
  applySummed(slots: readonly Float32Array[], gradScale: number, lr: number): void {
    const sum = (t: Tensor, o: number): Float32Array => {
      const g = t.grad!,
        n = t.size;
      g.set(slots[0].subarray(o, o + n));
      for (let r = 1; r < slots.length; r++) {
        const s = slots[r];
        for (let j = 0; j < n; j++) g[j] += s[o + j];
      }
      return g;
    };
    const ps = this.model.params;
    for (let i = 0; i < ps.length; i++) sum(ps[i], this.offsets[i]);
    for (let i = 0; i < this.buffers.length; i++) {
      const b = this.buffers[i],
        g = sum(b, this.bufferOffsets[i]),
        d = b.data;
      for (let j = 0; j < b.size; j++) d[j] = BUFFER_MOMENTUM * d[j] + (1 - BUFFER_MOMENTUM) * (g[j] * gradScale);
    }
    this.adam.lr = lr;
    this.adam.update(gradScale);
  }

  /**
   * Confusion counts and summed loss of each validation shape, at {@link threshold}, with the
   * points processed in chunks of `chunk` (counts do not depend on the chunking). Uses the
   * model's inference path (`prepareCloud`/`evaluate`) when it has one, else prepare + forward
   * per chunk.
   */
  validate(shapes: readonly ValidationShape[], chunk = 4096): OccupancyCounts[] {
    const e = this.engine,
      m = this.model;
    const out: OccupancyCounts[] = [];
    for (const s of shapes) {
      const c = emptyCounts();
      const U = s.labels.length;
      if (m.prepareCloud && m.evaluate && m.releaseCloud) {
        // The inference path: per-cloud fields once, then only the query side per chunk.
        const cloud = m.prepareCloud(s.input) as never;
        try {
          for (let start = 0; start < U; start += chunk) {
            const end = Math.min(U, start + chunk);
            addOccupancyCounts(m.evaluate(cloud, s.points.subarray(3 * start, 3 * end)), s.labels.subarray(start, end), this.threshold, c);
          }
        } finally {
          m.releaseCloud(cloud);
        }
      } else {
        for (let start = 0; start < U; start += chunk) {
          const end = Math.min(U, start + chunk);
          const mark = e.mark();
          try {
            const prepared = m.prepare(s.input, s.points.subarray(3 * start, 3 * end));
            const logits = m.forward(new Tape(e, false), prepared);
            addOccupancyCounts(logits.data, s.labels.subarray(start, end), this.threshold, c);
          } finally {
            e.release(mark);
          }
        }
      }
      out.push(c);
    }
    return out;
  }

  /** Copy of the parameters' current gradients, flat in parameter order, then the buffers'
   *  statistics (after a step: the summed, unscaled gradient of the whole batch). */
  gradient(): Float32Array {
    const g = new Float32Array(this.size);
    this.writeGradient(g);
    return g;
  }

  /** Copy of the parameters and the optimiser state. */
  state(): ReplicaState {
    const ps = this.model.params,
      bs = this.buffers;
    const s: ReplicaState = {
      names: ps.map((p) => p.name),
      shapes: ps.map((p) => p.shape.slice()),
      params: ps.map((p) => p.data.slice()),
      adam: this.adam.state(),
    };
    if (bs.length)
      s.buffers = { names: bs.map((b) => b.name), shapes: bs.map((b) => b.shape.slice()), data: bs.map((b) => b.data.slice()) };
    return s;
  }

  /** Restores parameters, buffers and optimiser state (from {@link state} of a replica of the
   *  same model; buffers are required exactly when the model has them). */
  loadState(s: LoadableReplicaState): void {
    const ps = this.model.params,
      bs = this.buffers;
    if (s.params.length !== ps.length) throw new RangeError(`loadState: ${s.params.length} parameters for a model with ${ps.length}`);
    const sb = s.buffers ?? { names: [], shapes: [], data: [] };
    if (sb.data.length !== bs.length) throw new RangeError(`loadState: ${sb.data.length} buffers for a model with ${bs.length}`);
    const check = (kind: string, i: number, name: string, values: Float32Array, t: Tensor): void => {
      if (name !== t.name) throw new RangeError(`loadState: ${kind} ${i} is "${name}", the model's is "${t.name}"`);
      if (values.length !== t.size) throw new RangeError(`loadState: ${kind} "${t.name}" has ${values.length} values, the model ${t.size}`);
    };
    for (let i = 0; i < ps.length; i++) check('parameter', i, s.names[i], s.params[i], ps[i]);
    for (let i = 0; i < bs.length; i++) check('buffer', i, sb.names[i], sb.data[i], bs[i]);
    for (let i = 0; i < ps.length; i++) ps[i].data.set(s.params[i]);
    for (let i = 0; i < bs.length; i++) bs[i].data.set(sb.data[i]);
    this.adam.loadState(s.adam);
  }
}
