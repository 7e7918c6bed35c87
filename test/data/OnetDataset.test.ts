import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OnetDataset } from '../../src/data/OnetDataset.ts';
import { sdSphere, sdBox } from './analyticMeshes.ts';
import { ONET_FIXTURES } from '../fixtures.ts';

const ROOT = ONET_FIXTURES;

/** The fixture README's shapes, in the stored (already normalised; loc 0, scale 1) frame. */
type Sd = (x: number, y: number, z: number) => number;
const sdTorusY =
  (R: number, r: number): Sd =>
  (x, y, z) =>
    Math.hypot(Math.hypot(x, z) - R, y) - r;
const SHAPES: Record<string, Sd> = {
  '00000001/sphere_a': sdSphere(0.45, [0, 0, 0]),
  '00000001/sphere_b': sdSphere(0.3, [0, 0, 0]),
  '00000001/torus_a': sdTorusY(0.3, 0.12),
  '00000002/box_a': sdBox([0, 0, 0], [0.45, 0.2, 0.3]),
  '00000002/box_b': sdBox([0, 0, 0], [0.2, 0.45, 0.45]),
  '00000002/box_c': sdBox([0, 0, 0], [0.3, 0.3, 0.3]),
};

/** Points are stored as float16: each coordinate in [-0.55, 0.55] is off by at most half an
 *  ulp, 2^-12 in [0.5, 1); a signed distance is 1-Lipschitz, so |Δsd| ≤ √3 · 2^-12. */
const F16_BAND = Math.sqrt(3) * 2 ** -12;

test('metadata, categories and split lists', () => {
  const ds = OnetDataset.open(ROOT);
  assert.deepEqual(ds.categories(), ['00000001', '00000002']);
  // yaml must keep the ids as strings ("00000001", not the number 1).
  assert.equal(ds.names.get('00000001'), 'blob,round');
  assert.equal(ds.names.get('00000002'), 'block,box');
  const ids = (s: 'train' | 'val' | 'test') => ds.shapes(s).map((r) => `${r.category}/${r.id}`);
  assert.deepEqual(ids('train'), ['00000001/sphere_a', '00000001/sphere_b', '00000002/box_a', '00000002/box_b']);
  assert.deepEqual(ids('val'), ['00000001/torus_a', '00000002/box_c']);
  assert.deepEqual(ids('test'), ['00000001/torus_a', '00000002/box_c']);
  assert.equal(ds.shapes().length, 8);
  assert.deepEqual(
    OnetDataset.open(ROOT, { categories: ['00000002'] })
      .shapes('train')
      .map((r) => r.id),
    ['box_a', 'box_b'],
  );
  assert.throws(() => OnetDataset.open(ROOT, { categories: ['99999999'] }), { name: 'InputError' });
});

for (const [key, sd] of Object.entries(SHAPES)) {
  test(`${key}: occupancies match the analytic shape, surface points on it, unit normals`, async () => {
    const ds = OnetDataset.open(ROOT);
    const [category, id] = key.split('/');
    const s = await ds.load({ category, id, split: 'train' });
    assert.equal(s.category, category);
    assert.equal(s.id, id);
    assert.deepEqual(s.loc, [0, 0, 0]);
    assert.equal(s.scale, 1);
    const n = s.queryPoints.length / 3;
    assert.equal(n, 20000);
    assert.equal(s.queryOccupancies.length, n);
    // ONet: points.npz is both the query and the IoU set.
    assert.equal(s.uniformPoints, s.queryPoints);
    assert.equal(s.uniformOccupancies, s.queryOccupancies);
    let inBand = 0,
      inside = 0;
    for (let i = 0; i < n; i++) {
      const x = s.queryPoints[3 * i],
        y = s.queryPoints[3 * i + 1],
        z = s.queryPoints[3 * i + 2];
      assert.ok(Math.max(Math.abs(x), Math.abs(y), Math.abs(z)) <= 0.55, 'point outside the padded box');
      const d = sd(x, y, z);
      inside += s.queryOccupancies[i];
      if (Math.abs(d) <= F16_BAND) {
        inBand++;
        continue;
      }
      assert.equal(s.queryOccupancies[i], d < 0 ? 1 : 0, `point ${i} (${x}, ${y}, ${z}) sd ${d}`);
    }
    // Only the points float16 rounding leaves ambiguous are skipped: a band of width
    // 2·4.2e-4 around a surface of area ≤ 2.6 holds ≤ 0.2 % of the box's volume 1.331.
    assert.ok(inBand < 0.005 * n, `${inBand} points within float16 rounding of the surface`);
    assert.ok(inside > 0 && inside < n);
    const m = s.surfacePoints.length / 3;
    assert.equal(m, 20000);
    assert.equal(s.surfaceNormals.length, 3 * m);
    assert.equal(s.evalPoints, s.surfacePoints);
    for (let i = 0; i < m; i++) {
      const x = s.surfacePoints[3 * i],
        y = s.surfacePoints[3 * i + 1],
        z = s.surfacePoints[3 * i + 2];
      assert.ok(Math.abs(sd(x, y, z)) <= F16_BAND, `surface point ${i} off the surface by ${sd(x, y, z)}`);
      const nx = s.surfaceNormals[3 * i],
        ny = s.surfaceNormals[3 * i + 1],
        nz = s.surfaceNormals[3 * i + 2];
      // Unit length up to float16 rounding (relative 2^-11 per component).
      assert.ok(Math.abs(Math.hypot(nx, ny, nz) - 1) < 2e-3, `normal ${i} length ${Math.hypot(nx, ny, nz)}`);
      // Outward: stepping along the normal leaves the shape.
      const e = 1e-2;
      assert.ok(sd(x + e * nx, y + e * ny, z + e * nz) > sd(x - e * nx, y - e * ny, z - e * nz), `normal ${i} points inward`);
    }
  });
}

test('load options: no normals, no eval, no uniform', async () => {
  const ds = OnetDataset.open(ROOT);
  const s = await ds.load({ category: '00000001', id: 'sphere_b', split: 'train' }, { normals: false, eval: false, uniform: false });
  assert.equal(s.surfaceNormals.length, 0);
  assert.equal(s.evalPoints, undefined);
  assert.equal(s.uniformPoints, undefined);
  assert.equal(s.queryPoints.length, 60000);
});

test('a missing model gives InputError not-found', async () => {
  const ds = OnetDataset.open(ROOT);
  await assert.rejects(ds.load({ category: '00000001', id: 'nope', split: 'train' }), { name: 'InputError', code: 'not-found' });
});
