// The pointocc neural-network kernels: one WASM module (build/wasm/nn.wasm, see
// src/nn/README.md). Every kernel works on memory owned by the JS side — byte offsets into the
// exported `memory` — and allocates nothing; each has a plain-TypeScript twin in
// src/nn/reference.ts that the tests compare it with.
export { gemm, transpose } from "./_gemm";
export { csrGather, csrSddmm } from "./_gather";
export { biasAct, reluBackward, colSum, scaleRows, addInto, reluCsr } from "./_elementwise";
export { adamStep } from "./_adam";
export { peakMulAdd } from "./_peak";
export { gridShape, gridFill, restrictBound, restrictFill, csrTranspose, csrPermuteRows, mortonSort, moveBytes, expf32, expNegF64 } from "./_plan";

/** First byte that the JS arena may use (everything below belongs to the module's static data). */
export function heapBase(): usize { return __heap_base; }
