import type { Mesh } from './Mesh.ts';

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
export interface BvhOptions {
  /** Most triangles in a leaf. Default 4, range 1–64. */
  maxLeafSize?: number;
  /** SAH bins per axis. Default 16, range 2–256. */
  bins?: number;
}

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
    const maxLeaf = options.maxLeafSize ?? 4;
    const bins = options.bins ?? 16;
    if (!Number.isInteger(maxLeaf) || maxLeaf < 1 || maxLeaf > 64) throw new RangeError(`Bvh: maxLeafSize must be an integer in [1, 64], got ${maxLeaf}`);
    if (!Number.isInteger(bins) || bins < 2 || bins > 256) throw new RangeError(`Bvh: bins must be an integer in [2, 256], got ${bins}`);
    const p = mesh.positions, f = mesh.faces;
    const nv = Math.floor(p.length / 3);
    const nf = Math.floor(f.length / 3);
    this.faceCount = nf;
    for (let i = 0; i < 3 * nf; i++) {
      if (f[i] >= nv) throw new RangeError(`Bvh: face ${Math.floor(i / 3)} uses vertex ${f[i]}, but there are ${nv} vertices`);
    }
    for (let i = 0; i < 3 * nv; i++) {
      if (!Number.isFinite(p[i])) throw new RangeError(`Bvh: vertex ${Math.floor(i / 3)} has a non-finite coordinate`);
    }
    // Per-face bounds and centroids.
    const fb = new Float64Array(6 * nf);
    const cen = new Float64Array(3 * nf);
    let gx0 = Infinity, gy0 = Infinity, gz0 = Infinity, gx1 = -Infinity, gy1 = -Infinity, gz1 = -Infinity;
    for (let t = 0; t < nf; t++) {
      for (let d = 0; d < 3; d++) {
        const a = p[3 * f[3 * t] + d], b = p[3 * f[3 * t + 1] + d], c = p[3 * f[3 * t + 2] + d];
        fb[6 * t + d] = Math.min(a, b, c);
        fb[6 * t + 3 + d] = Math.max(a, b, c);
        cen[3 * t + d] = (a + b + c) / 3;
      }
      gx0 = Math.min(gx0, fb[6 * t]); gy0 = Math.min(gy0, fb[6 * t + 1]); gz0 = Math.min(gz0, fb[6 * t + 2]);
      gx1 = Math.max(gx1, fb[6 * t + 3]); gy1 = Math.max(gy1, fb[6 * t + 4]); gz1 = Math.max(gz1, fb[6 * t + 5]);
    }
    // Boxes are padded by a tiny fraction of the mesh size so rounding in the slab test can
    // never reject a triangle the exact test would hit. (Padding only costs a little pruning.)
    const pad = nf > 0 ? 1e-9 * Math.hypot(gx1 - gx0, gy1 - gy0, gz1 - gz0) + 1e-300 : 0;

    const order = new Uint32Array(nf);
    for (let i = 0; i < nf; i++) order[i] = i;
    const cap = Math.max(1, 2 * nf - 1);
    const bounds = new Float64Array(6 * cap);
    const right = new Int32Array(cap);
    const start = new Uint32Array(cap);
    const count = new Uint32Array(cap);

    const binCount = new Uint32Array(bins);
    const binBox = new Float64Array(6 * bins);
    const leftArea = new Float64Array(bins);
    const binOf = new Uint8Array(nf);

    // Iterative depth-first build: tasks are (lo, hi, parent whose right child this is or −1).
    const taskLo: number[] = [0], taskHi: number[] = [nf], taskParent: number[] = [-1];
    let nodes = 0;
    if (nf === 0) {
      taskLo.pop(); taskHi.pop(); taskParent.pop();
    }
    while (taskLo.length > 0) {
      const lo = taskLo.pop()!, hi = taskHi.pop()!, parent = taskParent.pop()!;
      const node = nodes++;
      if (parent >= 0) right[parent] = node;
      start[node] = lo;
      count[node] = hi - lo;
      let x0 = Infinity, y0 = Infinity, z0 = Infinity, x1 = -Infinity, y1 = -Infinity, z1 = -Infinity;
      let cx0 = Infinity, cy0 = Infinity, cz0 = Infinity, cx1 = -Infinity, cy1 = -Infinity, cz1 = -Infinity;
      for (let i = lo; i < hi; i++) {
        const t = order[i];
        x0 = Math.min(x0, fb[6 * t]); y0 = Math.min(y0, fb[6 * t + 1]); z0 = Math.min(z0, fb[6 * t + 2]);
        x1 = Math.max(x1, fb[6 * t + 3]); y1 = Math.max(y1, fb[6 * t + 4]); z1 = Math.max(z1, fb[6 * t + 5]);
        const cx = cen[3 * t], cy = cen[3 * t + 1], cz = cen[3 * t + 2];
        if (cx < cx0) cx0 = cx;
        if (cx > cx1) cx1 = cx;
        if (cy < cy0) cy0 = cy;
        if (cy > cy1) cy1 = cy;
        if (cz < cz0) cz0 = cz;
        if (cz > cz1) cz1 = cz;
      }
      const o = 6 * node;
      bounds[o] = x0 - pad; bounds[o + 1] = y0 - pad; bounds[o + 2] = z0 - pad;
      bounds[o + 3] = x1 + pad; bounds[o + 4] = y1 + pad; bounds[o + 5] = z1 + pad;
      const n = hi - lo;
      if (n <= maxLeaf) {
        right[node] = -1;
        continue;
      }
      // Binned SAH over the three axes: cost of a split = nL·area(L) + nR·area(R).
      let bestCost = Infinity, bestAxis = -1, bestBin = -1;
      const cmin = [cx0, cy0, cz0], cext = [cx1 - cx0, cy1 - cy0, cz1 - cz0];
      for (let axis = 0; axis < 3; axis++) {
        if (!(cext[axis] > 0)) continue;
        const k = bins / cext[axis];
        binCount.fill(0);
        for (let b = 0; b < bins; b++) {
          binBox[6 * b] = binBox[6 * b + 1] = binBox[6 * b + 2] = Infinity;
          binBox[6 * b + 3] = binBox[6 * b + 4] = binBox[6 * b + 5] = -Infinity;
        }
        for (let i = lo; i < hi; i++) {
          const t = order[i];
          const b = Math.min(bins - 1, Math.floor((cen[3 * t + axis] - cmin[axis]) * k));
          binCount[b]++;
          const q = 6 * b;
          for (let d = 0; d < 3; d++) {
            if (fb[6 * t + d] < binBox[q + d]) binBox[q + d] = fb[6 * t + d];
            if (fb[6 * t + 3 + d] > binBox[q + 3 + d]) binBox[q + 3 + d] = fb[6 * t + 3 + d];
          }
        }
        // Sweep from the left: leftArea[b] = area of bins 0..b; then from the right.
        let lx0 = Infinity, ly0 = Infinity, lz0 = Infinity, lx1 = -Infinity, ly1 = -Infinity, lz1 = -Infinity;
        for (let b = 0; b < bins; b++) {
          const q = 6 * b;
          lx0 = Math.min(lx0, binBox[q]); ly0 = Math.min(ly0, binBox[q + 1]); lz0 = Math.min(lz0, binBox[q + 2]);
          lx1 = Math.max(lx1, binBox[q + 3]); ly1 = Math.max(ly1, binBox[q + 4]); lz1 = Math.max(lz1, binBox[q + 5]);
          leftArea[b] = boxArea(lx0, ly0, lz0, lx1, ly1, lz1);
        }
        let rx0 = Infinity, ry0 = Infinity, rz0 = Infinity, rx1 = -Infinity, ry1 = -Infinity, rz1 = -Infinity;
        let nR = 0, nL = n;
        for (let b = bins - 1; b > 0; b--) {
          const q = 6 * b;
          rx0 = Math.min(rx0, binBox[q]); ry0 = Math.min(ry0, binBox[q + 1]); rz0 = Math.min(rz0, binBox[q + 2]);
          rx1 = Math.max(rx1, binBox[q + 3]); ry1 = Math.max(ry1, binBox[q + 4]); rz1 = Math.max(rz1, binBox[q + 5]);
          nR += binCount[b];
          nL -= binCount[b];
          if (nR === 0 || nL === 0) continue;
          const cost = nL * leftArea[b - 1] + nR * boxArea(rx0, ry0, rz0, rx1, ry1, rz1);
          if (cost < bestCost) {
            bestCost = cost;
            bestAxis = axis;
            bestBin = b - 1; // left = bins 0..bestBin
          }
        }
      }
      let mid: number;
      if (bestAxis < 0) {
        // All centroids coincide: any split is as good; halve the range so the build ends.
        mid = (lo + hi) >>> 1;
      } else {
        const k = bins / cext[bestAxis];
        for (let i = lo; i < hi; i++) {
          const t = order[i];
          binOf[i] = Math.min(bins - 1, Math.floor((cen[3 * t + bestAxis] - cmin[bestAxis]) * k));
        }
        let i = lo, j = hi - 1;
        while (i <= j) {
          if (binOf[i] <= bestBin) i++;
          else {
            const t = order[i]; order[i] = order[j]; order[j] = t;
            const b = binOf[i]; binOf[i] = binOf[j]; binOf[j] = b;
            j--;
          }
        }
        mid = i;
      }
      // Right task first, so the left child is built next and gets index node + 1.
      taskLo.push(mid); taskHi.push(hi); taskParent.push(node);
      taskLo.push(lo); taskHi.push(mid); taskParent.push(-1);
    }
    this.nodeCount = nodes;
    this.bounds = bounds;
    this.right = right;
    this.start = start;
    this.count = count;
    this.faceOrder = order;
    const tri = new Float64Array(9 * nf);
    for (let s = 0; s < nf; s++) {
      const t = order[s];
      for (let v = 0; v < 3; v++) {
        const vi = 3 * f[3 * t + v];
        tri[9 * s + 3 * v] = p[vi];
        tri[9 * s + 3 * v + 1] = p[vi + 1];
        tri[9 * s + 3 * v + 2] = p[vi + 2];
      }
    }
    this.tri = tri;
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
    const bounds = this.bounds, right = this.right, start = this.start, count = this.count, tri = this.tri;
    const cp = this.cp;
    let stack = this.stack;
    let best = Infinity, bestSlot = -1, bx = NaN, by = NaN, bz = NaN;
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
              bx = cp[0]; by = cp[1]; bz = cp[2];
            }
          }
        } else {
          if (sp + 2 > stack.length) stack = this.growStack();
          const dl = boxDist2(bounds, node + 1, x, y, z), dr = boxDist2(bounds, r, x, y, z);
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
    out[0] = bx; out[1] = by; out[2] = bz; out[3] = best;
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
    if (!(len > 0) || !Number.isFinite(len)) throw new RangeError(`Bvh.rayHits: direction must be non-zero and finite, got (${dir[0]}, ${dir[1]}, ${dir[2]})`);
    const ox = +origin[0], oy = +origin[1], oz = +origin[2];
    const dx = dir[0] / len, dy = dir[1] / len, dz = dir[2] / len;
    // Ray space: kz = axis of largest |dir|; shear so the ray becomes the +kz axis.
    const ax = Math.abs(dx), ay = Math.abs(dy), az = Math.abs(dz);
    const kz = ax > ay ? (ax > az ? 0 : 2) : ay > az ? 1 : 2;
    const kx = kz === 2 ? 0 : kz + 1;
    const ky = kz === 0 ? 2 : kz === 1 ? 0 : 1;
    const dv = [dx, dy, dz], ov = [ox, oy, oz];
    const sx = dv[kx] / dv[kz], sy = dv[ky] / dv[kz], sz = 1 / dv[kz];
    const okx = ov[kx], oky = ov[ky], okz = ov[kz];
    const bounds = this.bounds, right = this.right, start = this.start, count = this.count, tri = this.tri;
    const ix = 1 / dx, iy = 1 / dy, iz = 1 / dz;
    let stack = this.stack;
    let hits = 0;
    if (this.faceCount === 0) return 0;
    let sp = 0;
    stack[sp++] = 0;
    while (sp > 0) {
      const node = stack[--sp];
      // Slab test over t ∈ [0, ∞); an axis with zero direction only checks containment.
      const o = 6 * node;
      let t0 = 0, t1 = Infinity;
      if (dx !== 0) {
        const a = (bounds[o] - ox) * ix, b = (bounds[o + 3] - ox) * ix;
        t0 = Math.max(t0, Math.min(a, b)); t1 = Math.min(t1, Math.max(a, b));
      } else if (ox < bounds[o] || ox > bounds[o + 3]) continue;
      if (dy !== 0) {
        const a = (bounds[o + 1] - oy) * iy, b = (bounds[o + 4] - oy) * iy;
        t0 = Math.max(t0, Math.min(a, b)); t1 = Math.min(t1, Math.max(a, b));
      } else if (oy < bounds[o + 1] || oy > bounds[o + 4]) continue;
      if (dz !== 0) {
        const a = (bounds[o + 2] - oz) * iz, b = (bounds[o + 5] - oz) * iz;
        t0 = Math.max(t0, Math.min(a, b)); t1 = Math.min(t1, Math.max(a, b));
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
    const bounds = this.bounds, right = this.right, start = this.start, count = this.count, tri = this.tri;
    let stack = this.stack;
    let above = 0, below = 0;
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

function boxArea(x0: number, y0: number, z0: number, x1: number, y1: number, z1: number): number {
  const ex = x1 - x0, ey = y1 - y0, ez = z1 - z0;
  return ex * ey + ey * ez + ez * ex;
}

/** Squared distance from a point to node `node`'s box (0 inside). */
function boxDist2(b: Float64Array, node: number, x: number, y: number, z: number): number {
  const o = 6 * node;
  let d = 0, t = b[o] - x;
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

/**
 * Sign of the 2-D edge function E(P, Q) = Px·Qy − Py·Qx of directed edge P→Q at the origin,
 * with E = 0 resolved by moving the origin to (ε, ε²): E then becomes
 * E + ε(Py − Qy) + ε²(Qx − Px). Reversing the edge negates every term, so the two triangles
 * on a shared edge always get opposite signs. 0 only for a zero-length projected edge.
 */
function edgeSign(e: number, px: number, py: number, qx: number, qy: number): number {
  if (e > 0) return 1;
  if (e < 0) return -1;
  let d = py - qy;
  if (d !== 0) return d > 0 ? 1 : -1;
  d = qx - px;
  return d > 0 ? 1 : d < 0 ? -1 : 0;
}

/**
 * Watertight ray/line–triangle test (Woop et al. 2013) in ray space. The ray runs from
 * (okx, oky, okz) (coordinates permuted to kx, ky, kz) along +kz after the shear
 * x' = x − sx·z, y' = y − sy·z; sz = 1 / dir[kz]. Returns the ray parameter of the hit
 * (any sign: the line is tested), or NaN when the line misses the triangle.
 */
function shearedHit(
  tri: Float64Array, o: number, kx: number, ky: number, kz: number,
  okx: number, oky: number, okz: number, sx: number, sy: number, sz: number,
): number {
  const az = tri[o + kz] - okz, bz = tri[o + 3 + kz] - okz, cz = tri[o + 6 + kz] - okz;
  const ax = tri[o + kx] - okx - sx * az, ay = tri[o + ky] - oky - sy * az;
  const bx = tri[o + 3 + kx] - okx - sx * bz, by = tri[o + 3 + ky] - oky - sy * bz;
  const cx = tri[o + 6 + kx] - okx - sx * cz, cy = tri[o + 6 + ky] - oky - sy * cz;
  const u = bx * cy - by * cx; // E(B, C): weight of A
  const v = cx * ay - cy * ax; // E(C, A): weight of B
  const w = ax * by - ay * bx; // E(A, B): weight of C
  const su = edgeSign(u, bx, by, cx, cy);
  if (su === 0) return NaN;
  if (edgeSign(v, cx, cy, ax, ay) !== su) return NaN;
  if (edgeSign(w, ax, ay, bx, by) !== su) return NaN;
  const det = u + v + w;
  if (det === 0) return NaN;
  return ((u * az + v * bz + w * cz) * sz) / det;
}

/**
 * Closest point on triangle (tri[o..o+8]) to p (Ericson, Real-Time Collision Detection §5.1.5,
 * by Voronoi regions). Writes it to out[0..2] and returns the squared distance. Degenerate
 * (collinear) triangles fall back to the nearest of the three edges.
 */
function closestOnTriangle(tri: Float64Array, o: number, px: number, py: number, pz: number, out: Float64Array): number {
  const ax = tri[o], ay = tri[o + 1], az = tri[o + 2];
  const bx = tri[o + 3], by = tri[o + 4], bz = tri[o + 5];
  const cx = tri[o + 6], cy = tri[o + 7], cz = tri[o + 8];
  const abx = bx - ax, aby = by - ay, abz = bz - az;
  const acx = cx - ax, acy = cy - ay, acz = cz - az;
  const apx = px - ax, apy = py - ay, apz = pz - az;
  let qx: number, qy: number, qz: number;
  const d1 = abx * apx + aby * apy + abz * apz;
  const d2 = acx * apx + acy * apy + acz * apz;
  const bpx = px - bx, bpy = py - by, bpz = pz - bz;
  const d3 = abx * bpx + aby * bpy + abz * bpz;
  const d4 = acx * bpx + acy * bpy + acz * bpz;
  const cpx = px - cx, cpy = py - cy, cpz = pz - cz;
  const d5 = abx * cpx + aby * cpy + abz * cpz;
  const d6 = acx * cpx + acy * cpy + acz * cpz;
  const vc = d1 * d4 - d3 * d2;
  const vb = d5 * d2 - d1 * d6;
  const va = d3 * d6 - d5 * d4;
  if (d1 <= 0 && d2 <= 0) {
    qx = ax; qy = ay; qz = az; // vertex A
  } else if (d3 >= 0 && d4 <= d3) {
    qx = bx; qy = by; qz = bz; // vertex B
  } else if (vc <= 0 && d1 >= 0 && d3 <= 0) {
    const v = d1 / (d1 - d3); // edge AB
    qx = ax + v * abx; qy = ay + v * aby; qz = az + v * abz;
  } else if (d6 >= 0 && d5 <= d6) {
    qx = cx; qy = cy; qz = cz; // vertex C
  } else if (vb <= 0 && d2 >= 0 && d6 <= 0) {
    const w = d2 / (d2 - d6); // edge AC
    qx = ax + w * acx; qy = ay + w * acy; qz = az + w * acz;
  } else if (va <= 0 && d4 - d3 >= 0 && d5 - d6 >= 0) {
    const w = (d4 - d3) / (d4 - d3 + (d5 - d6)); // edge BC
    qx = bx + w * (cx - bx); qy = by + w * (cy - by); qz = bz + w * (cz - bz);
  } else {
    const den = va + vb + vc;
    if (!(den > 0) || !Number.isFinite(1 / den)) return closestOnEdges(ax, ay, az, bx, by, bz, cx, cy, cz, px, py, pz, out);
    const v = vb / den, w = vc / den; // interior
    qx = ax + abx * v + acx * w; qy = ay + aby * v + acy * w; qz = az + abz * v + acz * w;
  }
  if (!Number.isFinite(qx) || !Number.isFinite(qy) || !Number.isFinite(qz)) {
    return closestOnEdges(ax, ay, az, bx, by, bz, cx, cy, cz, px, py, pz, out);
  }
  out[0] = qx; out[1] = qy; out[2] = qz;
  const ex = px - qx, ey = py - qy, ez = pz - qz;
  return ex * ex + ey * ey + ez * ez;
}

/** Nearest point on the three edges of a (degenerate) triangle. */
function closestOnEdges(
  ax: number, ay: number, az: number, bx: number, by: number, bz: number, cx: number, cy: number, cz: number,
  px: number, py: number, pz: number, out: Float64Array,
): number {
  let best = Infinity;
  for (let e = 0; e < 3; e++) {
    const sx = e === 0 ? ax : e === 1 ? bx : cx, sy = e === 0 ? ay : e === 1 ? by : cy, sz = e === 0 ? az : e === 1 ? bz : cz;
    const tx = e === 0 ? bx : e === 1 ? cx : ax, ty = e === 0 ? by : e === 1 ? cy : ay, tz = e === 0 ? bz : e === 1 ? cz : az;
    const ux = tx - sx, uy = ty - sy, uz = tz - sz;
    const l2 = ux * ux + uy * uy + uz * uz;
    let u = l2 > 0 ? ((px - sx) * ux + (py - sy) * uy + (pz - sz) * uz) / l2 : 0;
    u = u < 0 ? 0 : u > 1 ? 1 : u;
    const qx = sx + u * ux, qy = sy + u * uy, qz = sz + u * uz;
    const d2 = (px - qx) ** 2 + (py - qy) ** 2 + (pz - qz) ** 2;
    if (d2 < best) {
      best = d2;
      out[0] = qx; out[1] = qy; out[2] = qz;
    }
  }
  return best;
}
