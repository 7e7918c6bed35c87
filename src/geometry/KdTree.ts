/**
 * Static k-d tree over 3-D points for nearest-neighbour, k-nearest and fixed-radius queries
 * (the role of Open3D's `KDTreeFlann` / nanoflann).
 *
 * Build: see kdTreeBuild.ts (median splits on the axis of largest extent, tight node boxes).
 *
 * Distances: squared Euclidean distances are computed in double precision as
 * dx·dx + dy·dy + dz·dz with d = point − query (points stored as float32, queries as given).
 * Ties are broken by the smaller original index, so results are fully deterministic and equal
 * to a brute-force sort by (distance², index).
 */
import { buildKdTree, type KdTreeOptions } from './kdTreeBuild.ts';

export type { KdTreeOptions } from './kdTreeBuild.ts';

/** Result of a batched k-nearest query. */
export interface KnnResult {
  /** k original point indices per query, nearest first (length Q·k). */
  indices: Uint32Array;
  /** Matching squared distances (length Q·k), input units². */
  dist2: Float32Array;
}

/** Fixed-radius neighbours of many queries, in compressed-row form. */
export interface RadiusResult {
  /** Neighbours of query q are `indices[offsets[q] .. offsets[q + 1])` (length Q + 1). */
  offsets: Uint32Array;
  /** Original point indices, ascending within each query. */
  indices: Uint32Array;
}

type Coords = ArrayLike<number>;

export class KdTree {
  /** Number of points. */
  readonly size: number;
  readonly leafSize: number;
  /** Points in tree order, xyz (length 3·size). */
  private readonly pts: Float32Array;
  /** Original index of each tree slot. */
  private readonly ids: Uint32Array;
  /** Per node: right child, or −1 for a leaf (the left child is always node + 1). */
  private readonly right: Int32Array;
  /** Per node: first slot and one past the last slot of its points. */
  private readonly lo: Uint32Array;
  private readonly hi: Uint32Array;
  /** Per internal node: split axis (0, 1, 2) and the median coordinate on it. */
  private readonly dim: Uint8Array;
  private readonly split: Float32Array;
  /** Per node: tight box min xyz, max xyz (exact point coordinates). */
  private readonly box: Float32Array;
  // Query scratch, grown on demand.
  private stack = new Int32Array(256);
  private bestD = new Float64Array(16);
  private bestI = new Uint32Array(16);
  private buf = new Uint32Array(64);

  /**
   * @param positions xyz per point (length 3·N, N ≥ 0), any units; copied, not kept.
   * @param options see {@link KdTreeOptions}.
   */
  constructor(positions: Coords, options: KdTreeOptions = {}) {
    const t = buildKdTree(positions, options);
    this.size = t.size;
    this.leafSize = t.leafSize;
    this.pts = t.pts;
    this.ids = t.ids;
    this.right = t.right;
    this.lo = t.lo;
    this.hi = t.hi;
    this.dim = t.dim;
    this.split = t.split;
    this.box = t.box;
  }

  private ensureScratch(k: number): void {
    if (this.bestD.length < k) {
      this.bestD = new Float64Array(k);
      this.bestI = new Uint32Array(k);
    }
  }

  /**
   * The k nearest points to (x, y, z), nearest first, ties by smaller index.
   *
   * @param k number of neighbours wanted, integer ≥ 0; fewer are returned when size < k.
   * @param outIdx receives the original indices (length ≥ min(k, size)).
   * @param outDist2 receives the squared distances, input units².
   * @returns the number of neighbours written, min(k, size).
   */
  knn(x: number, y: number, z: number, k: number, outIdx: Uint32Array | Int32Array, outDist2: Float64Array | Float32Array): number {
    if (!Number.isInteger(k) || k < 0) throw new RangeError(`KdTree.knn: k must be a non-negative integer, got ${k}`);
    const kk = Math.min(k, this.size);
    if (kk === 0) return 0;
    this.ensureScratch(kk);
    const count = this.search(x, y, z, kk);
    const bd = this.bestD,
      bi = this.bestI;
    for (let i = 0; i < count; i++) {
      outIdx[i] = bi[i];
      outDist2[i] = bd[i];
    }
    return count;
  }

