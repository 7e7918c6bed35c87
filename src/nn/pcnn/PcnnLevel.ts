/**
 * The constants of one PCNN level for one cloud: its points X (N×3), σ, the density
 * normalisation, and the 27·N virtual centres of the closed-form convolution (docs/design.md §4).
 *
 *  - density d_i = Σ_j exp(−|x_i − x_j|² / (2σ²)) (j = i included, so d_i ≥ 1); the extension
 *    uses f̃_i = F_i / d_i. Terms beyond 6.8σ (each < 1e-10) are skipped.
 *  - centre c = 27·i + l sits at x_i + t_l with l = 9·a + 3·b + c', t_l = 2σ·(a−1, b−1, c'−1),
 *    a, b, c' ∈ {0, 1, 2}: the 3×3×3 kernel grid {−2σ, 0, 2σ}³. Weight W[l] (J×K) belongs to t_l.
 */
import type { Engine } from '../engine/Engine.ts';
import { UniformGrid } from './UniformGrid.ts';

/** Number of Gaussians per kernel (3×3×3 grid). */
export const KERNEL_POINTS = 27;

/** Density cutoff radius in units of σ: exp(−r²/2) = 1e-10. */
const DENSITY_RADIUS = Math.sqrt(2 * Math.log(1e10));

export class PcnnLevel {
  readonly engine: Engine;
  /** Points, 3 per point (a private copy). */
  readonly points: Float32Array;
  readonly n: number;
  /** Kernel scale σ (same units as the points). */
  readonly sigma: number;
  /** 1 / d_i per point (JS copy). */
  readonly invDensity: Float32Array;
  /** Byte offset of invDensity in the engine (for the scaleRows kernel). */
  readonly invDensityPtr: number;
  /** The 27·N centres, 3 per centre, centre 27·i + l (see the file comment). */
  readonly centres: Float32Array;

  /**
   * @param engine engine to hold the per-cloud constants (allocated in its arena).
   * @param points xyz of the level's N points. @param sigma kernel scale σ > 0.
   */
  constructor(engine: Engine, points: ArrayLike<number>, sigma: number) {
    if (!(sigma > 0) || !Number.isFinite(sigma)) throw new RangeError(`PcnnLevel: sigma must be > 0, got ${sigma}`);
    if (points.length % 3 !== 0) throw new RangeError('PcnnLevel: points length is not a multiple of 3');
    this.engine = engine;
    this.points = Float32Array.from(points);
    this.n = this.points.length / 3;
    this.sigma = sigma;
    this.invDensity = densityInverse(this.points, this.n, sigma);
    this.invDensityPtr = engine.putF32(this.invDensity);
    this.centres = kernelCentres(this.points, this.n, sigma);
  }
}

/** 1/d_i with d_i = Σ_j exp(−|x_i−x_j|²/(2σ²)). */
export function densityInverse(xyz: Float32Array, n: number, sigma: number): Float32Array {
  const R = DENSITY_RADIUS * sigma,
    R2 = R * R,
    k = 1 / (2 * sigma * sigma);
  const grid = new UniformGrid(xyz, n, R);
  const { cellStart, items, ny, nz } = grid;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const x = xyz[3 * i],
      y = xyz[3 * i + 1],
      z = xyz[3 * i + 2];
    const ax = grid.ix(x - R),
      bx = grid.ix(x + R),
      ay = grid.iy(y - R),
      by = grid.iy(y + R),
      az = grid.iz(z - R),
      bz = grid.iz(z + R);
    let d = 0;
    for (let cx = ax; cx <= bx; cx++)
      for (let cy = ay; cy <= by; cy++) {
        const row = (cx * ny + cy) * nz;
        for (let n0 = cellStart[row + az], n1 = cellStart[row + bz + 1], t = n0; t < n1; t++) {
          const j = items[t];
          const dx = xyz[3 * j] - x,
            dy = xyz[3 * j + 1] - y,
            dz = xyz[3 * j + 2] - z;
          const d2 = dx * dx + dy * dy + dz * dz;
          if (d2 < R2) d += Math.exp(-d2 * k);
        }
      }
    out[i] = 1 / d;
  }
  return out;
}

/** The 27·N kernel centres x_i + t_l. */
export function kernelCentres(xyz: Float32Array, n: number, sigma: number): Float32Array {
  const c = new Float32Array(n * KERNEL_POINTS * 3);
  const s = 2 * sigma;
  for (let i = 0; i < n; i++) {
    const x = xyz[3 * i],
      y = xyz[3 * i + 1],
      z = xyz[3 * i + 2];
    for (let l = 0; l < KERNEL_POINTS; l++) {
      const o = 3 * (KERNEL_POINTS * i + l);
      c[o] = x + s * (Math.floor(l / 9) - 1);
      c[o + 1] = y + s * ((Math.floor(l / 3) % 3) - 1);
      c[o + 2] = z + s * ((l % 3) - 1);
    }
  }
  return c;
}
