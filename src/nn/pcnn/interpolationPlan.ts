/**
 * Normalised Gaussian interpolation (PCNN up-sampling) from source points x_i to targets y:
 *
 *   f(y) = Σ_i g(y − x_i) f_i / Σ_i g(y − x_i),   g(d) = exp(−|d|² / (2σ²))
 *
 * as a constant sparse matrix (a SparsePlan; apply with `sparseGather`, whose backward is the
 * transposed gather). Weights are computed relative to the nearest source (exp(−(d² − d²_min)/
 * (2σ²))), so far targets never divide 0 by 0; entries whose relative weight is below e^−30
 * (≈ 1e-13, far under float32 resolution of the normalised sum) are dropped.
 */
import type { Engine } from '../engine/Engine.ts';
import { SparsePlan } from './SparsePlan.ts';
import type { Csr } from './Csr.ts';

/** Exponent beyond which an interpolation weight is dropped (relative weight e^−30). */
const DROP = 30;

/**
 * @param sources xyz of the points carrying features (coarse level).
 * @param targets xyz where features are wanted (fine level).
 * @param sigma Gaussian scale σ > 0 (typically the coarse level's σ).
 */
export function buildInterpolationPlan(engine: Engine, sources: ArrayLike<number>, targets: ArrayLike<number>, sigma: number): SparsePlan {
  return SparsePlan.upload(engine, interpolationCsr(sources, targets, sigma));
}

/** The interpolation matrix as a JS-side CSR. */
export function interpolationCsr(sources: ArrayLike<number>, targets: ArrayLike<number>, sigma: number): Csr {
  if (!(sigma > 0)) throw new RangeError(`interpolation: sigma must be > 0, got ${sigma}`);
  const ns = sources.length / 3,
    nt = targets.length / 3;
  if (ns < 1) throw new RangeError('interpolation: no source points');
  const k = 1 / (2 * sigma * sigma);
  const d2 = new Float64Array(ns);
  const rowPtr = new Int32Array(nt + 1);
  const col: number[] = [],
    val: number[] = [];
  for (let t = 0; t < nt; t++) {
    const x = targets[3 * t],
      y = targets[3 * t + 1],
      z = targets[3 * t + 2];
    let dmin = Infinity;
    for (let i = 0; i < ns; i++) {
      const dx = sources[3 * i] - x,
        dy = sources[3 * i + 1] - y,
        dz = sources[3 * i + 2] - z;
      const d = dx * dx + dy * dy + dz * dz;
      d2[i] = d;
      if (d < dmin) dmin = d;
    }
    const start = col.length;
    let sum = 0;
    for (let i = 0; i < ns; i++) {
      const a = (d2[i] - dmin) * k;
      if (a > DROP) continue;
      const w = Math.exp(-a);
      col.push(i);
      val.push(w);
      sum += w;
    }
    for (let n = start; n < col.length; n++) val[n] /= sum;
    rowPtr[t + 1] = col.length;
  }
  return { nRows: nt, nCols: ns, rowPtr, col: Int32Array.from(col), val: Float32Array.from(val) };
}
