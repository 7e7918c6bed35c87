import { KdTree, type KnnResult } from './KdTree.ts';

/**
 * Consistent, outward orientation of unoriented normals (Hoppe et al. 1992, "Surface
 * reconstruction from unorganized points", §3.3; Open3D's `orient_normals_consistent_tangent_plane`).
 *
 * 1. Riemannian graph: the symmetric k-nearest-neighbour graph ∪ the edges of the Euclidean
 *    minimum spanning tree that join its connected components (the EMST's other edges are, with
 *    k ≥ ~6, almost always kNN edges already; the bridging ones are what Hoppe adds the EMST for:
 *    every point must be reachable). Bridges are found by Borůvka rounds: each component takes
 *    its shortest edge to a point of another component (exact, by k-nearest searches of doubling
 *    k until a foreign point appears).
 * 2. Edge cost 1 − |n_i·n_j|: small between nearly parallel tangent planes, so the propagation
 *    prefers to pass the sign along smooth stretches and crosses creases and thin gaps last.
 * 3. Minimum spanning tree of that graph (Kruskal), traversed from a seed: the point of largest
 *    z, whose normal is set to +z-ward (nothing of the shape lies above it, so outward is up).
 *    Every child takes the sign that agrees with its parent (n_child·n_parent ≥ 0).
 * 4. Global check, by the divergence theorem: for a closed surface with outward normals,
 *    ∫ n·(p − c) dA = 3·volume > 0 for any c, convex or not. With the samples as an area-uniform
 *    quadrature (each sample weighted by the area of its neighbourhood, πr²/k from its k-th
 *    neighbour distance), all normals are flipped if the sum is negative. This overrides the
 *    seed when they disagree (a noisy seed normal nearly horizontal can start the tree wrongly).
 *    A component of the kNN graph that is closed on its own (|flux| ≥ ½ of the sum of |terms|,
 *    e.g. a separate part) is checked on its own first: the bridge that joined it to the rest
 *    passes the sign between two facing surfaces, which makes one of them inward.
 */
export interface OrientNormalsOptions {
  /** Neighbours per point in the Riemannian graph, the point itself included. Default 10,
   *  range ≥ 2 (clamped to N). */
  k?: number;
  /** Precomputed k nearest neighbours of every point (`KdTree.knnAll(points, k)`), k equal to
   *  `k` or larger (only the first `k` per point are used). */
  knn?: KnnResult;
  /** Neighbours per point in `knn` when it is given. Default: its length / N. */
  knnK?: number;
  /** Skip step 4 (the divergence-theorem flip). Default false. */
  skipGlobalFlip?: boolean;
}

/** Default neighbourhood size of the Riemannian graph. */
export const DEFAULT_ORIENT_K = 10;

/**
 * Orients normals consistently and outward, in place.
 *
 * @param points xyz per point (length 3·N, N ≥ 1), any units.
 * @param normals unit normals, xyz per point (length 3·N), signs arbitrary; flipped in place.
 * @param options see {@link OrientNormalsOptions}.
 * @returns the same `normals` array.
 */
