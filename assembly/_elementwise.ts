// Small streaming kernels around the big products: bias + ReLU, ReLU backward, column sums,
// per-row scaling, vector add. Memory-bound; SIMD keeps them well below the matmul/gather costs.
// Pointers are byte offsets; lengths and strides are in elements.

import { loadPart, storePart } from "./_lanes";

/** out[m, :] = act(X[m, :] + bias) for M rows of N columns (bias 0 = none; relu 0/1). In place allowed. */
export function biasAct(M: i32, N: i32, X: usize, ldx: i32, bias: usize, relu: i32, out: usize, ldo: i32): void {
  const z = f32x4.splat(0);
  for (let m = 0; m < M; m++) {
    const x = X + (<usize>m * <usize>ldx << 2), o = out + (<usize>m * <usize>ldo << 2);
    let j = 0;
    for (; j + 4 <= N; j += 4) {
      const jo = <usize>j << 2;
      let v = v128.load(x + jo);
      if (bias) v = f32x4.add(v, v128.load(bias + jo));
      if (relu) v = f32x4.max(v, z);
      v128.store(o + jo, v);
    }
    if (j < N) {
      const jo = <usize>j << 2, n = N - j;
      let v = loadPart(x + jo, n);
      if (bias) v = f32x4.add(v, loadPart(bias + jo, n));
      if (relu) v = f32x4.max(v, z);
      storePart(o + jo, v, n);
    }
  }
}

/** out (+)= G ⊙ [Y > 0] over n contiguous elements (ReLU backward from the ReLU's output Y). */
export function reluBackward(n: i32, G: usize, Y: usize, out: usize, accumulate: i32): void {
  const z = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    let v = v128.and(v128.load(G + o), f32x4.gt(v128.load(Y + o), z));
    if (accumulate) v = f32x4.add(v, v128.load(out + o));
    v128.store(out + o, v);
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    let v: f32 = load<f32>(Y + o) > 0 ? load<f32>(G + o) : 0;
    if (accumulate) v += load<f32>(out + o);
    store<f32>(out + o, v);
  }
}

/** out[j] (+)= Σ_m G[m, j] for M rows of N columns (the bias gradient). */
export function colSum(M: i32, N: i32, G: usize, ldg: i32, out: usize, accumulate: i32): void {
  // 16 columns at a time in registers, rows streamed.
  let j = 0;
  for (; j + 16 <= N; j += 16) {
    const jo = <usize>j << 2;
    let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
    for (let m = 0; m < M; m++) {
      const g = G + (<usize>m * <usize>ldg << 2) + jo;
      a0 = f32x4.add(a0, v128.load(g)); a1 = f32x4.add(a1, v128.load(g, 16));
      a2 = f32x4.add(a2, v128.load(g, 32)); a3 = f32x4.add(a3, v128.load(g, 48));
    }
    const o = out + jo;
    if (accumulate) {
      a0 = f32x4.add(a0, v128.load(o)); a1 = f32x4.add(a1, v128.load(o, 16));
      a2 = f32x4.add(a2, v128.load(o, 32)); a3 = f32x4.add(a3, v128.load(o, 48));
    }
    v128.store(o, a0); v128.store(o, a1, 16); v128.store(o, a2, 32); v128.store(o, a3, 48);
  }
  for (; j < N; j += 4) {
    const jo = <usize>j << 2, n = min(4, N - j);
    let a0 = f32x4.splat(0);
    for (let m = 0; m < M; m++) {
      const g = G + (<usize>m * <usize>ldg << 2) + jo;
      a0 = f32x4.add(a0, n == 4 ? v128.load(g) : loadPart(g, n));
    }
    const o = out + jo;
    if (n == 4) { if (accumulate) a0 = f32x4.add(a0, v128.load(o)); v128.store(o, a0); }
    else { if (accumulate) a0 = f32x4.add(a0, loadPart(o, n)); storePart(o, a0, n); }
  }
}

