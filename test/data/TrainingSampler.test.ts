import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TrainingSampler } from '../../src/data/TrainingSampler.ts';
import { OnetDataset } from '../../src/data/OnetDataset.ts';
import { Random } from '../../src/geometry/Random.ts';
import type { ShapeDataset, ShapeRef, ShapeSample, Split } from '../../src/data/ShapeDataset.ts';
import { ONET_FIXTURES } from '../fixtures.ts';

/**
 * A dataset in memory. Shape k's surface points are k + (i, 0, 0)/1000 for i < S (so a point
 * names its shape and index), or all at the origin when `atOrigin`; its queries are points
 * with x = i − M/2 and label x > 0, so a wrong pairing of points and labels shows.
 */
class FakeDataset implements ShapeDataset {
  loads = 0;
  constructor(
    readonly n: number,
    readonly S: number,
    readonly M: number,
    readonly atOrigin = false,
  ) {}
  categories(): string[] {
    return ['c'];
  }
  shapes(split?: Split): ShapeRef[] {
    if (split && split !== 'train') return [];
    return Array.from({ length: this.n }, (_, k) => ({ category: 'c', id: String(k), split: 'train' as Split }));
  }
  async load(ref: ShapeRef): Promise<ShapeSample> {
    this.loads++;
    const k = Number(ref.id);
    const surfacePoints = new Float32Array(3 * this.S);
    if (!this.atOrigin)
      for (let i = 0; i < this.S; i++) {
        surfacePoints[3 * i] = k + i / 1000;
        surfacePoints[3 * i + 1] = k;
      }
    const queryPoints = new Float32Array(3 * this.M);
    const queryOccupancies = new Uint8Array(this.M);
    for (let i = 0; i < this.M; i++) {
      queryPoints[3 * i] = i - this.M / 2;
      queryPoints[3 * i + 2] = k;
      queryOccupancies[i] = i - this.M / 2 > 0 ? 1 : 0;
    }
    return {
      category: 'c',
      id: ref.id,
      surfacePoints,
      surfaceNormals: new Float32Array(0),
      queryPoints,
      queryOccupancies,
      loc: [0, 0, 0],
      scale: 1,
    };
  }
}

test('batch sizes; inputs are distinct surface points of the right shape; labels stay paired', async () => {
  const ds = new FakeDataset(10, 500, 1000);
  const s = new TrainingSampler(ds, { inputPoints: 300, queries: 200, batchSize: 4, noiseStd: 0, seed: 3 });
  assert.equal(s.batchesPerEpoch, 3);
  const sizes: number[] = [];
  const seen = new Map<string, number>();
  for (let b = 0; b < 3; b++) {
    const batch = await s.nextBatch();
    sizes.push(batch.size);
    assert.equal(batch.epoch, 0);
    assert.equal(batch.inputs.length, batch.size * 300 * 3);
    assert.equal(batch.queryPoints.length, batch.size * 200 * 3);
    assert.equal(batch.occupancies.length, batch.size * 200);
    for (let j = 0; j < batch.size; j++) {
      const k = Number(batch.refs[j].id);
      seen.set(batch.refs[j].id, (seen.get(batch.refs[j].id) ?? 0) + 1);
      const idx = new Set<number>();
      for (let p = 0; p < 300; p++) {
        const o = (j * 300 + p) * 3;
        assert.equal(batch.inputs[o + 1], k, 'input point from another shape');
        const i = Math.round((batch.inputs[o] - k) * 1000);
        assert.ok(i >= 0 && i < 500);
        idx.add(i);
      }
      assert.equal(idx.size, 300, 'input points must be distinct samples');
      for (let q = 0; q < 200; q++) {
        const o = (j * 200 + q) * 3;
        assert.equal(batch.queryPoints[o + 2], k);
        assert.equal(batch.occupancies[j * 200 + q], batch.queryPoints[o] > 0 ? 1 : 0);
      }
    }
  }
  assert.deepEqual(sizes, [4, 4, 2]);
  // One epoch hands out every shape exactly once.
  assert.equal(seen.size, 10);
  for (const c of seen.values()) assert.equal(c, 1);
  const next = await s.nextBatch();
  assert.equal(next.epoch, 1);
  assert.equal(next.cursor, 0);
});

