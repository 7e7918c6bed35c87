// Points on a sphere for tests, built independently of the code under test (the one generator
// that the tests share instead of each keeping its own).
import type { Random } from '../../src/geometry/Random.ts';

export interface SphereOptions {
  /** Centre (default the origin). */
  centre?: readonly number[];
  /** Standard deviation of N(0, noise²) added per axis (random sampling only; default 0: none drawn). */
  noise?: number;
}

/**
 * n points on the sphere of the given radius (same units as the centre; tests mostly use the
 * unit-cube frame, radius 0.4), xyz per point, computed in float64 and stored as float32.
 *
 * - `rng`: uniform by area — per point three normals give the direction (x, y, z)·(radius/|·|),
 *   then, with `noise`, three more normals give the offset; the draws are in that order.
 * - `'fibonacci'`: the Fibonacci spiral (deterministic, evenly spread; point i at height
 *   z = 1 − (2i + 1)/n, turned by the golden angle π(3 − √5) per point).
 */
export function spherePoints(n: number, radius: number, sampling: Random | 'fibonacci', opts: SphereOptions = {}): Float32Array {
  const c = opts.centre ?? [0, 0, 0],
    noise = opts.noise ?? 0;
  const out = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) {
    if (sampling === 'fibonacci') {
      const z = 1 - (2 * i + 1) / n,
        rho = Math.sqrt(1 - z * z),
        phi = i * Math.PI * (3 - Math.sqrt(5));
      out.set([c[0] + radius * rho * Math.cos(phi), c[1] + radius * rho * Math.sin(phi), c[2] + radius * z], 3 * i);
      continue;
    }
    const x = sampling.normal(),
      y = sampling.normal(),
      z = sampling.normal();
    const s = radius / Math.hypot(x, y, z);
    const p = [c[0] + x * s, c[1] + y * s, c[2] + z * s];
    if (noise > 0) for (let a = 0; a < 3; a++) p[a] += sampling.normal(0, noise);
    out.set(p, 3 * i);
  }
  return out;
}
