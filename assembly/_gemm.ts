// Dense matrix product, register-blocked f32x4 (WASM SIMD has no FMA: every step is mul + add).
//
//   C[M×N] = act( beta·C + op(A)[M×K] · B[K×N] + bias[N] )
//
// All matrices are row-major float32 with explicit strides, so one kernel serves
//   forward       Y  = X·W (+b, ReLU)        A = X,  rsA = ldx, csA = 1
//   weight grad   dW = Xᵀ·G                  A = X,  rsA = 1,   csA = ldx  (transposed view)
//   input grad    dX = G·Wᵀ                  (W is transposed first into scratch by the caller:
//                                             SIMD needs the output columns contiguous in B)
// Pointers are byte offsets into linear memory; strides are in elements.
// B and C rows must have their N columns contiguous; A may have any strides.
//
// Blocking: the micro-kernel keeps a 4×8 tile of C in 8 v128 accumulators (plus 2 B vectors and
// 1 broadcast A value = 11 live vectors: fits the 16 XMM registers V8 allocates on x64 without
// spills; 4×12 measured slower because of spills). The K loop is cut into KC-long panels and the
// N loop into NC-wide panels so that the B panel (KC×NC floats = 256 KiB) stays in L2 while all
// M rows stream past it; a 4-row strip of A (KC floats per row) stays in L1.
// Column tails (N mod 8) use a 4-wide kernel and then a 1–3 lane kernel with partial loads and
// lane stores (no reads or writes outside the matrices); row tails (M mod 4) use 1-row kernels.

import { loadPart, storePart } from "./_lanes";

const KC: i32 = 256;
const NC: i32 = 256;

/** flags bit 0: accumulate into C (beta = 1); bit 1: ReLU after adding the bias. */
export const GEMM_ACCUMULATE: i32 = 1;
export const GEMM_RELU: i32 = 2;

// Epilogue modes passed to the micro-kernels.
// init: 0 = start from zero, 1 = start from C.  fin: bit0 add bias, bit1 ReLU.

// ---------------------------------------------------------------------------------------------
// 4 rows × 8 columns
function mk4x8(kc: i32, a: usize, rsa: usize, csa: usize, b: usize, ldb: usize,
  c: usize, ldc: usize, init: i32, bias: usize, fin: i32): void {
  let c00: v128, c01: v128, c10: v128, c11: v128, c20: v128, c21: v128, c30: v128, c31: v128;
  const c1 = c + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
  if (init) {
    c00 = v128.load(c); c01 = v128.load(c, 16);
    c10 = v128.load(c1); c11 = v128.load(c1, 16);
    c20 = v128.load(c2); c21 = v128.load(c2, 16);
    c30 = v128.load(c3); c31 = v128.load(c3, 16);
  } else {
    c00 = f32x4.splat(0); c01 = c00; c10 = c00; c11 = c00; c20 = c00; c21 = c00; c30 = c00; c31 = c00;
  }
  let a0 = a; const a1o = rsa, a2o = rsa + rsa, a3o = a2o + rsa;
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(b), b1 = v128.load(b, 16);
    let x = v128.load32_splat(a0);
    c00 = f32x4.add(c00, f32x4.mul(x, b0)); c01 = f32x4.add(c01, f32x4.mul(x, b1));
    x = v128.load32_splat(a0 + a1o);
    c10 = f32x4.add(c10, f32x4.mul(x, b0)); c11 = f32x4.add(c11, f32x4.mul(x, b1));
    x = v128.load32_splat(a0 + a2o);
    c20 = f32x4.add(c20, f32x4.mul(x, b0)); c21 = f32x4.add(c21, f32x4.mul(x, b1));
    x = v128.load32_splat(a0 + a3o);
    c30 = f32x4.add(c30, f32x4.mul(x, b0)); c31 = f32x4.add(c31, f32x4.mul(x, b1));
    a0 += csa; b += ldb;
  }
  if (fin & 1) {
    const q0 = v128.load(bias), q1 = v128.load(bias, 16);
    c00 = f32x4.add(c00, q0); c01 = f32x4.add(c01, q1); c10 = f32x4.add(c10, q0); c11 = f32x4.add(c11, q1);
    c20 = f32x4.add(c20, q0); c21 = f32x4.add(c21, q1); c30 = f32x4.add(c30, q0); c31 = f32x4.add(c31, q1);
  }
  if (fin & 2) {
    const z = f32x4.splat(0);
    c00 = f32x4.max(c00, z); c01 = f32x4.max(c01, z); c10 = f32x4.max(c10, z); c11 = f32x4.max(c11, z);
    c20 = f32x4.max(c20, z); c21 = f32x4.max(c21, z); c30 = f32x4.max(c30, z); c31 = f32x4.max(c31, z);
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c1, c10); v128.store(c1, c11, 16);
  v128.store(c2, c20); v128.store(c2, c21, 16);
  v128.store(c3, c30); v128.store(c3, c31, 16);
}

