/**
 * Marching tetrahedra on a regular grid, in JS, for implicit solids.
 *
 * Why not `Manifold.levelSet`: its output is closed and manifold, but near thin gaps (fingers
 * side by side, an insect's legs) it moves vertices and can fold one sheet through another —
 * the surface then intersects itself, and "inside" is ambiguous there. Plain marching
 * tetrahedra cannot do that: every triangle lies inside one tetrahedron and neighbouring
 * tetrahedra share exactly the segment between their common edge points, so the surface is
 * embedded. Each crossing is kept at least 1 % of an edge away from the grid points, so no
 * triangle is a sliver that float32 rounding could fold.
 *
 * Grid: cubes split into 6 tetrahedra along the main diagonal (Kuhn / Freudenthal), the same
 * in every cube, so neighbouring cubes agree on shared faces. Every tetrahedron edge runs from
 * a grid point in one of 7 positive directions, which indexes the edge's crossing vertex.
 *
 * Cost: one field evaluation per grid point (no JS↔WASM call per point).
 */
import type { Vec3 } from '../parts.ts';
import type { Field } from './Field.ts';

/** Steps (dx, dy, dz) of the 7 edge directions from a grid point. */
const DIRS: Vec3[] = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
  [1, 1, 0],
  [1, 0, 1],
  [0, 1, 1],
  [1, 1, 1],
];
/** Cube corner index (dx + 2 dy + 4 dz) → offset bits. */
const CORNER = [0, 1, 2, 3, 4, 5, 6, 7].map((c) => [c & 1, (c >> 1) & 1, (c >> 2) & 1] as Vec3);
/** The 6 tetrahedra of a cube: paths 0 → 7 adding the axes in each order. */
const TETS: number[][] = [
  [0, 1, 3, 7],
  [0, 1, 5, 7],
  [0, 2, 3, 7],
  [0, 2, 6, 7],
  [0, 4, 5, 7],
  [0, 4, 6, 7],
];
/** Crossings never closer than this fraction of an edge to its ends. */
const CLAMP = 0.01;

/**
 * Triangles per (tetrahedron, inside-corner mask): corner pairs [lower corner, direction index]
 * × 3 per triangle, already oriented outwards. Orientation is combinatorial: a triangle keeps
 * its side while its vertices slide along their edges (it would have to degenerate to flip),
 * so it is decided once here with every crossing at the middle of its edge.
 */
const CASES: number[][][][] = TETS.map((T) =>
  Array.from({ length: 16 }, (_, mask) => {
    const ins = T.filter((_, q) => (mask >> q) & 1),
      outs = T.filter((_, q) => !((mask >> q) & 1));
    if (ins.length === 0 || outs.length === 0) return [];
    const pair = (a: number, b: number): [number, number] => {
      const d = [0, 1, 2].map((x) => CORNER[b][x] - CORNER[a][x]);
      const neg = d.some((x) => x < 0);
      const from = neg ? b : a;
      const dir = neg ? d.map((x) => -x) : d;
      return [from, DIRS.findIndex((q) => q[0] === dir[0] && q[1] === dir[1] && q[2] === dir[2])];
    };
    const mid = (a: number, b: number): Vec3 => [0, 1, 2].map((x) => (CORNER[a][x] + CORNER[b][x]) / 2) as Vec3;
    const mean = (cs: number[]): Vec3 => [0, 1, 2].map((x) => cs.reduce((acc, c) => acc + CORNER[c][x], 0) / cs.length) as Vec3;
    const io = [0, 1, 2].map((x) => mean(outs)[x] - mean(ins)[x]);
    const tris: [number, number][][] = [];
    const add = (e: [number, number][]) => {
      const [a, b, c] = e.map(([u, v]) => mid(u, v));
      const u = [b[0] - a[0], b[1] - a[1], b[2] - a[2]],
        v = [c[0] - a[0], c[1] - a[1], c[2] - a[2]];
      const nrm = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
      const dot = nrm[0] * io[0] + nrm[1] * io[1] + nrm[2] * io[2];
      tris.push(dot >= 0 ? e : [e[0], e[2], e[1]]);
    };
    if (ins.length === 1 || outs.length === 1) {
      const [lone, others] = ins.length === 1 ? [ins[0], outs] : [outs[0], ins];
      add([
        [lone, others[0]],
        [lone, others[1]],
        [lone, others[2]],
      ]);
    } else {
      const [i1, i2] = ins,
        [o1, o2] = outs;
      add([
        [i1, o1],
        [i1, o2],
        [i2, o2],
      ]);
      add([
        [i1, o1],
        [i2, o2],
        [i2, o1],
      ]);
    }
    return tris.map((t) => t.flatMap(([a, b]) => pair(a, b)));
  }),
);