test('noise: mean 0 and std σ within sampling error, re-drawn every epoch', async () => {
  const sigma = 0.005;
  const ds = new FakeDataset(1, 2048, 100, true);
  const s = new TrainingSampler(ds, { inputPoints: 300, queries: 10, batchSize: 1, noiseStd: sigma, seed: 11 });
  let sum = 0,
    sum2 = 0,
    count = 0;
  let first: Float32Array | null = null;
  for (let e = 0; e < 20; e++) {
    const b = await s.nextBatch();
    assert.equal(b.epoch, e);
    if (!first) first = b.inputs.slice();
    else assert.notDeepEqual(b.inputs, first);
    for (const v of b.inputs) {
      sum += v;
      sum2 += v * v;
      count++;
    }
  }
  const mean = sum / count;
  const std = Math.sqrt(sum2 / count - mean * mean);
  // 18,000 values: the std estimate's own std is σ/√(2·18000) ≈ 0.5 % of σ; allow 3 %.
  assert.ok(Math.abs(std - sigma) < 0.03 * sigma, `std ${std}`);
  assert.ok(Math.abs(mean) < (5 * sigma) / Math.sqrt(count), `mean ${mean}`);
});

test('more requested than available: drawn with replacement', async () => {
  const ds = new FakeDataset(2, 50, 30);
  const s = new TrainingSampler(ds, { inputPoints: 120, queries: 64, batchSize: 2, noiseStd: 0 });
  const b = await s.nextBatch();
  assert.equal(b.inputs.length, 2 * 120 * 3);
  for (let q = 0; q < 2 * 64; q++) assert.equal(b.occupancies[q], b.queryPoints[3 * q] > 0 ? 1 : 0);
});

