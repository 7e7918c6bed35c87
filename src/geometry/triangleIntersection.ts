/**
 * Exact orientation predicates and an exact closed triangle–triangle intersection test, for the
 * self-intersection check of src/geometry/meshChecks.ts.
 *
 * Why exact: the check is meant to certify a mesh, so "no intersection" must not depend on a
 * tolerance. Common tests do depend on one — Möller's test as used by Open3D's
 * `is_self_intersecting()` treats plane distances below an absolute 1e-6 as zero, so a triangle
 * with edges ~1e-3 of its neighbours' counts as coplanar with them and may be reported as
 * intersecting although it is not. Here every decision is the sign of a 2×2 or 3×3
 * determinant of the input coordinates, computed in float64 and accepted when its magnitude
 * exceeds Shewchuk's forward error bound (Shewchuk 1997, "Adaptive precision floating-point
 * arithmetic and fast robust geometric predicates", errboundA), else recomputed exactly with
 * BigInt (float64 values are dyadic rationals, so this is exact). The float path decides almost
 * every call; the BigInt path runs for (near-)degenerate configurations, e.g. four grid-aligned
 * points of a marching-cubes mesh lying exactly in one plane.
 *
 * Coordinates are plain numbers (the mesh's float32 values widened exactly to float64); results
 * do not depend on units or scale.
 */

const EPS = 2 ** -53;
/** Shewchuk's errboundA for orient2d and orient3d (relative to the permanent). */
const CCW_BOUND = (3 + 16 * EPS) * EPS;
const O3D_BOUND = (7 + 56 * EPS) * EPS;
/** Below this the float terms may have underflowed (2^-900, far above the subnormals). */
const TINY = 2 ** -900;

const view = new DataView(new ArrayBuffer(8));

/** x = mantissa · 2^exponent exactly (mantissa a signed integer < 2^53). */
function decompose(x: number): { m: bigint; e: number } {
  if (x === 0) return { m: 0n, e: 0 };
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const neg = bits >> 63n === 1n;
  const biased = Number((bits >> 52n) & 0x7ffn);
  let m = bits & 0xfffffffffffffn;
  let e: number;
  if (biased === 0)
    e = -1074; // subnormal
  else {
    m |= 1n << 52n;
    e = biased - 1075;
  }
  return { m: neg ? -m : m, e };
}

/** The values as integers with one common power-of-two scale (exact). */
function toIntegers(values: number[]): bigint[] {
  const parts = values.map(decompose);
  let emin = Infinity;
  for (const p of parts) if (p.m !== 0n && p.e < emin) emin = p.e;
  if (emin === Infinity) return parts.map(() => 0n);
  return parts.map((p) => (p.m === 0n ? 0n : p.m << BigInt(p.e - emin)));
}

function sign(v: bigint): number {
  return v > 0n ? 1 : v < 0n ? -1 : 0;
}

/**
 * Sign of the 2-D orientation of (a, b, c): +1 counter-clockwise, −1 clockwise, 0 collinear.
 * Exact. det = (a − c) × (b − c).
 */
export function orient2d(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const acx = ax - cx,
    bcx = bx - cx,
    acy = ay - cy,
    bcy = by - cy;
  const l = acx * bcy,
    r = acy * bcx;
  const det = l - r;
  const bound = CCW_BOUND * (Math.abs(l) + Math.abs(r));
  // (The bound ignores underflow and overflow: outside [TINY, ∞) the exact path decides.)
  if (bound > TINY && bound < Infinity) {
    if (det > bound) return 1;
    if (-det > bound) return -1;
  }
  const [iax, iay, ibx, iby, icx, icy] = toIntegers([ax, ay, bx, by, cx, cy]);
  return sign((iax - icx) * (iby - icy) - (iay - icy) * (ibx - icx));
}

/**
 * Sign of the 3-D orientation: +1 when d lies on the side of the plane (a, b, c) that the normal
 * (b − a) × (c − a) points to, −1 on the other side, 0 when the four points are coplanar. Exact.
 * (The negative of Shewchuk's orient3d(a, b, c, d).)
 */
