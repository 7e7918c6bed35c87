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
