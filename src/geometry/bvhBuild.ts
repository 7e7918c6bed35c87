/**
 * The build of a `Bvh`: top-down binned surface-area heuristic (Wald 2007) over triangle
 * centroids; nodes in depth-first order (the left child of node i is i + 1), each owning the
 * contiguous slot range [start, start + count) of the triangles below it; the triangles'
 * vertices copied in slot order as float64 (exact: the mesh is float32).
 */
import type { Mesh } from './Mesh.ts';

export interface BvhOptions {
  /** Most triangles in a leaf. Default 4, range 1–64. */
  maxLeafSize?: number;
  /** SAH bins per axis. Default 16, range 2–256. */
  bins?: number;
}

/** The flat arrays of a built hierarchy (see the fields of `Bvh`). */
export interface BvhNodes {
  faceCount: number;
  nodeCount: number;
  bounds: Float64Array;
  right: Int32Array;
  start: Uint32Array;
  count: Uint32Array;
  faceOrder: Uint32Array;
  tri: Float64Array;
}

/**
 * Builds the hierarchy over `mesh`'s triangles.
 * @throws RangeError for a bad option, a face index out of range or a non-finite vertex coordinate.
 */
export function buildBvh(mesh: Mesh, options: BvhOptions = {}): BvhNodes {
  const maxLeaf = options.maxLeafSize ?? 4;
  const bins = options.bins ?? 16;
  if (!Number.isInteger(maxLeaf) || maxLeaf < 1 || maxLeaf > 64)
    throw new RangeError(`Bvh: maxLeafSize must be an integer in [1, 64], got ${maxLeaf}`);
  if (!Number.isInteger(bins) || bins < 2 || bins > 256) throw new RangeError(`Bvh: bins must be an integer in [2, 256], got ${bins}`);
  const p = mesh.positions,
    f = mesh.faces;
  const nv = Math.floor(p.length / 3);
  const nf = Math.floor(f.length / 3);
  for (let i = 0; i < 3 * nf; i++) {
    if (f[i] >= nv) throw new RangeError(`Bvh: face ${Math.floor(i / 3)} uses vertex ${f[i]}, but there are ${nv} vertices`);
  }
  for (let i = 0; i < 3 * nv; i++) {
    if (!Number.isFinite(p[i])) throw new RangeError(`Bvh: vertex ${Math.floor(i / 3)} has a non-finite coordinate`);
  }
  // Per-face bounds and centroids.
  const fb = new Float64Array(6 * nf);
  const cen = new Float64Array(3 * nf);
  let gx0 = Infinity,
    gy0 = Infinity,
    gz0 = Infinity,
    gx1 = -Infinity,
    gy1 = -Infinity,
    gz1 = -Infinity;
  for (let t = 0; t < nf; t++) {
    for (let d = 0; d < 3; d++) {
      const a = p[3 * f[3 * t] + d],
        b = p[3 * f[3 * t + 1] + d],
        c = p[3 * f[3 * t + 2] + d];
      fb[6 * t + d] = Math.min(a, b, c);
      fb[6 * t + 3 + d] = Math.max(a, b, c);
      cen[3 * t + d] = (a + b + c) / 3;
    }
    gx0 = Math.min(gx0, fb[6 * t]);
    gy0 = Math.min(gy0, fb[6 * t + 1]);
    gz0 = Math.min(gz0, fb[6 * t + 2]);
    gx1 = Math.max(gx1, fb[6 * t + 3]);
    gy1 = Math.max(gy1, fb[6 * t + 4]);
    gz1 = Math.max(gz1, fb[6 * t + 5]);
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
  const taskLo: number[] = [0],
    taskHi: number[] = [nf],
    taskParent: number[] = [-1];
  let nodes = 0;
  if (nf === 0) {
    taskLo.pop();
    taskHi.pop();
    taskParent.pop();
  }
  while (taskLo.length > 0) {
    const lo = taskLo.pop()!,
      hi = taskHi.pop()!,
      parent = taskParent.pop()!;
    const node = nodes++;
    if (parent >= 0) right[parent] = node;
    start[node] = lo;
    count[node] = hi - lo;
    let x0 = Infinity,
      y0 = Infinity,
      z0 = Infinity,
      x1 = -Infinity,
      y1 = -Infinity,
      z1 = -Infinity;
    let cx0 = Infinity,
      cy0 = Infinity,
      cz0 = Infinity,
      cx1 = -Infinity,
      cy1 = -Infinity,
      cz1 = -Infinity;
    for (let i = lo; i < hi; i++) {
      const t = order[i];
      x0 = Math.min(x0, fb[6 * t]);
      y0 = Math.min(y0, fb[6 * t + 1]);
      z0 = Math.min(z0, fb[6 * t + 2]);
      x1 = Math.max(x1, fb[6 * t + 3]);
      y1 = Math.max(y1, fb[6 * t + 4]);
      z1 = Math.max(z1, fb[6 * t + 5]);
      const cx = cen[3 * t],
        cy = cen[3 * t + 1],
        cz = cen[3 * t + 2];
      if (cx < cx0) cx0 = cx;
      if (cx > cx1) cx1 = cx;
      if (cy < cy0) cy0 = cy;
      if (cy > cy1) cy1 = cy;
      if (cz < cz0) cz0 = cz;
      if (cz > cz1) cz1 = cz;
    }
    const o = 6 * node;
    bounds[o] = x0 - pad;
    bounds[o + 1] = y0 - pad;
    bounds[o + 2] = z0 - pad;
    bounds[o + 3] = x1 + pad;
    bounds[o + 4] = y1 + pad;
    bounds[o + 5] = z1 + pad;
    const n = hi - lo;
    if (n <= maxLeaf) {
      right[node] = -1;
      continue;
    }
    // Binned SAH over the three axes: cost of a split = nL·area(L) + nR·area(R).
    let bestCost = Infinity,
      bestAxis = -1,
      bestBin = -1;
    const cmin = [cx0, cy0, cz0],
      cext = [cx1 - cx0, cy1 - cy0, cz1 - cz0];
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
      let lx0 = Infinity,
        ly0 = Infinity,
        lz0 = Infinity,
        lx1 = -Infinity,
        ly1 = -Infinity,
        lz1 = -Infinity;
      for (let b = 0; b < bins; b++) {
        const q = 6 * b;
        lx0 = Math.min(lx0, binBox[q]);
        ly0 = Math.min(ly0, binBox[q + 1]);
        lz0 = Math.min(lz0, binBox[q + 2]);
        lx1 = Math.max(lx1, binBox[q + 3]);
        ly1 = Math.max(ly1, binBox[q + 4]);
        lz1 = Math.max(lz1, binBox[q + 5]);
        leftArea[b] = boxArea(lx0, ly0, lz0, lx1, ly1, lz1);
      }
      let rx0 = Infinity,
        ry0 = Infinity,
        rz0 = Infinity,
        rx1 = -Infinity,
        ry1 = -Infinity,
        rz1 = -Infinity;
      let nR = 0,
        nL = n;
      for (let b = bins - 1; b > 0; b--) {
        const q = 6 * b;
        rx0 = Math.min(rx0, binBox[q]);
        ry0 = Math.min(ry0, binBox[q + 1]);
        rz0 = Math.min(rz0, binBox[q + 2]);
        rx1 = Math.max(rx1, binBox[q + 3]);
        ry1 = Math.max(ry1, binBox[q + 4]);
        rz1 = Math.max(rz1, binBox[q + 5]);
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
      let i = lo,
        j = hi - 1;
      while (i <= j) {
        if (binOf[i] <= bestBin) i++;
        else {
          const t = order[i];
          order[i] = order[j];
          order[j] = t;
          const b = binOf[i];
          binOf[i] = binOf[j];
          binOf[j] = b;
          j--;
        }
      }
      mid = i;
    }
    // Right task first, so the left child is built next and gets index node + 1.
    taskLo.push(mid);
    taskHi.push(hi);
    taskParent.push(node);
    taskLo.push(lo);
    taskHi.push(mid);
    taskParent.push(-1);
  }
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
  return { faceCount: nf, nodeCount: nodes, bounds, right, start, count, faceOrder: order, tri };
}

function boxArea(x0: number, y0: number, z0: number, x1: number, y1: number, z1: number): number {
  const ex = x1 - x0,
    ey = y1 - y0,
    ez = z1 - z0;
  return ex * ey + ey * ez + ez * ex;
}
