import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KdTree } from '../../src/geometry/KdTree.ts';
import { Random } from '../../src/geometry/Random.ts';

/** Brute force: all indices sorted by (squared distance, index); distances as the tree defines them. */
function bruteOrder(p: Float32Array, x: number, y: number, z: number): { idx: number[]; d2: number[] } {
  const n = p.length / 3;
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const dx = p[3 * i] - x,
      dy = p[3 * i + 1] - y,
      dz = p[3 * i + 2] - z;
    d[i] = dx * dx + dy * dy + dz * dz;
  }
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => d[a] - d[b] || a - b);
  return { idx, d2: idx.map((i) => d[i]) };
}

/** Random points with exact duplicates (a tenth appear three times) and a dense cluster. */
function pointsWithDuplicates(n: number, rng: Random): Float32Array {
  const p = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) {
    if (i >= n / 10 && i < (3 * n) / 10) {
      const src = i % Math.floor(n / 10); // copies of the first tenth
      p.set(p.subarray(3 * src, 3 * src + 3), 3 * i);
    } else if (i > (9 * n) / 10) {
      for (let d = 0; d < 3; d++) p[3 * i + d] = 0.5 + 1e-4 * rng.normal();
    } else {
      for (let d = 0; d < 3; d++) p[3 * i + d] = rng.next();
    }
  }
  // Shuffle point order so duplicates are not adjacent.
  const perm = rng.choose(n, n);
  const q = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) q.set(p.subarray(3 * perm[i], 3 * perm[i] + 3), 3 * i);
  return q;
}

/** m queries: every third one exactly on a (possibly duplicated) data point, the rest uniform
 *  in a box a little larger than the data. */
function queries(p: Float32Array, m: number, rng: Random): Float32Array {
  const q = new Float32Array(3 * m);
  for (let i = 0; i < m; i++) {
    if (i % 3 === 0) {
      const j = rng.int(p.length / 3);
      q.set(p.subarray(3 * j, 3 * j + 3), 3 * i);
    } else {
      for (let d = 0; d < 3; d++) q[3 * i + d] = rng.uniform(-0.2, 1.2);
    }
  }
  return q;
}

test('kNN equals brute force exactly (indices and distances, ties by index), with duplicates', () => {
  const rng = new Random(11);
  const p = pointsWithDuplicates(3000, rng);
  const q = queries(p, 300, rng);
  const trees = [1, 5, 16].map((leafSize) => new KdTree(p, { leafSize }));
  const idx = new Uint32Array(40),
    d2 = new Float64Array(40);
  for (let i = 0; i < 300; i++) {
    const x = q[3 * i],
      y = q[3 * i + 1],
      z = q[3 * i + 2];
    const b = bruteOrder(p, x, y, z);
    for (const tree of trees) {
      for (const k of [1, 4, 16, 40]) {
        const got = tree.knn(x, y, z, k, idx, d2);
        assert.equal(got, k);
        assert.deepEqual(Array.from(idx.subarray(0, k)), b.idx.slice(0, k), `leaf ${tree.leafSize} k ${k} query ${i}`);
        assert.deepEqual(Array.from(d2.subarray(0, k)), b.d2.slice(0, k));
      }
    }
  }
});

