import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TrainingSampler } from '../../src/data/TrainingSampler.ts';
import { OnetDataset } from '../../src/data/OnetDataset.ts';
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

test('per-item input size, inputPointsDistribution "uniform": quartiles of N at ¼, ½, ¾ of [min, max]; a bad name is a usage error', async () => {
  const ds = new FakeDataset(400, 3000, 40);
  const s = new TrainingSampler(ds, {
    inputPointsRange: [100, 3000],
    inputPointsDistribution: 'uniform',
    queries: 8,
    batchSize: 40,
    noiseStd: 0,
    seed: 7,
  });
  const ns: number[] = [];
  for (let t = 0; t < 10; t++) {
    const b = await s.nextBatch();
    for (let j = 0; j < b.size; j++) ns.push(b.inputOffsets[j + 1] - b.inputOffsets[j]);
  }
  // N uniform on [100, 3000]: quartiles 825, 1550, 2275 (the log-uniform draw above gives 234, 548,
  // 1282); 400 items put each sample quartile within ≈ ±5 % of the range; allow 10 % of it (290).
  for (const [q, want] of [
    [0.25, 825],
    [0.5, 1550],
    [0.75, 2275],
  ]) {
    const got = quantile(ns, q);
    assert.ok(Math.abs(got - want) < 290, `quantile ${q}: ${got}, expected ≈ ${want}`);
  }
  assert.ok(Math.min(...ns) >= 100 && Math.max(...ns) <= 3000);
  assert.throws(
    () => new TrainingSampler(ds, { inputPointsRange: [100, 3000], inputPointsDistribution: 'normal' as 'uniform' }),
    /inputPointsDistribution must be "log-uniform" or "uniform", got "normal"/,
  );
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

test('categoryRepeats: each shape of a repeated category appears k times per epoch, the others once; resume keeps it; bad names and counts are usage errors', async () => {
  // Two categories: a (3 shapes) and b (2 shapes); b repeated 3 times → 3 + 2·3 = 9 items per epoch.
  class TwoCats extends FakeDataset {
    override categories(): string[] {
      return ['a', 'b'];
    }
    override shapes(split?: Split): ShapeRef[] {
      if (split && split !== 'train') return [];
      return ['a:0', 'a:1', 'a:2', 'b:3', 'b:4'].map((s) => ({ category: s[0], id: s.slice(2), split: 'train' as Split }));
    }
  }
  const mk = () =>
    new TrainingSampler(new TwoCats(5, 50, 10), { inputPoints: 5, queries: 4, batchSize: 1, seed: 4, categoryRepeats: { b: 3 } });
  const s = mk();
  assert.equal(s.refs.length, 9);
  assert.equal(s.batchesPerEpoch, 9);
  for (let epoch = 0; epoch < 2; epoch++) {
    const count = new Map<string, number>();
    const seen: string[] = [];
    for (let i = 0; i < 9; i++) {
      const b = await s.nextBatch();
      assert.equal(b.epoch, epoch);
      const key = `${b.refs[0].category}:${b.refs[0].id}`;
      count.set(key, (count.get(key) ?? 0) + 1);
      seen.push(`${key}@${b.inputs[0]}`);
    }
    assert.deepEqual(Object.fromEntries([...count].sort()), { 'a:0': 1, 'a:1': 1, 'a:2': 1, 'b:3': 3, 'b:4': 3 });
    // the repeats are separate items: shape 3's three appearances draw different input points
    const firsts = seen.filter((x) => x.startsWith('b:3@'));
    assert.ok(new Set(firsts).size > 1, `three appearances of b:3 drew the same first point: ${firsts.join(', ')}`);
  }
  // a saved state resumes the same sequence (the expanded epoch is part of the state's size)
  const a = mk();
  for (let i = 0; i < 4; i++) await a.nextBatch();
  const b = mk();
  b.setState(JSON.parse(JSON.stringify(a.state())));
  for (let i = 0; i < 7; i++) assert.deepEqual((await b.nextBatch()).inputs, (await a.nextBatch()).inputs);
  // without repeats the state of the expanded epoch does not fit
  const plain = new TrainingSampler(new TwoCats(5, 50, 10), { inputPoints: 5, queries: 4, batchSize: 1, seed: 4 });
  assert.equal(plain.refs.length, 5);
  assert.throws(() => plain.setState(a.state()), { name: 'UsageError' });
  for (const bad of [{ c: 2 }, { b: 0 }, { b: 1.5 }, { b: 101 }] as Record<string, number>[])
    assert.throws(() => new TrainingSampler(new TwoCats(5, 50, 10), { categoryRepeats: bad }), { name: 'UsageError' }, JSON.stringify(bad));
});
