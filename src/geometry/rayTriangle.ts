/**
 * The watertight ray/line–triangle test of Woop, Benthin & Wald (JCGT 2013) with ties broken by
 * symbolic perturbation (Edelsbrunner & Mücke), for `Bvh`'s ray casts and z-line crossings.
 */

/**
 * Sign of the 2-D edge function E(P, Q) = Px·Qy − Py·Qx of directed edge P→Q at the origin,
 * with E = 0 resolved by moving the origin to (ε, ε²): E then becomes
 * E + ε(Py − Qy) + ε²(Qx − Px). Reversing the edge negates every term, so the two triangles
 * on a shared edge always get opposite signs. 0 only for a zero-length projected edge.
 */
function edgeSign(e: number, px: number, py: number, qx: number, qy: number): number {
  if (e > 0) return 1;
  if (e < 0) return -1;
  let d = py - qy;
  if (d !== 0) return d > 0 ? 1 : -1;
  d = qx - px;
  return d > 0 ? 1 : d < 0 ? -1 : 0;
}

/**
 * Watertight ray/line–triangle test (Woop et al. 2013) in ray space. The ray runs from
 * (okx, oky, okz) (coordinates permuted to kx, ky, kz) along +kz after the shear
 * x' = x − sx·z, y' = y − sy·z; sz = 1 / dir[kz]. Returns the ray parameter of the hit
 * (any sign: the line is tested), or NaN when the line misses the triangle.
 */
export function shearedHit(
  tri: Float64Array,
  o: number,
  kx: number,
  ky: number,
  kz: number,
  okx: number,
  oky: number,
  okz: number,
  sx: number,
  sy: number,
  sz: number,
): number {
  const az = tri[o + kz] - okz,
    bz = tri[o + 3 + kz] - okz,
    cz = tri[o + 6 + kz] - okz;
  const ax = tri[o + kx] - okx - sx * az,
    ay = tri[o + ky] - oky - sy * az;
  const bx = tri[o + 3 + kx] - okx - sx * bz,
    by = tri[o + 3 + ky] - oky - sy * bz;
  const cx = tri[o + 6 + kx] - okx - sx * cz,
    cy = tri[o + 6 + ky] - oky - sy * cz;
  const u = bx * cy - by * cx; // E(B, C): weight of A
  const v = cx * ay - cy * ax; // E(C, A): weight of B
  const w = ax * by - ay * bx; // E(A, B): weight of C
  const su = edgeSign(u, bx, by, cx, cy);
  if (su === 0) return NaN;
  if (edgeSign(v, cx, cy, ax, ay) !== su) return NaN;
  if (edgeSign(w, ax, ay, bx, by) !== su) return NaN;
  const det = u + v + w;
  if (det === 0) return NaN;
  return ((u * az + v * bz + w * cz) * sz) / det;
}
