// Sparse weighted row gather in CSR form (the RBF restriction and, with the transposed CSR, its
// backward):
//
//   out[row(r), :] (+)= Σ_{n = ptr[r]}^{ptr[r+1]-1}  w[n] · H[idx[n], :]        for r in [0, R)
//
// row(r) = rows[r] when a row-id array is given (so the rows can be processed in a cache-friendly
// order, e.g. spatially sorted, while the output keeps its own order), else r. Each output row is
// written by exactly one CSR row, so the kernel is race-free; the backward dH = Pᵀ·dOut is the same
// kernel run over the transposed CSR (built once per cloud because indices and weights are
// constants of the cloud), never a scatter-add.
//
// Register blocking: a 32-float slice of the output row (8 v128 accumulators) is accumulated over
// all entries of the CSR row before it is stored once, then the next slice; the ≤ k rows of H
// touched by one CSR row (k·width·4 bytes, 16 KiB for k = 32, width = 128) stay in L1 across the
// slices. Tails: 16, 4, then 1–3 lanes with partial loads and lane stores.

import { loadPart, storePart } from "./_lanes";

/**
 * Weighted CSR gather (see the file comment).
 * @param R number of CSR rows. @param ptr byte offset of R+1 int32 row starts (entries).
 * @param rows byte offset of R int32 output row ids, or 0 for the identity.
 * @param idx byte offset of int32 source row indices. @param w byte offset of float32 weights.
 * @param H byte offset of the source matrix (row stride ldh elements).
 * @param out byte offset of the output matrix (row stride ldo elements).
 * @param width columns gathered per row. @param accumulate 1: out += …, 0: out = ….
 */
export function csrGather(R: i32, ptr: usize, rows: usize, idx: usize, w: usize, H: usize, ldh: i32,
  out: usize, ldo: i32, width: i32, accumulate: i32): void {
  const ldhB = <usize>ldh << 2, ldoB = <usize>ldo << 2;
  for (let r = 0; r < R; r++) {
    const q = rows ? load<i32>(rows + (<usize>r << 2)) : r;
    const s = load<i32>(ptr + (<usize>r << 2)), e = load<i32>(ptr + (<usize>r << 2), 4);
    const o = out + <usize>q * ldoB;
    const ib = idx + (<usize>s << 2), wb = w + (<usize>s << 2), cnt = e - s;
    let j = 0;
    for (; j + 16 <= width; j += 16) {
      const oj = o + (<usize>j << 2), hj = H + (<usize>j << 2);
      let a0: v128, a1: v128, a2: v128, a3: v128;
      if (accumulate) {
        a0 = v128.load(oj); a1 = v128.load(oj, 16); a2 = v128.load(oj, 32); a3 = v128.load(oj, 48);
      } else {
        a0 = f32x4.splat(0); a1 = a0; a2 = a0; a3 = a0;
      }
      let n = 0;
      for (; n + 2 <= cnt; n += 2) {
        const nb = <usize>n << 2;
        const x = v128.load32_splat(wb + nb);
        const h = hj + <usize>load<i32>(ib + nb) * ldhB;
        const y = v128.load32_splat(wb + nb, 4);
        const g = hj + <usize>load<i32>(ib + nb, 4) * ldhB;
        a0 = f32x4.add(a0, f32x4.mul(x, v128.load(h)));
        a1 = f32x4.add(a1, f32x4.mul(x, v128.load(h, 16)));
        a2 = f32x4.add(a2, f32x4.mul(x, v128.load(h, 32)));
        a3 = f32x4.add(a3, f32x4.mul(x, v128.load(h, 48)));
        a0 = f32x4.add(a0, f32x4.mul(y, v128.load(g)));
        a1 = f32x4.add(a1, f32x4.mul(y, v128.load(g, 16)));
        a2 = f32x4.add(a2, f32x4.mul(y, v128.load(g, 32)));
        a3 = f32x4.add(a3, f32x4.mul(y, v128.load(g, 48)));
      }
      if (n < cnt) {
        const nb = <usize>n << 2;
        const x = v128.load32_splat(wb + nb);
        const h = hj + <usize>load<i32>(ib + nb) * ldhB;
        a0 = f32x4.add(a0, f32x4.mul(x, v128.load(h)));
        a1 = f32x4.add(a1, f32x4.mul(x, v128.load(h, 16)));
        a2 = f32x4.add(a2, f32x4.mul(x, v128.load(h, 32)));
        a3 = f32x4.add(a3, f32x4.mul(x, v128.load(h, 48)));
      }
      v128.store(oj, a0); v128.store(oj, a1, 16); v128.store(oj, a2, 32); v128.store(oj, a3, 48);
    }
    for (; j < width; j += 4) {
      const oj = o + (<usize>j << 2), hj = H + (<usize>j << 2);
      const m = width - j;
      if (m >= 4) {
        let a0 = accumulate ? v128.load(oj) : f32x4.splat(0);
        for (let n = 0; n < cnt; n++) {
          const nb = <usize>n << 2;
          a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(wb + nb), v128.load(hj + <usize>load<i32>(ib + nb) * ldhB)));
        }
        v128.store(oj, a0);
      } else {
        let a0 = accumulate ? loadPart(oj, m) : f32x4.splat(0);
        for (let n = 0; n < cnt; n++) {
          const nb = <usize>n << 2;
          a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(wb + nb), loadPart(hj + <usize>load<i32>(ib + nb) * ldhB, m)));
        }
        storePart(oj, a0, m);
      }
    }
  }
}

