import type { Mesh } from './Mesh.ts';
import {
  triangleDegenerate,
  trianglesIntersect,
  trianglesIntersectSharingVertex,
  trianglesOverlapSharingEdge,
} from './triangleIntersection.ts';

/**
 * The one place for mesh checks: topology (edges, vertices, orientation, components), measures
 * (area, volume) and, on request, self-intersections.
 *
 * What each term means here (so reports can say exactly what was checked):
 * - closed: no boundary edge (no edge used by only one face).
 * - edge-manifold: every edge is used by exactly two faces.
 * - consistently oriented: the two faces of every edge traverse it in opposite directions.
 * - vertex-manifold: the faces around every vertex form one fan (no two sheets pinched together
 *   at a vertex).
 * - no self-intersections: no two faces have a common point other than the vertices they share
 *   by index (two faces sharing one vertex may meet only there, two sharing an edge only along
 *   it); decided exactly (src/geometry/triangleIntersection.ts), touching counts as meeting.
 * Open3D's `is_watertight()` is edge-manifold + vertex-manifold + no self-intersections (with a
 * tolerance-based test that skips pairs sharing a vertex).
 */

/** What `checkMesh` finds. Areas in squared mesh units, volume in cubed mesh units. */
export interface MeshReport {
  vertices: number;
  faces: number;
  /** Closed and consistently oriented: every undirected edge is used by exactly two faces and
   *  the two uses run in opposite directions. Topology only — neither vertex-manifoldness nor
   *  self-intersections are part of it (see `vertexManifold`, `selfIntersections`). */
  watertight: boolean;
  /** Non-empty and every undirected edge lies in exactly two faces (closed, manifold along
   *  edges). */
  edgeManifold: boolean;
  /** The faces around every vertex form a single fan (no pinched vertex). */
  vertexManifold: boolean;
  /** Edges used by exactly one face (holes). */
  boundaryEdges: number;
  /** Edges used by three or more faces. */
  nonManifoldEdges: number;
  /** Edges whose two faces traverse them in the same direction (inconsistent orientation). */
  misorientedEdges: number;
  /** Vertices whose faces form two or more fans (pinch points). */
  nonManifoldVertices: number;
  /** Faces with a repeated vertex index or zero area (area computed in float64). */
  degenerateFaces: number;
  /** Connected components of faces (sharing a vertex index). */
  components: number;
  area: number;
  /** Signed volume by the divergence theorem; positive when faces are oriented outward.
   *  Meaningful only for watertight meshes. */
  volume: number;
  /** Pairs of faces that intersect (see {@link findSelfIntersections}); present only when
   *  asked for with `{ selfIntersections: true }`. */
  selfIntersections?: number;
  /** Faces whose vertices are exactly collinear (not tested for intersections); present with
   *  `selfIntersections`. */
  collinearFaces?: number;
}

export interface MeshCheckOptions {
  /** Also count self-intersecting face pairs ({@link findSelfIntersections}: a uniform grid
   *  plus an exact test per candidate pair; about 0.4 s per 10⁵ faces). Default false. */
  selfIntersections?: boolean;
}

/**
 * Topology and measures of a triangle mesh. Works on vertex *indices*: coincident but unwelded
 * vertices count as different (weld first, as the STL reader does, to test a soup).
 *
 * Linear time apart from the optional self-intersection search: edges are bucketed by their
 * smaller vertex with a counting sort (no hash maps), and each bucket is short (about 3 entries on
 * a marching-cubes mesh).
 */
