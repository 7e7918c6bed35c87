import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pointDistanceGrid } from '../../src/recon/pointDistance.ts';
import { Random } from '../../src/geometry/Random.ts';

test('pointDistanceGrid: the exact distance from each grid point to the nearest snapped cloud point', () => {
  const r = new Random(1);
  const pts = new Float32Array(3 * 40).map(() => r.uniform(-0.5, 0.5));
  const cells = 20,
    box: [number, number] = [-0.55, 0.55],
    h = 1.1 / cells,
    n = cells + 1;
  const g = pointDistanceGrid(pts, cells, box);
  assert.equal(g.n, n);
  const snapped: number[][] = [];
  for (let i = 0; i < pts.length; i += 3) snapped.push([0, 1, 2].map((a) => Math.round((pts[i + a] + 0.55) / h)));
  for (let z = 0; z < n; z++)
    for (let y = 0; y < n; y++)
      for (let x = 0; x < n; x++) {
        let best = Infinity;
        for (const [a, b, c] of snapped) best = Math.min(best, (a - x) ** 2 + (b - y) ** 2 + (c - z) ** 2);
        assert.ok(Math.abs(g.distance[x + n * (y + n * z)] - Math.sqrt(best) * h) < 1e-6);
      }
  // within half a cell diagonal of the true distance to the cloud point
  const p = [pts[0], pts[1], pts[2]];
  const gi = p.map((v) => Math.round((v + 0.55) / h));
  assert.ok(g.distance[gi[0] + n * (gi[1] + n * gi[2])] === 0);
});
