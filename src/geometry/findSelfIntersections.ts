/**
 * Self-intersections of a triangle mesh (what `checkMesh` counts with `selfIntersections: true`;
 * the terms are meshChecks.ts's).
 */
import type { Mesh } from './Mesh.ts';
import {
  triangleDegenerate,
  trianglesIntersect,
  trianglesIntersectSharingVertex,
  trianglesOverlapSharingEdge,
} from './triangleIntersection.ts';

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
