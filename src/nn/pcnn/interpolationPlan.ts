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
import { UniformGrid } from './UniformGrid.ts';

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

/**
 * The interpolation matrix as a JS-side CSR. Row t holds, in increasing source index, every
 * source i with (d²_i − d²_min)/(2σ²) ≤ DROP, weight exp(−that)/Σ. The sources are bucketed in a
 * uniform grid (cells of half the drop radius √(2·DROP)·σ), so a target visits the cells around
 * it, not all sources: the nearest source first (rings of cells until no unvisited cell can hold a
 * nearer one), then the box of radius √(d²_min + 2·DROP·σ²). The entries, their order and every
 * float operation are those of testing all sources (test/nn/pcnn/interpolationPlan.test.ts
 * compares with that brute force); what changes is the cost, O(entries) per target instead of
 * O(sources): at 3000 input points the X1 → X0 plan had 3000 × 1280 distance tests per cloud.
 */
export function interpolationCsr(sources: ArrayLike<number>, targets: ArrayLike<number>, sigma: number): Csr {
  if (!(sigma > 0)) throw new RangeError(`interpolation: sigma must be > 0, got ${sigma}`);
  const ns = sources.length / 3,
    nt = targets.length / 3;
  if (ns < 1) throw new RangeError('interpolation: no source points');
  const k = 1 / (2 * sigma * sigma);
  // d² − d²_min ≤ DROP/k keeps an entry; the search box gets a relative margin so float rounding
  // of its radius can never leave out a source that the exact test keeps
  const dropD2 = DROP / k;
  const grid = new UniformGrid(sources, ns, Math.sqrt(dropD2) / 2);
  const { cellStart, items, nx, ny, nz, cell: h } = grid;
  const rowPtr = new Int32Array(nt + 1);
  let col = new Int32Array(Math.max(16, 4 * nt)),
    val = new Float32Array(col.length);
  let found = new Int32Array(64),
    foundD2 = new Float64Array(64);
  const d2Of = (i: number, x: number, y: number, z: number): number => {
    const dx = sources[3 * i] - x,
      dy = sources[3 * i + 1] - y,
      dz = sources[3 * i + 2] - z;
    return dx * dx + dy * dy + dz * dz;
  };
  let nnz = 0;
  for (let t = 0; t < nt; t++) {
    const x = targets[3 * t],
      y = targets[3 * t + 1],
      z = targets[3 * t + 2];
    const cx = grid.ix(x),
      cy = grid.iy(y),
      cz = grid.iz(z);
    // nearest source: after ring r (cells at Chebyshev distance ≤ r from the target's clamped
    // cell) every unvisited source is at least r·h away; ring rLast reaches the grid's far corner
    const rLast = Math.max(cx, cy, cz, nx - 1 - cx, ny - 1 - cy, nz - 1 - cz);
    let dmin = Infinity;
    for (let r = 0; ; r++) {
      for (let ax = cx - r; ax <= cx + r; ax++) {
        if (ax < 0 || ax >= nx) continue;
        for (let ay = cy - r; ay <= cy + r; ay++) {
          if (ay < 0 || ay >= ny) continue;
          // off the x/y shell only the two z faces of the ring are new (r = 0: the shell is the cell)
          const onShellXY = ax === cx - r || ax === cx + r || ay === cy - r || ay === cy + r;
          for (let az = cz - r; az <= cz + r; az += onShellXY ? 1 : 2 * r) {
            if (az < 0 || az >= nz) continue;
            const c = (ax * ny + ay) * nz + az;
            for (let n = cellStart[c]; n < cellStart[c + 1]; n++) {
              const d = d2Of(items[n], x, y, z);
              if (d < dmin) dmin = d;
            }
          }
        }
      }
      const reach = r * h;
      if (dmin <= reach * reach || r >= rLast) break;
    }
    // every source within √(d²_min + DROP/k) of the target, tested exactly as all sources would be
    const R = Math.sqrt(dmin + dropD2) * (1 + 1e-9) + 1e-30;
    const x0 = grid.ix(x - R),
      x1 = grid.ix(x + R),
      y0 = grid.iy(y - R),
      y1 = grid.iy(y + R),
      z0 = grid.iz(z - R),
      z1 = grid.iz(z + R);
    let m = 0;
    for (let ax = x0; ax <= x1; ax++)
      for (let ay = y0; ay <= y1; ay++) {
        const row = (ax * ny + ay) * nz;
        for (let n = cellStart[row + z0], e = cellStart[row + z1 + 1]; n < e; n++) {
          const i = items[n];
          const d = d2Of(i, x, y, z);
          if ((d - dmin) * k > DROP) continue;
          if (m === found.length) {
            found = copyInto(new Int32Array(2 * m), found);
            foundD2 = copyInto(new Float64Array(2 * m), foundD2);
          }
          found[m] = i;
          foundD2[m] = d;
          m++;
        }
      }
    // increasing source index: the order (and so the float sum) of the all-sources loop
    sortByIndex(found, foundD2, m);
    if (nnz + m > col.length) {
      col = copyInto(new Int32Array(2 * (nnz + m)), col);
      val = copyInto(new Float32Array(2 * (nnz + m)), val);
    }
    let sum = 0;
    for (let j = 0; j < m; j++) {
      foundD2[j] = Math.exp(-(foundD2[j] - dmin) * k); // now the weight
      sum += foundD2[j];
    }
    for (let j = 0; j < m; j++) {
      col[nnz + j] = found[j];
      val[nnz + j] = foundD2[j] / sum;
    }
    nnz += m;
    rowPtr[t + 1] = nnz;
  }
  return { nRows: nt, nCols: ns, rowPtr, col: col.slice(0, nnz), val: val.slice(0, nnz) };
}

/** `to` (longer) with `from` copied into its start: a grown buffer. */
function copyInto<T extends { set(a: ArrayLike<number>): void }>(to: T, from: ArrayLike<number>): T {
  to.set(from);
  return to;
}

/** Sort the first m (index, d²) pairs by index (insertion sort: rows are short and nearly sorted by cell). */
function sortByIndex(idx: Int32Array, d2: Float64Array, m: number): void {
  for (let j = 1; j < m; j++) {
    const i = idx[j],
      d = d2[j];
    let p = j - 1;
    while (p >= 0 && idx[p] > i) {
      idx[p + 1] = idx[p];
      d2[p + 1] = d2[p];
      p--;
    }
    idx[p + 1] = i;
    d2[p + 1] = d;
  }
}
