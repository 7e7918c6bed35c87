import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseInputSubsets, subsetSize } from '../../src/recon/inputSubsets.ts';
import { averageOccupancy } from '../../src/recon/OccupancyModel.ts';
import { Random } from '../../src/geometry/Random.ts';

/** Cloud whose point i is (i, 0, 0), so a subset's points name their indices. */
const indexed = (n: number): Float32Array => {
  const p = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) p[3 * i] = i;
  return p;
};
const indicesOf = (s: Float32Array): number[] => Array.from({ length: s.length / 3 }, (_, i) => s[3 * i]);

test('N ≤ inputPoints: the cloud itself, untouched, no randomness used', () => {
  const p = indexed(100);
  const rng = new Random(1);
  const before = rng.state();
  const r = chooseInputSubsets(p, 300, 4, rng);
  assert.equal(r.subsets.length, 1);
  assert.equal(r.subsets[0], p);
  assert.equal(r.usedPoints, 100);
  assert.deepEqual(rng.state(), before);
});

test('N > inputPoints: min(cap, ⌈N/P⌉) subsets, each P distinct points; disjoint while k·P ≤ N', () => {
  // 1000 points, P = 300: 4 subsets, 1200 > 1000, so all points used, only the last wraps.
  let r = chooseInputSubsets(indexed(1000), 300, 4, new Random(2));
  assert.equal(r.subsets.length, 4);
  assert.equal(r.usedPoints, 1000);
  const all = r.subsets.map(indicesOf);
  for (const s of all) assert.equal(new Set(s).size, 300);
  assert.equal(new Set(all.flat()).size, 1000);
  assert.equal(new Set(all.slice(0, 3).flat()).size, 900, 'first three are disjoint');
  // 100 000 points, cap 4: 4 disjoint subsets (1200 distinct points).
  r = chooseInputSubsets(indexed(100000), 300, 4, new Random(2));
  assert.equal(r.subsets.length, 4);
  assert.equal(r.usedPoints, 1200);
  assert.equal(new Set(r.subsets.map(indicesOf).flat()).size, 1200);
  // cap 1: one random subset.
  r = chooseInputSubsets(indexed(1000), 300, 1, new Random(2));
  assert.equal(r.subsets.length, 1);
  // 301 points: two subsets (⌈301/300⌉).
  assert.equal(chooseInputSubsets(indexed(301), 300, 4, new Random(2)).subsets.length, 2);
});

test('seeded: same seed, same subsets; another seed, others; roughly uniform over points', () => {
  const a = chooseInputSubsets(indexed(5000), 300, 4, new Random(9)).subsets.map(indicesOf);
  const b = chooseInputSubsets(indexed(5000), 300, 4, new Random(9)).subsets.map(indicesOf);
  const c = chooseInputSubsets(indexed(5000), 300, 4, new Random(10)).subsets.map(indicesOf);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  // Over many draws each point of a 1000-cloud is picked ≈ 300/1000 of the time by subset 0.
  const hits = new Float64Array(10);
  const rng = new Random(11);
  for (let t = 0; t < 400; t++)
    for (const i of indicesOf(chooseInputSubsets(indexed(1000), 300, 1, rng).subsets[0])) hits[Math.floor(i / 100)]++;
  for (const h of hits) assert.ok(Math.abs(h / (400 * 30) - 1) < 0.1, `decile hit rate ${h / 12000}`);
});

test('bad arguments: RangeError', () => {
  assert.throws(() => chooseInputSubsets(new Float32Array(0), 300, 4, new Random(0)), RangeError);
  assert.throws(() => chooseInputSubsets(indexed(10), 0, 4, new Random(0)), RangeError);
  assert.throws(() => chooseInputSubsets(indexed(10), 5, 0, new Random(0)), RangeError);
});

test('averageOccupancy: arithmetic mean of the parts, one part passed through', async () => {
  const q = Float32Array.from([0, 0, 0, 1, 2, 3]);
  const f1 = (p: Float32Array) => Float32Array.from([0.2, 0.9].slice(0, p.length / 3));
  const f2 = async (p: Float32Array) => Float32Array.from([0.6, 0.1].slice(0, p.length / 3));
  const avg = await averageOccupancy([f1, f2])(q);
  assert.ok(Math.abs(avg[0] - 0.4) < 1e-7 && Math.abs(avg[1] - 0.5) < 1e-7);
  assert.equal(averageOccupancy([f1]), f1);
  assert.throws(() => averageOccupancy([]), RangeError);
  await assert.rejects(async () => averageOccupancy([f1, () => new Float32Array(1)])(q));
});

test('subsetSize: a density model takes up to passPoints whole, then subsets of passPoints grown to ⌈N/k⌉ (every point used), capped at maxPoints', () => {
  const density = { inputPoints: 300, density: { maxPoints: 3000, passPoints: 1000 }, trainPoints: [300, 3000] as const };
  // hand-computed: P = 1000, k = 4, N_max = 3000
  const cases: Array<[number, number]> = [
    [16, 1000], // one pass (the whole cloud: chooseInputSubsets keeps N ≤ P untouched)
    [1000, 1000],
    [1001, 1000], // ⌈1001/4⌉ = 251 < P: two subsets of 1000
    [3000, 1000], // three disjoint subsets
    [4000, 1000], // four, every point once
    [6000, 1500], // ⌈6000/4⌉
    [10000, 2500],
    [12000, 3000],
    [100000, 3000], // capped: 4 × 3000 of 100 000
  ];
  for (const [n, want] of cases) assert.equal(subsetSize(density, n, 4), want, `N ${n}`);
  assert.equal(subsetSize(density, 10000, 2), 3000, 'k = 2: ⌈10000/2⌉ capped at maxPoints');
  // passPoints absent: maxPoints is the pass size
  const plain = { inputPoints: 300, density: { maxPoints: 3000 } };
  assert.deepEqual(
    [1000, 3000, 5000, 20000].map((n) => subsetSize(plain, n, 4)),
    [3000, 3000, 3000, 3000],
  );
  // a fixed-level model: always its inputPoints
  assert.deepEqual(
    [100, 300, 5000].map((n) => subsetSize({ inputPoints: 300 }, n, 4)),
    [300, 300, 300],
  );
});
