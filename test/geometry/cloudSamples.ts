// Analytic point samples with their exact outward normals, built independently of the code
// under test (for the normal-estimation, orientation and reconstruction tests).
import { Random } from '../../src/geometry/Random.ts';

export interface AnalyticCloud {
  /** Noisy sample positions, xyz per point. */
  points: Float32Array;
  /** Exact outward unit normal at the noise-free position, xyz per point. */
  normals: Float32Array;
}

/** n points uniform on the sphere |p| = R (normalised Gaussian directions), plus N(0, noise²) per axis. */
export function sphereCloud(n: number, R: number, noise: number, seed: number): AnalyticCloud {
  const rng = new Random(seed);
  const points = new Float32Array(3 * n),
    normals = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) {
    const x = rng.normal(),
      y = rng.normal(),
      z = rng.normal();
    const l = Math.hypot(x, y, z);
    normals[3 * i] = x / l;
    normals[3 * i + 1] = y / l;
    normals[3 * i + 2] = z / l;
    for (let a = 0; a < 3; a++) points[3 * i + a] = R * normals[3 * i + a] + rng.normal(0, noise);
  }
  return { points, normals };
}

/** n points uniform by area on the torus around z (major R, minor r; rejection on the area
 *  element R + r·cos v), plus N(0, noise²) per axis. */
export function torusCloud(n: number, R: number, r: number, noise: number, seed: number): AnalyticCloud {
  const rng = new Random(seed);
  const points = new Float32Array(3 * n),
    normals = new Float32Array(3 * n);
  for (let i = 0; i < n;) {
    const u = 2 * Math.PI * rng.next(),
      v = 2 * Math.PI * rng.next();
    if (rng.next() * (R + r) > R + r * Math.cos(v)) continue;
    const nx = Math.cos(v) * Math.cos(u),
      ny = Math.cos(v) * Math.sin(u),
      nz = Math.sin(v);
    normals[3 * i] = nx;
    normals[3 * i + 1] = ny;
    normals[3 * i + 2] = nz;
    points[3 * i] = (R + r * Math.cos(v)) * Math.cos(u) + rng.normal(0, noise);
    points[3 * i + 1] = (R + r * Math.cos(v)) * Math.sin(u) + rng.normal(0, noise);
    points[3 * i + 2] = r * Math.sin(v) + rng.normal(0, noise);
    i++;
  }
  return { points, normals };
}
