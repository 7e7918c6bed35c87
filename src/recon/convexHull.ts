import type { Mesh } from '../geometry/Mesh.ts';

/**
 * 3-D convex hull by quickhull (Barber, Dobkin & Huhdanpaa 1996), the "floor" baseline of the
 * reconstruction methods: closed, watertight, oriented outward — and blind to every concavity.
 *
 * Robustness: coordinates are read in double precision; a point counts as above a face only when
 * its distance exceeds ε = 1e-9 × (extent of the cloud) (Barber et al.'s "thick plane"), so
 * duplicate points, points on faces and exactly coplanar corners (a cube's faces) never create
 * slivers: they are left out of the hull, which they lie on to within ε. Faces are triangles
 * (coplanar triangles are not merged: a cube gives 12). A point inside a face that quickhull took as
 * an apex before the face's corners (all its neighbours then lie in one plane with it) is
 * removed by re-running on the hull vertices without it; a point exactly on a hull edge may stay
 * a vertex (the solid is the same). The visible region of each new apex is
 * grown by breadth-first search from the face it was found above, so it is always connected and
 * its horizon a single loop.
 *
 * Fewer than 4 affinely independent points (all on a plane, a line or a point, to within ε)
 * have no solid hull: the result is then an empty mesh.
 */
export interface ConvexHullResult {
  /** Outward-oriented hull triangles; `positions` is the input (all points, hull vertices
   *  among them), `faces` index into it. */
  mesh: Mesh;
  /** Indices of the points that are hull vertices, ascending. */
  vertices: Uint32Array;
}

/**
 * @param points xyz per point (length 3·N), any units, finite.
 * @param epsilon relative tolerance ε (times the largest extent of the cloud), ≥ 0. Default 1e-9.
 */
export function convexHull(points: Float32Array, epsilon = 1e-9): ConvexHullResult {
  const n = Math.floor(points.length / 3);
  const empty = (): ConvexHullResult => ({
    mesh: { positions: points.slice(0, 3 * n), faces: new Uint32Array(0) },
    vertices: new Uint32Array(0),
  });
  if (n < 4) return empty();
  const P = Float64Array.from(points.subarray(0, 3 * n));
  for (let i = 0; i < 3 * n; i++) if (!Number.isFinite(P[i])) throw new RangeError(`convexHull: point ${Math.floor(i / 3)} is not finite`);

  // --- Initial simplex: extreme points on the axis of largest extent, then the farthest from
  // their line, then the farthest from their plane.
  const minI = [0, 0, 0],
    maxI = [0, 0, 0];
  for (let i = 1; i < n; i++) {
    for (let a = 0; a < 3; a++) {
      if (P[3 * i + a] < P[3 * minI[a] + a]) minI[a] = i;
      if (P[3 * i + a] > P[3 * maxI[a] + a]) maxI[a] = i;
    }
  }
  let axis = 0,
    extent = -1;
  for (let a = 0; a < 3; a++) {
    const e = P[3 * maxI[a] + a] - P[3 * minI[a] + a];
    if (e > extent) {
      extent = e;
      axis = a;
    }
  }
  const eps = epsilon * extent;
  if (!(extent > 0)) return empty();
  const i0 = minI[axis],
    i1 = maxI[axis];
  let i2 = -1,
    best = eps;
  {
    const dx = P[3 * i1] - P[3 * i0],
      dy = P[3 * i1 + 1] - P[3 * i0 + 1],
      dz = P[3 * i1 + 2] - P[3 * i0 + 2];
    const len = Math.hypot(dx, dy, dz);
    for (let i = 0; i < n; i++) {
      const ex = P[3 * i] - P[3 * i0],
        ey = P[3 * i + 1] - P[3 * i0 + 1],
        ez = P[3 * i + 2] - P[3 * i0 + 2];
      const d = Math.hypot(ey * dz - ez * dy, ez * dx - ex * dz, ex * dy - ey * dx) / len;
      if (d > best) {
        best = d;
        i2 = i;
      }
    }
  }
  if (i2 < 0) return empty();
  let i3 = -1;
  best = eps;
  let sign = 1;
  {
    const pl = plane(P, i0, i1, i2);
    for (let i = 0; i < n; i++) {
      const d = pl[0] * P[3 * i] + pl[1] * P[3 * i + 1] + pl[2] * P[3 * i + 2] - pl[3];
      if (Math.abs(d) > best) {
        best = Math.abs(d);
        i3 = i;
        sign = d > 0 ? 1 : -1;
      }
    }
  }
  if (i3 < 0) return empty();

  // --- Hull of all points; then, while some hull vertex is "flat" (its neighbours all lie within ε
  // of one plane through it: a point inside a face, added as an apex before the face's corners
  // were), the hull of the hull vertices without the flat ones (same solid to within ε).
  let candidates: number[] = [];
  for (let i = 0; i < n; i++) candidates.push(i);
  let faces = quickhull(P, n, candidates, [i0, i1, i2, i3], sign, eps);
  for (let round = 0; round < 8; round++) {
    const flat = flatVertices(P, faces, eps);
    if (flat.size === 0) break;
    const used = new Set(faces);
    candidates = [...used].filter((v) => !flat.has(v)).sort((x, y) => x - y);
    faces = quickhull(P, n, candidates, [i0, i1, i2, i3], sign, eps);
  }
  const isVertex = new Uint8Array(n);
  for (const v of faces) isVertex[v] = 1;
  const vertices: number[] = [];
  for (let i = 0; i < n; i++) if (isVertex[i]) vertices.push(i);
  return { mesh: { positions: points.slice(0, 3 * n), faces: Uint32Array.from(faces) }, vertices: Uint32Array.from(vertices) };
}

