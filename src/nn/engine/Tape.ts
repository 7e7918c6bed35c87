/**
 * Reverse-mode autodiff tape.
 *
 * Ops (linear, pcnnField, sparseGather, …) take the tape as their first argument, compute their
 * output with the kernels, and — when the tape is recording and some input requires a gradient —
 * push a closure that propagates the output's gradient to the inputs. `backward(loss)` runs the
 * closures in reverse order.
 *
 * Gradient buffers of intermediate tensors are allocated lazily in the arena, on first use.
 * Every backward closure *accumulates* into input gradients (a tensor may feed several ops: the
 * PCNN field H feeds both restrictions of a dual-restriction block), except that the first writer
 * of a fresh buffer overwrites it — `accumulateFlag(t)` tells the closure which, so no buffer is
 * ever memset. Parameters own persistent, zeroed gradient buffers (`Engine.zeroGrad`).
 */
import type { Engine } from './Engine.ts';
import type { Tensor } from './Tensor.ts';

export class Tape {
  readonly engine: Engine;
  /** When false, ops record nothing (inference). */
  readonly recording: boolean;
  private readonly steps: Array<() => void> = [];

  /**
   * @param engine the engine whose memory holds every tensor.
   * @param recording whether to record backward closures (default true; false for inference).
   */
  constructor(engine: Engine, recording = true) {
    this.engine = engine;
    this.recording = recording;
  }

  /** True when an op with these inputs must record a backward step. */
  needsGrad(...inputs: Array<Tensor | null | undefined>): boolean {
    if (!this.recording) return false;
    for (const t of inputs) if (t && t.requiresGrad) return true;
    return false;
  }

  /** Record a backward closure (called by ops). */
  record(step: () => void): void {
    this.steps.push(step);
  }

  /** Number of recorded steps. */
  get length(): number {
    return this.steps.length;
  }

  /**
   * Ensure `t` has a gradient buffer and return the kernel accumulate flag for writing into it:
   * 0 when the buffer is fresh (overwrite), 1 when it already holds a gradient (add). The buffer
   * counts as written afterwards, so call it exactly once per write, just before the kernel.
   */
  accumulateFlag(t: Tensor): 0 | 1 {
    if (!t.gradPtr) t.gradPtr = this.engine.alloc(t.size * 4);
    const flag = t.gradWritten ? 1 : 0;
    t.gradWritten = true;
    return flag;
  }

  /**
   * Run the recorded steps in reverse. `seed` is d(objective)/d(output): 1 for a scalar loss
   * (default), or any array of output.size values (a vector-Jacobian product).
   * The tape is cleared afterwards.
   */
  backward(output: Tensor, seed?: ArrayLike<number>): void {
    if (!seed && output.size !== 1) throw new Error('Tape.backward: output is not a scalar; pass a seed gradient');
    this.backwardMany([[output, seed ?? [1]]]);
  }

  /**
   * Backward from several outputs at once: the objective is Σ_k seed_k · output_k (e.g. several
   * losses, or both restrictions of a dual-restriction block in a test). Clears the tape.
   */
  backwardMany(seeds: ReadonlyArray<readonly [Tensor, ArrayLike<number>]>): void {
    if (!this.recording) throw new Error('Tape.backward: this tape does not record');
    for (const [output, seed] of seeds) {
      if (seed.length !== output.size) throw new Error('Tape.backward: seed length does not match the output');
      const acc = this.accumulateFlag(output);
      const g = this.engine.f32(output.gradPtr, output.size);
      for (let i = 0; i < seed.length; i++) g[i] = acc ? g[i] + seed[i] : seed[i];
    }
    for (let i = this.steps.length - 1; i >= 0; i--) this.steps[i]();
    this.steps.length = 0;
  }

  /** Drop the recorded steps without running them. */
  clear(): void {
    this.steps.length = 0;
  }
}
