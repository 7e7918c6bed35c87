import type { Mesh } from './Mesh.ts';
import { buildBvh, type BvhOptions } from './bvhBuild.ts';
import { closestOnTriangle } from './closestOnTriangle.ts';
import { shearedHit } from './rayTriangle.ts';

export type { BvhOptions } from './bvhBuild.ts';

/**
 * Bounding-volume hierarchy over the triangles of a mesh, on flat typed arrays, for closest-
 * point / unsigned-distance queries, ray casting and the inside tests (the role of Open3D's
 * `RaycastingScene`, trimesh's `ProximityQuery` + ray intersector).
 *
 * Build: top-down binned surface-area heuristic (Wald 2007) over triangle centroids; nodes are
 * stored in depth-first order, so the left child of node i is i + 1. Every node (leaf or not)
 * owns the contiguous slot range [start, start + count) of the triangles below it; the
 * triangles' vertices are copied in slot order as float64 (exact: the mesh is float32).
 *
 * Ray/line–triangle test: the watertight algorithm of Woop, Benthin & Wald (JCGT 2013)
 * — shear the triangle into ray space, then 2-D edge functions — with ties (the ray meeting an
 * edge or vertex exactly) broken by symbolic perturbation of the ray origin (Edelsbrunner &
 * Mücke's simulation of simplicity, perturbation (ε, ε²) in the projected plane). An edge
 * shared by two triangles gets exactly opposite edge functions in both, so a ray through an
 * edge or vertex of a closed, edge-manifold surface is counted exactly once per crossing; it
 * never slips through a crack nor counts twice. Ray parity is therefore exact on such meshes.
 */
/** Closest point of a mesh to a query. */
export interface ClosestPoint {
  /** Euclidean distance, mesh units. */
  distance: number;
  point: [number, number, number];
  /** Original index of a face the point lies on (when several faces are equally close, which
   *  one is reported depends on the tree). */
  face: number;
}

export class Bvh {
  readonly faceCount: number;
  /** Number of nodes in use. */
  readonly nodeCount: number;
  /** Per node: box min xyz, max xyz (length 6·capacity), padded slightly outward. */
  readonly bounds: Float64Array;
  /** Per node: right child, −1 for a leaf (left child = node + 1). */
  readonly right: Int32Array;
  /** Per node: first triangle slot and number of slots below it. */
  readonly start: Uint32Array;
  readonly count: Uint32Array;
  /** Original face index of each slot. */
  readonly faceOrder: Uint32Array;
  /** Vertices a, b, c of each slot's triangle, xyz each (length 9·faceCount), mesh units. */
  readonly tri: Float64Array;
  // Query scratch.
  private stack: Int32Array = new Int32Array(128);
  private hitsBuf = new Float64Array(16);
  private readonly cp = new Float64Array(3);

  /**
   * @param mesh triangle mesh; faces with repeated or collinear vertices are allowed (they are
   *   never hit by a ray and behave as segments for closest points). Not kept.
   * @param options see {@link BvhOptions}.
   * @throws RangeError for a face index out of range or a non-finite vertex coordinate.
   */
  constructor(mesh: Mesh, options: BvhOptions = {}) {
    const n = buildBvh(mesh, options);
    this.faceCount = n.faceCount;
    this.nodeCount = n.nodeCount;
    this.bounds = n.bounds;
    this.right = n.right;
    this.start = n.start;
    this.count = n.count;
    this.faceOrder = n.faceOrder;
    this.tri = n.tri;
  }

  private growStack(): Int32Array {
    const s2 = new Int32Array(2 * this.stack.length);
    s2.set(this.stack);
    return (this.stack = s2);
  }

  /**
   * Closest point of the mesh surface to (x, y, z), exact (Ericson's point–triangle test).
   * @returns distance (mesh units), the point, and the original face index; for an empty mesh
   *   distance Infinity and face −1.
   */
  closestPoint(x: number, y: number, z: number): ClosestPoint {
    const out = new Float64Array(4);
    const face = this.closestPointInto(x, y, z, out);
    return { distance: Math.sqrt(out[3]), point: [out[0], out[1], out[2]], face };
  }

