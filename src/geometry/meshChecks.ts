import type { Mesh } from './Mesh.ts';

/** What `checkMesh` finds. Areas in squared mesh units, volume in cubed mesh units. */
export interface MeshReport {
  vertices: number;
  faces: number;
  /** Every undirected edge is used by exactly two faces and the two uses run in opposite
   *  directions (consistent orientation), so the surface is closed. */
  watertight: boolean;
  /** Every undirected edge lies in exactly two faces (closed 2-manifold along edges). */
  edgeManifold: boolean;
  /** Edges used by exactly one face (holes). */
  boundaryEdges: number;
  /** Edges used by three or more faces. */
  nonManifoldEdges: number;
  /** Edges whose two faces traverse them in the same direction (inconsistent orientation). */
  misorientedEdges: number;
  /** Faces with a repeated vertex index or zero area. */
  degenerateFaces: number;
  /** Connected components of faces (sharing a vertex index). */
  components: number;
  area: number;
  /** Signed volume by the divergence theorem; positive when faces are oriented outward.
   *  Meaningful only for watertight meshes. */
  volume: number;
}

/**
 * Topology and measures of a triangle mesh. Works on vertex *indices*: coincident but unwelded
 * vertices count as different (weld first, as the STL reader does, to test a soup).
 */
export function checkMesh(mesh: Mesh): MeshReport {
  const { positions: p, faces: f } = mesh;
  const nv = p.length / 3;
  const nf = f.length / 3;

  // Directed edge counts keyed by (min, max) vertex pair: +1 for min→max, and count uses.
  const uses = new Map<number, number>();
  const forward = new Map<number, number>();
  let degenerate = 0;
  let area = 0;
  let volume = 0;
  for (let t = 0; t < nf; t++) {
    const a = f[3 * t], b = f[3 * t + 1], c = f[3 * t + 2];
    const ax = p[3 * a], ay = p[3 * a + 1], az = p[3 * a + 2];
    const bx = p[3 * b] - ax, by = p[3 * b + 1] - ay, bz = p[3 * b + 2] - az;
    const cx = p[3 * c] - ax, cy = p[3 * c + 1] - ay, cz = p[3 * c + 2] - az;
    const nx = by * cz - bz * cy, ny = bz * cx - bx * cz, nz = bx * cy - by * cx;
    const a2 = Math.sqrt(nx * nx + ny * ny + nz * nz);
    area += 0.5 * a2;
    // Signed tetrahedron volume with the origin: (a · (b × c)) / 6 in absolute coordinates.
    volume += (ax * nx + ay * ny + az * nz) / 6;
    if (a === b || b === c || a === c || a2 === 0) degenerate++;
    const tri = [a, b, c];
    for (let e = 0; e < 3; e++) {
      const u = tri[e], v = tri[(e + 1) % 3];
      if (u === v) continue;
      const key = u < v ? u * nv + v : v * nv + u;
      uses.set(key, (uses.get(key) ?? 0) + 1);
      if (u < v) forward.set(key, (forward.get(key) ?? 0) + 1);
    }
  }
  let boundary = 0, nonManifold = 0, misoriented = 0;
  for (const [key, n] of uses) {
    if (n === 1) boundary++;
    else if (n > 2) nonManifold++;
    else if (forward.get(key) !== 1) misoriented++;
  }

  // Components by union-find over face vertices.
  const parent = new Int32Array(nv);
  for (let i = 0; i < nv; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) { parent[x] = parent[parent[x]]; x = parent[x]; }
    return x;
  };
  for (let t = 0; t < nf; t++) {
    const r0 = find(f[3 * t]);
    for (let e = 1; e < 3; e++) {
      const r = find(f[3 * t + e]);
      if (r !== r0) parent[r] = r0;
    }
  }
  const roots = new Set<number>();
  for (let t = 0; t < nf; t++) roots.add(find(f[3 * t]));

  const edgeManifold = nf > 0 && boundary === 0 && nonManifold === 0;
  return {
    vertices: nv,
    faces: nf,
    watertight: edgeManifold && misoriented === 0,
    edgeManifold,
    boundaryEdges: boundary,
    nonManifoldEdges: nonManifold,
    misorientedEdges: misoriented,
    degenerateFaces: degenerate,
    components: roots.size,
    area,
    volume,
  };
}
