/**
 * Batch normalisation over the rows of one item, with a per-column affine map given as tensors
 * (so that ONet's conditional batch norm can feed γ(c), β(c) computed from the latent code) and
 * an optional fused ReLU:
 *
 *   μ_j = (1/M) Σ_m X[m,j],  σ²_j = (1/M) Σ_m (X[m,j] − μ_j)²      (biased, as BN normalises)
 *   x̂ = (X − μ)/√(σ² + ε),   Y = act(γ ⊙ x̂ + β)
 *
 * Backward is the standard one through the batch statistics (g = dY ⊙ [Y > 0] with ReLU):
 *   dβ_j = Σ_m g,  dγ_j = Σ_m g·x̂,  dX = γ/√(σ²+ε) · (g − dβ/M − x̂·dγ/M).
 *
 * Running (population) statistics: when `stats` is given, the item's μ and its *unbiased*
 * variance σ²·M/(M−1) (what torch's BatchNorm feeds its running_var) are added into the
 * gradient buffers of `stats.mean` / `stats.var`. The trainer sums these over the batch like a
 * gradient and folds the batch mean into the buffers with a momentum (Replica.applySummed).
 *
 * Statistics and backward sums are accumulated in float64 (JS loops over [M, C] row-major,
 * columns innermost; at ONet's sizes, 1024×128, a pass costs well under a millisecond).
 */
import type { Tensor } from '../Tensor.ts';
import type { Tape } from '../Tape.ts';

/** Variance guard ε (torch's BatchNorm default). */
export const BN_EPS = 1e-5;

/** Where {@link batchNorm} accumulates an item's statistics (tensors with gradient buffers). */
export interface BatchStatsSink {
  /** [C]; its `grad` receives += μ. */
  mean: Tensor;
  /** [C]; its `grad` receives += unbiased variance. */
  var: Tensor;
}

/**
 * @param X input [M, C] (M ≥ 1 rows: one item's queries).
 * @param gamma per-column scale, C elements (any shape, e.g. [1, C] from a linear on the code).
 * @param beta per-column shift, C elements.
 * @param relu fuse a ReLU after the affine map (default false).
 * @param stats optional sink of the item's statistics (training; see the file comment).
 * @param eps variance guard (default {@link BN_EPS}).
 * @returns Y [M, C].
 */
