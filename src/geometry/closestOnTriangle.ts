/** Closest points on triangles (Ericson, Real-Time Collision Detection §5.1.5), for `Bvh`'s queries. */

/**
 * Closest point on triangle (tri[o..o+8]) to p (Ericson, Real-Time Collision Detection §5.1.5,
 * by Voronoi regions). Writes it to out[0..2] and returns the squared distance. Degenerate
 * (collinear) triangles fall back to the nearest of the three edges.
 */
export function closestOnTriangle(tri: Float64Array, o: number, px: number, py: number, pz: number, out: Float64Array): number {
  const ax = tri[o],
    ay = tri[o + 1],
    az = tri[o + 2];
  const bx = tri[o + 3],
    by = tri[o + 4],
    bz = tri[o + 5];
  const cx = tri[o + 6],
    cy = tri[o + 7],
    cz = tri[o + 8];
  const abx = bx - ax,
    aby = by - ay,
    abz = bz - az;
  const acx = cx - ax,
    acy = cy - ay,
    acz = cz - az;
  const apx = px - ax,
    apy = py - ay,
    apz = pz - az;
  let qx: number, qy: number, qz: number;
  const d1 = abx * apx + aby * apy + abz * apz;
  const d2 = acx * apx + acy * apy + acz * apz;
  const bpx = px - bx,
    bpy = py - by,
    bpz = pz - bz;
  const d3 = abx * bpx + aby * bpy + abz * bpz;
  const d4 = acx * bpx + acy * bpy + acz * bpz;
  const cpx = px - cx,
    cpy = py - cy,
    cpz = pz - cz;
  const d5 = abx * cpx + aby * cpy + abz * cpz;
  const d6 = acx * cpx + acy * cpy + acz * cpz;
  const vc = d1 * d4 - d3 * d2;
  const vb = d5 * d2 - d1 * d6;
  const va = d3 * d6 - d5 * d4;
  if (d1 <= 0 && d2 <= 0) {
    qx = ax;
    qy = ay;
    qz = az; // vertex A
  } else if (d3 >= 0 && d4 <= d3) {
    qx = bx;
    qy = by;
    qz = bz; // vertex B
  } else if (vc <= 0 && d1 >= 0 && d3 <= 0) {
    const v = d1 / (d1 - d3); // edge AB
    qx = ax + v * abx;
    qy = ay + v * aby;
    qz = az + v * abz;
  } else if (d6 >= 0 && d5 <= d6) {
    qx = cx;
    qy = cy;
    qz = cz; // vertex C
  } else if (vb <= 0 && d2 >= 0 && d6 <= 0) {
    const w = d2 / (d2 - d6); // edge AC
    qx = ax + w * acx;
    qy = ay + w * acy;
    qz = az + w * acz;
  } else if (va <= 0 && d4 - d3 >= 0 && d5 - d6 >= 0) {
    const w = (d4 - d3) / (d4 - d3 + (d5 - d6)); // edge BC
    qx = bx + w * (cx - bx);
    qy = by + w * (cy - by);
    qz = bz + w * (cz - bz);
  } else {
    const den = va + vb + vc;
    if (!(den > 0) || !Number.isFinite(1 / den)) return closestOnEdges(ax, ay, az, bx, by, bz, cx, cy, cz, px, py, pz, out);
    const v = vb / den,
      w = vc / den; // interior
    qx = ax + abx * v + acx * w;
    qy = ay + aby * v + acy * w;
    qz = az + abz * v + acz * w;
  }
  if (!Number.isFinite(qx) || !Number.isFinite(qy) || !Number.isFinite(qz)) {
    return closestOnEdges(ax, ay, az, bx, by, bz, cx, cy, cz, px, py, pz, out);
  }
  out[0] = qx;
  out[1] = qy;
  out[2] = qz;
  const ex = px - qx,
    ey = py - qy,
    ez = pz - qz;
  return ex * ex + ey * ey + ez * ez;
}

/** Nearest point on the three edges of a (degenerate) triangle. */
function closestOnEdges(
  ax: number,
  ay: number,
  az: number,
  bx: number,
  by: number,
  bz: number,
  cx: number,
  cy: number,
  cz: number,
  px: number,
  py: number,
  pz: number,
  out: Float64Array,
): number {
  let best = Infinity;
  for (let e = 0; e < 3; e++) {
    const sx = e === 0 ? ax : e === 1 ? bx : cx,
      sy = e === 0 ? ay : e === 1 ? by : cy,
      sz = e === 0 ? az : e === 1 ? bz : cz;
    const tx = e === 0 ? bx : e === 1 ? cx : ax,
      ty = e === 0 ? by : e === 1 ? cy : ay,
      tz = e === 0 ? bz : e === 1 ? cz : az;
    const ux = tx - sx,
      uy = ty - sy,
      uz = tz - sz;
    const l2 = ux * ux + uy * uy + uz * uz;
    let u = l2 > 0 ? ((px - sx) * ux + (py - sy) * uy + (pz - sz) * uz) / l2 : 0;
    u = u < 0 ? 0 : u > 1 ? 1 : u;
    const qx = sx + u * ux,
      qy = sy + u * uy,
      qz = sz + u * uz;
    const d2 = (px - qx) ** 2 + (py - qy) ** 2 + (pz - qz) ** 2;
    if (d2 < best) {
      best = d2;
      out[0] = qx;
      out[1] = qy;
      out[2] = qz;
    }
  }
  return best;
}
