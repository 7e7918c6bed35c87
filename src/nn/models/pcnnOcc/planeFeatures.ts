/**
 * Optional local-plane features of the queries (`PcnnOccConfig.plane`; not in the paper): for
 * each neighbourhood size k, the plane fitted (PCA) to the query's k nearest input points gives
 *
 *   d = |n·(q − c)|·s      distance of the query to that plane (n: normal, c: centroid),
 *   t = √λ_min·s           spread of the points along the normal (≈ wall thickness / √12 plus noise),
 *   r = |q − c|·s          distance to the centroid,
 *
 * with s = √N0 (units of the mean point spacing) and λ_min the smallest eigenvalue of the
 * neighbours' covariance. They are ≥ 0 and have no parameters.
 *
 * Why: a wall 0.02 thick sampled by 300 points 0.04–0.13 apart is invisible to the level-0
 * Gaussians (width √2·σ0 ≈ 0.04), but its two faces' points still fit one plane to a few
 * thousandths: "inside ⇔ d small" is then one comparison (src/train/README.md, thin walls).
 */
import type { Engine } from '../../engine/Engine.ts';
import type { Tensor } from '../../engine/Tensor.ts';
import type { CloudNeighbourhood } from '../../pcnn/CloudNeighbourhood.ts';

/** Columns per neighbourhood size. */
export const PLANE_FEATURES_PER_K = 3;

/**
 * Write the features of `queries` into `out` (row stride `ld`, columns k-major: for each k in
 * `ks`, d, t, r).
 * @param hood the input cloud and its k-d tree.
 * @param ks neighbourhood sizes, ascending, each ≥ 3 (capped at N0).
 */
export function writePlaneFeatures(hood: CloudNeighbourhood, queries: Float32Array, ks: readonly number[], out: Float32Array, ld: number): void {
  // a cloud smaller than a neighbourhood uses all its points there (the model takes ≥ 16)
  ks = ks.map((k) => Math.min(k, hood.n));
  const Q = queries.length / 3, kmax = ks[ks.length - 1], P = hood.input, s = hood.scale;
  const { indices } = hood.tree.knnAll(queries, kmax);
  const ev = new Float64Array(4);
  for (let q = 0; q < Q; q++) {
    const qx = queries[3 * q], qy = queries[3 * q + 1], qz = queries[3 * q + 2];
    // sums of offsets from the query (small numbers: no cancellation in the covariance)
    let sx = 0, sy = 0, sz = 0, sxx = 0, sxy = 0, sxz = 0, syy = 0, syz = 0, szz = 0;
    let j = 0, o = q * ld;
    for (const k of ks) {
      for (; j < k; j++) {
        const i = indices[q * kmax + j];
        const x = P[3 * i] - qx, y = P[3 * i + 1] - qy, z = P[3 * i + 2] - qz;
        sx += x; sy += y; sz += z;
        sxx += x * x; sxy += x * y; sxz += x * z; syy += y * y; syz += y * z; szz += z * z;
      }
      const cx = sx / k, cy = sy / k, cz = sz / k; // centroid − query
      smallestEigen(sxx / k - cx * cx, sxy / k - cx * cy, sxz / k - cx * cz, syy / k - cy * cy, syz / k - cy * cz, szz / k - cz * cz, ev);
      out[o++] = Math.abs(ev[1] * cx + ev[2] * cy + ev[3] * cz) * s;
      out[o++] = Math.sqrt(Math.max(0, ev[0])) * s;
      out[o++] = Math.sqrt(cx * cx + cy * cy + cz * cz) * s;
    }
  }
}

/** The features as a constant arena tensor [Q, PLANE_FEATURES_PER_K · ks.length]. */
export function planeFeatures(e: Engine, hood: CloudNeighbourhood, queries: Float32Array, ks: readonly number[]): Tensor {
  const w = PLANE_FEATURES_PER_K * ks.length;
  const t = e.empty([queries.length / 3, w]);
  writePlaneFeatures(hood, queries, ks, t.data, w);
  return t;
}

