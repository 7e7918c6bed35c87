import { test } from 'node:test';
import assert from 'node:assert/strict';
import { upsampleCloud } from '../../src/recon/upsampleCloud.ts';
import type { OccupancyModel } from '../../src/recon/OccupancyModel.ts';
import { Random } from '../../src/geometry/Random.ts';

/** Stand-in model: the sphere through the cloud's points about their bounding-box centre
 *  (radius = mean distance), P(inside) = sigmoid((r − |x − c|)/0.02), unit-cube frame. */
const sphereModel: OccupancyModel = {
  threshold: 0.5,
  config: { inputPoints: 300 },
  predict(input, queries) {
    const lo = [Infinity, Infinity, Infinity],
      hi = [-Infinity, -Infinity, -Infinity];
    for (let i = 0; i < input.length; i += 3)
      for (let d = 0; d < 3; d++) {
        lo[d] = Math.min(lo[d], input[i + d]);
        hi[d] = Math.max(hi[d], input[i + d]);
      }
    const c = lo.map((l, d) => (l + hi[d]) / 2);
    let r = 0;
    for (let i = 0; i < input.length; i += 3) r += Math.hypot(input[i] - c[0], input[i + 1] - c[1], input[i + 2] - c[2]);
    r /= input.length / 3;
    const out = new Float32Array(queries.length / 3);
    for (let j = 0; j < out.length; j++)
      out[j] = 1 / (1 + Math.exp(-(r - Math.hypot(queries[3 * j] - c[0], queries[3 * j + 1] - c[1], queries[3 * j + 2] - c[2])) / 0.02));
    return out;
  },
};

test('upsampleCloud: n points on the predicted sphere, in the input coordinates, seeded', async () => {
  // 300 points on a sphere of radius 7 about (−40, 12, 3).
  const rng = new Random(5);
  const c = [-40, 12, 3],
    R = 7;
  const cloud = new Float32Array(900);
  for (let i = 0; i < 300; i++) {
    const x = rng.normal(),
      y = rng.normal(),
      z = rng.normal(),
      l = Math.hypot(x, y, z);
    cloud.set([c[0] + (R * x) / l, c[1] + (R * y) / l, c[2] + (R * z) / l], 3 * i);
  }
  // The stand-in's sphere in input units: centre = bbox centre, radius = mean distance to it.
  const lo = [0, 1, 2].map((d) => Math.min(...cloud.filter((_, i) => i % 3 === d)));
  const hi = [0, 1, 2].map((d) => Math.max(...cloud.filter((_, i) => i % 3 === d)));
  const cc = lo.map((l, d) => (l + hi[d]) / 2);
  let rr = 0;
  for (let i = 0; i < 300; i++) rr += Math.hypot(cloud[3 * i] - cc[0], cloud[3 * i + 1] - cc[1], cloud[3 * i + 2] - cc[2]);
  rr /= 300;

  const { points, normals, stats } = await upsampleCloud(cloud, sphereModel, 2000, { resolution: 64, seed: 3 });
  assert.equal(points.length, 6000);
  assert.equal(normals.length, 6000);
  assert.ok(stats.tolerance < 1e-3 * R, `tolerance ${stats.tolerance}`);
  let worst = 0,
    dots = 0,
    mean = [0, 0, 0];
  for (let i = 0; i < 2000; i++) {
    const d = [0, 1, 2].map((k) => points[3 * i + k] - cc[k]);
    const l = Math.hypot(d[0], d[1], d[2]);
    worst = Math.max(worst, Math.abs(l - rr));
    dots += (d[0] * normals[3 * i] + d[1] * normals[3 * i + 1] + d[2] * normals[3 * i + 2]) / l;
    mean = mean.map((m, k) => m + d[k] / l / 2000);
  }
  // Input units: the sphere holds to bisection tolerance (float32 positions ≈ 1e-5 relative).
  assert.ok(worst < stats.tolerance + 1e-4 * R, `max |r − r*| = ${worst}`);
  assert.ok(dots / 2000 > 0.95, `normals point outward: mean cos ${dots / 2000}`);
  // Spread over the whole sphere: the mean direction is near 0 (uniform: |mean| ~ 1/√(3·2000)).
  assert.ok(Math.hypot(...mean) < 0.06, `mean direction ${mean}`);
  const again = await upsampleCloud(cloud, sphereModel, 2000, { resolution: 64, seed: 3 });
  assert.deepEqual(again.points, points);
  const other = await upsampleCloud(cloud, sphereModel, 2000, { resolution: 64, seed: 4 });
  assert.notDeepEqual(other.points, points);
});