export function checkMesh(mesh: Mesh, options: MeshCheckOptions = {}): MeshReport {
  const { positions: p, faces: f } = mesh;
  const nv = p.length / 3;
  const nf = f.length / 3;

  let degenerate = 0;
  let area = 0;
  let volume = 0;
  for (let t = 0; t < nf; t++) {
    const a = f[3 * t],
      b = f[3 * t + 1],
      c = f[3 * t + 2];
    const ax = p[3 * a],
      ay = p[3 * a + 1],
      az = p[3 * a + 2];
    const bx = p[3 * b] - ax,
      by = p[3 * b + 1] - ay,
      bz = p[3 * b + 2] - az;
    const cx = p[3 * c] - ax,
      cy = p[3 * c + 1] - ay,
      cz = p[3 * c + 2] - az;
    const nx = by * cz - bz * cy,
      ny = bz * cx - bx * cz,
      nz = bx * cy - by * cx;
    const a2 = Math.sqrt(nx * nx + ny * ny + nz * nz);
    area += 0.5 * a2;
    // Signed tetrahedron volume with the origin: (a · (b × c)) / 6 in absolute coordinates.
    volume += (ax * nx + ay * ny + az * nz) / 6;
    if (a === b || b === c || a === c || a2 === 0) degenerate++;
  }

  const edges = edgeCounts(f, nv);
  const nonManifoldVertices = countNonManifoldVertices(f, nv);

  // Components by union-find over face vertices.
  const parent = new Int32Array(nv);
  for (let i = 0; i < nv; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  for (let t = 0; t < nf; t++) {
    const r0 = find(f[3 * t]);
    for (let e = 1; e < 3; e++) {
      const r = find(f[3 * t + e]);
      if (r !== r0) parent[r] = r0;
    }
  }
  let components = 0;
  const seen = new Uint8Array(nv);
  for (let t = 0; t < nf; t++) {
    const r = find(f[3 * t]);
    if (!seen[r]) {
      seen[r] = 1;
      components++;
    }
  }

  const edgeManifold = nf > 0 && edges.boundary === 0 && edges.nonManifold === 0;
  const report: MeshReport = {
    vertices: nv,
    faces: nf,
    watertight: edgeManifold && edges.misoriented === 0,
    edgeManifold,
    vertexManifold: nonManifoldVertices === 0,
    boundaryEdges: edges.boundary,
    nonManifoldEdges: edges.nonManifold,
    misorientedEdges: edges.misoriented,
    nonManifoldVertices,
    degenerateFaces: degenerate,
    components,
    area,
    volume,
  };
  if (options.selfIntersections) {
    const s = findSelfIntersections(mesh, { maxPairs: 0 });
    report.selfIntersections = s.count;
    report.collinearFaces = s.collinearFaces;
  }
  return report;
}

/**
 * Undirected edge statistics by counting sort: each directed edge u → v (u ≠ v) is filed under
 * min(u, v) with the other end and its direction, then every bucket is grouped by other end.
 */
function edgeCounts(f: ArrayLike<number>, nv: number): { boundary: number; nonManifold: number; misoriented: number } {
  const m = f.length;
  const start = new Int32Array(nv + 1);
  for (let t = 0; t < m; t += 3) {
    for (let e = 0; e < 3; e++) {
      const u = f[t + e],
        v = f[t + (e === 2 ? 0 : e + 1)];
      if (u !== v) start[(u < v ? u : v) + 1]++;
    }
  }
  for (let v = 0; v < nv; v++) start[v + 1] += start[v];
  const fill = start.slice(0, nv);
  const other = new Int32Array(start[nv]);
  const forward = new Uint8Array(start[nv]); // 1: stored as min → max
  for (let t = 0; t < m; t += 3) {
    for (let e = 0; e < 3; e++) {
      const u = f[t + e],
        v = f[t + (e === 2 ? 0 : e + 1)];
      if (u === v) continue;
      const k = fill[u < v ? u : v]++;
      other[k] = u < v ? v : u;
      forward[k] = u < v ? 1 : 0;
    }
  }
  let boundary = 0,
    nonManifold = 0,
    misoriented = 0;
  for (let a = 0; a < nv; a++) {
    const s = start[a],
      e = start[a + 1];
    for (let j = s; j < e; j++) {
      const b = other[j];
      let first = true;
      for (let k = s; k < j && first; k++) if (other[k] === b) first = false;
      if (!first) continue; // this edge was counted at its first entry
      let uses = 0,
        fwd = 0;
      for (let k = j; k < e; k++)
        if (other[k] === b) {
          uses++;
          fwd += forward[k];
        }
      if (uses === 1) boundary++;
      else if (uses > 2) nonManifold++;
      else if (fwd !== 1) misoriented++;
    }
  }
  return { boundary, nonManifold, misoriented };
}

/**
 * Vertices whose link is disconnected: the edges opposite a vertex in its faces (faces with a
 * repeated index skipped) are joined by union-find over their end vertices; one fan — closed or
 * open — is one connected piece.
 */
function countNonManifoldVertices(f: ArrayLike<number>, nv: number): number {
  const m = f.length;
  const start = new Int32Array(nv + 1);
  for (let i = 0; i < m; i++) start[f[i] + 1]++;
  for (let v = 0; v < nv; v++) start[v + 1] += start[v];
  const fill = start.slice(0, nv);
  const corner = new Int32Array(m); // face-corner index 3·t + k, grouped by vertex
  for (let i = 0; i < m; i++) corner[fill[f[i]]++] = i;
  const local = new Int32Array(nv).fill(-1);
  const nodes: number[] = [];
  const parent: number[] = [];
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  const id = (v: number): number => {
    if (local[v] < 0) {
      local[v] = nodes.length;
      parent.push(nodes.length);
      nodes.push(v);
    }
    return local[v];
  };
  let bad = 0;
  for (let v = 0; v < nv; v++) {
    if (start[v + 1] - start[v] < 2) continue; // 0 or 1 face: at most one fan
    let pieces = 0;
    for (let j = start[v]; j < start[v + 1]; j++) {
      const i = corner[j],
        t = i - (i % 3),
        k = i - t;
      const b = f[t + ((k + 1) % 3)],
        c = f[t + ((k + 2) % 3)];
      if (b === v || c === v || b === c) continue;
      const nb = nodes.length;
      const rb = find(id(b));
      pieces += nodes.length - nb;
      const n2 = nodes.length;
      const rc = find(id(c));
      pieces += nodes.length - n2;
      if (rb !== rc) {
        parent[rb] = rc;
        pieces--;
      }
    }
    if (pieces > 1) bad++;
    for (const u of nodes) local[u] = -1;
    nodes.length = 0;
    parent.length = 0;
  }
  return bad;
}

/** What {@link findSelfIntersections} finds. */
export interface SelfIntersections {
  /** Number of intersecting face pairs. */
  count: number;
  /** `maxPairs` of them (the first found), as face index pairs (i < j) sorted, 2 entries per pair. */
  pairs: Uint32Array;
  /** Faces with exactly collinear vertices (or a repeated index): not tested. */
  collinearFaces: number;
}

/**
 * Pairs of faces that intersect: two faces intersect when their closed triangles have a common
 * point other than the vertices they share by index — faces sharing one vertex may meet only at
 * it, faces sharing an edge only along it (so a fold-over of two coplanar neighbours counts), and
 * faces sharing all three vertices (duplicates) always count. Faces sharing no vertex count when
 * they touch at all. Decided exactly on the stored coordinates (no tolerance), so the result is
 * the same in any units. Faces with collinear vertices (or a repeated index) are skipped and
 * counted apart.
 *
 * Candidate pairs are the faces whose closed bounding boxes overlap, found with a uniform grid
 * (cells about the mean face size, at most 2 per face): each face is filed in the cells its box
 * covers, and a pair is tested only in the cell holding the lower corner of the two boxes'
 * overlap, so once. Linear time for meshes of similar-sized faces (marching cubes); about 0.4 s
 * per 10⁵ faces on one core. (The BVH of src/geometry/Bvh.ts would give the same pairs, but its
 * SAH build alone took three times as long as this whole search on a 3·10⁵-face mesh.)
 *
 * @param mesh faces index vertices; positions finite.
 * @param options maxPairs: how many pairs to return (default 100); counting continues past it.
 */
export function findSelfIntersections(mesh: Mesh, options: { maxPairs?: number } = {}): SelfIntersections {
  const maxPairs = options.maxPairs ?? 100;
  const p = mesh.positions,
    f = mesh.faces;
  const nf = f.length / 3;
  const pairs: number[] = [];
  for (let i = 0; i < p.length; i++) {
    if (!Number.isFinite(p[i])) throw new RangeError(`findSelfIntersections: vertex ${Math.floor(i / 3)} has a non-finite coordinate`);
  }
  // Per face: its triangle (float64 copies of the float32 coordinates, exact), box, and whether
  // it is skipped (collinear or repeated index).
  const tri = new Float64Array(9 * nf);
  const box = new Float64Array(6 * nf);
  const skip = new Uint8Array(nf);
  let collinear = 0;
  const lo = [Infinity, Infinity, Infinity],
    hi = [-Infinity, -Infinity, -Infinity];
  let extent = 0;
  for (let t = 0; t < nf; t++) {
    for (let k = 0; k < 3; k++) for (let d = 0; d < 3; d++) tri[9 * t + 3 * k + d] = p[3 * f[3 * t + k] + d];
    for (let d = 0; d < 3; d++) {
      const a = tri[9 * t + d],
        b = tri[9 * t + 3 + d],
        c = tri[9 * t + 6 + d];
      const l = Math.min(a, b, c),
        h = Math.max(a, b, c);
      box[6 * t + d] = l;
      box[6 * t + 3 + d] = h;
      if (l < lo[d]) lo[d] = l;
      if (h > hi[d]) hi[d] = h;
      extent += h - l;
    }
    if (
      f[3 * t] === f[3 * t + 1] ||
      f[3 * t + 1] === f[3 * t + 2] ||
      f[3 * t] === f[3 * t + 2] ||
      triangleDegenerate(tri.subarray(9 * t, 9 * t + 9))
    ) {
      skip[t] = 1;
      collinear++;
    }
  }
  if (nf < 2) return { count: 0, pairs: new Uint32Array(0), collinearFaces: collinear };

  // Grid: cell side = mean face box side, enlarged until there are at most 2 cells per face.
  let cell = extent / (3 * nf);
  const span = [hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]];
  if (!(cell > 0)) cell = Math.max(span[0], span[1], span[2]) || 1;
  const dims = [0, 0, 0];
  for (;;) {
    for (let d = 0; d < 3; d++) dims[d] = Math.min(1 << 20, Math.floor(span[d] / cell) + 1);
    if (dims[0] * dims[1] * dims[2] <= 2 * nf + 8) break;
    cell *= 1.25;
  }
  const [gx, gy] = dims;
  const inv = 1 / cell;
  const cellOf = (x: number, d: number): number => {
    const c = Math.floor((x - lo[d]) * inv);
    return c < 0 ? 0 : c >= dims[d] ? dims[d] - 1 : c;
  };
  const range = new Int32Array(6 * nf); // per face: first and last cell per axis
  const cellStart = new Int32Array(dims[0] * dims[1] * dims[2] + 1);
  for (let t = 0; t < nf; t++) {
    if (skip[t]) continue;
    for (let d = 0; d < 3; d++) {
      range[6 * t + d] = cellOf(box[6 * t + d], d);
      range[6 * t + 3 + d] = cellOf(box[6 * t + 3 + d], d);
    }
    for (let z = range[6 * t + 2]; z <= range[6 * t + 5]; z++)
      for (let y = range[6 * t + 1]; y <= range[6 * t + 4]; y++) {
        for (let x = range[6 * t]; x <= range[6 * t + 3]; x++) cellStart[x + gx * (y + gy * z) + 1]++;
      }
  }
  for (let c = 0; c + 1 < cellStart.length; c++) cellStart[c + 1] += cellStart[c];
  const fill = cellStart.slice(0, cellStart.length - 1);
  const members = new Int32Array(cellStart[cellStart.length - 1]);
  for (let t = 0; t < nf; t++) {
    if (skip[t]) continue;
    for (let z = range[6 * t + 2]; z <= range[6 * t + 5]; z++)
      for (let y = range[6 * t + 1]; y <= range[6 * t + 4]; y++) {
        for (let x = range[6 * t]; x <= range[6 * t + 3]; x++) members[fill[x + gx * (y + gy * z)]++] = t;
      }
  }

  const P = new Float64Array(9),
    Q = new Float64Array(9);
  let found = 0;
  /** Exact test of faces s and u (boxes known to overlap). */
  const test = (s: number, u: number): void => {
    let shared = 0,
      i1 = -1,
      j1 = -1,
      i2 = -1,
      j2 = -1;
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        if (f[3 * s + i] === f[3 * u + j]) {
          shared++;
          if (i1 < 0) {
            i1 = i;
            j1 = j;
          } else {
            i2 = i;
            j2 = j;
          }
        }
      }
    }
    let hit: boolean;
    if (shared >= 3) hit = true;
    else {
      for (let k = 0; k < 9; k++) {
        P[k] = tri[9 * s + k];
        Q[k] = tri[9 * u + k];
      }
      if (shared === 0) hit = trianglesIntersect(P, Q);
      else if (shared === 1) hit = trianglesIntersectSharingVertex(P, 3 * i1, Q, 3 * j1);
      else hit = trianglesOverlapSharingEdge(P, 3 * i1, 3 * i2, 3 * (3 - i1 - i2), Q, 3 * (3 - j1 - j2));
    }
    if (!hit) return;
    if (found < maxPairs) pairs.push(Math.min(s, u), Math.max(s, u));
    found++;
  };
  for (let z = 0; z < dims[2]; z++)
    for (let y = 0; y < gy; y++)
      for (let x = 0; x < gx; x++) {
        const c = x + gx * (y + gy * z);
        const c0 = cellStart[c],
          c1 = cellStart[c + 1];
        for (let i = c0; i < c1; i++) {
          const s = members[i];
          for (let j = i + 1; j < c1; j++) {
            const u = members[j];
            // Closed boxes must overlap; the pair belongs to the cell of the overlap's lower corner.
            let ok = true;
            for (let d = 0; d < 3 && ok; d++) {
              const l = Math.max(box[6 * s + d], box[6 * u + d]);
              if (l > Math.min(box[6 * s + 3 + d], box[6 * u + 3 + d])) ok = false;
              else if (cellOf(l, d) !== (d === 0 ? x : d === 1 ? y : z)) ok = false;
            }
            if (ok) test(s, u);
          }
        }
      }
  return { count: found, pairs: sortPairs(pairs), collinearFaces: collinear };
}