/**
 * Sampled dense product on a CSR pattern (the input gradient of a layer whose input is sparse):
 *
 *   out[m, idx[n]] (+)= Σ_k G[m, k] · W[idx[n], k]       for n in [ptr[m], ptr[m+1]), m in [0, M)
 *
 * i.e. (G·Wᵀ) restricted to the stored entries of each row. With accumulate = 0 the other
 * `cols` entries of each output row are set to 0; with 1 they are left as they are. The dot
 * products run over contiguous rows of G and W (16 floats per step, 4 accumulators, then 4-lane
 * steps and a 1–3 lane tail), so no transpose of W is needed.
 * @param M rows. @param ptr M+1 int32 row starts. @param idx int32 column of each entry.
 * @param G byte offset of G (row stride ldg). @param W byte offset of W (row stride ldw).
 * @param K length of the dot products. @param out byte offset of the output (row stride ldo,
 * `cols` columns). @param accumulate 1: out += …, 0: out = … (and 0 off the pattern).
 */
export function csrSddmm(M: i32, ptr: usize, idx: usize, G: usize, ldg: i32, W: usize, ldw: i32, K: i32,
  out: usize, ldo: i32, cols: i32, accumulate: i32): void {
  const ldgB = <usize>ldg << 2, ldwB = <usize>ldw << 2, ldoB = <usize>ldo << 2;
  for (let m = 0; m < M; m++) {
    const o = out + <usize>m * ldoB, g = G + <usize>m * ldgB;
    if (!accumulate) memory.fill(o, 0, <usize>cols << 2);
    const s = load<i32>(ptr + (<usize>m << 2)), e = load<i32>(ptr + (<usize>m << 2), 4);
    for (let n = s; n < e; n++) {
      const j = load<i32>(idx + (<usize>n << 2));
      const w = W + <usize>j * ldwB;
      let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
      let k = 0;
      for (; k + 16 <= K; k += 16) {
        const kb = <usize>k << 2;
        a0 = f32x4.add(a0, f32x4.mul(v128.load(g + kb), v128.load(w + kb)));
        a1 = f32x4.add(a1, f32x4.mul(v128.load(g + kb, 16), v128.load(w + kb, 16)));
        a2 = f32x4.add(a2, f32x4.mul(v128.load(g + kb, 32), v128.load(w + kb, 32)));
        a3 = f32x4.add(a3, f32x4.mul(v128.load(g + kb, 48), v128.load(w + kb, 48)));
      }
      for (; k + 4 <= K; k += 4) {
        const kb = <usize>k << 2;
        a0 = f32x4.add(a0, f32x4.mul(v128.load(g + kb), v128.load(w + kb)));
      }
      if (k < K) {
        const kb = <usize>k << 2;
        a1 = f32x4.add(a1, f32x4.mul(loadPart(g + kb, K - k), loadPart(w + kb, K - k)));
      }
      const a = f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3));
      const dot = f32x4.extract_lane(a, 0) + f32x4.extract_lane(a, 1) + f32x4.extract_lane(a, 2) + f32x4.extract_lane(a, 3);
      const op = o + (<usize>j << 2);
      store<f32>(op, accumulate ? load<f32>(op) + dot : dot);
    }
  }
}
