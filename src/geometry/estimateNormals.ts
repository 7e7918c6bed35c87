import { KdTree, type KnnResult } from './KdTree.ts';

/**
 * Unoriented normals of a point cloud by local PCA (Hoppe et al. 1992; Open3D's
 * `estimate_normals` with `KDTreeSearchParamKNN`): for each point, the covariance of its k
 * nearest neighbours (the point itself included); the normal is the eigenvector of the smallest
 * eigenvalue, i.e. the direction in which the neighbourhood is thinnest.
 *
 * The sign of each normal is arbitrary (see `orientNormals` for a consistent, outward one).
 *
 * Why k ≈ 16 by default: with fewer than ~8 neighbours noise (0.005 in unit-cube units) tilts the
 * plane fit; with many more, on sparse clouds (300 points ≈ 0.06 apart) the neighbourhood spans
 * curved or even opposite surfaces (thin parts) and blurs sharp edges. Open3D's examples use 30
 * on dense scans; 10–20 is the common range for sparse ones.
 */
export interface EstimateNormalsOptions {
  /** Neighbours per point, the point itself included. Default 16, range ≥ 3 (clamped to N). */
  k?: number;
  /** Precomputed k-nearest neighbours of every point among the points themselves (from
   *  `KdTree.knnAll(points, k)`), to share them with `orientNormals`; its k must equal `k`. */
  knn?: KnnResult;
}

/** Default neighbourhood size of the PCA normal estimate (see {@link EstimateNormalsOptions}). */
export const DEFAULT_NORMAL_K = 16;

/**
 * Unit normals (unoriented) by PCA of the k nearest neighbours.
 *
 * @param points xyz per point (length 3·N, N ≥ 3), any units.
 * @param options see {@link EstimateNormalsOptions}.
 * @returns unit normals, xyz per point (length 3·N). A neighbourhood with no extent at all
 *   (all neighbours coincide) gets (0, 0, 1).
 */
export function estimateNormals(points: Float32Array, options: EstimateNormalsOptions = {}): Float32Array {
  const n = Math.floor(points.length / 3);
  if (n < 3) throw new RangeError(`estimateNormals: need at least 3 points, got ${n}`);
  const k = Math.min(options.k ?? DEFAULT_NORMAL_K, n);
  if (!Number.isInteger(k) || k < 3) throw new RangeError(`estimateNormals: k must be an integer ≥ 3, got ${options.k}`);
  const knn = options.knn ?? new KdTree(points).knnAll(points, k);
  if (knn.indices.length !== n * k)
    throw new RangeError(`estimateNormals: knn has ${knn.indices.length / n} neighbours per point, expected k = ${k}`);
  const idx = knn.indices;
  const out = new Float32Array(3 * n);
  const cov = new Float64Array(6);
  const vec = new Float64Array(3);
  for (let i = 0; i < n; i++) {
    // Mean and covariance in double precision, relative to the point (less cancellation).
    const px = points[3 * i],
      py = points[3 * i + 1],
      pz = points[3 * i + 2];
    let mx = 0,
      my = 0,
      mz = 0;
    for (let j = 0; j < k; j++) {
      const q = idx[i * k + j];
      mx += points[3 * q] - px;
      my += points[3 * q + 1] - py;
      mz += points[3 * q + 2] - pz;
    }
    mx /= k;
    my /= k;
    mz /= k;
    let xx = 0,
      xy = 0,
      xz = 0,
      yy = 0,
      yz = 0,
      zz = 0;
    for (let j = 0; j < k; j++) {
      const q = idx[i * k + j];
      const dx = points[3 * q] - px - mx,
        dy = points[3 * q + 1] - py - my,
        dz = points[3 * q + 2] - pz - mz;
      xx += dx * dx;
      xy += dx * dy;
      xz += dx * dz;
      yy += dy * dy;
      yz += dy * dz;
      zz += dz * dz;
    }
    cov[0] = xx;
    cov[1] = xy;
    cov[2] = xz;
    cov[3] = yy;
    cov[4] = yz;
    cov[5] = zz;
    smallestEigenvector(cov, vec);
    out[3 * i] = vec[0];
    out[3 * i + 1] = vec[1];
    out[3 * i + 2] = vec[2];
  }
  return out;
}