export function orient3d(
  ax: number,
  ay: number,
  az: number,
  bx: number,
  by: number,
  bz: number,
  cx: number,
  cy: number,
  cz: number,
  dx: number,
  dy: number,
  dz: number,
): number {
  const adx = ax - dx,
    bdx = bx - dx,
    cdx = cx - dx;
  const ady = ay - dy,
    bdy = by - dy,
    cdy = cy - dy;
  const adz = az - dz,
    bdz = bz - dz,
    cdz = cz - dz;
  const bdxcdy = bdx * cdy,
    cdxbdy = cdx * bdy;
  const cdxady = cdx * ady,
    adxcdy = adx * cdy;
  const adxbdy = adx * bdy,
    bdxady = bdx * ady;
  // Shewchuk's determinant: positive when d is below (a, b, c) counter-clockwise from above.
  const det = adz * (bdxcdy - cdxbdy) + bdz * (cdxady - adxcdy) + cdz * (adxbdy - bdxady);
  const permanent =
    (Math.abs(bdxcdy) + Math.abs(cdxbdy)) * Math.abs(adz) +
    (Math.abs(cdxady) + Math.abs(adxcdy)) * Math.abs(bdz) +
    (Math.abs(adxbdy) + Math.abs(bdxady)) * Math.abs(cdz);
  const bound = O3D_BOUND * permanent;
  if (bound > TINY && bound < Infinity) {
    if (det > bound) return -1;
    if (-det > bound) return 1;
  }
  const v = toIntegers([ax, ay, az, bx, by, bz, cx, cy, cz, dx, dy, dz]);
  const iadx = v[0] - v[9],
    ibdx = v[3] - v[9],
    icdx = v[6] - v[9];
  const iady = v[1] - v[10],
    ibdy = v[4] - v[10],
    icdy = v[7] - v[10];
  const iadz = v[2] - v[11],
    ibdz = v[5] - v[11],
    icdz = v[8] - v[11];
  const exact = iadz * (ibdx * icdy - icdx * ibdy) + ibdz * (icdx * iady - iadx * icdy) + icdz * (iadx * ibdy - ibdx * iady);
  return exact > 0n ? -1 : exact < 0n ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Triangles are 9 numbers: a, b, c, xyz each. Points are read from an array at an offset.

type Arr = ArrayLike<number>;

function o3(t: Arr, i: number, j: number, k: number, u: Arr, l: number): number {
  return orient3d(t[i], t[i + 1], t[i + 2], t[j], t[j + 1], t[j + 2], t[k], t[k + 1], t[k + 2], u[l], u[l + 1], u[l + 2]);
}

/** Orientation of points p, q (in P) and r, s (in Q): 3-D sign of (q − p) × (r − p) · (s − p). */
function o3x(P: Arr, p: number, q: number, Q: Arr, r: number, s: number): number {
  return orient3d(P[p], P[p + 1], P[p + 2], P[q], P[q + 1], P[q + 2], Q[r], Q[r + 1], Q[r + 2], Q[s], Q[s + 1], Q[s + 2]);
}

/** 2-D orientation of three points projected by dropping coordinate `drop`. */
function o2(drop: number, A: Arr, a: number, B: Arr, b: number, C: Arr, c: number): number {
  const u = drop === 0 ? 1 : 0,
    v = drop === 2 ? 1 : 2;
  return orient2d(A[a + u], A[a + v], B[b + u], B[b + v], C[c + u], C[c + v]);
}

/**
 * A coordinate whose dropping keeps triangle T non-degenerate (its normal has a non-zero
 * component along it), and the triangle's 2-D orientation after dropping it; [-1, 0] when
 * the triangle's vertices are collinear.
 */
function projection(T: Arr): [number, number] {
  for (let d = 2; d >= 0; d--) {
    const s = o2(d, T, 0, T, 3, T, 6);
    if (s !== 0) return [d, s];
  }
  return [-1, 0];
}

/** Whether triangle T has collinear (or coincident) vertices, exactly. */
export function triangleDegenerate(T: Arr): boolean {
  return projection(T)[0] < 0;
}

/** Closed 2-D test: does point X[x] lie in triangle T (orientation s ≠ 0), dropping `d`? */
function pointInTriangle2d(d: number, s: number, T: Arr, X: Arr, x: number): boolean {
  return o2(d, T, 0, T, 3, X, x) * s >= 0 && o2(d, T, 3, T, 6, X, x) * s >= 0 && o2(d, T, 6, T, 0, X, x) * s >= 0;
}

/** For collinear p, q, r: does r lie on the closed segment pq (coordinate ranges, exact)? */
function onSegment(P: Arr, p: number, Q: Arr, q: number, R: Arr, r: number): boolean {
  for (let k = 0; k < 3; k++) {
    const lo = Math.min(P[p + k], Q[q + k]),
      hi = Math.max(P[p + k], Q[q + k]);
    if (R[r + k] < lo || R[r + k] > hi) return false;
  }
  return true;
}

/** Closed 2-D segment–segment test for coplanar segments p1q1 (in A) and p2q2 (in B). */
function segmentsIntersect2d(d: number, A: Arr, p1: number, q1: number, B: Arr, p2: number, q2: number): boolean {
  const s1 = o2(d, A, p1, A, q1, B, p2),
    s2 = o2(d, A, p1, A, q1, B, q2);
  const s3 = o2(d, B, p2, B, q2, A, p1),
    s4 = o2(d, B, p2, B, q2, A, q1);
  if (s1 * s2 < 0 && s3 * s4 < 0) return true;
  if (s1 === 0 && onSegment(A, p1, A, q1, B, p2)) return true;
  if (s2 === 0 && onSegment(A, p1, A, q1, B, q2)) return true;
  if (s3 === 0 && onSegment(B, p2, B, q2, A, p1)) return true;
  if (s4 === 0 && onSegment(B, p2, B, q2, A, q1)) return true;
  return false;
}

/** Closed test: does segment S[p]S[q], lying in the plane of T, meet triangle T? */
function coplanarSegmentTriangle(d: number, s: number, S: Arr, p: number, q: number, T: Arr): boolean {
  if (pointInTriangle2d(d, s, T, S, p) || pointInTriangle2d(d, s, T, S, q)) return true;
  return segmentsIntersect2d(d, S, p, q, T, 0, 3) || segmentsIntersect2d(d, S, p, q, T, 3, 6) || segmentsIntersect2d(d, S, p, q, T, 6, 0);
}

/**
 * Closed test: does segment S[p]S[q] meet the non-degenerate triangle T? sp, sq: orient3d of p
 * and q against T's plane.
 */
function segmentTriangle(S: Arr, p: number, q: number, sp: number, sq: number, T: Arr): boolean {
  if (sp * sq > 0) return false;
  if (sp === 0 && sq === 0) {
    const [d, s] = projection(T);
    return coplanarSegmentTriangle(d, s, S, p, q, T);
  }
  // The segment meets the plane in one point; it lies in the closed triangle iff the line pq
  // passes each edge on the same side (Plücker signs, zero allowed on the boundary).
  const e0 = o3x(S, p, q, T, 0, 3),
    e1 = o3x(S, p, q, T, 3, 6),
    e2 = o3x(S, p, q, T, 6, 0);
  return !((e0 > 0 || e1 > 0 || e2 > 0) && (e0 < 0 || e1 < 0 || e2 < 0));
}

/**
 * Whether two non-degenerate triangles that share no vertex have a common point (closed
 * triangles: touching counts). Exact.
 *
 * Why the edge tests suffice: if the triangles meet, a point of their (convex) intersection that
 * is extreme along any direction lies on the boundary of one of them, i.e. on one of its edges,
 * and that edge meets the other triangle; conversely an edge meeting the other triangle is a
 * common point.
 */
export function trianglesIntersect(P: Arr, Q: Arr): boolean {
  const q0 = o3(P, 0, 3, 6, Q, 0),
    q1 = o3(P, 0, 3, 6, Q, 3),
    q2 = o3(P, 0, 3, 6, Q, 6);
  if ((q0 > 0 && q1 > 0 && q2 > 0) || (q0 < 0 && q1 < 0 && q2 < 0)) return false;
  const p0 = o3(Q, 0, 3, 6, P, 0),
    p1 = o3(Q, 0, 3, 6, P, 3),
    p2 = o3(Q, 0, 3, 6, P, 6);
  if ((p0 > 0 && p1 > 0 && p2 > 0) || (p0 < 0 && p1 < 0 && p2 < 0)) return false;
  return (
    segmentTriangle(P, 0, 3, p0, p1, Q) ||
    segmentTriangle(P, 3, 6, p1, p2, Q) ||
    segmentTriangle(P, 6, 0, p2, p0, Q) ||
    segmentTriangle(Q, 0, 3, q0, q1, P) ||
    segmentTriangle(Q, 3, 6, q1, q2, P) ||
    segmentTriangle(Q, 6, 0, q2, q0, P)
  );
}

/**
 * Whether two non-degenerate triangles that share exactly one vertex meet anywhere else.
 * The shared vertex is at offset `v` (0, 3 or 6) in P and `w` in Q. Exact.
 *
 * Why these tests suffice: the intersection S is convex and holds the shared vertex x. If S has
 * another point, follow the ray from x through it to where it leaves S; that point lies on an
 * edge of P or Q. Either it is on the edge opposite x — then that edge meets the other
 * triangle — or on an edge from x, which then runs inside the other triangle's plane and starts
 * into its corner at x (the 2-D wedge test). Conversely each condition gives a point ≠ x.
 */
export function trianglesIntersectSharingVertex(P: Arr, v: number, Q: Arr, w: number): boolean {
  const pa = v === 0 ? 3 : 0,
    pb = v === 6 ? 3 : 6; // the other two vertices of P
  const qc = w === 0 ? 3 : 0,
    qd = w === 6 ? 3 : 6;
  // Sides of P's other vertices against Q's plane, and of Q's against P's.
  const sa = o3(Q, 0, 3, 6, P, pa),
    sb = o3(Q, 0, 3, 6, P, pb);
  const sc = o3(P, 0, 3, 6, Q, qc),
    sd = o3(P, 0, 3, 6, Q, qd);
  // P touches Q's plane only at x when a, b are strictly on one side (and likewise for Q).
  if (sa * sb > 0 || sc * sd > 0) return false;
  if (segmentTriangle(P, pa, pb, sa, sb, Q) || segmentTriangle(Q, qc, qd, sc, sd, P)) return true;
  if (sa !== 0 && sb !== 0 && sc !== 0 && sd !== 0) return false;
  const [dp, op] = projection(P),
    [dq, oq] = projection(Q);
  // An edge x→a of P lying in Q's plane and pointing into Q's corner at x (closed wedge).
  const inWedge = (A: Arr, a: number, T: Arr, t: number, c: number, e: number, d: number, s: number): boolean =>
    o2(d, T, t, T, c, A, a) * s >= 0 && o2(d, T, t, A, a, T, e) * s >= 0;
  // Q's corner at x: (x, c, e) in Q's own vertex order keeps the orientation oq.
  const qNext = (w + 3) % 9,
    qPrev = (w + 6) % 9;
  const pNext = (v + 3) % 9,
    pPrev = (v + 6) % 9;
  if (sa === 0 && inWedge(P, pa, Q, w, qNext, qPrev, dq, oq)) return true;
  if (sb === 0 && inWedge(P, pb, Q, w, qNext, qPrev, dq, oq)) return true;
  if (sc === 0 && inWedge(Q, qc, P, v, pNext, pPrev, dp, op)) return true;
  if (sd === 0 && inWedge(Q, qd, P, v, pNext, pPrev, dp, op)) return true;
  return false;
}

/**
 * Whether two non-degenerate triangles that share one edge overlap beyond it: they do exactly
 * when they are coplanar and lie on the same side of the edge (a fold-over). `u`, `x` are the
 * offsets of the shared edge's ends in P and `a` the offset of P's third vertex; `c` the offset
 * of Q's third vertex. Exact.
 */
export function trianglesOverlapSharingEdge(P: Arr, u: number, x: number, a: number, Q: Arr, c: number): boolean {
  if (o3(P, u, x, a, Q, c) !== 0) return false;
  const [d] = projection(P);
  return o2(d, P, u, P, x, P, a) * o2(d, P, u, P, x, Q, c) > 0;
}
