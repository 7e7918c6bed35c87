/**
 * What a `Tensor` needs of the `Engine` that owns it: the WASM memory its views read, and the
 * arena's liveness check (use-after-release guard). `Engine` implements it; a type of its own so
 * that `Tensor.ts` does not import `Engine.ts`, which makes tensors.
 */
export interface TensorMemory {
  readonly memory: WebAssembly.Memory;
  /** True when [ptr, ptr+bytes) lies inside allocated arena memory. */
  isLive(ptr: number, bytes: number): boolean;
}
