import { test } from 'node:test';
import assert from 'node:assert/strict';
import { farthestPointSampling } from '../../src/geometry/farthestPointSampling.ts';
import { Random } from '../../src/geometry/Random.ts';

/** The greedy definition, literally: each step recomputes every candidate's distance to the
 *  whole chosen set and takes the largest (smallest index on ties), O(N·k²). */
function bruteGreedy(p: ArrayLike<number>, k: number, start: number): number[] {
  const n = p.length / 3;
  const chosen = [start];
  const d2 = (i: number, j: number) => (p[3 * i] - p[3 * j]) ** 2 + (p[3 * i + 1] - p[3 * j + 1]) ** 2 + (p[3 * i + 2] - p[3 * j + 2]) ** 2;
  while (chosen.length < k) {
    let best = -1,
      bestD = -1;
    for (let i = 0; i < n; i++) {
      if (chosen.includes(i)) continue;
      const d = Math.min(...chosen.map((j) => d2(i, j)));
      if (d > bestD) {
        bestD = d;
        best = i;
      }
    }
    chosen.push(best);
  }
  return chosen;
}

function minPairwise(p: ArrayLike<number>, idx: ArrayLike<number>): number {
  let m = Infinity;
  for (let a = 0; a < idx.length; a++) {
    for (let b = a + 1; b < idx.length; b++) {
      const i = idx[a],
        j = idx[b];
      m = Math.min(m, Math.hypot(p[3 * i] - p[3 * j], p[3 * i + 1] - p[3 * j + 1], p[3 * i + 2] - p[3 * j + 2]));
    }
  }
  return m;
}

test('points on a line: the hand-computed selection', () => {
  // x = 0, 1, 3, 7, 8, 10. From 0: farthest is 10 (index 5); then distances to {0, 10} are
  // 1, 3, 3, 2 → tie 3 vs 7 goes to index 2; then 7 (index 3, distance 3); then 1 and 8 tie at
  // distance 1 → index 1; then index 4.
  const xs = [0, 1, 3, 7, 8, 10];
  const p = xs.flatMap((x) => [x, 0, 0]);
  assert.deepEqual(Array.from(farthestPointSampling(p, 6, 0)), [0, 5, 2, 3, 1, 4]);
  // From x = 7: farthest is 0 (index 0); then 10 (distance 3) vs 3 (distance 3): index 2 first.
  assert.deepEqual(Array.from(farthestPointSampling(p, 3, 3)), [3, 0, 2]);
  assert.deepEqual(Array.from(farthestPointSampling(p, 0)), []);
});

test('equals the brute-force greedy definition on random sets with duplicates; min distance matches', () => {
  const rng = new Random(51);
  for (const n of [50, 200]) {
    const p = new Float32Array(3 * n);
    for (let i = 0; i < 3 * n; i++) p[i] = rng.next();
    // Duplicate a few points exactly.
    for (let i = 0; i < 10; i++) p.set(p.subarray(3 * i, 3 * i + 3), 3 * (n - 1 - i));
    for (const k of [1, 10, n]) {
      const start = rng.int(n);
      const got = farthestPointSampling(p, k, start);
      const expect = bruteGreedy(p, k, start);
      assert.deepEqual(Array.from(got), expect);
      assert.equal(new Set(got).size, k, 'indices are distinct');
      if (k > 1) assert.equal(minPairwise(p, got), minPairwise(p, expect));
    }
  }
});

test('spreads out: on a 10×10 grid, 4 picks from a corner are the 4 corners', () => {
  const p: number[] = [];
  for (let i = 0; i < 10; i++) for (let j = 0; j < 10; j++) p.push(i, j, 0);
  const got = Array.from(farthestPointSampling(p, 4, 0)).sort((a, b) => a - b);
  assert.deepEqual(got, [0, 9, 90, 99]);
});

test('bad k or start index is rejected', () => {
  const p = [0, 0, 0, 1, 1, 1];
  assert.throws(() => farthestPointSampling(p, 3), RangeError);
  assert.throws(() => farthestPointSampling(p, 1, 2), RangeError);
  assert.throws(() => farthestPointSampling(p, 1.5), RangeError);
});
