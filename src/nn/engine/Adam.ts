/**
 * Adam optimiser (Kingma & Ba 2015) over parameter tensors, updated in place in WASM memory.
 * Defaults: lr 1e-4, β1 0.9, β2 0.999, ε 1e-8 (paper/ONet settings). The moment buffers live in
 * the engine (persistent); `state()`/`loadState()` copy them out/in for checkpoints.
 */
import type { Engine } from './Engine.ts';
import type { Tensor } from './Tensor.ts';

export interface AdamOptions {
  /** Learning rate (default 1e-4). */
  lr?: number;
  /** First-moment decay (default 0.9). */
  beta1?: number;
  /** Second-moment decay (default 0.999). */
  beta2?: number;
  /** Denominator guard (default 1e-8). */
  eps?: number;
}

/** Serialisable optimiser state (plain arrays; one m and v per parameter, in parameter order). */
export interface AdamState {
  step: number;
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  names: string[];
  m: Float32Array[];
  v: Float32Array[];
}

export class Adam {
  readonly engine: Engine;
  readonly params: readonly Tensor[];
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** Number of steps taken. */
  step = 0;
  private readonly mPtr: number[] = [];
  private readonly vPtr: number[] = [];

  /**
   * @param params parameters (made with `engine.parameter`, so they own gradient buffers).
   * Must be created before any arena mark is live (its moment buffers are persistent).
   */
  constructor(engine: Engine, params: readonly Tensor[], opts: AdamOptions = {}) {
    this.engine = engine;
    this.params = params.slice();
    this.lr = opts.lr ?? 1e-4;
    this.beta1 = opts.beta1 ?? 0.9;
    this.beta2 = opts.beta2 ?? 0.999;
    this.eps = opts.eps ?? 1e-8;
    for (const p of this.params) {
      if (!p.gradPtr) throw new Error('Adam: parameter without a gradient buffer (use engine.parameter)');
      const m = engine.allocPersistent(p.size * 4),
        v = engine.allocPersistent(p.size * 4);
      engine.f32(m, p.size).fill(0);
      engine.f32(v, p.size).fill(0);
      this.mPtr.push(m);
      this.vPtr.push(v);
    }
  }

  /**
   * One update from the parameters' current gradients.
   * @param gradScale factor applied to every gradient first (e.g. 1/workers when gradients were
   * summed over data-parallel workers). Default 1.
   */
  update(gradScale = 1): void {
    this.step++;
    const bc1 = 1 - Math.pow(this.beta1, this.step),
      bc2 = 1 - Math.pow(this.beta2, this.step);
    const k = this.engine.k;
    for (let i = 0; i < this.params.length; i++) {
      const p = this.params[i];
      k.adamStep(p.size, p.ptr, p.gradPtr, this.mPtr[i], this.vPtr[i], this.lr, this.beta1, this.beta2, this.eps, bc1, bc2, gradScale);
    }
  }

  /** Copy of the state for a checkpoint. */
  state(): AdamState {
    return {
      step: this.step,
      lr: this.lr,
      beta1: this.beta1,
      beta2: this.beta2,
      eps: this.eps,
      names: this.params.map((p) => p.name),
      m: this.params.map((p, i) => this.engine.f32(this.mPtr[i], p.size).slice()),
      v: this.params.map((p, i) => this.engine.f32(this.vPtr[i], p.size).slice()),
    };
  }

  /** Restore a state made by `state()` for the same parameter list (sizes must match). */
  loadState(s: AdamState): void {
    if (s.m.length !== this.params.length || s.v.length !== this.params.length)
      throw new RangeError('Adam.loadState: parameter count differs');
    for (let i = 0; i < this.params.length; i++) {
      const n = this.params[i].size;
      if (s.m[i].length !== n || s.v[i].length !== n) throw new RangeError(`Adam.loadState: size of parameter ${i} differs`);
      this.engine.f32(this.mPtr[i], n).set(s.m[i]);
      this.engine.f32(this.vPtr[i], n).set(s.v[i]);
    }
    this.step = s.step;
    this.lr = s.lr;
    this.beta1 = s.beta1;
    this.beta2 = s.beta2;
    this.eps = s.eps;
  }
}
