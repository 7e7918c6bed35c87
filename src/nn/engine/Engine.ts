/**
 * One instance of the WASM kernel module plus the arena that owns its linear memory.
 *
 * Memory design (see README.md): every tensor lives inside the instance's `memory`, so kernels
 * run on it with zero JS↔WASM copies. The JS side allocates from a bump arena:
 *
 *  - `alloc*` (and everything built on it: tensors, plans, gradients, temporaries) take the next
 *    64-byte-aligned block; memory grows on demand (`memory.grow`), which detaches old
 *    ArrayBuffers — so `Tensor.data` is a getter that re-creates its view when needed, and a raw
 *    `Float32Array` obtained from a view must not be kept across an allocation;
 *  - `mark()` / `release(mark)` free everything allocated after the mark in one step (a training
 *    step: mark → plans, forward, backward, optimiser → release);
 *  - "persistent" allocations (parameters, their gradients, optimiser state) are ordinary blocks
 *    made before any live mark; `release` refuses to free them.
 *
 * An Engine has no global state: each worker thread makes its own (from the same compiled
 * `WebAssembly.Module`, which can be posted between threads).
 */
import { Tensor } from './Tensor.ts';
import { compileNnModule, type WasmSource } from './loadWasm.ts';
import type { TensorMemory } from './TensorMemory.ts';

/** The raw exports of build/wasm/nn.wasm (pointers are byte offsets, sizes in elements). */
export interface NnKernels {
  memory: WebAssembly.Memory;
  heapBase(): number;
  gemm(
    M: number,
    N: number,
    K: number,
    A: number,
    rsA: number,
    csA: number,
    B: number,
    ldb: number,
    C: number,
    ldc: number,
    bias: number,
    flags: number,
  ): void;
  transpose(M: number, N: number, A: number, lda: number, B: number, ldb: number): void;
  csrGather(
    R: number,
    ptr: number,
    rows: number,
    idx: number,
    w: number,
    H: number,
    ldh: number,
    out: number,
    ldo: number,
    width: number,
    accumulate: number,
  ): void;
  csrSddmm(
    M: number,
    ptr: number,
    idx: number,
    G: number,
    ldg: number,
    W: number,
    ldw: number,
    K: number,
    out: number,
    ldo: number,
    cols: number,
    accumulate: number,
  ): void;
  biasAct(M: number, N: number, X: number, ldx: number, bias: number, relu: number, out: number, ldo: number): void;
  reluBackward(n: number, G: number, Y: number, out: number, accumulate: number): void;
  colSum(M: number, N: number, G: number, ldg: number, out: number, accumulate: number): void;
  scaleRows(M: number, N: number, X: number, ldx: number, s: number, out: number, ldo: number, accumulate: number): void;
  addInto(n: number, x: number, y: number, accumulate: number): void;
  reluCsr(
    M: number,
    K: number,
    X: number,
    ldx: number,
    bias: number,
    skip: number,
    G: number,
    bounds: number,
    ptr: number,
    idx: number,
    val: number,
  ): number;
  adamStep(
    n: number,
    p: number,
    g: number,
    m: number,
    v: number,
    lr: number,
    beta1: number,
    beta2: number,
    eps: number,
    bc1: number,
    bc2: number,
    gradScale: number,
  ): void;
  peakMulAdd(iterations: number): number;
}

/** gemm flags. */
export const GEMM_ACCUMULATE = 1;
export const GEMM_RELU = 2;

const ALIGN = 64;
/** Bytes kept free above the arena top (never handed out). */
const SLACK = 64;
const PAGE = 65536;

export class Engine implements TensorMemory {
  readonly k: NnKernels;
  readonly memory: WebAssembly.Memory;
  /** Next free byte. */
  private top: number;
  private readonly base: number;
  /** Highest top reached by a persistent allocation; release() below it is an error. */
  private persistentTop: number;
  private liveMarks = 0;

  private constructor(instance: WebAssembly.Instance) {
    this.k = instance.exports as unknown as NnKernels;
    this.memory = this.k.memory;
    this.base = alignUp(this.k.heapBase(), ALIGN);
    this.top = this.base;
    this.persistentTop = this.base;
  }

  /**
   * Make an engine. `source`: the module's bytes or an already compiled `WebAssembly.Module`
   * (browsers and worker threads pass one); omitted in Node, build/wasm/nn.wasm is read.
   */
  static async create(source?: WasmSource): Promise<Engine> {
    const module = await compileNnModule(source);
    return Engine.fromModule(module);
  }

  /** Synchronous construction from a compiled module (e.g. one posted to a worker). */
  static fromModule(module: WebAssembly.Module): Engine {
    const instance = new WebAssembly.Instance(module, {
      env: {
        abort: () => {
          throw new Error('nn.wasm: abort');
        },
      },
    });
    return new Engine(instance);
  }

  // ---------------------------------------------------------------------------- arena

