/**
 * Repeats one row M times: out[m, :] = v (ONet's ResNet-PointNet concatenates the global
 * max-pooled feature to every point's feature). Forward: the biasAct kernel with input stride 0;
 * backward: dv (+)= Σ_rows dout (colSum kernel).
 */
import type { Tensor } from '../Tensor.ts';
import type { Tape } from '../Tape.ts';

/**
 * @param v the row: any tensor of C elements (e.g. [1, C] from a pooling).
 * @param M rows of the output (≥ 0).
 * @returns [M, C].
 */
export function broadcastRows(tape: Tape, v: Tensor, M: number): Tensor {
  const e = tape.engine;
  if (!Number.isInteger(M) || M < 0) throw new RangeError(`broadcastRows: bad row count ${M}`);
  const C = v.size;
  const out = e.empty([M, C]);
  e.k.biasAct(M, C, v.ptr, 0, 0, 0, out.ptr, C);
  if (tape.needsGrad(v)) {
    out.requiresGrad = true;
    tape.record(() => {
      if (!out.gradWritten) return;
      const acc = tape.accumulateFlag(v);
      e.k.colSum(M, C, out.gradPtr, C, v.gradPtr, acc);
    });
  }
  return out;
}