/** out[m, :] (+)= s[m] · X[m, :] for M rows of N columns (density normalisation and its backward). */
export function scaleRows(M: i32, N: i32, X: usize, ldx: i32, s: usize, out: usize, ldo: i32, accumulate: i32): void {
  for (let m = 0; m < M; m++) {
    const x = X + (<usize>m * <usize>ldx << 2), o = out + (<usize>m * <usize>ldo << 2);
    const sv = v128.load32_splat(s + (<usize>m << 2));
    let j = 0;
    for (; j + 4 <= N; j += 4) {
      const jo = <usize>j << 2;
      let v = f32x4.mul(sv, v128.load(x + jo));
      if (accumulate) v = f32x4.add(v, v128.load(o + jo));
      v128.store(o + jo, v);
    }
    if (j < N) {
      const jo = <usize>j << 2, n = N - j;
      let v = f32x4.mul(sv, loadPart(x + jo, n));
      if (accumulate) v = f32x4.add(v, loadPart(o + jo, n));
      storePart(o + jo, v, n);
    }
  }
}

/** y (+)= x over n contiguous elements. */
export function addInto(n: i32, x: usize, y: usize, accumulate: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    let v = v128.load(x + o);
    if (accumulate) v = f32x4.add(v, v128.load(y + o));
    v128.store(y + o, v);
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(y + o, accumulate ? load<f32>(y + o) + load<f32>(x + o) : load<f32>(x + o));
  }
}

/**
 * Row-wise compaction of relu(X + bias) into CSR form: for each row m, the columns k with
 * X[m, k] + bias[k] > 0 go to idx (ascending) and their values to val; ptr[m + 1] = entries so
 * far (ptr[0] = 0). Inference uses it ahead of the classifier's first layer: its input is the
 * ReLU of the seven side outputs, about three quarters zeros for a trained pcnn-occ, so the
 * product runs as a csrGather over the nonzeros instead of a dense gemm.
 * Column groups: with `skip` ≠ 0, the columns are split into G groups [bounds[g], bounds[g+1])
 * (int32 bounds, bounds[0] = 0, bounds[G] = K) and row m leaves out every group g whose bit
 * (skip[m] >> g) & 1 is set (int32 per row) — the caller accounts for those columns another way
 * (pcnn-occ: side outputs of a level with no centre in range are the constant relu(bias)).
 * `skip` = 0: every column (G and bounds unused).
 * `val` may alias `X` when ldx == K (entry d of the output never lies after element m·K + k
 * being read). idx and val need room for M·K entries (positions past the count are scratch). bias 0 = none. Returns the number of entries.
 */
export function reluCsr(M: i32, K: i32, X: usize, ldx: i32, bias: usize, skip: usize, G: i32, bounds: usize,
  ptr: usize, idx: usize, val: usize): i32 {
  let d = 0;
  store<i32>(ptr, 0);
  for (let m = 0; m < M; m++) {
    const x = X + (<usize>m * <usize>ldx << 2);
    if (!skip) d = reluCsrRange(x, bias, 0, K, idx, val, d);
    else {
      const bits = load<i32>(skip + (<usize>m << 2));
      for (let g = 0; g < G; g++) {
        if ((bits >> g) & 1) continue;
        d = reluCsrRange(x, bias, load<i32>(bounds + (<usize>g << 2)), load<i32>(bounds + (<usize>g << 2), 4), idx, val, d);
      }
    }
    store<i32>(ptr + (<usize>(m + 1) << 2), d);
  }
  return d;
}

@inline function reluCsrRange(x: usize, bias: usize, k0: i32, k1: i32, idx: usize, val: usize, d0: i32): i32 {
  let d = d0;
  for (let k = k0; k < k1; k++) {
    // Branch-free (about a quarter of the entries survive, at random: a branch would
    // mispredict often): always write at d, advance d only for a positive value.
    const v = load<f32>(x + (<usize>k << 2)) + (bias ? load<f32>(bias + (<usize>k << 2)) : <f32>0);
    store<i32>(idx + (<usize>d << 2), k);
    store<f32>(val + (<usize>d << 2), v);
    d += i32(v > 0);
  }
  return d;
}