/** Hull vertices whose neighbours (over the hull's faces) all lie within ε of the plane of one
 *  of its faces. The initial simplex's vertices are extreme by construction and never flat
 *  in a way that matters; they are kept by the caller passing them as the simplex. */
function flatVertices(P: Float64Array, faces: number[], eps: number): Set<number> {
  const incident = new Map<number, number[]>();
  for (let t = 0; t < faces.length / 3; t++) {
    for (let c = 0; c < 3; c++) {
      const v = faces[3 * t + c];
      let l = incident.get(v);
      if (!l) incident.set(v, (l = []));
      l.push(t);
    }
  }
  const flat = new Set<number>();
  for (const [v, ts] of incident) {
    const pl = plane(P, faces[3 * ts[0]], faces[3 * ts[0] + 1], faces[3 * ts[0] + 2]);
    let isFlat = true;
    for (const t of ts) {
      for (let c = 0; c < 3 && isFlat; c++) {
        const w = faces[3 * t + c];
        if (Math.abs(pl[0] * P[3 * w] + pl[1] * P[3 * w + 1] + pl[2] * P[3 * w + 2] - pl[3]) > eps) isFlat = false;
      }
      if (!isFlat) break;
    }
    if (isFlat) flat.add(v);
  }
  return flat;
}

/** Quickhull over the candidate points (global indices into P), from the given tetrahedron;
 *  returns the hull's faces as global index triples. */
