/**
 * A float32 tensor living in an Engine's WASM memory (row-major, last axis contiguous).
 *
 * `data` and `grad` are live views re-created whenever the memory has grown (growth detaches the
 * old ArrayBuffer): read them again after any allocation instead of keeping the arrays.
 * `ptr`/`gradPtr` are byte offsets for the kernels.
 */
import type { TensorMemory } from './TensorMemory.ts';

export class Tensor {
  /** The engine whose memory holds the tensor (compare with `===` to check two tensors share one). */
  readonly engine: TensorMemory;
  readonly ptr: number;
  readonly shape: readonly number[];
  /** Number of elements. */
  readonly size: number;
  /** Whether gradients flow into this tensor (parameters, and outputs of ops with such inputs). */
  requiresGrad: boolean;
  /** Optional name (parameters: the key used in checkpoints). */
  name: string;
  /** Byte offset of the gradient buffer, 0 while none is allocated. */
  gradPtr = 0;
  /** Whether the gradient buffer holds valid values (false: contents undefined, next writer overwrites). */
  gradWritten = false;
  /** Parameters: data and grad are persistent allocations. */
  persistent = false;
  private view: Float32Array | null = null;
  private gview: Float32Array | null = null;

  constructor(engine: TensorMemory, ptr: number, shape: readonly number[], requiresGrad = false, name = '') {
    this.engine = engine;
    this.ptr = ptr;
    this.shape = shape.slice();
    let n = 1;
    for (const d of shape) n *= d;
    this.size = n;
    this.requiresGrad = requiresGrad;
    this.name = name;
  }

  /** Rows of a 2-D tensor (first axis), or 1 for a scalar. */
  get rows(): number {
    return this.shape.length ? this.shape[0] : 1;
  }
  /** Elements per row: product of all axes but the first. */
  get cols(): number {
    return this.shape.length ? this.size / Math.max(1, this.shape[0]) || 0 : 1;
  }

  /** Live float32 view of the values. */
  get data(): Float32Array {
    // Cheap guard against use after `Engine.release` (two comparisons per access).
    if (!this.persistent && this.size > 0 && !this.engine.isLive(this.ptr, this.size * 4)) {
      throw new Error('Tensor: used after its arena block was released');
    }
    const buf = this.engine.memory.buffer;
    if (this.view === null || this.view.buffer !== buf) this.view = new Float32Array(buf, this.ptr, this.size);
    return this.view;
  }

  /** Live float32 view of the gradient, or undefined when none has been computed. */
  get grad(): Float32Array | undefined {
    if (!this.gradPtr || !this.gradWritten) return undefined;
    const buf = this.engine.memory.buffer;
    if (this.gview === null || this.gview.buffer !== buf) this.gview = new Float32Array(buf, this.gradPtr, this.size);
    return this.gview;
  }

  /** Copy of the values as a plain Float32Array (safe to keep). */
  toArray(): Float32Array {
    return this.data.slice();
  }
}
