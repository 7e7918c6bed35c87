import { findSelfIntersections } from './findSelfIntersections.ts';
import type { Mesh } from './Mesh.ts';
import { faceCrossProducts } from './faceCrossProducts.ts';

export { findSelfIntersections, type SelfIntersections } from './findSelfIntersections.ts';

/**
 * The one place for mesh checks: topology (edges, vertices, orientation, components), measures
 * (area, volume) and, on request, self-intersections (findSelfIntersections.ts, re-exported here).
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
  const cross = faceCrossProducts(p, f);
  for (let t = 0; t < nf; t++) {
    const a = f[3 * t],
      b = f[3 * t + 1],
      c = f[3 * t + 2];
    const ax = p[3 * a],
      ay = p[3 * a + 1],
      az = p[3 * a + 2];
    const nx = cross[3 * t],
      ny = cross[3 * t + 1],
      nz = cross[3 * t + 2];
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
