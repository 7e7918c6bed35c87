/**
 * Separable Gaussian blur of a 3-D array in place (x, then y, then z), the discrete kernel
 * exp(−d²/2σ²) for |d| ≤ ⌈3σ⌉ normalised to sum 1. Samples beyond the border count as 0 (what
 * crosses the border is lost; the callers keep their data away from it).
 *
 * @param data values, index x + dx·(y + dy·z), modified in place.
 * @param dims [dx, dy, dz].
 * @param sigma standard deviation in samples, ≥ 0; below 0.25 nothing is done (the kernel would
 *   be a unit impulse to float precision anyway).
 */
export function gaussianBlur3d(data: Float64Array, dims: [number, number, number], sigma: number): void {
  if (!(sigma >= 0)) throw new RangeError(`gaussianBlur3d: sigma must be ≥ 0, got ${sigma}`);
  if (sigma < 0.25) return;
  const radius = Math.ceil(3 * sigma);
  const kernel = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let d = -radius; d <= radius; d++) sum += kernel[d + radius] = Math.exp((-d * d) / (2 * sigma * sigma));
  for (let d = 0; d < kernel.length; d++) kernel[d] /= sum;
  const [nx, ny, nz] = dims;
  const strides = [1, nx, nx * ny];
  const sizes = [nx, ny, nz];
  const line = new Float64Array(Math.max(nx, ny, nz));
  for (let axis = 0; axis < 3; axis++) {
    const len = sizes[axis],
      stride = strides[axis];
    const o1 = sizes[(axis + 1) % 3],
      s1 = strides[(axis + 1) % 3];
    const o2 = sizes[(axis + 2) % 3],
      s2 = strides[(axis + 2) % 3];
    for (let b = 0; b < o2; b++) {
      for (let a = 0; a < o1; a++) {
        const start = a * s1 + b * s2;
        let any = false;
        for (let t = 0; t < len; t++) {
          const v = (line[t] = data[start + t * stride]);
          if (v !== 0) any = true;
        }
        if (!any) continue; // most lines of a sparse splat are empty
        for (let t = 0; t < len; t++) {
          let acc = 0;
          const d0 = Math.max(-radius, -t),
            d1 = Math.min(radius, len - 1 - t);
          for (let d = d0; d <= d1; d++) acc += kernel[d + radius] * line[t + d];
          data[start + t * stride] = acc;
        }
      }
    }
  }
}
