/**
 * Concatenation along columns: out[m, :] = [A₀[m, :], A₁[m, :], …] (U-Net skips, and the
 * per-query side outputs of all blocks). Strided copies through the biasAct kernel (no bias, no
 * ReLU); backward adds each column slice back with scaleRows (scale 1).
 */
import type { Tensor } from '../engine/Tensor.ts';
import type { Tape } from '../engine/Tape.ts';

/** @param parts tensors with the same number of rows. @returns [M, Σ cols]. */
export function concat(tape: Tape, parts: readonly Tensor[]): Tensor {
  const e = tape.engine;
  if (parts.length === 0) throw new RangeError('concat: nothing to concatenate');
  const M = parts[0].rows;
  let total = 0;
  for (const p of parts) {
    if (p.rows !== M) throw new RangeError(`concat: row counts differ (${p.rows} vs ${M})`);
    total += p.cols;
  }
  const out = e.empty([M, total]);
  let off = 0;
  for (const p of parts) {
    e.k.biasAct(M, p.cols, p.ptr, p.cols, 0, 0, out.ptr + off * 4, total);
    off += p.cols;
  }
  if (tape.needsGrad(...parts)) {
    out.requiresGrad = true;
    tape.record(() => {
      if (!out.gradWritten) return;
      let o = 0;
      let ones = 0;
      for (const p of parts) {
        const c = p.cols;
        if (p.requiresGrad) {
          const acc = tape.accumulateFlag(p);
          if (!acc) {
            e.k.biasAct(M, c, out.gradPtr + o * 4, total, 0, 0, p.gradPtr, c);
          } else {
            if (!ones) {
              ones = e.alloc(M * 4);
              e.f32(ones, M).fill(1);
            }
            e.k.scaleRows(M, c, out.gradPtr + o * 4, total, ones, p.gradPtr, c, 1);
          }
        }
        o += c;
      }
    });
  }
  return out;
}