test('same seed → same batches; other seed → different', async () => {
  const run = async (seed: number) => {
    const s = new TrainingSampler(new FakeDataset(7, 400, 600), { inputPoints: 50, queries: 40, batchSize: 3, seed });
    const out: Float32Array[] = [];
    for (let i = 0; i < 6; i++) out.push((await s.nextBatch()).inputs);
    return out;
  };
  const a = await run(5),
    b = await run(5),
    c = await run(6);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test('resume from a saved (JSON) state continues identically, across epochs', async () => {
  const mk = () => new TrainingSampler(new FakeDataset(5, 300, 300), { inputPoints: 30, queries: 20, batchSize: 2, seed: 9 });
  const a = mk();
  for (let i = 0; i < 4; i++) await a.nextBatch(); // into epoch 1
  const saved = JSON.parse(JSON.stringify(a.state()));
  const rest: unknown[] = [];
  for (let i = 0; i < 5; i++) {
    const b = await a.nextBatch();
    rest.push([b.refs, b.inputs, b.queryPoints, b.occupancies, b.epoch, b.cursor]);
  }
  const b = mk();
  b.setState(saved);
  for (let i = 0; i < 5; i++) {
    const x = await b.nextBatch();
    assert.deepEqual([x.refs, x.inputs, x.queryPoints, x.occupancies, x.epoch, x.cursor], rest[i]);
  }
  const other = new TrainingSampler(new FakeDataset(5, 300, 300), { seed: 10 });
  assert.throws(() => other.setState(saved), { name: 'UsageError' });
  const fewer = new TrainingSampler(new FakeDataset(4, 300, 300), { seed: 9 });
  assert.throws(() => fewer.setState(saved), { name: 'UsageError' });
});

test('shapes are loaded once and kept in memory; a tiny budget evicts', async () => {
  const ds = new FakeDataset(6, 100, 100);
  const s = new TrainingSampler(ds, { inputPoints: 10, queries: 10, batchSize: 3 });
  for (let i = 0; i < 8; i++) await s.nextBatch();
  assert.equal(ds.loads, 6);
  assert.equal(s.cacheStats().shapes, 6);
  const ds2 = new FakeDataset(6, 100, 100);
  const perShape = 100 * 12 + 100 * 12 + 100;
  const s2 = new TrainingSampler(ds2, { inputPoints: 10, queries: 10, batchSize: 3, cacheBytes: 2 * perShape });
  for (let i = 0; i < 8; i++) await s2.nextBatch();
  assert.ok(ds2.loads > 6);
  assert.ok(s2.cacheStats().bytes <= 2 * perShape);
});

test('bad options and empty split are usage errors', () => {
  const ds = new FakeDataset(3, 10, 10);
  assert.throws(() => new TrainingSampler(ds, { inputPoints: 0 }), { name: 'UsageError' });
  assert.throws(() => new TrainingSampler(ds, { noiseStd: -1 }), { name: 'UsageError' });
  assert.throws(() => new TrainingSampler(ds, { split: 'val' }), { name: 'UsageError' });
});

test('on the ONet fixture: inputs lie within noise of the analytic sphere', async () => {
  const ds = OnetDataset.open(ONET_FIXTURES, { categories: ['00000001'] });
  const s = new TrainingSampler(ds, { batchSize: 2, seed: 1 });
  const b = await s.nextBatch();
  assert.equal(b.size, 2);
  for (let j = 0; j < 2; j++) {
    const r = b.refs[j].id === 'sphere_a' ? 0.45 : 0.3;
    let s2 = 0;
    for (let p = 0; p < 300; p++) {
      const o = (j * 300 + p) * 3;
      const d = Math.hypot(b.inputs[o], b.inputs[o + 1], b.inputs[o + 2]) - r;
      s2 += d * d;
    }
    // Radial component of isotropic N(0, 0.005²) noise has std 0.005 (plus float16 rounding).
    const std = Math.sqrt(s2 / 300);
    assert.ok(std > 0.004 && std < 0.006, `radial std ${std}`);
  }
});

/**
 * An off-centre sphere (centre (0.1, −0.05, 0), radius 0.3): 300 surface samples on it plus 100
 * copies of its +x pole (a marker that shows where an item's orientation put +x), queries uniform
 * in a box with label |q − c| < r.
 */
class SphereDataset implements ShapeDataset {
  categories(): string[] {
    return ['c'];
  }
  shapes(split?: Split): ShapeRef[] {
    return split && split !== 'train' ? [] : [{ category: 'c', id: '0', split: 'train' as Split }];
  }
  async load(): Promise<ShapeSample> {
    const rng = new Random(9),
      c = [0.1, -0.05, 0],
      r = 0.3,
      S = 400,
      M = 3000;
    const surfacePoints = new Float32Array(3 * S),
      queryPoints = new Float32Array(3 * M),
      queryOccupancies = new Uint8Array(M);
    for (let i = 0; i < S; i++) {
      const v = i < 100 ? [1, 0, 0] : [rng.normal(), rng.normal(), rng.normal()];
      const l = Math.hypot(v[0], v[1], v[2]);
      for (let a = 0; a < 3; a++) surfacePoints[3 * i + a] = c[a] + (r * v[a]) / l;
    }
    for (let i = 0; i < M; i++) {
      let d2 = 0;
      for (let a = 0; a < 3; a++) {
        const x = rng.uniform(-0.55, 0.55);
        queryPoints[3 * i + a] = x;
        d2 += (x - c[a]) ** 2;
      }
      queryOccupancies[i] = d2 < r * r ? 1 : 0;
    }
    return {
      category: 'c',
      id: '0',
      surfacePoints,
      surfaceNormals: new Float32Array(0),
      queryPoints,
      queryOccupancies,
      loc: [0, 0, 0],
      scale: 1,
    };
  }
}

test('rotation augmentation: inputs renormalised (box centred, longest side 1), labels still those of the moved sphere, orientations vary', async () => {
  // All 400 surface points and all 3000 queries are drawn (in shuffled order) for every item.
  const s = new TrainingSampler(new SphereDataset(), { inputPoints: 400, queries: 3000, batchSize: 1, noiseStd: 0, seed: 4, rotate: true });
  const poleSum = [0, 0, 0];
  const items = 12;
  for (let t = 0; t < items; t++) {
    const b = await s.nextBatch();
    const P = b.inputs,
      Q = b.queryPoints;
    const lo = [Infinity, Infinity, Infinity],
      hi = [-Infinity, -Infinity, -Infinity];
    for (let i = 0; i < P.length; i++) {
      lo[i % 3] = Math.min(lo[i % 3], P[i]);
      hi[i % 3] = Math.max(hi[i % 3], P[i]);
    }
    for (let a = 0; a < 3; a++) assert.ok(Math.abs(lo[a] + hi[a]) < 1e-6, 'bounding box centred');
    assert.ok(Math.abs(Math.max(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]) - 1) < 1e-6, 'longest side 1');
    // The pole marker: the point repeated 100 times.
    const key = (i: number): string => `${P[3 * i]},${P[3 * i + 1]},${P[3 * i + 2]}`;
    const counts = new Map<string, number>();
    for (let i = 0; i < 400; i++) counts.set(key(i), (counts.get(key(i)) ?? 0) + 1);
    const [poleKey, poleCount] = [...counts.entries()].reduce((a, e) => (e[1] > a[1] ? e : a));
    assert.equal(poleCount, 100);
    const pole = poleKey.split(',').map(Number);
    // The other 300 lie on one sphere: centre ≈ their mean (± sampling, a few % of r), radius =
    // their mean distance from it. Every query away from the boundary band keeps its label.
    const cen = [0, 0, 0];
    const rest: number[] = [];
    for (let i = 0; i < 400; i++) if (key(i) !== poleKey) rest.push(i);
    for (const i of rest) for (let a = 0; a < 3; a++) cen[a] += P[3 * i + a] / rest.length;
    let rad = 0;
    for (const i of rest) rad += Math.hypot(P[3 * i] - cen[0], P[3 * i + 1] - cen[1], P[3 * i + 2] - cen[2]) / rest.length;
    let checked = 0;
    for (let i = 0; i < 3000; i++) {
      const d = Math.hypot(Q[3 * i] - cen[0], Q[3 * i + 1] - cen[1], Q[3 * i + 2] - cen[2]);
      if (Math.abs(d - rad) < 0.1 * rad) continue;
      assert.equal(b.occupancies[i], d < rad ? 1 : 0, `query ${i} of item ${t}`);
      checked++;
    }
    assert.ok(checked > 2000, `${checked} queries checked`);
    const dir = [pole[0] - cen[0], pole[1] - cen[1], pole[2] - cen[2]];
    const l = Math.hypot(dir[0], dir[1], dir[2]);
    assert.ok(Math.abs(l - rad) < 0.1 * rad, 'the marker is on the sphere');
    for (let a = 0; a < 3; a++) poleSum[a] += dir[a] / l / items;
  }
  // Without rotation every item would put the marker at +x (mean direction of norm 1); uniform
  // orientations give a mean of 12 unit vectors of norm ≈ 1/√12 ≈ 0.29.
  assert.ok(Math.hypot(poleSum[0], poleSum[1], poleSum[2]) < 0.7, `mean pole direction ${poleSum}`);
});

/** Empirical q-quantile of a list. */
const quantile = (v: number[], q: number): number => v.slice().sort((a, b) => a - b)[Math.floor(q * (v.length - 1))];

test('per-item input size: N log-uniform in the range (quartiles of ln N at ¼, ½, ¾ of [ln min, ln max]), offsets consistent, inputs distinct points of their shape', async () => {
  const ds = new FakeDataset(400, 3000, 40);
  const s = new TrainingSampler(ds, { inputPointsRange: [100, 3000], queries: 8, batchSize: 40, noiseStd: 0, seed: 7 });
  const ns: number[] = [];
  for (let t = 0; t < 10; t++) {
    const b = await s.nextBatch();
    assert.equal(b.inputPoints, 0, 'variable layout');
    assert.equal(b.inputOffsets.length, b.size + 1);
    assert.equal(b.inputs.length, 3 * b.inputOffsets[b.size]);
    for (let j = 0; j < b.size; j++) {
      const n = b.inputOffsets[j + 1] - b.inputOffsets[j];
      assert.ok(n >= 100 && n <= 3000, `N = ${n}`);
      ns.push(n);
      const k = Number(b.refs[j].id),
        idx = new Set<number>();
      for (let p = b.inputOffsets[j]; p < b.inputOffsets[j + 1]; p++) {
        assert.equal(b.inputs[3 * p + 1], k, 'input point from another shape');
        idx.add(Math.round((b.inputs[3 * p] - k) * 1000));
      }
      assert.equal(idx.size, n, 'distinct surface samples (S = 3000 ≥ N)');
    }
  }
  // ln N uniform on [ln 100, ln 3000]: quartiles 100·30^{1/4} ≈ 234, √(100·3000) ≈ 548, 100·30^{3/4} ≈ 1282;
  // 400 items put each sample quartile within ≈ ±10 % (in N); allow 20 %.
  for (const [q, want] of [
    [0.25, 234],
    [0.5, 548],
    [0.75, 1282],
  ]) {
    const got = quantile(ns, q);
    assert.ok(Math.abs(got / want - 1) < 0.2, `quantile ${q}: ${got}, expected ≈ ${want}`);
  }
  assert.ok(Math.min(...ns) < 130 && Math.max(...ns) > 2500, 'both ends reached');
});

test("per-item noise std uniform in noiseRange: each item's measured std inside [lo, hi], spread over it", async () => {
  const s = new TrainingSampler(new FakeDataset(1, 2000, 10, true), {
    inputPoints: 2000,
    noiseRange: [0.002, 0.01],
    queries: 4,
    batchSize: 1,
    seed: 3,
  });
  const stds: number[] = [];
  for (let t = 0; t < 30; t++) {
    const v = (await s.nextBatch()).inputs; // surface at the origin: the inputs are the noise
    let s2 = 0;
    for (const x of v) s2 += x * x;
    stds.push(Math.sqrt(s2 / v.length));
  }
  // 6000 values per item: the std estimate is within ≈ 1 % (σ/√12000); allow 4 %
  for (const sd of stds) assert.ok(sd > 0.002 * 0.96 && sd < 0.01 * 1.04, `item std ${sd}`);
  assert.ok(Math.min(...stds) < 0.0035 && Math.max(...stds) > 0.0085, `spread ${Math.min(...stds)}…${Math.max(...stds)}`);
  const mean = stds.reduce((a, b) => a + b, 0) / stds.length;
  assert.ok(Math.abs(mean - 0.006) < 0.0012, `mean std ${mean} (uniform on [0.002, 0.01]: 0.006 ± 0.0004)`);
});

/**
 * Least-squares quadric a·x² + b·y² + c·z² + d·xy + e·xz + f·yz + g·x + h·y + i·z = 1 through
 * the points (float64 normal equations, Gaussian elimination): an independent description of
 * the surface an affine map made of the sphere; returns q(x) (inside the ellipsoid: q < 1).
 */
function fitQuadric(p: Float32Array): (x: number, y: number, z: number) => number {
  const row = (x: number, y: number, z: number): number[] => [x * x, y * y, z * z, x * y, x * z, y * z, x, y, z];
  const A = Array.from({ length: 9 }, () => new Array(10).fill(0));
  for (let i = 0; i < p.length; i += 3) {
    const r = row(p[i], p[i + 1], p[i + 2]);
    for (let a = 0; a < 9; a++) {
      for (let b = 0; b < 9; b++) A[a][b] += r[a] * r[b];
      A[a][9] += r[a];
    }
  }
  for (let c = 0; c < 9; c++) {
    let piv = c;
    for (let r = c + 1; r < 9; r++) if (Math.abs(A[r][c]) > Math.abs(A[piv][c])) piv = r;
    [A[c], A[piv]] = [A[piv], A[c]];
    for (let r = 0; r < 9; r++)
      if (r !== c) {
        const f = A[r][c] / A[c][c];
        for (let k = c; k < 10; k++) A[r][k] -= f * A[c][k];
      }
  }
  const w = A.map((r, c) => r[9] / r[c]);
  return (x, y, z) => row(x, y, z).reduce((s, v, k) => s + v * w[k], 0);
}

test('scale (+ rotation) augmentation: inputs renormalised (box centred, longest side 1), labels those of the analytic ellipsoid the moved sphere became, axes stretched unequally', async () => {
  for (const rotate of [false, true]) {
    // all 400 surface points and all 3000 queries in every item (noise 0): the inputs lie exactly on the ellipsoid
    const s = new TrainingSampler(new SphereDataset(), {
      inputPoints: 400,
      queries: 3000,
      batchSize: 1,
      noiseStd: 0,
      seed: 8,
      rotate,
      scaleRange: [0.7, 1.3],
    });
    let minRatio = 1;
    for (let t = 0; t < 8; t++) {
      const b = await s.nextBatch();
      const P = b.inputs,
        Q = b.queryPoints;
      const lo = [Infinity, Infinity, Infinity],
        hi = [-Infinity, -Infinity, -Infinity];
      for (let i = 0; i < P.length; i++) {
        lo[i % 3] = Math.min(lo[i % 3], P[i]);
        hi[i % 3] = Math.max(hi[i % 3], P[i]);
      }
      for (let a = 0; a < 3; a++) assert.ok(Math.abs(lo[a] + hi[a]) < 1e-6, 'bounding box centred');
      const sides = [0, 1, 2].map((a) => hi[a] - lo[a]);
      assert.ok(Math.abs(Math.max(...sides) - 1) < 1e-6, 'longest side 1');
      minRatio = Math.min(minRatio, Math.min(...sides));
      const q = fitQuadric(P);
      let fitErr = 0;
      for (let i = 0; i < P.length; i += 3) fitErr = Math.max(fitErr, Math.abs(q(P[i], P[i + 1], P[i + 2]) - 1));
      assert.ok(fitErr < 1e-4, `inputs on one ellipsoid (max |q − 1| = ${fitErr})`);
      let checked = 0;
      for (let i = 0; i < 3000; i++) {
        const v = q(Q[3 * i], Q[3 * i + 1], Q[3 * i + 2]);
        if (Math.abs(v - 1) < 0.02) continue; // boundary band: float32 rounding of the map
        assert.equal(b.occupancies[i], v < 1 ? 1 : 0, `query ${i} of item ${t} (rotate ${rotate})`);
        checked++;
      }
      assert.ok(checked > 2800, `${checked} queries checked`);
    }
    // a sphere's box is a cube (sides 1, 1, 1, or nearly so when rotated); factors in [0.7, 1.3] make it oblong
    assert.ok(minRatio < 0.9, `smallest box side ${minRatio}: the axes were not scaled unequally`);
  }
});

test('with the new options: same seed → same batches (sizes, inputs, labels); resume from a saved state continues identically; single-value ranges and no options draw as before', async () => {
  const opts = {
    inputPointsRange: [20, 200] as [number, number],
    noiseRange: [0, 0.01] as [number, number],
    scaleRange: [0.7, 1.3] as [number, number],
    rotate: true,
    queries: 30,
    batchSize: 3,
  };
  const mk = (seed: number) => new TrainingSampler(new FakeDataset(7, 300, 100), { ...opts, seed });
  const take = async (s: TrainingSampler, n: number) => {
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) {
      const b = await s.nextBatch();
      out.push([b.refs, b.inputOffsets, b.inputs, b.queryPoints, b.occupancies, b.epoch, b.cursor]);
    }
    return out;
  };
  const a = mk(5);
  assert.deepEqual(await take(a, 5), await take(mk(5), 5));
  assert.notDeepEqual(await take(mk(6), 5), await take(mk(5), 5));
  const saved = JSON.parse(JSON.stringify(a.state()));
  const rest = await take(a, 4);
  const b = mk(5);
  b.setState(saved);
  assert.deepEqual(await take(b, 4), rest);
  // degenerate ranges are the fixed values (no draws), byte for byte
  const plain = new TrainingSampler(new FakeDataset(7, 300, 100), { inputPoints: 50, noiseStd: 0.004, queries: 30, batchSize: 3, seed: 2 });
  const single = new TrainingSampler(new FakeDataset(7, 300, 100), {
    inputPointsRange: [50, 50],
    noiseRange: [0.004, 0.004],
    queries: 30,
    batchSize: 3,
    seed: 2,
  });
  const x = await take(plain, 4),
    y = await take(single, 4);
  assert.deepEqual(y, x);
  const first = await new TrainingSampler(new FakeDataset(7, 300, 100), { inputPoints: 50, queries: 30, batchSize: 3 }).nextBatch();
  assert.equal(first.inputPoints, 50);
  assert.deepEqual(Array.from(first.inputOffsets), [0, 50, 100, 150]);
  assert.throws(
    () => new TrainingSampler(new FakeDataset(2, 10, 10), { inputPointsRange: [300, 100] }),
    /inputPointsRange must be \[lo, hi\]/,
  );
  assert.throws(() => new TrainingSampler(new FakeDataset(2, 10, 10), { scaleRange: [0, 1] }), /scaleRange/);
  assert.throws(() => new TrainingSampler(new FakeDataset(2, 10, 10), { noiseRange: [-0.1, 1] }), /noiseRange/);
});

test('a shape with fewer surface samples than the largest N: warned once, items drawn with replacement', async () => {
  const warnings: string[] = [];
  const s = new TrainingSampler(new FakeDataset(4, 100, 20), {
    inputPointsRange: [50, 400],
    queries: 5,
    batchSize: 4,
    noiseStd: 0,
    seed: 1,
    warn: (m) => warnings.push(m),
  });
  for (let t = 0; t < 3; t++) await s.nextBatch();
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /holds 100 surface samples, fewer than the 400 input points.*data build --surface 400/);
  const quiet: string[] = [];
  await new TrainingSampler(new FakeDataset(4, 500, 20), {
    inputPointsRange: [50, 400],
    queries: 5,
    batchSize: 4,
    warn: (m) => quiet.push(m),
  }).nextBatch();
  assert.deepEqual(quiet, []);
});