/**
 * Smallest eigenvalue of the symmetric 3×3 matrix [[a, b, c], [b, d, e], [c, e, f]] and a unit
 * eigenvector for it: out = [λ, nx, ny, nz]. Eigenvalues by the trigonometric closed form
 * (Smith 1961); the vector is the largest cross product of two rows of A − λI (rows of a rank-2
 * matrix span the plane orthogonal to the eigenvector). A (near) multiple smallest eigenvalue
 * has no unique vector: any unit vector orthogonal to the dominant direction is returned.
 */
export function smallestEigen(a: number, b: number, c: number, d: number, e: number, f: number, out: Float64Array): void {
  const p1 = b * b + c * c + e * e;
  const tr = (a + d + f) / 3;
  const aa = a - tr, dd = d - tr, ff = f - tr;
  const p2 = aa * aa + dd * dd + ff * ff + 2 * p1;
  const p = Math.sqrt(p2 / 6);
  let lambda: number;
  if (p < 1e-30) lambda = tr; // A = tr·I
  else {
    // det((A − tr·I)/p)/2, clamped to [−1, 1] against rounding
    const B = (aa * (dd * ff - e * e) - b * (b * ff - e * c) + c * (b * e - dd * c)) / (p * p * p) / 2;
    const phi = Math.acos(Math.min(1, Math.max(-1, B))) / 3;
    lambda = tr + 2 * p * Math.cos(phi + (2 * Math.PI) / 3); // the smallest of the three
  }
  out[0] = lambda;
  const r0x = a - lambda, r0y = b, r0z = c;
  const r1x = b, r1y = d - lambda, r1z = e;
  const r2x = c, r2y = e, r2z = f - lambda;
  const c01 = [r0y * r1z - r0z * r1y, r0z * r1x - r0x * r1z, r0x * r1y - r0y * r1x];
  const c02 = [r0y * r2z - r0z * r2y, r0z * r2x - r0x * r2z, r0x * r2y - r0y * r2x];
  const c12 = [r1y * r2z - r1z * r2y, r1z * r2x - r1x * r2z, r1x * r2y - r1y * r2x];
  let best = c01, bn = c01[0] ** 2 + c01[1] ** 2 + c01[2] ** 2;
  for (const v of [c02, c12]) {
    const n = v[0] ** 2 + v[1] ** 2 + v[2] ** 2;
    if (n > bn) { best = v; bn = n; }
  }
  // relative to |A − λI|²: at a (near) double eigenvalue the rows are rounding noise and so is their cross product
  const fro2 = r0x * r0x + r0y * r0y + r0z * r0z + r1x * r1x + r1y * r1y + r1z * r1z + r2x * r2x + r2y * r2y + r2z * r2z;
  if (bn > 1e-18 * fro2 * fro2 && bn > 0) {
    const inv = 1 / Math.sqrt(bn);
    out[1] = best[0] * inv; out[2] = best[1] * inv; out[3] = best[2] * inv;
    return;
  }
  // A − λI has rank ≤ 1: any vector orthogonal to its largest row
  let rx = r0x, ry = r0y, rz = r0z, rn = rx * rx + ry * ry + rz * rz;
  for (const [x, y, z] of [[r1x, r1y, r1z], [r2x, r2y, r2z]]) {
    const n = x * x + y * y + z * z;
    if (n > rn) { rx = x; ry = y; rz = z; rn = n; }
  }
  if (rn < 1e-60) { out[1] = 0; out[2] = 0; out[3] = 1; return; }
  // cross with the axis least aligned with r
  const ax = Math.abs(rx) <= Math.abs(ry) && Math.abs(rx) <= Math.abs(rz) ? [1, 0, 0] : Math.abs(ry) <= Math.abs(rz) ? [0, 1, 0] : [0, 0, 1];
  const v = [ry * ax[2] - rz * ax[1], rz * ax[0] - rx * ax[2], rx * ax[1] - ry * ax[0]];
  const inv = 1 / Math.hypot(v[0], v[1], v[2]);
  out[1] = v[0] * inv; out[2] = v[1] * inv; out[3] = v[2] * inv;
}