/**
 * Unit eigenvector of the smallest eigenvalue of a symmetric 3×3 matrix, by cyclic Jacobi
 * rotations (unconditionally convergent, exact to rounding for repeated eigenvalues too, where a
 * closed-form cubic solve loses accuracy).
 *
 * @param a the matrix's upper triangle [a00, a01, a02, a11, a12, a22]; not modified.
 * @param out receives the eigenvector (unit length); (0, 0, 1) for the zero matrix.
 */
export function smallestEigenvector(a: ArrayLike<number>, out: Float64Array): void {
  let a00 = a[0],
    a01 = a[1],
    a02 = a[2],
    a11 = a[3],
    a12 = a[4],
    a22 = a[5];
  // Columns of V are the eigenvectors.
  let v00 = 1,
    v01 = 0,
    v02 = 0,
    v10 = 0,
    v11 = 1,
    v12 = 0,
    v20 = 0,
    v21 = 0,
    v22 = 1;
  const scale = Math.abs(a00) + Math.abs(a11) + Math.abs(a22) + Math.abs(a01) + Math.abs(a02) + Math.abs(a12);
  if (scale === 0 || !Number.isFinite(scale)) {
    out[0] = 0;
    out[1] = 0;
    out[2] = 1;
    return;
  }
  for (let sweep = 0; sweep < 32; sweep++) {
    const off = Math.abs(a01) + Math.abs(a02) + Math.abs(a12);
    if (off <= 1e-15 * scale) break;
    // Rotation in plane (p, q) zeroing a_pq: t = tan θ from the stable formula.
    for (let pq = 0; pq < 3; pq++) {
      let apq: number, app: number, aqq: number;
      if (pq === 0) {
        apq = a01;
        app = a00;
        aqq = a11;
      } else if (pq === 1) {
        apq = a02;
        app = a00;
        aqq = a22;
      } else {
        apq = a12;
        app = a11;
        aqq = a22;
      }
      if (apq === 0) continue;
      const theta = (aqq - app) / (2 * apq);
      const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1),
        s = t * c;
      if (pq === 0) {
        // p = 0, q = 1, r = 2
        a00 = app - t * apq;
        a11 = aqq + t * apq;
        a01 = 0;
        const a0r = a02,
          a1r = a12;
        a02 = c * a0r - s * a1r;
        a12 = s * a0r + c * a1r;
        let x = v00,
          y = v01;
        v00 = c * x - s * y;
        v01 = s * x + c * y;
        x = v10;
        y = v11;
        v10 = c * x - s * y;
        v11 = s * x + c * y;
        x = v20;
        y = v21;
        v20 = c * x - s * y;
        v21 = s * x + c * y;
      } else if (pq === 1) {
        // p = 0, q = 2, r = 1
        a00 = app - t * apq;
        a22 = aqq + t * apq;
        a02 = 0;
        const a0r = a01,
          a2r = a12;
        a01 = c * a0r - s * a2r;
        a12 = s * a0r + c * a2r;
        let x = v00,
          y = v02;
        v00 = c * x - s * y;
        v02 = s * x + c * y;
        x = v10;
        y = v12;
        v10 = c * x - s * y;
        v12 = s * x + c * y;
        x = v20;
        y = v22;
        v20 = c * x - s * y;
        v22 = s * x + c * y;
      } else {
        // p = 1, q = 2, r = 0
        a11 = app - t * apq;
        a22 = aqq + t * apq;
        a12 = 0;
        const a1r = a01,
          a2r = a02;
        a01 = c * a1r - s * a2r;
        a02 = s * a1r + c * a2r;
        let x = v01,
          y = v02;
        v01 = c * x - s * y;
        v02 = s * x + c * y;
        x = v11;
        y = v12;
        v11 = c * x - s * y;
        v12 = s * x + c * y;
        x = v21;
        y = v22;
        v21 = c * x - s * y;
        v22 = s * x + c * y;
      }
    }
  }
  let x: number, y: number, z: number;
  if (a00 <= a11 && a00 <= a22) {
    x = v00;
    y = v10;
    z = v20;
  } else if (a11 <= a22) {
    x = v01;
    y = v11;
    z = v21;
  } else {
    x = v02;
    y = v12;
    z = v22;
  }
  const len = Math.hypot(x, y, z);
  out[0] = x / len;
  out[1] = y / len;
  out[2] = z / len;
}