// 4 rows × n columns, n in 1..4 (n < 4 uses partial loads/stores)
function mk4x4(kc: i32, a: usize, rsa: usize, csa: usize, b: usize, ldb: usize,
  c: usize, ldc: usize, init: i32, bias: usize, fin: i32, n: i32): void {
  let c0: v128, c1v: v128, c2v: v128, c3v: v128;
  const c1 = c + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
  const full = n == 4;
  if (init) {
    if (full) { c0 = v128.load(c); c1v = v128.load(c1); c2v = v128.load(c2); c3v = v128.load(c3); }
    else { c0 = loadPart(c, n); c1v = loadPart(c1, n); c2v = loadPart(c2, n); c3v = loadPart(c3, n); }
  } else {
    c0 = f32x4.splat(0); c1v = c0; c2v = c0; c3v = c0;
  }
  let a0 = a; const a1o = rsa, a2o = rsa + rsa, a3o = a2o + rsa;
  if (full) {
    for (let k = 0; k < kc; k++) {
      const b0 = v128.load(b);
      c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(a0), b0));
      c1v = f32x4.add(c1v, f32x4.mul(v128.load32_splat(a0 + a1o), b0));
      c2v = f32x4.add(c2v, f32x4.mul(v128.load32_splat(a0 + a2o), b0));
      c3v = f32x4.add(c3v, f32x4.mul(v128.load32_splat(a0 + a3o), b0));
      a0 += csa; b += ldb;
    }
  } else {
    for (let k = 0; k < kc; k++) {
      const b0 = loadPart(b, n);
      c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(a0), b0));
      c1v = f32x4.add(c1v, f32x4.mul(v128.load32_splat(a0 + a1o), b0));
      c2v = f32x4.add(c2v, f32x4.mul(v128.load32_splat(a0 + a2o), b0));
      c3v = f32x4.add(c3v, f32x4.mul(v128.load32_splat(a0 + a3o), b0));
      a0 += csa; b += ldb;
    }
  }
  if (fin & 1) {
    const q = full ? v128.load(bias) : loadPart(bias, n);
    c0 = f32x4.add(c0, q); c1v = f32x4.add(c1v, q); c2v = f32x4.add(c2v, q); c3v = f32x4.add(c3v, q);
  }
  if (fin & 2) {
    const z = f32x4.splat(0);
    c0 = f32x4.max(c0, z); c1v = f32x4.max(c1v, z); c2v = f32x4.max(c2v, z); c3v = f32x4.max(c3v, z);
  }
  if (full) { v128.store(c, c0); v128.store(c1, c1v); v128.store(c2, c2v); v128.store(c3, c3v); }
  else { storePart(c, c0, n); storePart(c1, c1v, n); storePart(c2, c2v, n); storePart(c3, c3v, n); }
}

// 1 row × 8 columns
function mk1x8(kc: i32, a: usize, csa: usize, b: usize, ldb: usize,
  c: usize, init: i32, bias: usize, fin: i32): void {
  let c0: v128, c1: v128;
  if (init) { c0 = v128.load(c); c1 = v128.load(c, 16); } else { c0 = f32x4.splat(0); c1 = c0; }
  for (let k = 0; k < kc; k++) {
    const x = v128.load32_splat(a);
    c0 = f32x4.add(c0, f32x4.mul(x, v128.load(b)));
    c1 = f32x4.add(c1, f32x4.mul(x, v128.load(b, 16)));
    a += csa; b += ldb;
  }
  if (fin & 1) { c0 = f32x4.add(c0, v128.load(bias)); c1 = f32x4.add(c1, v128.load(bias, 16)); }
  if (fin & 2) { const z = f32x4.splat(0); c0 = f32x4.max(c0, z); c1 = f32x4.max(c1, z); }
  v128.store(c, c0); v128.store(c, c1, 16);
}

// 1 row × n columns, n in 1..4
function mk1x4(kc: i32, a: usize, csa: usize, b: usize, ldb: usize,
  c: usize, init: i32, bias: usize, fin: i32, n: i32): void {
  const full = n == 4;
  let c0: v128 = init ? (full ? v128.load(c) : loadPart(c, n)) : f32x4.splat(0);
  if (full) {
    for (let k = 0; k < kc; k++) { c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(a), v128.load(b))); a += csa; b += ldb; }
  } else {
    for (let k = 0; k < kc; k++) { c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(a), loadPart(b, n))); a += csa; b += ldb; }
  }
  if (fin & 1) c0 = f32x4.add(c0, full ? v128.load(bias) : loadPart(bias, n));
  if (fin & 2) c0 = f32x4.max(c0, f32x4.splat(0));
  if (full) v128.store(c, c0); else storePart(c, c0, n);
}

/**
 * C[M×N] = act(beta·C + op(A)·B + bias). See the file comment.
 * @param M rows of C (and of op(A)); @param N columns of C and B; @param K inner dimension.
 * @param A byte offset of A; element (i, k) of op(A) is at A + 4·(i·rsA + k·csA).
 * @param B byte offset of B (K×N, row stride ldb elements). @param C byte offset of C (row stride ldc).
 * @param bias byte offset of N biases, or 0 for none. @param flags GEMM_ACCUMULATE | GEMM_RELU.
 */