/** Face index pairs (flat) in increasing order of (first, second). */
function sortPairs(flat: number[]): Uint32Array {
  const idx = Array.from({ length: flat.length / 2 }, (_, i) => i);
  idx.sort((a, b) => flat[2 * a] - flat[2 * b] || flat[2 * a + 1] - flat[2 * b + 1]);
  const out = new Uint32Array(flat.length);
  idx.forEach((k, i) => {
    out[2 * i] = flat[2 * k];
    out[2 * i + 1] = flat[2 * k + 1];
  });
  return out;
}

/**
 * One line saying which of the checks a report passes, in the words of the file header, e.g.
 * "closed, edge-manifold, vertex-manifold, consistently oriented, no self-intersections", or
 * what fails ("NOT closed: 3 boundary edges; …"). Self-intersections are mentioned only when the
 * report has them.
 */
export function describeMeshChecks(r: MeshReport): string {
  const ok: string[] = [];
  const bad: string[] = [];
  if (r.faces === 0) return 'empty';
  if (r.boundaryEdges === 0) ok.push('closed');
  else bad.push(`NOT closed: ${r.boundaryEdges} boundary edge${r.boundaryEdges === 1 ? '' : 's'}`);
  if (r.nonManifoldEdges === 0 && r.boundaryEdges === 0) ok.push('edge-manifold');
  else if (r.nonManifoldEdges > 0)
    bad.push(`NOT edge-manifold: ${r.nonManifoldEdges} edge${r.nonManifoldEdges === 1 ? '' : 's'} in 3+ faces`);
  if (r.nonManifoldVertices === 0) ok.push('vertex-manifold');
  else bad.push(`NOT vertex-manifold: ${r.nonManifoldVertices} pinched vertices`);
  if (r.misorientedEdges === 0) ok.push('consistently oriented');
  else bad.push(`NOT consistently oriented: ${r.misorientedEdges} edges`);
  if (r.selfIntersections !== undefined) {
    if (r.selfIntersections === 0 && !r.collinearFaces) ok.push('no self-intersections');
    else if (r.selfIntersections > 0) bad.push(`${r.selfIntersections} self-intersecting face pair${r.selfIntersections === 1 ? '' : 's'}`);
    if (r.collinearFaces) bad.push(`${r.collinearFaces} collinear faces`);
  }
  return [...ok, ...bad].join(', ');
}
