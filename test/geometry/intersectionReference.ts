// Independent reference for triangle intersection tests, in BigInt integer arithmetic only
// (a different method from src/geometry/triangleIntersection.ts, which uses orientation signs of
// edges against triangles), and a brute-force self-intersection count built on it.
import type { Mesh } from '../../src/geometry/Mesh.ts';

export type V = [bigint, bigint, bigint];
export const sub = (a: V, b: V): V => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
export const cross = (a: V, b: V): V => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
export const dot = (a: V, b: V): bigint => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const isZero = (a: V): boolean => a[0] === 0n && a[1] === 0n && a[2] === 0n;

/**
 * Closed convex polygons (in 3-D, each flat) intersect iff no separating axis strictly separates
 * their projections. Candidate axes: both normals, all edge × edge cross products, each normal ×
 * each edge of either polygon, normal × normal (the facet normals of the Minkowski difference,
 * also when it is flat). A different method from the one under test (which uses orientation
 * signs of edges against triangles).
 */
export function polygonsIntersect(P: V[], Q: V[]): boolean {
  const edges = (R: V[]): V[] => R.map((p, i) => sub(R[(i + 1) % R.length], p));
  const eP = edges(P),
    eQ = edges(Q);
  const nP = cross(eP[0], sub(P[2], P[0])),
    nQ = cross(eQ[0], sub(Q[2], Q[0]));
  const axes: V[] = [nP, nQ, cross(nP, nQ)];
  for (const e of eP) {
    axes.push(cross(nP, e), cross(nQ, e));
    for (const f of eQ) axes.push(cross(e, f));
  }
  for (const f of eQ) axes.push(cross(nQ, f), cross(nP, f));
  for (const a of axes) {
    if (isZero(a)) continue;
    const pp = P.map((p) => dot(p, a)),
      qq = Q.map((q) => dot(q, a));
    const maxP = pp.reduce((x, y) => (y > x ? y : x)),
      minP = pp.reduce((x, y) => (y < x ? y : x));
    const maxQ = qq.reduce((x, y) => (y > x ? y : x)),
      minQ = qq.reduce((x, y) => (y < x ? y : x));
    if (maxP < minQ || maxQ < minP) return false;
  }
  return true;
}

/** Whether the three points are collinear (or two coincide). */
export function collinear(a: V, b: V, c: V): boolean {
  return isZero(cross(sub(b, a), sub(c, a)));
}

/**
 * Self-intersecting face pairs of a mesh by brute force: every pair of faces with overlapping
 * (closed) bounding boxes, decided by `polygonsIntersect` on coordinates scaled to integers by
 * 2^scaleBits (must be exact: throws otherwise). Shared vertex indices are handled by cutting
 * the first face: sharing one vertex v, the face minus its corner within 1/K of v (weight of v
 * above 1 − 1/K); sharing an edge, minus the strip within 1/K of the edge. A common point other
 * than the shared part then remains when K exceeds the denominators of the intersection points'
 * weights: for integer coordinates below 2^b they are below 2^(5b + 9) (a 3×3 determinant of
 * differences times twice a triangle's area), so with b = 36, K = 2^200.
 * Faces with collinear vertices are skipped.
 * @returns sorted pairs "i,j" (i < j).
 */
export function bruteForceSelfIntersections(mesh: Mesh, scaleBits = 30): string[] {
  const p = mesh.positions,
    f = mesh.faces;
  const nf = f.length / 3;
  const scale = 2 ** scaleBits;
  const K = 1n << 200n;
  const pt = (v: number): V =>
    [0, 1, 2].map((d) => {
      const x = p[3 * v + d] * scale;
      if (!Number.isInteger(x) || Math.abs(x) >= 2 ** 36)
        throw new Error(`coordinate ${p[3 * v + d]} is not on the 2^-${scaleBits} lattice within 2^36`);
      return BigInt(x);
    }) as V;
  const lo = new Float64Array(3 * nf),
    hi = new Float64Array(3 * nf);
  for (let t = 0; t < nf; t++)
    for (let d = 0; d < 3; d++) {
      const a = p[3 * f[3 * t] + d],
        b = p[3 * f[3 * t + 1] + d],
        c = p[3 * f[3 * t + 2] + d];
      lo[3 * t + d] = Math.min(a, b, c);
      hi[3 * t + d] = Math.max(a, b, c);
    }
  const out: string[] = [];
  const times = (a: V, k: bigint): V => [a[0] * k, a[1] * k, a[2] * k];
  for (let s = 0; s < nf; s++) {
    const S = [f[3 * s], f[3 * s + 1], f[3 * s + 2]];
    const P = S.map(pt);
    if (S[0] === S[1] || S[1] === S[2] || S[0] === S[2] || collinear(P[0], P[1], P[2])) continue;
    for (let u = s + 1; u < nf; u++) {
      let overlap = true;
      for (let d = 0; d < 3 && overlap; d++) if (lo[3 * s + d] > hi[3 * u + d] || lo[3 * u + d] > hi[3 * s + d]) overlap = false;
      if (!overlap) continue;
      const U = [f[3 * u], f[3 * u + 1], f[3 * u + 2]];
      const Q = U.map(pt);
      if (U[0] === U[1] || U[1] === U[2] || U[0] === U[2] || collinear(Q[0], Q[1], Q[2])) continue;
      const shared = S.filter((v) => U.includes(v));
      let hit: boolean;
      if (shared.length === 3) hit = true;
      else if (shared.length === 0) hit = polygonsIntersect(P, Q);
      else if (shared.length === 1) {
        const i = S.indexOf(shared[0]);
        const v = P[i],
          a = P[(i + 1) % 3],
          b = P[(i + 2) % 3];
        const toward = (x: V): V => [K * v[0] + x[0] - v[0], K * v[1] + x[1] - v[1], K * v[2] + x[2] - v[2]];
        hit = polygonsIntersect(
          [toward(a), times(a, K), times(b, K), toward(b)],
          Q.map((q) => times(q, K)),
        );
      } else {
        const i = S.findIndex((v) => !U.includes(v));
        const a = P[i],
          u0 = P[(i + 1) % 3],
          w0 = P[(i + 2) % 3];
        const near = (x: V): V => [x[0] * (K - 1n) + a[0], x[1] * (K - 1n) + a[1], x[2] * (K - 1n) + a[2]];
        hit = polygonsIntersect(
          [near(u0), near(w0), times(a, K)],
          Q.map((q) => times(q, K)),
        );
      }
      if (hit) out.push(`${s},${u}`);
    }
  }
  return out;
}
