// A k-nearest-centres CSR for the sparse-gather figures of bench/nn.bench.ts.
import { UniformGrid } from '../src/nn/pcnn/UniformGrid.ts';
import type { Csr } from '../src/nn/pcnn/Csr.ts';

/** CSR of each target's k nearest centres (grid search with a growing radius), weights in (0, 1]. */
export function nearestCsr(cpos: Float32Array, C: number, tpos: Float32Array, Q: number, k: number): Csr {
  const r0 = Math.cbrt((1.5 * k) / (C * (4 / 3) * Math.PI));
  const grid = new UniformGrid(cpos, C, r0);
  const rowPtr = new Int32Array(Q + 1),
    col = new Int32Array(Q * k),
    val = new Float32Array(Q * k);
  const cand: number[] = [],
    dist: number[] = [];
  for (let q = 0; q < Q; q++) {
    const x = tpos[3 * q],
      y = tpos[3 * q + 1],
      z = tpos[3 * q + 2];
    let r = r0;
    for (;;) {
      cand.length = 0;
      dist.length = 0;
      for (let cx = grid.ix(x - r); cx <= grid.ix(x + r); cx++)
        for (let cy = grid.iy(y - r); cy <= grid.iy(y + r); cy++) {
          const row = (cx * grid.ny + cy) * grid.nz;
          for (let t = grid.cellStart[row + grid.iz(z - r)]; t < grid.cellStart[row + grid.iz(z + r) + 1]; t++) {
            const c = grid.items[t];
            const d = (cpos[3 * c] - x) ** 2 + (cpos[3 * c + 1] - y) ** 2 + (cpos[3 * c + 2] - z) ** 2;
            if (d < r * r) {
              cand.push(c);
              dist.push(d);
            }
          }
        }
      if (cand.length >= k) break;
      r *= 1.5;
    }
    const idx = cand
      .map((_, i) => i)
      .sort((a, b) => dist[a] - dist[b])
      .slice(0, k);
    for (let t = 0; t < k; t++) {
      col[q * k + t] = cand[idx[t]];
      val[q * k + t] = Math.exp(-dist[idx[t]] / (r0 * r0));
    }
    rowPtr[q + 1] = (q + 1) * k;
  }
  return { nRows: Q, nCols: C, rowPtr, col, val };
}