function quickhull(P: Float64Array, n: number, candidates: number[], simplex: number[], sign: number, eps: number): number[] {
  const [i0, i1, i2, i3] = simplex;
  // --- Face storage (grown by doubling): vertices, plane, alive flag, outside set.
  let cap = 64;
  let fv = new Int32Array(3 * cap);
  let fp = new Float64Array(4 * cap);
  let alive = new Uint8Array(cap);
  let outside: number[][] = [];
  let nf = 0;
  // Directed edge (a → b) → face holding it.
  const edgeFace = new Map<number, number>();
  const key = (a: number, b: number): number => a * n + b;
  const addFace = (a: number, b: number, c: number): number => {
    if (nf === cap) {
      cap *= 2;
      const v2 = new Int32Array(3 * cap);
      v2.set(fv);
      fv = v2;
      const p2 = new Float64Array(4 * cap);
      p2.set(fp);
      fp = p2;
      const a2 = new Uint8Array(cap);
      a2.set(alive);
      alive = a2;
    }
    const f = nf++;
    fv[3 * f] = a;
    fv[3 * f + 1] = b;
    fv[3 * f + 2] = c;
    fp.set(plane(P, a, b, c), 4 * f);
    alive[f] = 1;
    outside[f] = [];
    edgeFace.set(key(a, b), f);
    edgeFace.set(key(b, c), f);
    edgeFace.set(key(c, a), f);
    return f;
  };
  const dist = (f: number, i: number): number =>
    fp[4 * f] * P[3 * i] + fp[4 * f + 1] * P[3 * i + 1] + fp[4 * f + 2] * P[3 * i + 2] - fp[4 * f + 3];

  // Tetrahedron, faces oriented away from the apex on the other side.
  const [a, b, c] = sign > 0 ? [i0, i2, i1] : [i0, i1, i2]; // (a, b, c) faces away from i3
  const first = [addFace(a, b, c), addFace(a, i3, b), addFace(b, i3, c), addFace(c, i3, a)];
  const assigned = new Uint8Array(n);
  for (const v of [i0, i1, i2, i3]) assigned[v] = 1;
  for (const i of candidates) {
    if (assigned[i]) continue;
    let bf = -1,
      bd = eps;
    for (const f of first) {
      const d = dist(f, i);
      if (d > bd) {
        bd = d;
        bf = f;
      }
    }
    if (bf >= 0) outside[bf].push(i);
  }

  // --- Main loop: a face with a non-empty outside set; its farthest point is the apex.
  const stack: number[] = [];
  for (const f of first) if (outside[f].length) stack.push(f);
  const visible: number[] = [];
  let markArr = new Int32Array(64).fill(-1);
  let iteration = 0;
  const horizonA: number[] = [];
  const horizonB: number[] = [];
  while (stack.length) {
    const f0 = stack.pop() as number;
    if (!alive[f0] || outside[f0].length === 0) continue;
    iteration++;
    let apex = -1,
      ad = -Infinity;
    for (const i of outside[f0]) {
      const d = dist(f0, i);
      if (d > ad) {
        ad = d;
        apex = i;
      }
    }
    // Visible faces: BFS over neighbours (across edges) from f0.
    if (markArr.length < nf) {
      const m2 = new Int32Array(2 * nf).fill(-1);
      m2.set(markArr);
      markArr = m2;
    }
    visible.length = 0;
    visible.push(f0);
    markArr[f0] = iteration;
    horizonA.length = 0;
    horizonB.length = 0;
    for (let q = 0; q < visible.length; q++) {
      const f = visible[q];
      for (let e = 0; e < 3; e++) {
        const u = fv[3 * f + e],
          v = fv[3 * f + ((e + 1) % 3)];
        const g = edgeFace.get(key(v, u)) as number;
        if (markArr[g] === iteration) continue;
        if (dist(g, apex) > eps) {
          markArr[g] = iteration;
          visible.push(g);
        }
      }
    }
    // Horizon: edges of visible faces whose twin face is not visible.
    for (const f of visible) {
      for (let e = 0; e < 3; e++) {
        const u = fv[3 * f + e],
          v = fv[3 * f + ((e + 1) % 3)];
        const g = edgeFace.get(key(v, u)) as number;
        if (markArr[g] !== iteration) {
          horizonA.push(u);
          horizonB.push(v);
        }
      }
    }
    // Remove visible faces (their edges are overwritten or deleted), collect orphan points.
    const orphans: number[] = [];
    for (const f of visible) {
      alive[f] = 0;
      for (let e = 0; e < 3; e++) {
        const u = fv[3 * f + e],
          v = fv[3 * f + ((e + 1) % 3)];
        if (edgeFace.get(key(u, v)) === f) edgeFace.delete(key(u, v));
      }
      for (const i of outside[f]) if (i !== apex) orphans.push(i);
      outside[f] = [];
    }
    assigned[apex] = 1;
    const created: number[] = [];
    for (let h = 0; h < horizonA.length; h++) created.push(addFace(horizonA[h], horizonB[h], apex));
    for (const i of orphans) {
      let bf = -1,
        bd = eps;
      for (const f of created) {
        const d = dist(f, i);
        if (d > bd) {
          bd = d;
          bf = f;
        }
      }
      if (bf >= 0) outside[bf].push(i);
    }
    for (const f of created) if (outside[f].length) stack.push(f);
  }

  const faces: number[] = [];
  for (let f = 0; f < nf; f++) if (alive[f]) faces.push(fv[3 * f], fv[3 * f + 1], fv[3 * f + 2]);
  return faces;
}

/** Unit normal (a, b, c counter-clockwise) and offset of the plane through three points. */
function plane(P: Float64Array, a: number, b: number, c: number): [number, number, number, number] {
  const ux = P[3 * b] - P[3 * a],
    uy = P[3 * b + 1] - P[3 * a + 1],
    uz = P[3 * b + 2] - P[3 * a + 2];
  const vx = P[3 * c] - P[3 * a],
    vy = P[3 * c + 1] - P[3 * a + 1],
    vz = P[3 * c + 2] - P[3 * a + 2];
  let nx = uy * vz - uz * vy,
    ny = uz * vx - ux * vz,
    nz = ux * vy - uy * vx;
  const len = Math.hypot(nx, ny, nz);
  nx /= len;
  ny /= len;
  nz /= len;
  return [nx, ny, nz, nx * P[3 * a] + ny * P[3 * a + 1] + nz * P[3 * a + 2]];
}
