import { faceCrossProducts } from '../geometry/faceCrossProducts.ts';
import type { Mesh } from '../geometry/Mesh.ts';
import { EdgeHeap } from './EdgeHeap.ts';

/**
 * Topology-preserving mesh simplification by quadric edge collapse (Garland & Heckbert 1997,
 * "Surface simplification using quadric error metrics").
 *
 * Every vertex carries the sum of the (area-weighted) squared-distance quadrics of its original
 * faces' planes. Edges are collapsed cheapest first; the merged vertex goes to the point that
 * minimises the summed quadric (or the best of the two ends and the midpoint when that 3×3
 * system is ill-conditioned). A collapse of edge (u, v) is done only if it keeps the surface a
 * closed 2-manifold of the same topology and orientation:
 *
 * - the edge lies in exactly two live faces, and u and v share exactly the two neighbours
 *   opposite it (the link condition of Dey et al. 1999, which rules out pinching handles or
 *   merging sheets);
 * - neither opposite vertex has only three faces (collapsing would leave it with two, a fin);
 * - no face around u or v turns by more than 60° or becomes degenerate (no fold-overs);
 * - vertices on a boundary edge (a face edge used once) are never moved, so open borders stay.
 *
 * Costs are kept in a binary heap with lazy invalidation: each entry records the collapse
 * counters of its two vertices, and is skipped when either changed. Per-vertex face lists are
 * linked lists of face corners on typed arrays, merged in O(1) per collapse.
 */

export interface SimplifyOptions {
  /** Stop when at most this many faces remain, ≥ 4. */
  targetFaces: number;
  /** Minimum cosine between a face's normal before and after a collapse. Default 0.5 (60°). */
  minNormalCosine?: number;
}

/**
 * Simplify a triangle mesh to about `targetFaces` faces (each collapse removes two; it stops
 * early when no valid collapse is left).
 *
 * @param mesh input (not modified); vertex attributes other than positions are dropped.
 * @param options targetFaces, minNormalCosine (0.5).
 * @returns a new mesh with compacted vertices.
 */
