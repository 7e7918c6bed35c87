/**
 * A tiny stand-in model for trainer tests (not a test file itself): per query, features of the
 * query relative to the input cloud — d = q − centroid, |d|², and the cloud's mean squared
 * radius r² — through FC(5→hidden)+ReLU → FC(2). A sphere's inside is |d|² < r², which this
 * can learn, so the loss must drop on sphere data. Depends only on the trainer's ModelKit
 * interface, so the trainer machinery is tested without PcnnOcc.
 */
import { join } from 'node:path';
import type { Engine } from '../../src/nn/engine/Engine.ts';
import type { Tape } from '../../src/nn/engine/Tape.ts';
import type { Tensor } from '../../src/nn/engine/Tensor.ts';
import { linear } from '../../src/nn/ops/linear.ts';
import type { Random } from '../../src/geometry/Random.ts';
import { UsageError } from '../../src/errors.ts';
import { atomicWriteFileSync } from '../../src/io/atomicWrite.ts';
import { encodeSafetensors, type SafeTensor } from '../../src/io/safetensors.ts';
import type { ModelKit, ModelKitRef, TrainableModel } from '../../src/train/TrainableModel.ts';

export interface TinyConfig {
  hidden: number;
  threshold: number;
  inputPoints: number;
}

const F = 5;

export class TinyModel implements TrainableModel<Tensor> {
  readonly params: Tensor[];
  readonly W1: Tensor;
  readonly b1: Tensor;
  readonly W2: Tensor;
  readonly b2: Tensor;
  constructor(
    readonly engine: Engine,
    readonly config: TinyConfig,
  ) {
    this.W1 = engine.parameter([F, config.hidden], 'fc1.W');
    this.b1 = engine.parameter([config.hidden], 'fc1.b');
    this.W2 = engine.parameter([config.hidden, 2], 'fc2.W');
    this.b2 = engine.parameter([2], 'fc2.b');
    this.params = [this.W1, this.b1, this.W2, this.b2];
  }
  initialize(rng: Random): void {
    const w1 = this.W1.data;
    for (let i = 0; i < w1.length; i++) w1[i] = rng.normal(0, Math.sqrt(2 / F));
    const w2 = this.W2.data;
    for (let i = 0; i < w2.length; i++) w2[i] = rng.normal(0, Math.sqrt(1 / this.config.hidden));
    this.b1.data.fill(0.01);
    this.b2.data.fill(0);
  }
  prepare(input: Float32Array, queries: Float32Array): Tensor {
    const P = input.length / 3,
      Q = queries.length / 3;
    let cx = 0,
      cy = 0,
      cz = 0;
    for (let i = 0; i < P; i++) {
      cx += input[3 * i];
      cy += input[3 * i + 1];
      cz += input[3 * i + 2];
    }
    cx /= P;
    cy /= P;
    cz /= P;
    let r2 = 0;
    for (let i = 0; i < P; i++) r2 += (input[3 * i] - cx) ** 2 + (input[3 * i + 1] - cy) ** 2 + (input[3 * i + 2] - cz) ** 2;
    r2 /= P;
    const X = this.engine.empty([Q, F]);
    const x = X.data;
    for (let q = 0; q < Q; q++) {
      const dx = queries[3 * q] - cx,
        dy = queries[3 * q + 1] - cy,
        dz = queries[3 * q + 2] - cz;
      x[F * q] = dx;
      x[F * q + 1] = dy;
      x[F * q + 2] = dz;
      x[F * q + 3] = 10 * (dx * dx + dy * dy + dz * dz);
      x[F * q + 4] = 10 * r2;
    }
    return X;
  }
  forward(tape: Tape, X: Tensor): Tensor {
    return linear(tape, linear(tape, X, this.W1, this.b1, true), this.W2, this.b2, false);
  }
}

export const tinyKit: ModelKit<TinyModel> = {
  create: (engine, config) => new TinyModel(engine, config as TinyConfig),
  validate(json, source = 'tiny config') {
    const o = (json ?? {}) as Record<string, unknown>;
    const hidden = o.hidden ?? 8,
      threshold = o.threshold ?? 0.5,
      inputPoints = o.inputPoints ?? 64;
    if (typeof hidden !== 'number' || !Number.isInteger(hidden) || hidden < 1)
      throw new UsageError(`${source}: hidden must be a positive integer`);
    return { hidden, threshold, inputPoints } as TinyConfig;
  },
  save(dir, model) {
    const t: Record<string, SafeTensor> = {};
    for (const p of model.params) t[p.name] = { data: p.data.slice(), shape: p.shape.slice() };
    atomicWriteFileSync(join(dir, 'weights.safetensors'), encodeSafetensors(t));
    atomicWriteFileSync(join(dir, 'config.json'), JSON.stringify(model.config) + '\n');
  },
  threshold: (config) => (config as TinyConfig).threshold,
};

export const TINY_KIT: ModelKitRef = { url: import.meta.url, exportName: 'tinyKit' };
