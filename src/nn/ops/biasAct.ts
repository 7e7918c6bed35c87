/**
 * Y = act(X + b) row-wise (bias per column, act = identity or ReLU): the bias and non-linearity
 * after a PCNN restriction. Backward: dZ = dY ⊙ [Y > 0] in place, dX (+)= dZ, db (+)= Σ_rows dZ.
 */
import type { Tensor } from '../engine/Tensor.ts';
import type { Tape } from '../engine/Tape.ts';

/**
 * @param X input [M, K]. @param b bias [K] or null. @param relu apply ReLU (default true).
 * @returns Y [M, K].
 */
export function biasAct(tape: Tape, X: Tensor, b: Tensor | null, relu = true): Tensor {
  const e = tape.engine;
  const M = X.rows,
    K = X.cols;
  if (b && b.size !== K) throw new RangeError(`biasAct: bias must have ${K} elements`);
  const Y = e.empty(X.shape);
  e.k.biasAct(M, K, X.ptr, K, b ? b.ptr : 0, relu ? 1 : 0, Y.ptr, K);
  if (tape.needsGrad(X, b)) {
    Y.requiresGrad = true;
    tape.record(() => {
      if (!Y.gradWritten) return;
      const dZ = Y.gradPtr;
      if (relu) e.k.reluBackward(M * K, dZ, Y.ptr, dZ, 0);
      if (b && b.requiresGrad) {
        const acc = tape.accumulateFlag(b);
        e.k.colSum(M, K, dZ, K, b.gradPtr, acc);
      }
      if (X.requiresGrad) {
        const acc = tape.accumulateFlag(X);
        e.k.addInto(M * K, dZ, X.gradPtr, acc);
      }
    });
  }
  return Y;
}