export interface SoupMesh {
  positions: Float32Array;
  faces: Uint32Array;
}

/**
 * Surface of the region f < 0 inside lo..hi on a grid of spacing `edge` (padded by two cells,
 * so the region must lie inside the box). Faces are oriented outwards; vertices are shared.
 */
export function marchTets(f: Field, lo: Vec3, hi: Vec3, edge: number): SoupMesh {
  const o: Vec3 = [lo[0] - 2 * edge, lo[1] - 2 * edge, lo[2] - 2 * edge];
  const n = [0, 1, 2].map((a) => Math.ceil((hi[a] - lo[a]) / edge) + 4);
  const [nx, ny, nz] = n;
  const sx = 1,
    sy = nx + 1,
    sz = (nx + 1) * (ny + 1);
  const total = sz * (nz + 1);
  const val = new Float64Array(total);
  for (let k = 0; k <= nz; k++)
    for (let j = 0; j <= ny; j++)
      for (let i = 0; i <= nx; i++) {
        const onBorder = i === 0 || j === 0 || k === 0 || i === nx || j === ny || k === nz;
        // The outermost layer is forced outside, so the surface is always closed.
        val[i * sx + j * sy + k * sz] = onBorder ? 1 : f(o[0] + i * edge, o[1] + j * edge, o[2] + k * edge);
      }
  const cornerOff = CORNER.map((c) => c[0] * sx + c[1] * sy + c[2] * sz);
  const dirOff = DIRS.map((d) => d[0] * sx + d[1] * sy + d[2] * sz);
  const edgeVert = new Int32Array(7 * total).fill(-1);
  let pos = new Float64Array(3 * 4096),
    np = 0;
  let tri = new Uint32Array(3 * 8192),
    nt = 0;
  // Vertex on the edge from grid point g (cube-local corner c of cube (i, j, k)) along direction d.
  const point = (g: number, i: number, j: number, k: number, c: number, d: number): number => {
    const slot = 7 * g + d;
    if (edgeVert[slot] >= 0) return edgeVert[slot];
    const v0 = val[g],
      v1 = val[g + dirOff[d]];
    const t = Math.min(1 - CLAMP, Math.max(CLAMP, v0 / (v0 - v1)));
    if (np + 1 > pos.length / 3) {
      const q = new Float64Array(pos.length * 2);
      q.set(pos);
      pos = q;
    }
    const cc = CORNER[c],
      dd = DIRS[d];
    pos[3 * np] = o[0] + (i + cc[0] + t * dd[0]) * edge;
    pos[3 * np + 1] = o[1] + (j + cc[1] + t * dd[1]) * edge;
    pos[3 * np + 2] = o[2] + (k + cc[2] + t * dd[2]) * edge;
    edgeVert[slot] = np;
    return np++;
  };
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const g0 = i * sx + j * sy + k * sz;
        let inMask = 0;
        for (let c = 0; c < 8; c++) if (val[g0 + cornerOff[c]] < 0) inMask |= 1 << c;
        if (inMask === 0 || inMask === 255) continue;
        for (let t = 0; t < 6; t++) {
          const T = TETS[t];
          const mask =
            ((inMask >> T[0]) & 1) | (((inMask >> T[1]) & 1) << 1) | (((inMask >> T[2]) & 1) << 2) | (((inMask >> T[3]) & 1) << 3);
          for (const e of CASES[t][mask]) {
            if (nt + 3 > tri.length) {
              const q = new Uint32Array(tri.length * 2);
              q.set(tri);
              tri = q;
            }
            for (let v = 0; v < 3; v++) tri[nt++] = point(g0 + cornerOff[e[2 * v]], i, j, k, e[2 * v], e[2 * v + 1]);
          }
        }
      }
  return { positions: Float32Array.from(pos.subarray(0, 3 * np)), faces: tri.slice(0, nt) };
}
