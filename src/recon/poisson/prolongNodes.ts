/**
 * Trilinear prolongation of nodal values from a grid of R cells per axis to one of 2R cells over
 * the same cube: even fine nodes copy the coarse node, odd ones average their two (four, eight)
 * coarse neighbours.
 *
 * @param coarse values on (R+1)³ nodes, x fastest.
 * @param cells R, ≥ 1.
 * @returns values on (2R+1)³ nodes, x fastest.
 */
export function prolongNodes(coarse: Float64Array, cells: number): Float64Array {
  const nc = cells + 1,
    nf = 2 * cells + 1;
  if (coarse.length !== nc * nc * nc) throw new RangeError(`prolongNodes: ${coarse.length} values for ${cells} cells`);
  // Separable: x, then y, then z, each doubling one axis.
  const a = new Float64Array(nf * nc * nc);
  for (let t = 0; t < nc * nc; t++) {
    const src = t * nc,
      dst = t * nf;
    for (let i = 0; i < nc; i++) a[dst + 2 * i] = coarse[src + i];
    for (let i = 0; i < cells; i++) a[dst + 2 * i + 1] = 0.5 * (coarse[src + i] + coarse[src + i + 1]);
  }
  const b = new Float64Array(nf * nf * nc);
  for (let k = 0; k < nc; k++) {
    for (let j = 0; j < nc; j++) {
      const src = nf * (j + nc * k),
        dst = nf * (2 * j + nf * k);
      for (let i = 0; i < nf; i++) b[dst + i] = a[src + i];
      if (j < cells) {
        const src2 = src + nf,
          dst2 = dst + nf;
        for (let i = 0; i < nf; i++) b[dst2 + i] = 0.5 * (a[src + i] + a[src2 + i]);
      }
    }
  }
  const out = new Float64Array(nf * nf * nf);
  const plane = nf * nf;
  for (let k = 0; k < nc; k++) {
    out.set(b.subarray(k * plane, (k + 1) * plane), 2 * k * plane);
    if (k < cells) {
      const s0 = k * plane,
        s1 = (k + 1) * plane,
        d = (2 * k + 1) * plane;
      for (let t = 0; t < plane; t++) out[d + t] = 0.5 * (b[s0 + t] + b[s1 + t]);
    }
  }
  return out;
}
