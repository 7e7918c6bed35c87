/**
 * The PCNN convolution's field over the virtual centres (docs/design.md §4), differentiable in the
 * features F and the kernel weights W:
 *
 *   f̃_i = F_i / d_i                        (density normalisation, constants of the level)
 *   H[27·i + l, :] = f̃_i · W[l]            (W: [27, J, K]; one J×K matrix per grid offset t_l)
 *
 * so that the convolved field is u(y) = Σ_{i,l} exp(−|y − x_i − t_l|²/(4σ²)) H[27·i + l, :].
 * Restrict it to any point set with `sparseGather(tape, H, buildRestrictionPlan(...))`; one H
 * serves several restrictions (dual restriction) and their gradients accumulate into dH.
 *
 * Cost: 27 products N×J·J×K (forward), 27 for dW and one N×27K·27K×J for dF (backward).
 */
import { GEMM_ACCUMULATE } from '../engine/Engine.ts';
import type { Tensor } from '../engine/Tensor.ts';
import type { Tape } from '../engine/Tape.ts';
import { KERNEL_POINTS, type PcnnLevel } from './PcnnLevel.ts';

/**
 * @param F features [N, J] of the level's points. @param W weights [27, J, K].
 * @param level the level's constants (points, σ, density).
 * @param out optional [27·N, K] tensor to write H into (inference keeps each block's field for
 *   the query restrictions: writing it in place saves a copy of 27·N·K floats per block); only
 *   without gradients.
 * @returns H [27·N, K] (`out` when given).
 */
export function pcnnField(tape: Tape, F: Tensor, W: Tensor, level: PcnnLevel, out?: Tensor): Tensor {
  const e = tape.engine;
  const N = level.n;
  if (F.rows !== N) throw new RangeError(`pcnnField: F has ${F.rows} rows, level has ${N} points`);
  if (W.shape.length !== 3 || W.shape[0] !== KERNEL_POINTS || W.shape[1] !== F.cols) {
    throw new RangeError(`pcnnField: W must be [27, ${F.cols}, K], got [${W.shape.join(', ')}]`);
  }
  const J = F.cols,
    K = W.shape[2],
    L = KERNEL_POINTS;
  if (out && (out.rows !== L * N || out.cols !== K))
    throw new RangeError(`pcnnField: out must be [${L * N}, ${K}], got [${out.shape.join(', ')}]`);
  if (out && tape.needsGrad(F, W)) throw new RangeError('pcnnField: out is for inference (no gradient through it)');
  const Ft = e.empty([N, J]);
  const H = out ?? e.empty([L * N, K]);
  e.k.scaleRows(N, J, F.ptr, J, level.invDensityPtr, Ft.ptr, J, 0);
  for (let l = 0; l < L; l++) {
    e.k.gemm(N, K, J, Ft.ptr, J, 1, W.ptr + l * J * K * 4, K, H.ptr + l * K * 4, L * K, 0, 0);
  }
  if (tape.needsGrad(F, W)) {
    H.requiresGrad = true;
    tape.record(() => {
      if (!H.gradWritten) return;
      const dH = H.gradPtr;
      if (W.requiresGrad) {
        // dW[l] (+)= F̃ᵀ · dH[:, l]   (F̃ read transposed through the strides)
        const acc = tape.accumulateFlag(W) ? GEMM_ACCUMULATE : 0;
        for (let l = 0; l < L; l++) {
          e.k.gemm(J, K, N, Ft.ptr, 1, J, dH + l * K * 4, L * K, W.gradPtr + l * J * K * 4, K, 0, acc);
        }
      }
      if (F.requiresGrad) {
        const acc = tape.accumulateFlag(F);
        const m = e.mark();
        // dF̃ = dH (N × 27K) · Wᵗ (27K × J), Wᵗ[(l,k), j] = W[l, j, k]
        const Wt = e.alloc(L * K * J * 4),
          dFt = e.alloc(N * J * 4);
        for (let l = 0; l < L; l++) e.k.transpose(J, K, W.ptr + l * J * K * 4, K, Wt + l * K * J * 4, J);
        e.k.gemm(N, J, L * K, dH, L * K, 1, Wt, J, dFt, J, 0, 0);
        e.k.scaleRows(N, J, dFt, J, level.invDensityPtr, F.gradPtr, J, acc);
        e.release(m);
      }
    });
  }
  return H;
}
