import { KdTree } from '../geometry/KdTree.ts';
import type { Mesh } from '../geometry/Mesh.ts';

/**
 * Ball-pivoting surface reconstruction (Bernardini, Mittleman, Rushmeier, Silva & Taubin 1999;
 * as Open3D's `create_from_point_cloud_ball_pivoting`): a ball of radius ρ rests on three
 * points (a seed triangle, whose ball holds no other point) and pivots around each edge of the
 * growing front until it touches a new point; that point and the edge make the next triangle.
 * When the front can grow no further, a new seed is sought; then the next, larger radius re-pivots
 * the remaining boundary edges and seeds again (closing gaps the smaller ball fell through).
 *
 * Output vertices are the input points (unused ones stay as isolated vertices), triangles
 * counter-clockwise around the oriented normals. Every edge has at most two triangles, and a
 * shared edge is traversed in opposite directions (consistent orientation); where the sampling
 * is too sparse or noisy for the largest ball, holes remain, so on sparse input the mesh is
 * usually NOT watertight (fill or measure with a hole-tolerant inside test).
 *
 * Rules, per candidate triangle: the ball's centre lies on the side its normal points to; the
 * triangle's normal agrees (positive dot product) with the three points' normals; the third
 * point is not an interior vertex (all its edges already closed); the ball holds no other
 * point (tolerance 1e-7·ρ); an edge already used twice, or once in the same direction, is not
 * used again. Pivoting keeps the valid candidate reached at the smallest rotation angle.
 */
export interface BallPivotingOptions {
  /** Ball radii, world units, used in increasing order (each > 0). Default:
   *  {@link defaultBallRadii} of the cloud. */
  radii?: number[];
  /** Neighbours of a point tried as seed partners, ≥ 2. Default 24. */
  seedNeighbours?: number;
}

/**
 * Radii from the mean nearest-neighbour distance s: 1.1·s·{1, 2, 4} (the common recipe for
 * Open3D's ball pivoting: the smallest ball just spans neighbouring samples; the larger ones
 * close the gaps of uneven sampling).
 *
 * @param points xyz per point (length 3·N, N ≥ 2).
 * @param tree a k-d tree over the points, to reuse.
 */
export function defaultBallRadii(points: Float32Array, tree?: KdTree): number[] {
  const n = Math.floor(points.length / 3);
  if (n < 2) throw new RangeError(`defaultBallRadii: need ≥ 2 points, got ${n}`);
  const kd = tree ?? new KdTree(points);
  const { dist2 } = kd.knnAll(points, 2);
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.sqrt(dist2[2 * i + 1]);
  s /= n;
  // 0 when every point has a coincident twin (ballPivoting removes duplicates before calling this).
  if (!(s > 0))
    throw new RangeError('defaultBallRadii: the mean nearest-neighbour distance is 0 (coincident points); remove duplicates first');
  return [1.1 * s, 2.2 * s, 4.4 * s];
}

const ORPHAN = 0,
  FRONT = 1;

/**
 * @param points xyz per point (length 3·N), world units.
 * @param normals unit normals, consistently oriented (length 3·N).
 * @param options see {@link BallPivotingOptions}.
 * @returns the mesh over the input points (positions copied, normals attached).
 */
export function ballPivoting(points: Float32Array, normals: Float32Array, options: BallPivotingOptions = {}): Mesh {
  const n = Math.floor(points.length / 3);
  if (normals.length !== 3 * n) throw new RangeError(`ballPivoting: ${normals.length / 3} normals for ${n} points`);
  // Coincident points (a cloud that repeats samples) make the mean nearest-neighbour spacing of
  // defaultBallRadii 0 (every duplicate's nearest neighbour is its twin, at distance 0) and put a
  // second point on every ball through the first. Pivot over the distinct points only; the
  // faces index the first copy of each point, the other copies stay as isolated vertices, so the
  // output still has one vertex per input point.
  const { distinct } = distinctPoints(points, n);
  if (distinct.length === n) return ballPivotingDistinct(points, normals, options);
  const m = distinct.length;
  const P = new Float32Array(3 * m),
    N = new Float32Array(3 * m);
  for (let j = 0; j < m; j++) {
    const i = distinct[j];
    P[3 * j] = points[3 * i];
    P[3 * j + 1] = points[3 * i + 1];
    P[3 * j + 2] = points[3 * i + 2];
    N[3 * j] = normals[3 * i];
    N[3 * j + 1] = normals[3 * i + 1];
    N[3 * j + 2] = normals[3 * i + 2];
  }
  const sub = ballPivotingDistinct(P, N, options);
  const faces = new Uint32Array(sub.faces.length);
  for (let f = 0; f < faces.length; f++) faces[f] = distinct[sub.faces[f]];
  return { positions: points.slice(0, 3 * n), faces, normals: normals.slice(0, 3 * n) };
}

