import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TrainingSampler } from '../../src/data/TrainingSampler.ts';
import { Random } from '../../src/geometry/Random.ts';
import type { ShapeDataset, ShapeRef, ShapeSample, Split } from '../../src/data/ShapeDataset.ts';

// The geometric augmentations of a training item (drawTrainingItem.ts: rotation, per-axis scale,
// renormalisation by the moved input's bounding box), through the sampler that draws them.

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
