import { boundsInto } from './Bounds.ts';

/**
 * The build of a `KdTree`: the points are copied into tree order (a contiguous xyz array, so a
 * leaf scan reads memory in sequence); each node splits its range at the median of the axis of
 * largest extent with an in-place quickselect (nth_element), in O(N log N). Every node keeps its
 * tight bounding box, which prunes better than the split planes alone. Nodes are in depth-first
 * order (the left child of node i is i + 1).
 */
export interface KdTreeOptions {
  /** Maximum points per leaf bucket. Default 16, range 1–256. Smaller: deeper tree, fewer
   *  distance evaluations per query; larger: shallower tree, faster build. */
  leafSize?: number;
}

/** The flat arrays of a built tree (see the fields of `KdTree`). */
export interface KdTreeNodes {
  size: number;
  leafSize: number;
  pts: Float32Array;
  ids: Uint32Array;
  right: Int32Array;
  lo: Uint32Array;
  hi: Uint32Array;
  dim: Uint8Array;
  split: Float32Array;
  box: Float32Array;
}

/**
 * Builds the tree over `positions` (xyz per point, length 3·N, N ≥ 0, any units; copied, not kept).
 * @throws RangeError for a bad leaf size or a non-finite coordinate.
 */
export function buildKdTree(positions: ArrayLike<number>, options: KdTreeOptions = {}): KdTreeNodes {
  return new KdTreeBuilder(positions, options);
}

/** The build's state: the arrays being filled and the number of nodes so far. */
class KdTreeBuilder implements KdTreeNodes {
  readonly size: number;
  readonly leafSize: number;
  readonly pts: Float32Array;
  readonly ids: Uint32Array;
  readonly right: Int32Array;
  readonly lo: Uint32Array;
  readonly hi: Uint32Array;
  readonly dim: Uint8Array;
  readonly split: Float32Array;
  readonly box: Float32Array;
  private nodes = 0;

  constructor(positions: ArrayLike<number>, options: KdTreeOptions) {
    const leafSize = options.leafSize ?? 16;
    if (!Number.isInteger(leafSize) || leafSize < 1 || leafSize > 256)
      throw new RangeError(`KdTree: leafSize must be an integer in [1, 256], got ${leafSize}`);
    this.leafSize = leafSize;
    const n = Math.floor(positions.length / 3);
    this.size = n;
    const pts = (this.pts = new Float32Array(3 * n));
    for (let i = 0; i < 3 * n; i++) {
      const v = (pts[i] = positions[i]);
      if (!Number.isFinite(v)) throw new RangeError(`KdTree: point ${Math.floor(i / 3)} has a non-finite coordinate`);
    }
    this.ids = new Uint32Array(n);
    for (let i = 0; i < n; i++) this.ids[i] = i;
    // Mid-point splitting gives leaves of at least ⌊(leafSize+1)/2⌋ points, hence this bound.
    const minLeaf = Math.max(1, Math.floor((leafSize + 1) / 2));
    const cap = 2 * Math.ceil(Math.max(n, 1) / minLeaf) + 1;
    this.right = new Int32Array(cap);
    this.lo = new Uint32Array(cap);
    this.hi = new Uint32Array(cap);
    this.dim = new Uint8Array(cap);
    this.split = new Float32Array(cap);
    this.box = new Float32Array(6 * cap);
    if (n > 0) this.build(0, n, 0);
  }

  private build(lo: number, hi: number, depth: number): number {
    const node = this.nodes++;
    const p = this.pts;
    this.lo[node] = lo;
    this.hi[node] = hi;
    const b = 6 * node;
    boundsInto(p, lo, hi, this.box, b);
    const x0 = this.box[b],
      y0 = this.box[b + 1],
      z0 = this.box[b + 2],
      x1 = this.box[b + 3],
      y1 = this.box[b + 4],
      z1 = this.box[b + 5];
    const ex = x1 - x0,
      ey = y1 - y0,
      ez = z1 - z0;
    // A leaf when small, or when every point coincides (no axis can separate them).
    if (hi - lo <= this.leafSize || (ex === 0 && ey === 0 && ez === 0)) {
      this.right[node] = -1;
      return node;
    }
    const d = ex >= ey && ex >= ez ? 0 : ey >= ez ? 1 : 2;
    const mid = (lo + hi) >>> 1;
    this.select(lo, hi - 1, mid, d);
    this.dim[node] = d;
    this.split[node] = p[3 * mid + d];
    this.build(lo, mid, depth + 1);
    this.right[node] = this.build(mid, hi, depth + 1);
    return node;
  }

  /** Quickselect (Hoare partition, median-of-three pivot): afterwards slot k holds the value
   *  of rank k on axis d within [l, r], smaller-or-equal ones before it, larger-or-equal after. */
  private select(l: number, r: number, k: number, d: number): void {
    const p = this.pts;
    while (r > l) {
      if (r - l < 16) {
        // Insertion sort of a short range.
        for (let i = l + 1; i <= r; i++) {
          let j = i;
          while (j > l && p[3 * (j - 1) + d] > p[3 * j + d]) {
            this.swap(j - 1, j);
            j--;
          }
        }
        return;
      }
      const m = (l + r) >>> 1;
      const a = p[3 * l + d],
        b = p[3 * m + d],
        c = p[3 * r + d];
      const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
      let i = l,
        j = r;
      while (i <= j) {
        while (p[3 * i + d] < pivot) i++;
        while (p[3 * j + d] > pivot) j--;
        if (i <= j) {
          this.swap(i, j);
          i++;
          j--;
        }
      }
      if (k <= j) r = j;
      else if (k >= i) l = i;
      else return;
    }
  }

  private swap(i: number, j: number): void {
    const p = this.pts,
      ids = this.ids;
    const a = 3 * i,
      b = 3 * j;
    let t = p[a];
    p[a] = p[b];
    p[b] = t;
    t = p[a + 1];
    p[a + 1] = p[b + 1];
    p[b + 1] = t;
    t = p[a + 2];
    p[a + 2] = p[b + 2];
    p[b + 2] = t;
    t = ids[i];
    ids[i] = ids[j];
    ids[j] = t;
  }
}