/**
 * The first index of each distinct point (exact coordinate equality), in input order.
 * `first[i]` is the index of the first point equal to point i.
 */
export function distinctPoints(points: ArrayLike<number>, n: number): { first: Uint32Array; distinct: Uint32Array } {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort(
    (a, b) => points[3 * a] - points[3 * b] || points[3 * a + 1] - points[3 * b + 1] || points[3 * a + 2] - points[3 * b + 2] || a - b,
  );
  const first = new Uint32Array(n);
  const isFirst = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const p = k > 0 ? order[k - 1] : -1;
    if (p >= 0 && points[3 * i] === points[3 * p] && points[3 * i + 1] === points[3 * p + 1] && points[3 * i + 2] === points[3 * p + 2]) {
      first[i] = first[p];
    } else {
      first[i] = i;
      isFirst[i] = 1;
    }
  }
  let m = 0;
  for (let i = 0; i < n; i++) m += isFirst[i];
  const distinct = new Uint32Array(m);
  for (let i = 0, j = 0; i < n; i++) if (isFirst[i]) distinct[j++] = i;
  return { first, distinct };
}

/** {@link ballPivoting} on points that are pairwise distinct. */
function ballPivotingDistinct(points: Float32Array, normals: Float32Array, options: BallPivotingOptions): Mesh {
  const n = Math.floor(points.length / 3);
  const positions = points.slice(0, 3 * n);
  if (n < 3) return { positions, faces: new Uint32Array(0), normals: normals.slice() };
  const tree = new KdTree(points);
  const radii = (options.radii ?? defaultBallRadii(points, tree)).slice().sort((x, y) => x - y);
  for (const r of radii) if (!(r > 0) || !Number.isFinite(r)) throw new RangeError(`ballPivoting: radii must be finite and > 0, got ${r}`);
  const seedK = options.seedNeighbours ?? 24;
  const P = points,
    Nn = normals;

  // --- Edges: undirected key → record. A record holds the first triangle's direction (a → b),
  // its third vertex, the face count (1 = front or boundary, 2 = closed) and the ball centre.
  const edgeOf = new Map<number, number>();
  let cap = 1024;
  let eA = new Int32Array(cap),
    eB = new Int32Array(cap),
    eC = new Int32Array(cap);
  let eFaces = new Uint8Array(cap),
    eBoundary = new Uint8Array(cap);
  let eCenter = new Float64Array(3 * cap);
  let ne = 0;
  const ekey = (a: number, b: number): number => (a < b ? a * n + b : b * n + a);
  const state = new Uint8Array(n); // ORPHAN, FRONT (used); interior ⇔ used && openCount = 0
  const openCount = new Int32Array(n);
  const faces: number[] = [];
  const front: number[] = [];

  const isInner = (v: number): boolean => state[v] !== ORPHAN && openCount[v] === 0;

  const center = new Float64Array(3);
  /** Ball centre of radius r on triangle (i, j, k), on the side of (pj−pi)×(pk−pi); false if the
   *  triangle is degenerate or wider than the ball. Writes `center`. */
  const ballCenter = (i: number, j: number, k: number, r: number): boolean => {
    const ax = P[3 * i] - P[3 * k],
      ay = P[3 * i + 1] - P[3 * k + 1],
      az = P[3 * i + 2] - P[3 * k + 2];
    const bx = P[3 * j] - P[3 * k],
      by = P[3 * j + 1] - P[3 * k + 1],
      bz = P[3 * j + 2] - P[3 * k + 2];
    const cx = ay * bz - az * by,
      cy = az * bx - ax * bz,
      cz = ax * by - ay * bx; // a × b
    const c2 = cx * cx + cy * cy + cz * cz;
    const a2 = ax * ax + ay * ay + az * az,
      b2 = bx * bx + by * by + bz * bz;
    if (!(c2 > 1e-24 * a2 * b2) || c2 === 0) return false;
    // circumcentre − pk = ((|a|² b − |b|² a) × (a × b)) / (2|a × b|²)
    const dx = a2 * bx - b2 * ax,
      dy = a2 * by - b2 * ay,
      dz = a2 * bz - b2 * az;
    const ox = (dy * cz - dz * cy) / (2 * c2),
      oy = (dz * cx - dx * cz) / (2 * c2),
      oz = (dx * cy - dy * cx) / (2 * c2);
    const h2 = r * r - (ox * ox + oy * oy + oz * oz);
    if (h2 < 0) return false;
    // (pj − pi) × (pk − pi) = (b − a) × (−a) = a × b: the normal is c.
    const s = Math.sqrt(h2 / c2);
    center[0] = P[3 * k] + ox + s * cx;
    center[1] = P[3 * k + 1] + oy + s * cy;
    center[2] = P[3 * k + 2] + oz + s * cz;
    return true;
  };
  /** Triangle (i, j, k)'s normal has a positive dot product with all three point normals. */
  const compatible = (i: number, j: number, k: number): boolean => {
    const ux = P[3 * j] - P[3 * i],
      uy = P[3 * j + 1] - P[3 * i + 1],
      uz = P[3 * j + 2] - P[3 * i + 2];
    const vx = P[3 * k] - P[3 * i],
      vy = P[3 * k + 1] - P[3 * i + 1],
      vz = P[3 * k + 2] - P[3 * i + 2];
    const nx = uy * vz - uz * vy,
      ny = uz * vx - ux * vz,
      nz = ux * vy - uy * vx;
    for (const v of [i, j, k]) if (nx * Nn[3 * v] + ny * Nn[3 * v + 1] + nz * Nn[3 * v + 2] <= 0) return false;
    return true;
  };
  /** No point other than i, j, k within the ball at `center`. */
  const emptyBall = (i: number, j: number, k: number, r: number): boolean => {
    const inside = tree.radius(center[0], center[1], center[2], r * (1 - 1e-7));
    for (let t = 0; t < inside.length; t++) {
      const v = inside[t];
      if (v !== i && v !== j && v !== k) return false;
    }
    return true;
  };
  /** Whether directed edge u → v may be added: unused, or used once as v → u. */
  const edgeFree = (u: number, v: number): boolean => {
    const e = edgeOf.get(ekey(u, v));
    if (e === undefined) return true;
    return eFaces[e] === 1 && eA[e] === v && eB[e] === u;
  };
  const addEdge = (u: number, v: number, w: number): void => {
    const k = ekey(u, v);
    const e = edgeOf.get(k);
    if (e !== undefined) {
      eFaces[e] = 2;
      openCount[u]--;
      openCount[v]--;
      return;
    }
    if (ne === cap) {
      cap *= 2;
      const grow = <T extends Int32Array | Uint8Array | Float64Array>(a: T, m: number): T => {
        const b = new (a.constructor as new (len: number) => T)(m * cap);
        b.set(a);
        return b;
      };
      eA = grow(eA, 1);
      eB = grow(eB, 1);
      eC = grow(eC, 1);
      eFaces = grow(eFaces, 1);
      eBoundary = grow(eBoundary, 1);
      eCenter = grow(eCenter, 3);
    }
    const id = ne++;
    eA[id] = u;
    eB[id] = v;
    eC[id] = w;
    eFaces[id] = 1;
    eBoundary[id] = 0;
    eCenter[3 * id] = center[0];
    eCenter[3 * id + 1] = center[1];
    eCenter[3 * id + 2] = center[2];
    edgeOf.set(k, id);
    openCount[u]++;
    openCount[v]++;
    front.push(id);
  };
  /** Adds triangle (i, j, k) with its ball centre in `center`. */
  const addTriangle = (i: number, j: number, k: number): void => {
    faces.push(i, j, k);
    state[i] = state[j] = state[k] = FRONT;
    addEdge(i, j, k);
    addEdge(j, k, i);
    addEdge(k, i, j);
  };

  const bestCenter = new Float64Array(3);
  /** Pivots the ball of radius r around front edge e; adds the triangle found or marks e boundary. */
  const pivot = (e: number, r: number): void => {
    const a = eA[e],
      b = eB[e],
      c = eC[e];
    const mx = 0.5 * (P[3 * a] + P[3 * b]),
      my = 0.5 * (P[3 * a + 1] + P[3 * b + 1]),
      mz = 0.5 * (P[3 * a + 2] + P[3 * b + 2]);
    let ex = P[3 * b] - P[3 * a],
      ey = P[3 * b + 1] - P[3 * a + 1],
      ez = P[3 * b + 2] - P[3 * a + 2];
    const el = Math.hypot(ex, ey, ez);
    ex /= el;
    ey /= el;
    ez /= el;
    const ux = eCenter[3 * e] - mx,
      uy = eCenter[3 * e + 1] - my,
      uz = eCenter[3 * e + 2] - mz;
    const cand = tree.radius(mx, my, mz, 2 * r);
    let best = -1,
      bestAngle = Infinity;
    for (let t = 0; t < cand.length; t++) {
      const k = cand[t];
      if (k === a || k === b || k === c) continue;
      if (isInner(k)) continue;
      // New triangle (b, a, k): traverses the shared edge as b → a.
      if (!ballCenter(b, a, k, r)) continue;
      if (!compatible(b, a, k)) continue;
      const vx = center[0] - mx,
        vy = center[1] - my,
        vz = center[2] - mz;
      // Signed angle from u to v around the edge axis a → b, in (0, 2π].
      const sx = uy * vz - uz * vy,
        sy = uz * vx - ux * vz,
        sz = ux * vy - uy * vx;
      let ang = Math.atan2(sx * ex + sy * ey + sz * ez, ux * vx + uy * vy + uz * vz);
      if (ang <= 1e-12) ang += 2 * Math.PI;
      if (ang < bestAngle) {
        bestAngle = ang;
        best = k;
        bestCenter.set(center);
      }
    }
    if (best >= 0) {
      center.set(bestCenter);
      if (emptyBall(a, b, best, r) && edgeFree(a, best) && edgeFree(best, b)) {
        addTriangle(b, a, best);
        return;
      }
    }
    eBoundary[e] = 1;
  };

  const expandFront = (r: number): void => {
    while (front.length) {
      const e = front.pop() as number;
      if (eFaces[e] !== 1 || eBoundary[e]) continue;
      pivot(e, r);
    }
  };

  const nbIdx = new Uint32Array(seedK + 1);
  const nbD2 = new Float64Array(seedK + 1);
  const findSeeds = (r: number): void => {
    for (let i = 0; i < n; i++) {
      if (state[i] !== ORPHAN) continue;
      const got = tree.knn(P[3 * i], P[3 * i + 1], P[3 * i + 2], Math.min(seedK + 1, n), nbIdx, nbD2);
      let found = false;
      for (let s = 1; s < got && !found; s++) {
        const j = nbIdx[s];
        if (nbD2[s] > 4 * r * r) break;
        if (state[j] !== ORPHAN) continue;
        for (let t = s + 1; t < got && !found; t++) {
          let k = nbIdx[t];
          if (nbD2[t] > 4 * r * r) break;
          if (state[k] !== ORPHAN) continue;
          let jj = j;
          // Orient (i, jj, k) counter-clockwise around n_i.
          const ux = P[3 * jj] - P[3 * i],
            uy = P[3 * jj + 1] - P[3 * i + 1],
            uz = P[3 * jj + 2] - P[3 * i + 2];
          const vx = P[3 * k] - P[3 * i],
            vy = P[3 * k + 1] - P[3 * i + 1],
            vz = P[3 * k + 2] - P[3 * i + 2];
          const d = (uy * vz - uz * vy) * Nn[3 * i] + (uz * vx - ux * vz) * Nn[3 * i + 1] + (ux * vy - uy * vx) * Nn[3 * i + 2];
          if (d < 0) {
            const tmp = jj;
            jj = k;
            k = tmp;
          }
          if (!compatible(i, jj, k)) continue;
          if (!ballCenter(i, jj, k, r)) continue;
          if (!emptyBall(i, jj, k, r)) continue;
          addTriangle(i, jj, k);
          found = true;
        }
      }
      if (found) expandFront(r);
    }
  };

  for (let ri = 0; ri < radii.length; ri++) {
    const r = radii[ri];
    if (ri > 0) {
      // Re-pivot the boundary edges with the larger ball (centre recomputed for radius r).
      for (let e = 0; e < ne; e++) {
        if (eFaces[e] !== 1) continue;
        if (!ballCenter(eA[e], eB[e], eC[e], r)) continue;
        eCenter[3 * e] = center[0];
        eCenter[3 * e + 1] = center[1];
        eCenter[3 * e + 2] = center[2];
        eBoundary[e] = 0;
        front.push(e);
      }
      expandFront(r);
    }
    findSeeds(r);
  }
  return { positions, faces: Uint32Array.from(faces), normals: normals.slice(0, 3 * n) };
}