export function batchNorm(tape: Tape, X: Tensor, gamma: Tensor, beta: Tensor, relu = false, stats?: BatchStatsSink, eps = BN_EPS): Tensor {
  const e = tape.engine;
  const M = X.rows, C = X.cols;
  if (M < 1) throw new RangeError('batchNorm: no rows');
  if (gamma.size !== C || beta.size !== C) throw new RangeError(`batchNorm: gamma and beta must have ${C} elements (got ${gamma.size}, ${beta.size})`);
  if (stats && (stats.mean.size !== C || stats.var.size !== C)) throw new RangeError(`batchNorm: statistics buffers must have ${C} elements`);
  const Y = e.empty([M, C]);
  const mean = new Float64Array(C), inv = new Float64Array(C), s2 = new Float64Array(C);
  {
    const x = X.data, y = Y.data, g = gamma.data, b = beta.data;
    for (let m = 0; m < M; m++) for (let j = 0; j < C; j++) mean[j] += x[m * C + j];
    for (let j = 0; j < C; j++) mean[j] /= M;
    for (let m = 0; m < M; m++) for (let j = 0; j < C; j++) { const d = x[m * C + j] - mean[j]; s2[j] += d * d; }
    for (let j = 0; j < C; j++) inv[j] = 1 / Math.sqrt(s2[j] / M + eps);
    for (let m = 0; m < M; m++) {
      const o = m * C;
      for (let j = 0; j < C; j++) {
        const v = g[j] * ((x[o + j] - mean[j]) * inv[j]) + b[j];
        y[o + j] = relu && v < 0 ? 0 : v;
      }
    }
  }
  if (stats) {
    const sm = stats.mean.grad, sv = stats.var.grad;
    if (!sm || !sv) throw new Error('batchNorm: statistics buffers have no gradient buffer (make them with engine.parameter)');
    const unbias = M > 1 ? M / (M - 1) : 1;
    for (let j = 0; j < C; j++) { sm[j] += mean[j]; sv[j] += (s2[j] / M) * unbias; }
  }
  if (tape.needsGrad(X, gamma, beta)) {
    Y.requiresGrad = true;
    tape.record(() => {
      if (!Y.gradWritten) return;
      // Column sums of the masked gradient and of its product with x̂ (float64).
      const dB = new Float64Array(C), dG = new Float64Array(C);
      {
        const x = X.data, y = Y.data, gy = Y.grad!;
        for (let m = 0; m < M; m++) {
          const o = m * C;
          for (let j = 0; j < C; j++) {
            const gv = relu && !(y[o + j] > 0) ? 0 : gy[o + j];
            dB[j] += gv;
            dG[j] += gv * (x[o + j] - mean[j]) * inv[j];
          }
        }
      }
      // accumulateFlag may allocate (and grow memory): take all views after it.
      const accX = X.requiresGrad ? tape.accumulateFlag(X) : 0;
      const accG = gamma.requiresGrad ? tape.accumulateFlag(gamma) : 0;
      const accB = beta.requiresGrad ? tape.accumulateFlag(beta) : 0;
      if (gamma.requiresGrad) { const gg = gamma.grad!; for (let j = 0; j < C; j++) gg[j] = accG ? gg[j] + dG[j] : dG[j]; }
      if (beta.requiresGrad) { const gb = beta.grad!; for (let j = 0; j < C; j++) gb[j] = accB ? gb[j] + dB[j] : dB[j]; }
      if (X.requiresGrad) {
        const x = X.data, y = Y.data, gy = Y.grad!, gx = X.grad!, g = gamma.data;
        const k = new Float64Array(C);
        for (let j = 0; j < C; j++) k[j] = g[j] * inv[j];
        for (let m = 0; m < M; m++) {
          const o = m * C;
          for (let j = 0; j < C; j++) {
            const gv = relu && !(y[o + j] > 0) ? 0 : gy[o + j];
            const xh = (x[o + j] - mean[j]) * inv[j];
            const d = k[j] * (gv - dB[j] / M - xh * dG[j] / M);
            gx[o + j] = accX ? gx[o + j] + d : d;
          }
        }
      }
    });
  }
  return Y;
}

/**
 * Inference batch norm folded into one per-column affine map: Y = act(a ⊙ X + b) with
 * a = γ/√(σ²_run + ε), b = β − a·μ_run (see {@link foldBatchNorm}). Plain forward, no tape.
 * @param X input [M, C] (arena tensor). @param a, b C values each. @param out [M, C] (may be X).
 * @param relu fuse a ReLU (default true: every ONet batch norm is followed by one).
 */
export function affineColumns(X: Tensor, a: Float32Array, b: Float32Array, out: Tensor, relu = true): void {
  const M = X.rows, C = X.cols;
  if (a.length !== C || b.length !== C || out.size !== X.size) throw new RangeError('affineColumns: sizes differ');
  const x = X.data, y = out.data;
  for (let m = 0; m < M; m++) {
    const o = m * C;
    for (let j = 0; j < C; j++) {
      const v = a[j] * x[o + j] + b[j];
      y[o + j] = relu && v < 0 ? 0 : v;
    }
  }
}

/**
 * The per-column map of an inference-mode batch norm: a = γ/√(var + ε), b = β − a·mean.
 * @param gamma, beta the affine parameters (C values). @param mean, variance running statistics.
 * @returns float32 a and b.
 */
export function foldBatchNorm(gamma: ArrayLike<number>, beta: ArrayLike<number>, mean: ArrayLike<number>, variance: ArrayLike<number>, eps = BN_EPS): { a: Float32Array; b: Float32Array } {
  const C = gamma.length;
  const a = new Float32Array(C), b = new Float32Array(C);
  for (let j = 0; j < C; j++) {
    const s = gamma[j] / Math.sqrt(variance[j] + eps);
    a[j] = s;
    b[j] = beta[j] - s * mean[j];
  }
  return { a, b };
}
