/**
 * Full-weighting restriction from (2R+1)³ to (R+1)³ nodes: exactly the transpose of
 * `prolongNodes` (each fine value goes to the coarse nodes it was interpolated from, with the
 * same weights), so that a multigrid V-cycle built from the two is symmetric.
 *
 * @param fine values on (2R+1)³ nodes, x fastest.
 * @param cells R (coarse cells per axis), ≥ 1.
 * @returns values on (R+1)³ nodes, x fastest.
 */
export function restrictNodes(fine: Float64Array, cells: number): Float64Array {
  const nc = cells + 1,
    nf = 2 * cells + 1;
  if (fine.length !== nf * nf * nf) throw new RangeError(`restrictNodes: ${fine.length} values for ${cells} coarse cells`);
  const plane = nf * nf;
  // Transpose of prolongation's z step: (nf, nf, nf) → (nf, nf, nc).
  const b = new Float64Array(plane * nc);
  for (let k = 0; k < nc; k++) {
    const d = k * plane,
      s = 2 * k * plane;
    for (let t = 0; t < plane; t++) b[d + t] = fine[s + t];
    if (k > 0) for (let t = 0; t < plane; t++) b[d + t] += 0.5 * fine[s - plane + t];
    if (k < cells) for (let t = 0; t < plane; t++) b[d + t] += 0.5 * fine[s + plane + t];
  }
  // y step: (nf, nf, nc) → (nf, nc, nc).
  const a = new Float64Array(nf * nc * nc);
  for (let k = 0; k < nc; k++) {
    for (let j = 0; j < nc; j++) {
      const d = nf * (j + nc * k),
        s = nf * (2 * j + nf * k);
      for (let i = 0; i < nf; i++) a[d + i] = b[s + i];
      if (j > 0) for (let i = 0; i < nf; i++) a[d + i] += 0.5 * b[s - nf + i];
      if (j < cells) for (let i = 0; i < nf; i++) a[d + i] += 0.5 * b[s + nf + i];
    }
  }
  // x step: (nf, nc, nc) → (nc, nc, nc).
  const out = new Float64Array(nc * nc * nc);
  for (let t = 0; t < nc * nc; t++) {
    const d = t * nc,
      s = t * nf;
    for (let i = 0; i < nc; i++) {
      let v = a[s + 2 * i];
      if (i > 0) v += 0.5 * a[s + 2 * i - 1];
      if (i < cells) v += 0.5 * a[s + 2 * i + 1];
      out[d + i] = v;
    }
  }
  return out;
}
