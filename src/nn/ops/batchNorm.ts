/**
 * Batch normalisation over all rows of a block, with an affine map given as tensors (so that
 * ONet's conditional batch norm can feed γ(c), β(c) computed from the latent codes) and an
 * optional fused ReLU. The rows may come from G items (groups of M/G contiguous rows, item-major)
 * that each have their own γ, β row, while the statistics are taken over *all* M rows — ONet's
 * training semantics (its torch BatchNorm1d normalises over the whole batch of shapes × points;
 * per-item statistics would remove per-shape information that the running statistics used at
 * inference keep, so training and inference would disagree):
 *
 *   μ_j = (1/M) Σ_m X[m,j],  σ²_j = (1/M) Σ_m (X[m,j] − μ_j)²      (biased, as BN normalises)
 *   x̂ = (X − μ)/√(σ² + ε),   Y[m] = act(γ_g(m) ⊙ x̂[m] + β_g(m)),   g(m) = ⌊m / (M/G)⌋
 *
 * Backward through the batch statistics (g = dY ⊙ [Y > 0] with ReLU, dx̂ = g ⊙ γ_g(m)):
 *   dβ_g = Σ_{m∈g} g,  dγ_g = Σ_{m∈g} g·x̂,
 *   dX = 1/√(σ²+ε) · (dx̂ − mean_m(dx̂) − x̂·mean_m(dx̂·x̂)),
 * where mean_m(dx̂)_j = Σ_g γ_g,j·dβ_g,j / M and mean_m(dx̂·x̂)_j = Σ_g γ_g,j·dγ_g,j / M
 * (G = 1: the standard BN backward γ/√(σ²+ε)·(g − dβ/M − x̂·dγ/M)).
 *
 * Running (population) statistics: when `stats` is given, the block's μ and its *unbiased*
 * variance σ²·M/(M−1) (what torch's BatchNorm feeds its running_var), each multiplied by G (the
 * items in the block), are added into the gradient buffers of `stats.mean` / `stats.var`. The
 * trainer sums these over its replicas and multiplies by gradScale = 1/(items in the batch)
 * (Replica.applySummed), so the running statistics move towards the items-weighted mean of the
 * replicas' block statistics (with one replica holding the whole batch: exactly the batch's).
 *
 * Statistics and backward sums are accumulated in float64 (JS loops over [M, C] row-major,
 * columns innermost; at ONet's sizes, 8·1024×128, a pass costs a few milliseconds).
 */
import type { Tensor } from '../engine/Tensor.ts';
import type { Tape } from '../engine/Tape.ts';

/** Variance guard ε (torch's BatchNorm default). */
export const BN_EPS = 1e-5;

/** Where {@link batchNorm} accumulates a block's statistics (tensors with gradient buffers). */
export interface BatchStatsSink {
  /** [C]; its `grad` receives += G·μ. */
  mean: Tensor;
  /** [C]; its `grad` receives += G·(unbiased variance). */
  var: Tensor;
}

/**
 * @param X input [M, C] (M ≥ 1 rows: the queries of G items, item after item).
 * @param gamma scale, G·C elements (row-major [G, C]; G = 1 may have any shape, e.g. [1, C]);
 *   G = gamma.size / C groups, which must divide M.
 * @param beta shift, G·C elements like gamma.
 * @param relu fuse a ReLU after the affine map (default false).
 * @param stats optional sink of the block's statistics (training; see the file comment).
 * @param eps variance guard (default {@link BN_EPS}).
 * @returns Y [M, C].
 */