  /**
   * Allocation-free closest point: writes point xyz to out[0..2] and the squared distance to
   * out[3]; returns the original face index (−1 for an empty mesh).
   */
  closestPointInto(x: number, y: number, z: number, out: Float64Array): number {
    const bounds = this.bounds,
      right = this.right,
      start = this.start,
      count = this.count,
      tri = this.tri;
    const cp = this.cp;
    let stack = this.stack;
    let best = Infinity,
      bestSlot = -1,
      bx = NaN,
      by = NaN,
      bz = NaN;
    if (this.faceCount > 0) {
      let sp = 0;
      stack[sp++] = 0;
      while (sp > 0) {
        const node = stack[--sp];
        if (boxDist2(bounds, node, x, y, z) >= best) continue;
        const r = right[node];
        if (r < 0) {
          for (let s = start[node], e = s + count[node]; s < e; s++) {
            const d2 = closestOnTriangle(tri, 9 * s, x, y, z, cp);
            if (d2 < best) {
              best = d2;
              bestSlot = s;
              bx = cp[0];
              by = cp[1];
              bz = cp[2];
            }
          }
        } else {
          if (sp + 2 > stack.length) stack = this.growStack();
          const dl = boxDist2(bounds, node + 1, x, y, z),
            dr = boxDist2(bounds, r, x, y, z);
          // Nearer child on top of the stack.
          if (dl <= dr) {
            if (dr < best) stack[sp++] = r;
            if (dl < best) stack[sp++] = node + 1;
          } else {
            if (dl < best) stack[sp++] = node + 1;
            if (dr < best) stack[sp++] = r;
          }
        }
      }
    }
    out[0] = bx;
    out[1] = by;
    out[2] = bz;
    out[3] = best;
    return bestSlot < 0 ? -1 : this.faceOrder[bestSlot];
  }

  /**
   * Unsigned distance from each query point to the surface (mesh units).
   * @param points xyz per query (length 3·Q).
   * @param outFace optional, receives the original index of the closest face per query.
   */
  unsignedDistances(points: ArrayLike<number>, outFace?: Uint32Array | Int32Array): Float64Array {
    const nq = Math.floor(points.length / 3);
    const out = new Float64Array(nq);
    const tmp = new Float64Array(4);
    for (let q = 0; q < nq; q++) {
      const face = this.closestPointInto(points[3 * q], points[3 * q + 1], points[3 * q + 2], tmp);
      out[q] = Math.sqrt(tmp[3]);
      if (outFace) outFace[q] = face;
    }
    return out;
  }

  /**
   * Distances from `origin` along `dir` at which the ray crosses the surface, ascending.
   * Only hits strictly ahead of the origin (distance > 0) count. Faces are hit from both sides.
   *
   * @param origin ray start, mesh units.
   * @param dir direction, any non-zero length (normalised internally).
   * @returns hit distances in mesh units (a new array).
   */
  rayHits(origin: ArrayLike<number>, dir: ArrayLike<number>): Float64Array {
    const n = this.castRay(origin, dir, false);
    return this.hitsBuf.slice(0, n).sort();
  }

  /** Number of crossings of the ray (origin, dir) with the surface; see {@link rayHits}. */
  rayHitCount(origin: ArrayLike<number>, dir: ArrayLike<number>): number {
    return this.castRay(origin, dir, true);
  }