  /** Core k-NN search; leaves the sorted result in bestD/bestI and returns its length. */
  private search(x: number, y: number, z: number, k: number): number {
    const p = this.pts,
      ids = this.ids,
      box = this.box,
      right = this.right,
      lo = this.lo,
      hi = this.hi;
    const dim = this.dim,
      split = this.split;
    const bd = this.bestD,
      bi = this.bestI;
    let stack = this.stack;
    let count = 0;
    let worstD = Infinity,
      worstI = 0xffffffff;
    let sp = 0;
    let node = 0;
    for (;;) {
      // Descend to the leaf on the query's side, deferring the far children.
      let r: number;
      while ((r = right[node]) >= 0) {
        if (sp === stack.length) {
          const s2 = new Int32Array(2 * stack.length);
          s2.set(stack);
          this.stack = stack = s2;
        }
        const dd = dim[node];
        const q = dd === 0 ? x : dd === 1 ? y : z;
        if (q < split[node]) {
          stack[sp++] = r;
          node = node + 1;
        } else {
          stack[sp++] = node + 1;
          node = r;
        }
      }
      for (let s = lo[node], e = hi[node]; s < e; s++) {
        const dx = p[3 * s] - x,
          dy = p[3 * s + 1] - y,
          dz = p[3 * s + 2] - z;
        const d2 = dx * dx + dy * dy + dz * dz;
        if (count === k && (d2 > worstD || (d2 === worstD && ids[s] > worstI))) continue;
        const id = ids[s];
        let j = count < k ? count++ : k - 1;
        while (j > 0 && (bd[j - 1] > d2 || (bd[j - 1] === d2 && bi[j - 1] > id))) {
          bd[j] = bd[j - 1];
          bi[j] = bi[j - 1];
          j--;
        }
        bd[j] = d2;
        bi[j] = id;
        if (count === k) {
          worstD = bd[k - 1];
          worstI = bi[k - 1];
        }
      }
      // Next deferred node whose box may still hold a better point.
      node = -1;
      while (sp > 0) {
        const c = stack[--sp];
        if (count < k) {
          node = c;
          break;
        }
        const o = 6 * c;
        let d = 0,
          t = box[o] - x;
        if (t > 0) d += t * t;
        else if ((t = x - box[o + 3]) > 0) d += t * t;
        t = box[o + 1] - y;
        if (t > 0) d += t * t;
        else if ((t = y - box[o + 4]) > 0) d += t * t;
        t = box[o + 2] - z;
        if (t > 0) d += t * t;
        else if ((t = z - box[o + 5]) > 0) d += t * t;
        // Equal distance cannot be pruned: a tie with a smaller index may lie there.
        if (d <= worstD) {
          node = c;
          break;
        }
      }
      if (node < 0) return count;
    }
  }

  /**
   * k nearest neighbours of many queries.
   *
   * @param queries xyz per query (length 3·Q).
   * @param k neighbours per query, integer in [1, size].
   */
  knnAll(queries: Coords, k: number): KnnResult {
    if (!Number.isInteger(k) || k < 1 || k > this.size)
      throw new RangeError(`KdTree.knnAll: k must be an integer in [1, ${this.size}], got ${k}`);
    const nq = Math.floor(queries.length / 3);
    const indices = new Uint32Array(nq * k);
    const dist2 = new Float32Array(nq * k);
    this.ensureScratch(k);
    const bd = this.bestD,
      bi = this.bestI;
    const order = this.coherentOrder(queries, nq);
    for (let qi = 0; qi < nq; qi++) {
      const q = order ? order[qi] : qi;
      this.search(queries[3 * q], queries[3 * q + 1], queries[3 * q + 2], k);
      const o = q * k;
      for (let i = 0; i < k; i++) {
        indices[o + i] = bi[i];
        dist2[o + i] = bd[i];
      }
    }
    return { indices, dist2 };
  }

  /**
   * A visiting order for many queries in which consecutive queries are close in space (Morton
   * order over the tree's bounding box), so the tree nodes and points they touch stay in cache.
   * Results do not depend on the order. Returns null when there are too few queries to gain.
   */
  private coherentOrder(queries: Coords, nq: number): Uint32Array | null {
    if (nq < 4096 || nq >= 1 << 22 || this.size < 4096) return null;
    const b = this.box;
    const sx = 1023 / Math.max(b[3] - b[0], 1e-30),
      sy = 1023 / Math.max(b[4] - b[1], 1e-30),
      sz = 1023 / Math.max(b[5] - b[2], 1e-30);
    // key = Morton code (30 bits) · 2^22 + query index: exact in a double, sorts by code then index.
    const keys = new Float64Array(nq);
    for (let q = 0; q < nq; q++) {
      const ix = clamp1023((queries[3 * q] - b[0]) * sx);
      const iy = clamp1023((queries[3 * q + 1] - b[1]) * sy);
      const iz = clamp1023((queries[3 * q + 2] - b[2]) * sz);
      const code = (spread10(ix) | (spread10(iy) << 1) | (spread10(iz) << 2)) >>> 0;
      keys[q] = code * 4194304 + q;
    }
    keys.sort();
    const order = new Uint32Array(nq);
    for (let i = 0; i < nq; i++) order[i] = keys[i] % 4194304;
    return order;
  }

  /** Index of the nearest point to (x, y, z) (smallest index among equals), or −1 if empty. */
  nearest(x: number, y: number, z: number): number {
    if (this.size === 0) return -1;
    this.ensureScratch(1);
    this.search(x, y, z, 1);
    return this.bestI[0];
  }

