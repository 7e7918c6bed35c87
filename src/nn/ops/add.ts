/**
 * Element-wise sum out = A + B of two tensors of the same size (ResNet residual connections).
 * Backward: dA (+)= dout, dB (+)= dout (addInto kernel); A and B may be the same tensor.
 */
import type { Tensor } from '../engine/Tensor.ts';
import type { Tape } from '../engine/Tape.ts';

/** @param A, B tensors with the same number of elements. @returns a tensor of A's shape. */
export function add(tape: Tape, A: Tensor, B: Tensor): Tensor {
  const e = tape.engine;
  if (A.size !== B.size) throw new RangeError(`add: sizes differ (${A.size} vs ${B.size})`);
  const out = e.empty(A.shape);
  e.k.addInto(A.size, A.ptr, out.ptr, 0);
  e.k.addInto(A.size, B.ptr, out.ptr, 1);
  if (tape.needsGrad(A, B)) {
    out.requiresGrad = true;
    tape.record(() => {
      if (!out.gradWritten) return;
      for (const T of [A, B]) {
        if (!T.requiresGrad) continue;
        const acc = tape.accumulateFlag(T);
        e.k.addInto(T.size, out.gradPtr, T.gradPtr, acc);
      }
    });
  }
  return out;
}