export function orientNormals(points: Float32Array, normals: Float32Array, options: OrientNormalsOptions = {}): Float32Array {
  const n = Math.floor(points.length / 3);
  if (normals.length !== 3 * n) throw new RangeError(`orientNormals: ${normals.length / 3} normals for ${n} points`);
  if (n === 0) return normals;
  if (n === 1) {
    if (normals[2] < 0) flip(normals, 0);
    return normals;
  }
  const k = Math.min(options.k ?? DEFAULT_ORIENT_K, n);
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`orientNormals: k must be an integer ≥ 2, got ${options.k}`);
  let tree: KdTree | null = null;
  const getTree = (): KdTree => (tree ??= new KdTree(points));
  let knnIdx: Uint32Array, knnD2: Float32Array, kk: number;
  if (options.knn) {
    kk = options.knnK ?? options.knn.indices.length / n;
    if (!Number.isInteger(kk) || kk < k) throw new RangeError(`orientNormals: knn has ${kk} neighbours per point, need ≥ ${k}`);
    knnIdx = options.knn.indices;
    knnD2 = options.knn.dist2;
  } else {
    const r = getTree().knnAll(points, k);
    knnIdx = r.indices;
    knnD2 = r.dist2;
    kk = k;
  }

  // --- 1. Riemannian graph edges (i < j, duplicates allowed: Kruskal skips them).
  const edgesA: number[] = [];
  const edgesB: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let s = 0; s < k; s++) {
      const j = knnIdx[i * kk + s];
      if (j === i) continue;
      edgesA.push(Math.min(i, j));
      edgesB.push(Math.max(i, j));
    }
  }
  const uf = new UnionFind(n);
  for (let e = 0; e < edgesA.length; e++) uf.union(edgesA[e], edgesB[e]);
  const components = uf.components;
  const knnComponents = new Int32Array(n);
  for (let i = 0; i < n; i++) knnComponents[i] = uf.find(i);
  bridgeComponents(points, uf, getTree, edgesA, edgesB);

  // --- 2–3. MST by Kruskal on cost 1 − |n_i·n_j|.
  const m = edgesA.length;
  const cost = new Float64Array(m);
  for (let e = 0; e < m; e++) {
    const a = 3 * edgesA[e],
      b = 3 * edgesB[e];
    cost[e] = 1 - Math.abs(normals[a] * normals[b] + normals[a + 1] * normals[b + 1] + normals[a + 2] * normals[b + 2]);
  }
  const order = new Uint32Array(m);
  for (let e = 0; e < m; e++) order[e] = e;
  order.sort((x, y) => cost[x] - cost[y] || x - y);
  const mst = new UnionFind(n);
  const treeHead = new Int32Array(n).fill(-1);
  const treeNext = new Int32Array(2 * (n - 1));
  const treeTo = new Uint32Array(2 * (n - 1));
  let te = 0;
  for (let o = 0; o < m && te < 2 * (n - 1); o++) {
    const e = order[o];
    const a = edgesA[e],
      b = edgesB[e];
    if (!mst.union(a, b)) continue;
    treeTo[te] = b;
    treeNext[te] = treeHead[a];
    treeHead[a] = te++;
    treeTo[te] = a;
    treeNext[te] = treeHead[b];
    treeHead[b] = te++;
  }

  // Seed: largest z (smallest index among ties); its normal points up.
  let seed = 0;
  for (let i = 1; i < n; i++) if (points[3 * i + 2] > points[3 * seed + 2]) seed = i;
  if (normals[3 * seed + 2] < 0) flip(normals, seed);
  const visited = new Uint8Array(n);
  const stack = new Uint32Array(n);
  let sp = 0;
  stack[sp++] = seed;
  visited[seed] = 1;
  while (sp > 0) {
    const a = stack[--sp];
    for (let t = treeHead[a]; t >= 0; t = treeNext[t]) {
      const b = treeTo[t];
      if (visited[b]) continue;
      visited[b] = 1;
      const d = normals[3 * a] * normals[3 * b] + normals[3 * a + 1] * normals[3 * b + 1] + normals[3 * a + 2] * normals[3 * b + 2];
      if (d < 0) flip(normals, b);
      stack[sp++] = b;
    }
  }

  // --- 4. Divergence-theorem check: Σ area_i · n_i·(p_i − c) should be positive. First per
  // component of the kNN graph that is closed enough to decide alone (|flux| ≥ ½ Σ|terms|: a
  // separate closed part, whose bridge to the rest may have passed the sign across a gap), then
  // over all remaining points together.
  if (!options.skipGlobalFlip) {
    const comp = new Int32Array(n);
    comp.set(knnComponents);
    const decided = new Uint8Array(n);
    if (components > 1) {
      const cx = new Float64Array(n),
        cy = new Float64Array(n),
        cz = new Float64Array(n),
        cnt = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const c = comp[i];
        cx[c] += points[3 * i];
        cy[c] += points[3 * i + 1];
        cz[c] += points[3 * i + 2];
        cnt[c]++;
      }
      const flux = new Float64Array(n),
        absFlux = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const c = comp[i];
        const t =
          knnD2[i * kk + k - 1] *
          (normals[3 * i] * (points[3 * i] - cx[c] / cnt[c]) +
            normals[3 * i + 1] * (points[3 * i + 1] - cy[c] / cnt[c]) +
            normals[3 * i + 2] * (points[3 * i + 2] - cz[c] / cnt[c]));
        flux[c] += t;
        absFlux[c] += Math.abs(t);
      }
      for (let i = 0; i < n; i++) {
        const c = comp[i];
        if (cnt[c] < 8 || Math.abs(flux[c]) < 0.5 * absFlux[c]) continue;
        decided[i] = 1;
        if (flux[c] < 0) flip(normals, i);
      }
    }
    let cx = 0,
      cy = 0,
      cz = 0;
    for (let i = 0; i < n; i++) {
      cx += points[3 * i];
      cy += points[3 * i + 1];
      cz += points[3 * i + 2];
    }
    cx /= n;
    cy /= n;
    cz /= n;
    let flux = 0;
    for (let i = 0; i < n; i++) {
      if (decided[i]) continue;
      const area = knnD2[i * kk + k - 1]; // ∝ π r_k² / k; the constant does not change the sign
      flux +=
        area *
        (normals[3 * i] * (points[3 * i] - cx) +
          normals[3 * i + 1] * (points[3 * i + 1] - cy) +
          normals[3 * i + 2] * (points[3 * i + 2] - cz));
    }
    if (flux < 0) for (let i = 0; i < n; i++) if (!decided[i]) flip(normals, i);
  }
  return normals;
}