test('knnAll (Morton-ordered batch) equals single queries; nearest and nearestAll agree', () => {
  const rng = new Random(12);
  const p = pointsWithDuplicates(6000, rng);
  const tree = new KdTree(p);
  const q = queries(p, 5000, rng); // enough queries to take the reordered path
  const k = 8;
  const all = tree.knnAll(q, k);
  const idx = new Uint32Array(k),
    d2 = new Float64Array(k);
  const near = tree.nearestAll(q);
  for (let i = 0; i < 5000; i++) {
    tree.knn(q[3 * i], q[3 * i + 1], q[3 * i + 2], k, idx, d2);
    assert.deepEqual(Array.from(all.indices.subarray(k * i, k * i + k)), Array.from(idx));
    for (let j = 0; j < k; j++) assert.equal(all.dist2[k * i + j], Math.fround(d2[j]));
    assert.equal(near.indices[i], idx[0]);
    assert.equal(near.dist2[i], d2[0]);
    if (i % 50 === 0) assert.equal(tree.nearest(q[3 * i], q[3 * i + 1], q[3 * i + 2]), idx[0]);
  }
  // Queries on data points that are duplicated: the nearest is the smallest duplicate index.
  const b = bruteOrder(p, q[0], q[1], q[2]);
  assert.equal(near.dist2[0], 0);
  assert.equal(near.indices[0], b.idx[0]);
});

test('radius query equals brute force (boundary inclusive), single and batched', () => {
  const rng = new Random(13);
  const p = pointsWithDuplicates(3000, rng);
  const tree = new KdTree(p, { leafSize: 8 });
  const q = queries(p, 200, rng);
  for (const r of [0, 0.03, 0.1, 0.4]) {
    const batch = tree.radiusAll(q, r);
    for (let i = 0; i < 200; i++) {
      const x = q[3 * i],
        y = q[3 * i + 1],
        z = q[3 * i + 2];
      const expect: number[] = [];
      for (let j = 0; j < 3000; j++) {
        const dx = p[3 * j] - x,
          dy = p[3 * j + 1] - y,
          dz = p[3 * j + 2] - z;
        if (dx * dx + dy * dy + dz * dz <= r * r) expect.push(j);
      }
      assert.deepEqual(Array.from(tree.radius(x, y, z, r)), expect, `r ${r} query ${i}`);
      assert.deepEqual(Array.from(batch.indices.subarray(batch.offsets[i], batch.offsets[i + 1])), expect);
    }
  }
  // A query exactly one unit from a point along an axis finds it at radius 1 (inclusive).
  const t2 = new KdTree([0, 0, 0, 5, 5, 5]);
  assert.deepEqual(Array.from(t2.radius(1, 0, 0, 1)), [0]);
  assert.deepEqual(Array.from(t2.radius(1, 0, 0, 0.999)), []);
});

test('degenerate sets: all points equal, fewer points than k, empty tree', () => {
  const same = new Float32Array(300).fill(0.25);
  const tree = new KdTree(same, { leafSize: 4 });
  const idx = new Uint32Array(7),
    d2 = new Float64Array(7);
  assert.equal(tree.knn(1, 1, 1, 7, idx, d2), 7);
  assert.deepEqual(Array.from(idx), [0, 1, 2, 3, 4, 5, 6]);
  assert.equal(tree.radius(0.25, 0.25, 0.25, 0).length, 100);
  const small = new KdTree([0, 0, 0, 1, 0, 0, 3, 0, 0]);
  assert.equal(small.knn(2.9, 0, 0, 5, idx, d2), 3);
  assert.deepEqual(Array.from(idx.subarray(0, 3)), [2, 1, 0]);
  assert.ok(Math.abs(d2[0] - 0.01) < 1e-12 && Math.abs(d2[1] - 3.61) < 1e-12 && Math.abs(d2[2] - 8.41) < 1e-12);
  assert.throws(() => small.knnAll([0, 0, 0], 4), RangeError);
  const empty = new KdTree([]);
  assert.equal(empty.knn(0, 0, 0, 3, idx, d2), 0);
  assert.equal(empty.nearest(0, 0, 0), -1);
  assert.equal(empty.radius(0, 0, 0, 1).length, 0);
  assert.throws(() => new KdTree([0, 0, NaN]), RangeError);
  assert.throws(() => small.radius(0, 0, 0, -1), RangeError);
  assert.throws(() => small.radiusAll([0, 0, 0], NaN), RangeError);
  assert.throws(() => small.knn(0, 0, 0, 2.5, idx, d2), RangeError);
});
