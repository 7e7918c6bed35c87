/**
 * Fully connected layer Y = act(X·W + b) with act = identity or ReLU (fused into the matmul).
 * Backward: dZ = dY ⊙ [Y > 0] (in place in Y's gradient buffer, which only this op reads),
 * dW (+)= Xᵀ·dZ, db (+)= Σ_rows dZ, dX (+)= dZ·Wᵀ (Wᵀ made in scratch so the kernel reads
 * contiguous rows).
 */
import { GEMM_ACCUMULATE, GEMM_RELU } from '../engine/Engine.ts';
import type { Tensor } from '../engine/Tensor.ts';
import type { Tape } from '../engine/Tape.ts';

/**
 * @param X input [M, J]. @param W weights [J, K]. @param b bias [K] or null.
 * @param relu apply ReLU (default false).
 * @returns Y [M, K].
 */
export function linear(tape: Tape, X: Tensor, W: Tensor, b: Tensor | null, relu = false): Tensor {
  const e = tape.engine;
  const M = X.rows,
    J = X.cols;
  if (W.shape.length !== 2 || W.shape[0] !== J) throw new RangeError(`linear: W must be [${J}, K], got [${W.shape.join(', ')}]`);
  const K = W.shape[1];
  if (b && b.size !== K) throw new RangeError(`linear: bias must have ${K} elements`);
  const Y = e.empty([M, K]);
  e.k.gemm(M, K, J, X.ptr, J, 1, W.ptr, K, Y.ptr, K, b ? b.ptr : 0, relu ? GEMM_RELU : 0);
  if (tape.needsGrad(X, W, b)) {
    Y.requiresGrad = true;
    tape.record(() => {
      if (!Y.gradWritten) return;
      const dZ = Y.gradPtr;
      if (relu) e.k.reluBackward(M * K, dZ, Y.ptr, dZ, 0);
      if (W.requiresGrad) {
        const acc = tape.accumulateFlag(W) ? GEMM_ACCUMULATE : 0;
        e.k.gemm(J, K, M, X.ptr, 1, J, dZ, K, W.gradPtr, K, 0, acc);
      }
      if (b && b.requiresGrad) {
        const acc = tape.accumulateFlag(b);
        e.k.colSum(M, K, dZ, K, b.gradPtr, acc);
      }
      if (X.requiresGrad) {
        const acc = tape.accumulateFlag(X) ? GEMM_ACCUMULATE : 0;
        const m = e.mark();
        const Wt = e.alloc(J * K * 4);
        e.k.transpose(J, K, W.ptr, K, Wt, J);
        e.k.gemm(M, J, K, dZ, K, 1, Wt, J, X.gradPtr, J, 0, acc);
        e.release(m);
      }
    });
  }
  return Y;
}