export function simplifyMesh(mesh: Mesh, options: SimplifyOptions): Mesh {
  const target = options.targetFaces;
  if (!Number.isInteger(target) || target < 4) throw new RangeError(`simplifyMesh: targetFaces must be an integer ≥ 4, got ${target}`);
  const minCos = options.minNormalCosine ?? 0.5;
  const nv = mesh.positions.length / 3;
  const nf = mesh.faces.length / 3;
  if (nf <= target) return { positions: mesh.positions.slice(), faces: mesh.faces.slice() };

  const P = Float64Array.from(mesh.positions);
  const F = Int32Array.from(mesh.faces);
  const faceAlive = new Uint8Array(nf).fill(1);
  const vertAlive = new Uint8Array(nv);
  for (let i = 0; i < F.length; i++) vertAlive[F[i]] = 1;

  // Corner lists: corner c = 3·face + k belongs to vertex F[c].
  const head = new Int32Array(nv).fill(-1);
  const next = new Int32Array(3 * nf);
  for (let c = 3 * nf - 1; c >= 0; c--) {
    next[c] = head[F[c]];
    head[F[c]] = c;
  }

  // Quadrics: a11 a12 a13 a22 a23 a33 b1 b2 b3 c per vertex (Σ w·(n·x + d)², w = face area).
  const Q = new Float64Array(10 * nv);
  const cross = faceCrossProducts(P, F);
  for (let t = 0; t < nf; t++) {
    const a = F[3 * t];
    let nx = cross[3 * t],
      ny = cross[3 * t + 1],
      nz = cross[3 * t + 2];
    const len = Math.hypot(nx, ny, nz);
    if (!(len > 0)) continue;
    const w = len / 2;
    nx /= len;
    ny /= len;
    nz /= len;
    const d = -(nx * P[3 * a] + ny * P[3 * a + 1] + nz * P[3 * a + 2]);
    for (let k = 0; k < 3; k++) {
      const q = 10 * F[3 * t + k];
      Q[q] += w * nx * nx;
      Q[q + 1] += w * nx * ny;
      Q[q + 2] += w * nx * nz;
      Q[q + 3] += w * ny * ny;
      Q[q + 4] += w * ny * nz;
      Q[q + 5] += w * nz * nz;
      Q[q + 6] += w * d * nx;
      Q[q + 7] += w * d * ny;
      Q[q + 8] += w * d * nz;
      Q[q + 9] += w * d * d;
    }
  }

  // Boundary vertices (an edge used by one face) are locked.
  const locked = new Uint8Array(nv);
  {
    const keys = new Float64Array(3 * nf);
    for (let t = 0; t < nf; t++)
      for (let e = 0; e < 3; e++) {
        const a = F[3 * t + e],
          b = F[3 * t + ((e + 1) % 3)];
        keys[3 * t + e] = a < b ? a * nv + b : b * nv + a;
      }
    keys.sort();
    for (let i = 0; i < keys.length;) {
      let j = i + 1;
      while (j < keys.length && keys[j] === keys[i]) j++;
      if (j - i === 1) {
        const a = Math.floor(keys[i] / nv),
          b = keys[i] - a * nv;
        locked[a] = locked[b] = 1;
      }
      i = j;
    }
  }

  const stamp = new Int32Array(nv); // collapse counter per vertex (lazy heap invalidation)
  const heap = new EdgeHeap(Math.max(16, 2 * nf));
  const place = new Float64Array(3);

  /** Drop dead faces' corners from v's list. */
  const compact = (v: number): void => {
    let prev = -1;
    for (let c = head[v]; c !== -1; c = next[c]) {
      if (faceAlive[(c / 3) | 0]) prev = c;
      else if (prev === -1) head[v] = next[c];
      else next[prev] = next[c];
    }
  };

  const qs = new Float64Array(10); // summed quadric of the edge being evaluated
  /** Best position and cost of merging u and v (written to `place`). */
  const evaluate = (u: number, v: number): number => {
    const qu = 10 * u,
      qv = 10 * v;
    for (let k = 0; k < 10; k++) qs[k] = Q[qu + k] + Q[qv + k];
    const a11 = qs[0],
      a12 = qs[1],
      a13 = qs[2],
      a22 = qs[3],
      a23 = qs[4],
      a33 = qs[5];
    const b1 = qs[6],
      b2 = qs[7],
      b3 = qs[8];
    // Solve A x = −b by Cramer's rule when A is well-conditioned relative to its scale.
    const c11 = a22 * a33 - a23 * a23,
      c12 = a13 * a23 - a12 * a33,
      c13 = a12 * a23 - a13 * a22;
    const det = a11 * c11 + a12 * c12 + a13 * c13;
    const tr = a11 + a22 + a33;
    if (Math.abs(det) > 1e-6 * tr * tr * tr && tr > 0) {
      const c22 = a11 * a33 - a13 * a13,
        c23 = a12 * a13 - a11 * a23,
        c33 = a11 * a22 - a12 * a12;
      const x = -(c11 * b1 + c12 * b2 + c13 * b3) / det;
      const y = -(c12 * b1 + c22 * b2 + c23 * b3) / det;
      const z = -(c13 * b1 + c23 * b2 + c33 * b3) / det;
      // Keep the optimum only near the edge (ill-posed quadrics can send it far away).
      const ex = P[3 * v] - P[3 * u],
        ey = P[3 * v + 1] - P[3 * u + 1],
        ez = P[3 * v + 2] - P[3 * u + 2];
      const mx = 0.5 * (P[3 * u] + P[3 * v]),
        my = 0.5 * (P[3 * u + 1] + P[3 * v + 1]),
        mz = 0.5 * (P[3 * u + 2] + P[3 * v + 2]);
      const dx = x - mx,
        dy = y - my,
        dz = z - mz;
      if (dx * dx + dy * dy + dz * dz <= ex * ex + ey * ey + ez * ez) {
        place[0] = x;
        place[1] = y;
        place[2] = z;
        return Math.max(0, quadricCost(qs, x, y, z));
      }
    }
    let best = Infinity;
    for (let s = 0; s <= 2; s++) {
      const f = s / 2;
      const x = P[3 * u] + f * (P[3 * v] - P[3 * u]),
        y = P[3 * u + 1] + f * (P[3 * v + 1] - P[3 * u + 1]),
        z = P[3 * u + 2] + f * (P[3 * v + 2] - P[3 * u + 2]);
      const e = quadricCost(qs, x, y, z);
      if (e < best) {
        best = e;
        place[0] = x;
        place[1] = y;
        place[2] = z;
      }
    }
    return Math.max(0, best);
  };

  const pushEdge = (u: number, v: number): void => {
    if (locked[u] || locked[v]) return;
    const cost = evaluate(u, v);
    heap.push(cost, u, v, stamp[u], stamp[v]);
  };

  for (let t = 0; t < nf; t++)
    for (let e = 0; e < 3; e++) {
      const a = F[3 * t + e],
        b = F[3 * t + ((e + 1) % 3)];
      if (a < b) pushEdge(a, b);
    }

  const mark = new Int32Array(nv);
  let markGen = 0;
  const opp = new Int32Array(2);

  /** Link condition, fin and fold-over tests for moving u and v to `place`; fills `opp`. */
  const canCollapse = (u: number, v: number): boolean => {
    compact(u);
    compact(v);
    // Faces containing both; and neighbours of u.
    const g = ++markGen;
    let shared = 0;
    for (let c = head[u]; c !== -1; c = next[c]) {
      const t = (c / 3) | 0,
        b = F[3 * t + ((c + 1) % 3)],
        d = F[3 * t + ((c + 2) % 3)];
      mark[b] = g;
      mark[d] = g;
      if (b === v || d === v) {
        if (shared === 2) return false;
        opp[shared++] = b === v ? d : b;
      }
    }
    if (shared !== 2 || opp[0] === opp[1]) return false;
    const g2 = ++markGen;
    let common = 0;
    for (let c = head[v]; c !== -1; c = next[c]) {
      const t = (c / 3) | 0;
      for (let k = 1; k <= 2; k++) {
        const w = F[3 * t + ((c + k) % 3)];
        if (w !== u && mark[w] === g) {
          mark[w] = g2;
          common++;
        }
      }
    }
    if (common !== 2) return false;
    for (let i = 0; i < 2; i++) {
      const o = opp[i];
      compact(o);
      let deg = 0;
      for (let c = head[o]; c !== -1; c = next[c]) deg++;
      if (deg <= 3) return false;
    }
    // Fold-over: faces of u and of v that survive, with the moved corner at `place`.
    for (let side = 0; side < 2; side++) {
      const w = side === 0 ? u : v,
        other = side === 0 ? v : u;
      for (let c = head[w]; c !== -1; c = next[c]) {
        const t = (c / 3) | 0,
          b = F[3 * t + ((c + 1) % 3)],
          d = F[3 * t + ((c + 2) % 3)];
        if (b === other || d === other) continue;
        if (!normalKept(P, w, b, d, place, minCos)) return false;
      }
    }
    return true;
  };

  let faces = nf;
  while (faces > target && heap.size > 0) {
    heap.pop();
    const u = heap.popU,
      v = heap.popV;
    if (!vertAlive[u] || !vertAlive[v] || heap.popSu !== stamp[u] || heap.popSv !== stamp[v]) continue;
    evaluate(u, v); // sets `place` for this (current) pair
    if (!canCollapse(u, v)) continue;
    // Collapse u into v.
    for (let c = head[u]; c !== -1; c = next[c]) {
      const t = (c / 3) | 0;
      if (F[3 * t] === v || F[3 * t + 1] === v || F[3 * t + 2] === v) {
        faceAlive[t] = 0;
        faces--;
      }
    }
    let tail = -1;
    for (let c = head[u]; c !== -1; c = next[c]) {
      F[c] = v;
      tail = c;
    }
    if (tail !== -1) {
      next[tail] = head[v];
      head[v] = head[u];
    }
    head[u] = -1;
    vertAlive[u] = 0;
    P[3 * v] = place[0];
    P[3 * v + 1] = place[1];
    P[3 * v + 2] = place[2];
    for (let k = 0; k < 10; k++) Q[10 * v + k] += Q[10 * u + k];
    stamp[u]++;
    stamp[v]++;
    compact(v);
    const g = ++markGen;
    for (let c = head[v]; c !== -1; c = next[c]) {
      const t = (c / 3) | 0;
      for (let k = 1; k <= 2; k++) {
        const w = F[3 * t + ((c + k) % 3)];
        if (mark[w] === g) continue;
        mark[w] = g;
        pushEdge(v, w);
      }
    }
  }

  // Compact vertices and faces.
  const remap = new Int32Array(nv).fill(-1);
  let nOut = 0;
  const outFaces = new Uint32Array(3 * faces);
  let fo = 0;
  for (let t = 0; t < nf; t++) {
    if (!faceAlive[t]) continue;
    for (let k = 0; k < 3; k++) {
      const v = F[3 * t + k];
      if (remap[v] === -1) remap[v] = nOut++;
      outFaces[fo++] = remap[v];
    }
  }
  const outPos = new Float32Array(3 * nOut);
  for (let v = 0; v < nv; v++) {
    const r = remap[v];
    if (r === -1) continue;
    outPos[3 * r] = P[3 * v];
    outPos[3 * r + 1] = P[3 * v + 1];
    outPos[3 * r + 2] = P[3 * v + 2];
  }
  return { positions: outPos, faces: outFaces };
}

