/**
 * Fully connected layer on the ReLU of its input, Y = act(relu(P)·W + b), for inputs that are
 * mostly ≤ 0 (pcnn-occ's classifier: the seven side outputs before their ReLU; about two thirds
 * to three quarters of relu(P) is zero). The nonzeros of relu(P) are compacted to CSR once
 * (`reluCsr`), and every product runs on them only:
 *
 *   forward  Y  = relu(P)·W + b                 csrGather over W's rows
 *   backward dW (+)= relu(P)ᵀ·dZ                 csrGather over the transposed CSR (race-free)
 *            dP (+)= (dZ·Wᵀ) ⊙ [P > 0]           csrSddmm: one dot product per nonzero
 *
 * with dZ = dY ⊙ [Y > 0] when act = ReLU. Same function and gradients as
 * `linear(tape, biasAct(tape, P, null, true), W, b, relu)` up to float32 summation order, at
 * the density's share of the multiply-adds.
 */
import type { Tensor } from '../engine/Tensor.ts';
import type { Tape } from '../engine/Tape.ts';
import { planKernels } from '../engine/planKernels.ts';

/**
 * @param P pre-activation input [M, J]. @param W weights [J, K]. @param b bias [K] or null.
 * @param relu apply ReLU to the output too (default false).
 * @returns Y [M, K].
 */
export function reluLinear(tape: Tape, P: Tensor, W: Tensor, b: Tensor | null, relu = false): Tensor {
  const e = tape.engine,
    k = e.k;
  const M = P.rows,
    J = P.cols;
  if (W.shape.length !== 2 || W.shape[0] !== J) throw new RangeError(`reluLinear: W must be [${J}, K], got [${W.shape.join(', ')}]`);
  const K = W.shape[1];
  if (b && b.size !== K) throw new RangeError(`reluLinear: bias must have ${K} elements`);
  // CSR of relu(P): kept for the backward (its pattern is [P > 0], its values relu(P))
  const ptr = e.alloc((M + 1) * 4),
    idx = e.alloc(M * J * 4),
    val = e.alloc(M * J * 4);
  const nnz = k.reluCsr(M, J, P.ptr, J, 0, 0, 0, 0, ptr, idx, val);
  const Y = e.empty([M, K]);
  k.csrGather(M, ptr, 0, idx, val, W.ptr, K, Y.ptr, K, K, 0);
  k.biasAct(M, K, Y.ptr, K, b ? b.ptr : 0, relu ? 1 : 0, Y.ptr, K);
  if (tape.needsGrad(P, W, b)) {
    Y.requiresGrad = true;
    tape.record(() => {
      if (!Y.gradWritten) return;
      const dZ = Y.gradPtr;
      if (relu) k.reluBackward(M * K, dZ, Y.ptr, dZ, 0);
      // (each accumulate flag is taken before its gradPtr is read: it allocates a fresh buffer)
      if (W.requiresGrad) {
        const acc = tape.accumulateFlag(W);
        const m = e.mark();
        const tPtr = e.alloc((J + 1) * 4),
          tIdx = e.alloc(nnz * 4),
          tVal = e.alloc(nnz * 4);
        planKernels(e).csrTranspose(M, J, ptr, 0, idx, val, 0, tPtr, tIdx, tVal, e.alloc((J + M) * 4));
        k.csrGather(J, tPtr, 0, tIdx, tVal, dZ, K, W.gradPtr, K, K, acc);
        e.release(m);
      }
      if (b && b.requiresGrad) {
        const acc = tape.accumulateFlag(b);
        k.colSum(M, K, dZ, K, b.gradPtr, acc);
      }
      if (P.requiresGrad) {
        const acc = tape.accumulateFlag(P);
        k.csrSddmm(M, ptr, idx, dZ, K, W.ptr, K, K, P.gradPtr, J, J, acc);
      }
    });
  }
  return Y;
}
