/**
 * Plain-TypeScript twins of the WASM kernels in assembly/ (same arguments, but arrays plus element
 * offsets instead of byte pointers). They are the specification the tests hold the WASM kernels
 * to, and they are generic over the array type so they also run in float64.
 * Straight loops, no blocking: clarity over speed.
 */

export type FloatArray = Float32Array | Float64Array;

/** C[M×N] = act(beta·C + op(A)·B + bias); element (i,k) of op(A) is A[a0 + i·rsA + k·csA]. */
export function gemmRef(
  M: number,
  N: number,
  K: number,
  A: FloatArray,
  a0: number,
  rsA: number,
  csA: number,
  B: FloatArray,
  b0: number,
  ldb: number,
  C: FloatArray,
  c0: number,
  ldc: number,
  bias: FloatArray | null,
  bias0: number,
  accumulate: boolean,
  relu: boolean,
): void {
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = accumulate ? C[c0 + i * ldc + j] : 0;
      for (let k = 0; k < K; k++) s += A[a0 + i * rsA + k * csA] * B[b0 + k * ldb + j];
      if (bias) s += bias[bias0 + j];
      if (relu && s < 0) s = 0;
      C[c0 + i * ldc + j] = s;
    }
  }
}

/** B[N×M] = Aᵀ for A[M×N]. */
export function transposeRef(M: number, N: number, A: FloatArray, a0: number, lda: number, B: FloatArray, b0: number, ldb: number): void {
  for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) B[b0 + j * ldb + i] = A[a0 + i * lda + j];
}

/** out[row(r), :] (+)= Σ_n w[n]·H[idx[n], :] over CSR rows r (row(r) = rows[r] or r). */
export function csrGatherRef(
  R: number,
  ptr: Int32Array,
  rows: Int32Array | null,
  idx: Int32Array,
  w: FloatArray,
  H: FloatArray,
  ldh: number,
  out: FloatArray,
  ldo: number,
  width: number,
  accumulate: boolean,
): void {
  for (let r = 0; r < R; r++) {
    const q = rows ? rows[r] : r;
    for (let j = 0; j < width; j++) {
      let s = accumulate ? out[q * ldo + j] : 0;
      for (let n = ptr[r]; n < ptr[r + 1]; n++) s += w[n] * H[idx[n] * ldh + j];
      out[q * ldo + j] = s;
    }
  }
}

/** out[m,:] = act(X[m,:] + bias). */
export function biasActRef(
  M: number,
  N: number,
  X: FloatArray,
  ldx: number,
  bias: FloatArray | null,
  relu: boolean,
  out: FloatArray,
  ldo: number,
): void {
  for (let m = 0; m < M; m++)
    for (let j = 0; j < N; j++) {
      let v = X[m * ldx + j] + (bias ? bias[j] : 0);
      if (relu && v < 0) v = 0;
      out[m * ldo + j] = v;
    }
}

/**
 * CSR of relu(X + bias) per row (columns ascending); returns the entry count. With `skip`, row m
 * leaves out the column groups [bounds[g], bounds[g+1]) whose bit (skip[m] >> g) & 1 is set.
 */
export function reluCsrRef(
  M: number,
  K: number,
  X: FloatArray,
  ldx: number,
  bias: FloatArray | null,
  ptr: Int32Array,
  idx: Int32Array,
  val: FloatArray,
  skip: Int32Array | null = null,
  bounds: Int32Array | null = null,
): number {
  let d = 0;
  ptr[0] = 0;
  for (let m = 0; m < M; m++) {
    for (let k = 0; k < K; k++) {
      if (skip) {
        let g = 0;
        while (k >= bounds![g + 1]) g++;
        if ((skip[m] >> g) & 1) continue;
      }
      const v = Math.fround(X[m * ldx + k] + (bias ? bias[k] : 0));
      if (v > 0) {
        idx[d] = k;
        val[d] = v;
        d++;
      }
    }
    ptr[m + 1] = d;
  }
  return d;
}

/** out (+)= G ⊙ [Y > 0]. */
export function reluBackwardRef(n: number, G: FloatArray, Y: FloatArray, out: FloatArray, accumulate: boolean): void {
  for (let i = 0; i < n; i++) out[i] = (accumulate ? out[i] : 0) + (Y[i] > 0 ? G[i] : 0);
}

/** out[j] (+)= Σ_m G[m, j]. */
export function colSumRef(M: number, N: number, G: FloatArray, ldg: number, out: FloatArray, accumulate: boolean): void {
  for (let j = 0; j < N; j++) {
    let s = accumulate ? out[j] : 0;
    for (let m = 0; m < M; m++) s += G[m * ldg + j];
    out[j] = s;
  }
}

/** out[m,:] (+)= s[m]·X[m,:]. */
export function scaleRowsRef(
  M: number,
  N: number,
  X: FloatArray,
  ldx: number,
  s: FloatArray,
  out: FloatArray,
  ldo: number,
  accumulate: boolean,
): void {
  for (let m = 0; m < M; m++) for (let j = 0; j < N; j++) out[m * ldo + j] = (accumulate ? out[m * ldo + j] : 0) + s[m] * X[m * ldx + j];
}