  /** Allocate `bytes` (64-byte aligned, contents undefined); returns the byte offset. */
  alloc(bytes: number): number {
    const ptr = this.top;
    const end = ptr + alignUp(Math.max(bytes, 0), ALIGN);
    this.ensure(end + SLACK);
    this.top = end;
    return ptr;
  }

  /** Allocate a block that survives every later `release` (parameters, optimiser state). */
  allocPersistent(bytes: number): number {
    if (this.liveMarks > 0)
      throw new Error('Engine.allocPersistent: not allowed while a mark is live (allocate parameters before the step loop)');
    const p = this.alloc(bytes);
    this.persistentTop = this.top;
    return p;
  }

  /** Grow the memory now so that `bytes` more can be allocated without a later grow. */
  reserve(bytes: number): void {
    this.ensure(this.top + alignUp(bytes, ALIGN) + SLACK);
  }

  /** Current arena position, to pass to `release`. */
  mark(): number {
    this.liveMarks++;
    return this.top;
  }

  /** Free everything allocated since `mark` (tensors made since then must no longer be used). */
  release(mark: number): void {
    if (mark < this.persistentTop) throw new Error('Engine.release: mark is below persistent allocations');
    if (mark > this.top) throw new Error('Engine.release: mark is above the arena top (released twice?)');
    this.top = mark;
    if (this.liveMarks > 0) this.liveMarks--;
  }

  /** Bytes in use by the arena. */
  get used(): number {
    return this.top - this.base;
  }

  /** True when [ptr, ptr+bytes) lies inside allocated arena memory. */
  isLive(ptr: number, bytes: number): boolean {
    return ptr >= this.base && ptr + bytes <= this.top;
  }

  private ensure(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return;
    // Grow geometrically so that a run of allocations grows a few times, not every time.
    const want = Math.max(end, Math.min(have * 1.5, have + (256 << 20)));
    this.memory.grow(Math.ceil((want - have) / PAGE));
  }

  // ---------------------------------------------------------------------------- views

  /** Float32 view of `n` elements at byte offset `ptr` (invalid after the next allocation that grows memory). */
  f32(ptr: number, n: number): Float32Array {
    return new Float32Array(this.memory.buffer, ptr, n);
  }
  /** Int32 view of `n` elements at byte offset `ptr` (same caveat as f32). */
  i32(ptr: number, n: number): Int32Array {
    return new Int32Array(this.memory.buffer, ptr, n);
  }

  /** Copy a JS array into a fresh float32 block; returns its byte offset. */
  putF32(values: ArrayLike<number>): number {
    const p = this.alloc(values.length * 4);
    this.f32(p, values.length).set(values);
    return p;
  }
  /** Copy a JS array into a fresh int32 block; returns its byte offset. */
  putI32(values: ArrayLike<number>): number {
    const p = this.alloc(values.length * 4);
    this.i32(p, values.length).set(values);
    return p;
  }

  // ---------------------------------------------------------------------------- tensors

  /** Uninitialised tensor of `shape` (row-major, last axis contiguous). */
  empty(shape: readonly number[], requiresGrad = false): Tensor {
    const size = shapeSize(shape);
    return new Tensor(this, this.alloc(size * 4), shape, requiresGrad);
  }

  /** Zero-filled tensor. */
  zeros(shape: readonly number[], requiresGrad = false): Tensor {
    const t = this.empty(shape, requiresGrad);
    t.data.fill(0);
    return t;
  }

  /** Tensor holding a copy of `values` (length must match the shape). */
  fromArray(shape: readonly number[], values: ArrayLike<number>, requiresGrad = false): Tensor {
    const size = shapeSize(shape);
    if (values.length !== size) throw new RangeError(`Engine.fromArray: ${values.length} values for shape [${shape.join(', ')}]`);
    const t = this.empty(shape, requiresGrad);
    t.data.set(values);
    return t;
  }

  /**
   * A trainable parameter: persistent data and gradient buffers (both zero; fill `data` with an
   * initialisation afterwards), `requiresGrad` set.
   */
  parameter(shape: readonly number[], name = ''): Tensor {
    const size = shapeSize(shape);
    const t = new Tensor(this, this.allocPersistent(size * 4), shape, true, name);
    t.data.fill(0);
    t.gradPtr = this.allocPersistent(size * 4);
    t.gradWritten = true;
    t.persistent = true;
    this.f32(t.gradPtr, size).fill(0);
    return t;
  }

  /** Zero the gradients of parameters (call once per optimiser step, before the forward pass). */
  zeroGrad(params: readonly Tensor[]): void {
    for (const p of params) {
      if (!p.gradPtr) throw new Error('Engine.zeroGrad: tensor has no gradient buffer');
      this.f32(p.gradPtr, p.size).fill(0);
      p.gradWritten = true;
    }
  }
}

export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new RangeError(`bad tensor shape [${shape.join(', ')}]`);
    n *= d;
  }
  return n;
}

function alignUp(x: number, a: number): number {
  return Math.ceil(x / a) * a;
}