function flip(normals: Float32Array, i: number): void {
  normals[3 * i] = -normals[3 * i];
  normals[3 * i + 1] = -normals[3 * i + 1];
  normals[3 * i + 2] = -normals[3 * i + 2];
}

/**
 * Adds the EMST edges that join the components of `uf` (Borůvka): each round, every component
 * finds its nearest point in another component; those edges are added and merged, until one
 * component remains. Exact: the nearest foreign point of a point is found by k-nearest search
 * with k doubled until a foreign point appears among the results.
 */
function bridgeComponents(points: Float32Array, uf: UnionFind, getTree: () => KdTree, edgesA: number[], edgesB: number[]): void {
  const n = Math.floor(points.length / 3);
  if (uf.components === 1) return;
  const tree = getTree();
  const comp = new Int32Array(n);
  const bestD = new Float64Array(n);
  const bestA = new Int32Array(n);
  const bestB = new Int32Array(n);
  let idx = new Uint32Array(16);
  let d2 = new Float64Array(16);
  while (uf.components > 1) {
    for (let i = 0; i < n; i++) comp[i] = uf.find(i);
    bestD.fill(Infinity);
    for (let i = 0; i < n; i++) {
      const c = comp[i];
      const x = points[3 * i],
        y = points[3 * i + 1],
        z = points[3 * i + 2];
      for (let kq = 8; ; kq *= 2) {
        const want = Math.min(kq, n);
        if (idx.length < want) {
          idx = new Uint32Array(want);
          d2 = new Float64Array(want);
        }
        const got = tree.knn(x, y, z, want, idx, d2);
        // Stop early once the nearest candidates are already farther than the component's best.
        let found = -1;
        for (let s = 0; s < got; s++) {
          if (d2[s] > bestD[c]) {
            found = -2;
            break;
          }
          if (comp[idx[s]] !== c) {
            found = s;
            break;
          }
        }
        if (found >= 0) {
          const j = idx[found],
            d = d2[found];
          if (d < bestD[c] || (d === bestD[c] && Math.min(i, j) < Math.min(bestA[c], bestB[c]))) {
            bestD[c] = d;
            bestA[c] = i;
            bestB[c] = j;
          }
        }
        if (found !== -1 || got === n) break;
      }
    }
    for (let c = 0; c < n; c++) {
      if (bestD[c] === Infinity) continue;
      const a = bestA[c],
        b = bestB[c];
      if (uf.union(a, b)) {
        edgesA.push(Math.min(a, b));
        edgesB.push(Math.max(a, b));
      }
    }
  }
}

/** Disjoint sets with path halving and union by size. */
class UnionFind {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;
  components: number;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
    this.size = new Int32Array(n).fill(1);
    this.components = n;
  }
  find(x: number): number {
    const p = this.parent;
    while (p[x] !== x) {
      p[x] = p[p[x]];
      x = p[x];
    }
    return x;
  }
  /** Merges the sets of a and b; false if they were already one. */
  union(a: number, b: number): boolean {
    let ra = this.find(a),
      rb = this.find(b);
    if (ra === rb) return false;
    if (this.size[ra] < this.size[rb]) {
      const t = ra;
      ra = rb;
      rb = t;
    }
    this.parent[rb] = ra;
    this.size[ra] += this.size[rb];
    this.components--;
    return true;
  }
}