/** y (+)= x. */
export function addIntoRef(n: number, x: FloatArray, y: FloatArray, accumulate: boolean): void {
  for (let i = 0; i < n; i++) y[i] = (accumulate ? y[i] : 0) + x[i];
}

/** One Adam step (see assembly/_adam.ts). */
export function adamStepRef(
  n: number,
  p: FloatArray,
  g: FloatArray,
  m: FloatArray,
  v: FloatArray,
  lr: number,
  beta1: number,
  beta2: number,
  eps: number,
  bc1: number,
  bc2: number,
  gradScale: number,
): void {
  for (let i = 0; i < n; i++) {
    const gg = g[i] * gradScale;
    m[i] = beta1 * m[i] + (1 - beta1) * gg;
    v[i] = beta2 * v[i] + (1 - beta2) * gg * gg;
    p[i] -= ((lr / bc1) * m[i]) / (Math.sqrt(v[i] / bc2) + eps);
  }
}

// ------------------------------------------------------------------------------ plan kernels
// (assembly/_plan.ts). The restriction fill's twin is `restrictionCsr` (restrictionPlan.ts) and
// the Morton sort's is `mortonOrder` (mortonOrder.ts); the grid's is `UniformGrid`.

/** A CSR as stored for the kernels: ptr over stored rows, stored row r is matrix row rows[r]. */
export interface StoredCsr {
  ptr: Int32Array;
  idx: Int32Array;
  w: Float32Array;
}

/**
 * Transpose of a stored CSR (csrTranspose): stored row j of the result is matrix column
 * colOrder[j] (identity when null), its entries in increasing matrix row.
 */
export function csrTransposeRef(
  nRows: number,
  nCols: number,
  ptr: Int32Array,
  rows: Int32Array | null,
  idx: Int32Array,
  w: Float32Array,
  colOrder: Int32Array | null,
): StoredCsr {
  // gather (row, col, w) triples in matrix-row order, then bucket them by stored column position
  const posOfRow = new Int32Array(nRows);
  for (let r = 0; r < nRows; r++) posOfRow[rows ? rows[r] : r] = r;
  const slotOfCol = new Int32Array(nCols);
  for (let j = 0; j < nCols; j++) slotOfCol[colOrder ? colOrder[j] : j] = j;
  const buckets: Array<Array<[number, number]>> = Array.from({ length: nCols }, () => []);
  for (let q = 0; q < nRows; q++) {
    const r = posOfRow[q];
    for (let n = ptr[r]; n < ptr[r + 1]; n++) buckets[slotOfCol[idx[n]]].push([q, w[n]]);
  }
  const outPtr = new Int32Array(nCols + 1),
    outIdx: number[] = [],
    outW: number[] = [];
  for (let j = 0; j < nCols; j++) {
    for (const [q, v] of buckets[j]) {
      outIdx.push(q);
      outW.push(v);
    }
    outPtr[j + 1] = outIdx.length;
  }
  return { ptr: outPtr, idx: Int32Array.from(outIdx), w: Float32Array.from(outW) };
}

/** A natural-order CSR re-stored in processing order (csrPermuteRows): stored row j = row order[j]. */
export function csrPermuteRowsRef(nRows: number, ptr: Int32Array, idx: Int32Array, w: Float32Array, order: Int32Array): StoredCsr {
  const outPtr = new Int32Array(nRows + 1),
    outIdx: number[] = [],
    outW: number[] = [];
  for (let j = 0; j < nRows; j++) {
    const r = order[j];
    for (let n = ptr[r]; n < ptr[r + 1]; n++) {
      outIdx.push(idx[n]);
      outW.push(w[n]);
    }
    outPtr[j + 1] = outIdx.length;
  }
  return { ptr: outPtr, idx: Int32Array.from(outIdx), w: Float32Array.from(outW) };
}

/** e^x rounded to float32 (the expf32 kernel's specification; it is within 1 ulp of this). */
export function expf32Ref(x: number): number {
  return Math.fround(Math.exp(x));
}

/** out[m, idx[n]] (+)= G[m, :]·W[idx[n], :] over the CSR pattern; with accumulate false the row's other `cols` entries are 0. */
export function csrSddmmRef(
  M: number,
  ptr: Int32Array,
  idx: Int32Array,
  G: FloatArray,
  ldg: number,
  W: FloatArray,
  ldw: number,
  K: number,
  out: FloatArray,
  ldo: number,
  cols: number,
  accumulate: boolean,
): void {
  for (let m = 0; m < M; m++) {
    if (!accumulate) for (let j = 0; j < cols; j++) out[m * ldo + j] = 0;
    for (let n = ptr[m]; n < ptr[m + 1]; n++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += G[m * ldg + k] * W[idx[n] * ldw + k];
      out[m * ldo + idx[n]] += s;
    }
  }
}