export function batchNorm(tape: Tape, X: Tensor, gamma: Tensor, beta: Tensor, relu = false, stats?: BatchStatsSink, eps = BN_EPS): Tensor {
  const e = tape.engine;
  const M = X.rows,
    C = X.cols;
  if (M < 1) throw new RangeError('batchNorm: no rows');
  const G = gamma.size / C;
  if (!Number.isInteger(G) || G < 1 || beta.size !== gamma.size)
    throw new RangeError(`batchNorm: gamma and beta must have G·${C} elements (got ${gamma.size}, ${beta.size})`);
  if (M % G !== 0) throw new RangeError(`batchNorm: ${M} rows do not split into ${G} equal groups`);
  const R = M / G; // rows per group
  if (stats && (stats.mean.size !== C || stats.var.size !== C))
    throw new RangeError(`batchNorm: statistics buffers must have ${C} elements`);
  const Y = e.empty([M, C]);
  const mean = new Float64Array(C),
    inv = new Float64Array(C),
    s2 = new Float64Array(C);
  {
    const x = X.data,
      y = Y.data,
      g = gamma.data,
      b = beta.data;
    for (let m = 0; m < M; m++) for (let j = 0; j < C; j++) mean[j] += x[m * C + j];
    for (let j = 0; j < C; j++) mean[j] /= M;
    for (let m = 0; m < M; m++)
      for (let j = 0; j < C; j++) {
        const d = x[m * C + j] - mean[j];
        s2[j] += d * d;
      }
    for (let j = 0; j < C; j++) inv[j] = 1 / Math.sqrt(s2[j] / M + eps);
    for (let m = 0; m < M; m++) {
      const o = m * C,
        a = ((m / R) | 0) * C;
      for (let j = 0; j < C; j++) {
        const v = g[a + j] * ((x[o + j] - mean[j]) * inv[j]) + b[a + j];
        y[o + j] = relu && v < 0 ? 0 : v;
      }
    }
  }
  if (stats) {
    const sm = stats.mean.grad,
      sv = stats.var.grad;
    if (!sm || !sv) throw new Error('batchNorm: statistics buffers have no gradient buffer (make them with engine.parameter)');
    const unbias = M > 1 ? M / (M - 1) : 1;
    for (let j = 0; j < C; j++) {
      sm[j] += G * mean[j];
      sv[j] += G * ((s2[j] / M) * unbias);
    }
  }
  if (tape.needsGrad(X, gamma, beta)) {
    Y.requiresGrad = true;
    tape.record(() => {
      if (!Y.gradWritten) return;
      // Per-group column sums of the masked gradient and of its product with x̂ (float64).
      const dB = new Float64Array(G * C),
        dG = new Float64Array(G * C);
      {
        const x = X.data,
          y = Y.data,
          gy = Y.grad!;
        for (let m = 0; m < M; m++) {
          const o = m * C,
            a = ((m / R) | 0) * C;
          for (let j = 0; j < C; j++) {
            const gv = relu && !(y[o + j] > 0) ? 0 : gy[o + j];
            dB[a + j] += gv;
            dG[a + j] += gv * (x[o + j] - mean[j]) * inv[j];
          }
        }
      }
      // accumulateFlag may allocate (and grow memory): take all views after it.
      const accX = X.requiresGrad ? tape.accumulateFlag(X) : 0;
      const accG = gamma.requiresGrad ? tape.accumulateFlag(gamma) : 0;
      const accB = beta.requiresGrad ? tape.accumulateFlag(beta) : 0;
      if (gamma.requiresGrad) {
        const gg = gamma.grad!;
        for (let t = 0; t < G * C; t++) gg[t] = accG ? gg[t] + dG[t] : dG[t];
      }
      if (beta.requiresGrad) {
        const gb = beta.grad!;
        for (let t = 0; t < G * C; t++) gb[t] = accB ? gb[t] + dB[t] : dB[t];
      }
      if (X.requiresGrad) {
        const x = X.data,
          y = Y.data,
          gy = Y.grad!,
          gx = X.grad!,
          g = gamma.data;
        // mean over rows of dx̂ and of dx̂·x̂ (dx̂ = g ⊙ γ_row), from the per-group sums.
        const mA = new Float64Array(C),
          mB = new Float64Array(C);
        for (let a = 0; a < G * C; a += C)
          for (let j = 0; j < C; j++) {
            mA[j] += g[a + j] * dB[a + j];
            mB[j] += g[a + j] * dG[a + j];
          }
        for (let j = 0; j < C; j++) {
          mA[j] /= M;
          mB[j] /= M;
        }
        for (let m = 0; m < M; m++) {
          const o = m * C,
            a = ((m / R) | 0) * C;
          for (let j = 0; j < C; j++) {
            const gv = relu && !(y[o + j] > 0) ? 0 : gy[o + j];
            const xh = (x[o + j] - mean[j]) * inv[j];
            const d = inv[j] * (g[a + j] * gv - mA[j] - xh * mB[j]);
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
  const M = X.rows,
    C = X.cols;
  if (a.length !== C || b.length !== C || out.size !== X.size) throw new RangeError('affineColumns: sizes differ');
  const x = X.data,
    y = out.data;
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
export function foldBatchNorm(
  gamma: ArrayLike<number>,
  beta: ArrayLike<number>,
  mean: ArrayLike<number>,
  variance: ArrayLike<number>,
  eps = BN_EPS,
): { a: Float32Array; b: Float32Array } {
  const C = gamma.length;
  const a = new Float32Array(C),
    b = new Float32Array(C);
  for (let j = 0; j < C; j++) {
    const s = gamma[j] / Math.sqrt(variance[j] + eps);
    a[j] = s;
    b[j] = beta[j] - s * mean[j];
  }
  return { a, b };
}