export function gemm(M: i32, N: i32, K: i32, A: usize, rsA: i32, csA: i32, B: usize, ldb: i32,
  C: usize, ldc: i32, bias: usize, flags: i32): void {
  if (M <= 0 || N <= 0) return;
  const rsa = <usize>rsA << 2, csa = <usize>csA << 2, ldbB = <usize>ldb << 2, ldcB = <usize>ldc << 2;
  const acc = flags & GEMM_ACCUMULATE;
  const relu = (flags & GEMM_RELU) ? 2 : 0;
  if (K <= 0) {
    // C = act(beta·C + bias): run the kernels with an empty K loop.
    const fin = (bias ? 1 : 0) | relu;
    panel(M, N, 0, A, rsa, csa, B, ldbB, C, ldcB, acc, bias, fin);
    return;
  }
  for (let pc = 0; pc < K; pc += KC) {
    const kc = min(KC, K - pc);
    const init = pc > 0 ? 1 : acc;
    const last = pc + kc >= K;
    const fin = last ? ((bias ? 1 : 0) | relu) : 0;
    const ap = A + <usize>pc * csa, bp = B + <usize>pc * ldbB;
    for (let jc = 0; jc < N; jc += NC) {
      const nc = min(NC, N - jc);
      panel(M, nc, kc, ap, rsa, csa, bp + (<usize>jc << 2), ldbB, C + (<usize>jc << 2), ldcB, init,
        bias ? bias + (<usize>jc << 2) : 0, fin);
    }
  }
}

// One KC×NC panel of B against all M rows of A.
function panel(M: i32, nc: i32, kc: i32, a: usize, rsa: usize, csa: usize, b: usize, ldb: usize,
  c: usize, ldc: usize, init: i32, bias: usize, fin: i32): void {
  const m4 = M & ~3;
  let i = 0;
  for (; i < m4; i += 4) {
    const ai = a + <usize>i * rsa, ci = c + <usize>i * ldc;
    let j = 0;
    for (; j + 8 <= nc; j += 8) {
      const jo = <usize>j << 2;
      mk4x8(kc, ai, rsa, csa, b + jo, ldb, ci + jo, ldc, init, bias + jo, fin);
    }
    for (; j < nc; j += 4) {
      const jo = <usize>j << 2;
      mk4x4(kc, ai, rsa, csa, b + jo, ldb, ci + jo, ldc, init, bias + jo, fin, min(4, nc - j));
    }
  }
  for (; i < M; i++) {
    const ai = a + <usize>i * rsa, ci = c + <usize>i * ldc;
    let j = 0;
    for (; j + 8 <= nc; j += 8) {
      const jo = <usize>j << 2;
      mk1x8(kc, ai, csa, b + jo, ldb, ci + jo, init, bias + jo, fin);
    }
    for (; j < nc; j += 4) {
      const jo = <usize>j << 2;
      mk1x4(kc, ai, csa, b + jo, ldb, ci + jo, init, bias + jo, fin, min(4, nc - j));
    }
  }
}

/** B[N×M] = Aᵀ for A[M×N] (row strides lda, ldb elements). Blocked 4×4 with lane shuffles. */
export function transpose(M: i32, N: i32, A: usize, lda: i32, B: usize, ldb: i32): void {
  const ldaB = <usize>lda << 2, ldbB = <usize>ldb << 2;
  const m4 = M & ~3, n4 = N & ~3;
  for (let i = 0; i < m4; i += 4) {
    const a = A + <usize>i * ldaB;
    for (let j = 0; j < n4; j += 4) {
      const p = a + (<usize>j << 2);
      const r0 = v128.load(p), r1 = v128.load(p + ldaB), r2 = v128.load(p + 2 * ldaB), r3 = v128.load(p + 3 * ldaB);
      const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5); // a00 a10 a01 a11
      const t1 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5); // a20 a30 a21 a31
      const t2 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7); // a02 a12 a03 a13
      const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7); // a22 a32 a23 a33
      const q = B + <usize>j * ldbB + (<usize>i << 2);
      v128.store(q, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
      v128.store(q + ldbB, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7));
      v128.store(q + 2 * ldbB, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5));
      v128.store(q + 3 * ldbB, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7));
    }
    for (let j = n4; j < N; j++) {
      for (let r = 0; r < 4; r++) store<f32>(B + <usize>j * ldbB + (<usize>(i + r) << 2), load<f32>(a + <usize>r * ldaB + (<usize>j << 2)));
    }
  }
  for (let i = m4; i < M; i++) {
    const a = A + <usize>i * ldaB;
    for (let j = 0; j < N; j++) store<f32>(B + <usize>j * ldbB + (<usize>i << 2), load<f32>(a + (<usize>j << 2)));
  }
}
