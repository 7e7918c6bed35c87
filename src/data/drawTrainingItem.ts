import type { Random } from '../geometry/Random.ts';
import { randomRotation } from '../geometry/rotation3d.ts';

/**
 * One training item into caller-provided views: `P` surface points chosen without replacement
 * (with replacement when the shape has fewer than P) plus N(0, noiseStd²) per coordinate, and
 * `Q` labelled queries chosen the same way; with `scale`, both scaled per axis (the surface
 * points before the noise, so the noise stays isotropic); with `rotate`, a uniform random
 * rotation of both; with either, a renormalisation by the moved noisy input's bounding box (see
 * TrainingSamplerOptions.rotate and .scaleRange).
 * Draw order: input indices, noise, query indices, rotation (so items without rotation are the
 * same with or without the option's code path; the scale factors are drawn by the caller).
 *
 * @param a the shape's surface points, query points and labels.
 * @param rng the item's generator.
 * @param P input points; @param noiseStd noise std (unit-cube units); @param Q queries.
 * @param inputs out, P·3; @param queryPoints out, Q·3; @param occupancies out, Q.
 * @param rotate rotation augmentation (default false).
 * @param scale factors (x, y, z) of the anisotropic scale augmentation, or null (default).
 */
export function drawTrainingItem(
  a: { surface: Float32Array; queries: Float32Array; occupancies: Uint8Array },
  rng: Random,
  P: number,
  noiseStd: number,
  Q: number,
  inputs: Float32Array,
  queryPoints: Float32Array,
  occupancies: Uint8Array,
  rotate = false,
  scale: readonly number[] | null = null,
): void {
  const idx = pick(rng, a.surface.length / 3, P);
  const [sx, sy, sz] = scale ?? [1, 1, 1];
  for (let k = 0; k < P; k++) {
    const s = 3 * idx[k];
    inputs[3 * k] = a.surface[s] * sx;
    inputs[3 * k + 1] = a.surface[s + 1] * sy;
    inputs[3 * k + 2] = a.surface[s + 2] * sz;
  }
  if (noiseStd > 0) for (let i = 0; i < 3 * P; i++) inputs[i] += rng.normal(0, noiseStd);
  const qi = pick(rng, a.queries.length / 3, Q);
  for (let k = 0; k < Q; k++) {
    const s = qi[k];
    queryPoints[3 * k] = a.queries[3 * s] * sx;
    queryPoints[3 * k + 1] = a.queries[3 * s + 1] * sy;
    queryPoints[3 * k + 2] = a.queries[3 * s + 2] * sz;
    occupancies[k] = a.occupancies[s];
  }
  if (rotate) rotateAndRenormalize(randomRotation(rng), inputs, queryPoints);
  else if (scale) rotateAndRenormalize(null, inputs, queryPoints);
}

/** In place: x ↦ R·x (R null: x) for inputs and queries, then (x − c)/side by the moved inputs' bounding box. */
function rotateAndRenormalize(R: Float64Array | null, inputs: Float32Array, queries: Float32Array): void {
  const lo = [Infinity, Infinity, Infinity],
    hi = [-Infinity, -Infinity, -Infinity];
  for (const [arr, isInput] of [
    [inputs, true],
    [queries, false],
  ] as const) {
    for (let i = 0; i < arr.length; i += 3) {
      const x = arr[i],
        y = arr[i + 1],
        z = arr[i + 2];
      for (let r = 0; r < 3; r++) {
        const v = R ? R[3 * r] * x + R[3 * r + 1] * y + R[3 * r + 2] * z : arr[i + r];
        arr[i + r] = v;
        if (isInput) {
          if (v < lo[r]) lo[r] = v;
          if (v > hi[r]) hi[r] = v;
        }
      }
    }
  }
  const side = Math.max(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]);
  const inv = side > 0 ? 1 / side : 1;
  const c = [0.5 * (lo[0] + hi[0]), 0.5 * (lo[1] + hi[1]), 0.5 * (lo[2] + hi[2])];
  for (const arr of [inputs, queries]) for (let i = 0; i < arr.length; i++) arr[i] = (arr[i] - c[i % 3]) * inv;
}

/** k indices from [0, n): distinct when k ≤ n, otherwise uniform with replacement. */
function pick(rng: Random, n: number, k: number): Uint32Array {
  if (k <= n) return rng.choose(n, k);
  const out = new Uint32Array(k);
  for (let i = 0; i < k; i++) out[i] = rng.int(n);
  return out;
}