  /** Casts one ray; fills hitsBuf with distances unless countOnly; returns the hit count. */
  private castRay(origin: ArrayLike<number>, dir: ArrayLike<number>, countOnly: boolean): number {
    const len = Math.hypot(dir[0], dir[1], dir[2]);
    if (!(len > 0) || !Number.isFinite(len))
      throw new RangeError(`Bvh.rayHits: direction must be non-zero and finite, got (${dir[0]}, ${dir[1]}, ${dir[2]})`);
    const ox = +origin[0],
      oy = +origin[1],
      oz = +origin[2];
    const dx = dir[0] / len,
      dy = dir[1] / len,
      dz = dir[2] / len;
    // Ray space: kz = axis of largest |dir|; shear so the ray becomes the +kz axis.
    const ax = Math.abs(dx),
      ay = Math.abs(dy),
      az = Math.abs(dz);
    const kz = ax > ay ? (ax > az ? 0 : 2) : ay > az ? 1 : 2;
    const kx = kz === 2 ? 0 : kz + 1;
    const ky = kz === 0 ? 2 : kz === 1 ? 0 : 1;
    const dv = [dx, dy, dz],
      ov = [ox, oy, oz];
    const sx = dv[kx] / dv[kz],
      sy = dv[ky] / dv[kz],
      sz = 1 / dv[kz];
    const okx = ov[kx],
      oky = ov[ky],
      okz = ov[kz];
    const bounds = this.bounds,
      right = this.right,
      start = this.start,
      count = this.count,
      tri = this.tri;
    const ix = 1 / dx,
      iy = 1 / dy,
      iz = 1 / dz;
    let stack = this.stack;
    let hits = 0;
    if (this.faceCount === 0) return 0;
    let sp = 0;
    stack[sp++] = 0;
    while (sp > 0) {
      const node = stack[--sp];
      // Slab test over t ∈ [0, ∞); an axis with zero direction only checks containment.
      const o = 6 * node;
      let t0 = 0,
        t1 = Infinity;
      if (dx !== 0) {
        const a = (bounds[o] - ox) * ix,
          b = (bounds[o + 3] - ox) * ix;
        t0 = Math.max(t0, Math.min(a, b));
        t1 = Math.min(t1, Math.max(a, b));
      } else if (ox < bounds[o] || ox > bounds[o + 3]) continue;
      if (dy !== 0) {
        const a = (bounds[o + 1] - oy) * iy,
          b = (bounds[o + 4] - oy) * iy;
        t0 = Math.max(t0, Math.min(a, b));
        t1 = Math.min(t1, Math.max(a, b));
      } else if (oy < bounds[o + 1] || oy > bounds[o + 4]) continue;
      if (dz !== 0) {
        const a = (bounds[o + 2] - oz) * iz,
          b = (bounds[o + 5] - oz) * iz;
        t0 = Math.max(t0, Math.min(a, b));
        t1 = Math.min(t1, Math.max(a, b));
      } else if (oz < bounds[o + 2] || oz > bounds[o + 5]) continue;
      if (t0 > t1) continue;
      const r = right[node];
      if (r >= 0) {
        if (sp + 2 > stack.length) stack = this.growStack();
        stack[sp++] = r;
        stack[sp++] = node + 1;
        continue;
      }
      for (let s = start[node], e = s + count[node]; s < e; s++) {
        const t = shearedHit(tri, 9 * s, kx, ky, kz, okx, oky, okz, sx, sy, sz);
        if (t > 0) {
          if (!countOnly) {
            if (hits === this.hitsBuf.length) {
              const h2 = new Float64Array(2 * hits);
              h2.set(this.hitsBuf);
              this.hitsBuf = h2;
            }
            this.hitsBuf[hits] = t;
          }
          hits++;
        }
      }
    }
    return hits;
  }

  /**
   * Crossings of the vertical line through (x, y, z) with the surface, split by side: writes
   * the number strictly above (z_hit > z) to out[0] and strictly below to out[1]. A hit exactly
   * at z counts on neither side. This is the query of ONet's ray-parity inside test.
   */
  zLineCrossings(x: number, y: number, z: number, out: Int32Array | Uint32Array): void {
    const bounds = this.bounds,
      right = this.right,
      start = this.start,
      count = this.count,
      tri = this.tri;
    let stack = this.stack;
    let above = 0,
      below = 0;
    if (this.faceCount > 0) {
      let sp = 0;
      stack[sp++] = 0;
      while (sp > 0) {
        const node = stack[--sp];
        const o = 6 * node;
        if (x < bounds[o] || x > bounds[o + 3] || y < bounds[o + 1] || y > bounds[o + 4]) continue;
        const r = right[node];
        if (r >= 0) {
          if (sp + 2 > stack.length) stack = this.growStack();
          stack[sp++] = r;
          stack[sp++] = node + 1;
          continue;
        }
        for (let s = start[node], e = s + count[node]; s < e; s++) {
          // Ray space of the +z axis: no shear (sx = sy = 0, sz = 1).
          const t = shearedHit(tri, 9 * s, 0, 1, 2, x, y, z, 0, 0, 1);
          if (t > 0) above++;
          else if (t < 0) below++;
        }
      }
    }
    out[0] = above;
    out[1] = below;
  }
}

/** Squared distance from a point to node `node`'s box (0 inside). */
function boxDist2(b: Float64Array, node: number, x: number, y: number, z: number): number {
  const o = 6 * node;
  let d = 0,
    t = b[o] - x;
  if (t > 0) d += t * t;
  else if ((t = x - b[o + 3]) > 0) d += t * t;
  t = b[o + 1] - y;
  if (t > 0) d += t * t;
  else if ((t = y - b[o + 4]) > 0) d += t * t;
  t = b[o + 2] - z;
  if (t > 0) d += t * t;
  else if ((t = z - b[o + 5]) > 0) d += t * t;
  return d;
}
