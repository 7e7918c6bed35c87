/**
 * Repeats rows: with one group, out[m, :] = v for M rows (ONet's ResNet-PointNet concatenates
 * the global max-pooled feature to every point's feature); with G groups (G items of M points
 * each, item-major), row g of v [G, C] fills output rows g·M … g·M + M − 1. Forward: the biasAct
 * kernel with input stride 0, once per group; backward: dv_g (+)= Σ_{rows of g} dout (colSum).
 */
import type { Tensor } from '../engine/Tensor.ts';
import type { Tape } from '../engine/Tape.ts';

/**
 * @param v the rows: G·C elements (e.g. [G, C] from a pooling by item; G = 1: any shape).
 * @param M rows of the output per group (≥ 0).
 * @param groups G, the number of rows of v (default 1; must divide v.size).
 * @returns [G·M, C].
 */
export function broadcastRows(tape: Tape, v: Tensor, M: number, groups = 1): Tensor {
  const e = tape.engine;
  if (!Number.isInteger(M) || M < 0) throw new RangeError(`broadcastRows: bad row count ${M}`);
  if (!Number.isInteger(groups) || groups < 1 || v.size % groups !== 0)
    throw new RangeError(`broadcastRows: ${v.size} elements do not split into ${groups} rows`);
  const C = v.size / groups;
  const out = e.empty([groups * M, C]);
  for (let g = 0; g < groups; g++) e.k.biasAct(M, C, v.ptr + 4 * g * C, 0, 0, 0, out.ptr + 4 * g * M * C, C);
  if (tape.needsGrad(v)) {
    out.requiresGrad = true;
    tape.record(() => {
      if (!out.gradWritten) return;
      const acc = tape.accumulateFlag(v);
      for (let g = 0; g < groups; g++) e.k.colSum(M, C, out.gradPtr + 4 * g * M * C, C, v.gradPtr + 4 * g * C, acc);
    });
  }
  return out;
}
