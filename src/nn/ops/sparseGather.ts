/**
 * Differentiable op out = P·src for a constant sparse P (a `GatherPlan`, e.g. pcnn's `SparsePlan`): the PCNN restriction
 * (src = the field H over 27·N centres) and the Gaussian up-sampling (src = coarse features).
 * Backward: dsrc (+)= Pᵀ·dout, run as a gather over the uploaded transposed CSR (race-free).
 * One src may feed several plans (dual restriction): their gradients accumulate.
 */
import type { Tensor } from '../engine/Tensor.ts';
import type { Tape } from '../engine/Tape.ts';
import type { GatherPlan } from './GatherPlan.ts';

/**
 * @param src tensor with plan.nCols rows (any number of columns).
 * @returns tensor [plan.nRows, src.cols].
 */
export function sparseGather(tape: Tape, src: Tensor, plan: GatherPlan): Tensor {
  const e = tape.engine;
  if (src.rows !== plan.nCols) throw new RangeError(`sparseGather: source has ${src.rows} rows, plan expects ${plan.nCols}`);
  if (plan.engine !== e) throw new Error('sparseGather: plan belongs to another engine');
  const width = src.cols;
  const out = e.empty([plan.nRows, width]);
  const f = plan.forward;
  e.k.csrGather(f.nRows, f.ptr, f.rows, f.idx, f.w, src.ptr, width, out.ptr, width, width, 0);
  if (tape.needsGrad(src)) {
    out.requiresGrad = true;
    tape.record(() => {
      if (!out.gradWritten) return;
      const acc = tape.accumulateFlag(src);
      const b = plan.backward;
      e.k.csrGather(b.nRows, b.ptr, b.rows, b.idx, b.w, out.gradPtr, width, src.gradPtr, width, width, acc);
    });
  }
  return out;
}