  /**
   * Nearest point of each query.
   * @param queries xyz per query (length 3·Q); the tree must not be empty.
   * @returns original indices and squared distances (input units², double precision).
   */
  nearestAll(queries: Coords): { indices: Uint32Array; dist2: Float64Array } {
    if (this.size === 0) throw new RangeError('KdTree.nearestAll: the tree is empty');
    const nq = Math.floor(queries.length / 3);
    const indices = new Uint32Array(nq);
    const dist2 = new Float64Array(nq);
    this.ensureScratch(1);
    const order = this.coherentOrder(queries, nq);
    for (let qi = 0; qi < nq; qi++) {
      const q = order ? order[qi] : qi;
      this.search(queries[3 * q], queries[3 * q + 1], queries[3 * q + 2], 1);
      indices[q] = this.bestI[0];
      dist2[q] = this.bestD[0];
    }
    return { indices, dist2 };
  }

  /**
   * All points within distance r of (x, y, z), boundary included (distance² ≤ r²).
   * @param r radius ≥ 0, input units.
   * @returns original indices in ascending order.
   */
  radius(x: number, y: number, z: number, r: number): Uint32Array {
    checkRadius(r);
    const n = this.radiusInto(x, y, z, r * r, 0);
    return this.buf.slice(0, n).sort();
  }

  /**
   * Fixed-radius neighbours of many queries (distance² ≤ r²), in compressed-row form.
   * @param queries xyz per query (length 3·Q).
   * @param r radius ≥ 0, input units.
   */
  radiusAll(queries: Coords, r: number): RadiusResult {
    checkRadius(r);
    const nq = Math.floor(queries.length / 3);
    const offsets = new Uint32Array(nq + 1);
    const r2 = r * r;
    let n = 0;
    for (let q = 0; q < nq; q++) {
      const start = n;
      n = this.radiusInto(queries[3 * q], queries[3 * q + 1], queries[3 * q + 2], r2, n);
      this.buf.subarray(start, n).sort();
      offsets[q + 1] = n;
    }
    return { offsets, indices: this.buf.slice(0, n) };
  }

  /** Appends the indices within √r2 to `buf` from position `n`; returns the new length. */
  private radiusInto(x: number, y: number, z: number, r2: number, n: number): number {
    if (this.size === 0 || !(r2 >= 0)) return n;
    const p = this.pts,
      ids = this.ids,
      box = this.box,
      right = this.right,
      lo = this.lo,
      hi = this.hi;
    let stack = this.stack;
    let buf = this.buf;
    let sp = 0;
    stack[sp++] = 0;
    while (sp > 0) {
      const node = stack[--sp];
      const o = 6 * node;
      let d = 0,
        t = box[o] - x;
      if (t > 0) d += t * t;
      else if ((t = x - box[o + 3]) > 0) d += t * t;
      t = box[o + 1] - y;
      if (t > 0) d += t * t;
      else if ((t = y - box[o + 4]) > 0) d += t * t;
      t = box[o + 2] - z;
      if (t > 0) d += t * t;
      else if ((t = z - box[o + 5]) > 0) d += t * t;
      if (d > r2) continue;
      const rc = right[node];
      if (rc < 0) {
        const e = hi[node];
        if (n + (e - lo[node]) > buf.length) {
          const b2 = new Uint32Array(Math.max(2 * buf.length, n + (e - lo[node])));
          b2.set(buf.subarray(0, n));
          this.buf = buf = b2;
        }
        for (let s = lo[node]; s < e; s++) {
          const dx = p[3 * s] - x,
            dy = p[3 * s + 1] - y,
            dz = p[3 * s + 2] - z;
          if (dx * dx + dy * dy + dz * dz <= r2) buf[n++] = ids[s];
        }
      } else {
        if (sp + 2 > stack.length) {
          const s2 = new Int32Array(2 * stack.length);
          s2.set(stack);
          this.stack = stack = s2;
        }
        stack[sp++] = rc;
        stack[sp++] = node + 1;
      }
    }
    return n;
  }
}

function checkRadius(r: number): void {
  if (!(r >= 0) || r === Infinity) throw new RangeError(`KdTree: radius must be finite and ≥ 0, got ${r}`);
}

function clamp1023(v: number): number {
  return v >= 1023 ? 1023 : v > 0 ? v | 0 : 0;
}

/** Spreads the low 10 bits of v so that bit i moves to bit 3i (for 3-D Morton codes). */
function spread10(v: number): number {
  v &= 0x3ff;
  v = (v | (v << 16)) & 0x030000ff;
  v = (v | (v << 8)) & 0x0300f00f;
  v = (v | (v << 4)) & 0x030c30c3;
  v = (v | (v << 2)) & 0x09249249;
  return v;
}