/** Σ w·(n·x + d)² of a quadric q = (a11 a12 a13 a22 a23 a33 b1 b2 b3 c) at (x, y, z). */
function quadricCost(q: Float64Array, x: number, y: number, z: number): number {
  return (
    q[0] * x * x +
    q[3] * y * y +
    q[5] * z * z +
    2 * (q[1] * x * y + q[2] * x * z + q[4] * y * z) +
    2 * (q[6] * x + q[7] * y + q[8] * z) +
    q[9]
  );
}

/** Whether triangle (w, b, d) keeps its orientation within `minCos` when w moves to `p`. */
function normalKept(P: Float64Array, w: number, b: number, d: number, p: Float64Array, minCos: number): boolean {
  const bx = P[3 * b],
    by = P[3 * b + 1],
    bz = P[3 * b + 2];
  const dx = P[3 * d] - bx,
    dy = P[3 * d + 1] - by,
    dz = P[3 * d + 2] - bz;
  // Normal before: (b − w) × (d − w) = (d − b) × (w − b) up to sign convention; use (d−b)×(x−b).
  const wx = P[3 * w] - bx,
    wy = P[3 * w + 1] - by,
    wz = P[3 * w + 2] - bz;
  const px = p[0] - bx,
    py = p[1] - by,
    pz = p[2] - bz;
  const n0x = dy * wz - dz * wy,
    n0y = dz * wx - dx * wz,
    n0z = dx * wy - dy * wx;
  const n1x = dy * pz - dz * py,
    n1y = dz * px - dx * pz,
    n1z = dx * py - dy * px;
  const l0 = Math.hypot(n0x, n0y, n0z),
    l1 = Math.hypot(n1x, n1y, n1z);
  if (!(l1 > 1e-12 * (dx * dx + dy * dy + dz * dz)) || !(l0 > 0)) return false;
  return (n0x * n1x + n0y * n1y + n0z * n1z) / (l0 * l1) >= minCos;
}
