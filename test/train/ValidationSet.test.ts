import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildValidationSet } from '../../src/train/ValidationSet.ts';
import { SphereDataset } from './sphereDataset.ts';

test('validation set: seeded subset of shapes, fixed inputs on the surface with noise, labelled point subset', async () => {
  const ds = new SphereDataset({ train: 0, val: 7, test: 0 });
  const o = { split: 'val' as const, shapes: 4, points: 300, inputPoints: 50, noise: 0.01, seed: 8 };
  const a = await buildValidationSet(ds, o);
  const b = await buildValidationSet(ds, o);
  assert.equal(a.refs.length, 4);
  assert.deepEqual(a.refs, b.refs);
  assert.deepEqual(a.shapes, b.shapes, 'the same seed gives the same set');
  const ids = a.refs.map((r) => Number(r.id.slice(3)));
  assert.deepEqual(
    ids,
    [...ids].sort((x, y) => x - y),
    'kept in split order',
  );
  let dev = 0,
    n = 0;
  a.shapes.forEach((s, k) => {
    const { c, r } = SphereDataset.geometry(a.refs[k].id);
    assert.equal(s.input.length, 150);
    assert.equal(s.points.length, 900);
    for (let i = 0; i < 50; i++) {
      const d = Math.hypot(s.input[3 * i] - c[0], s.input[3 * i + 1] - c[1], s.input[3 * i + 2] - c[2]) - r;
      dev += d * d;
      n++;
    }
    for (let i = 0; i < 300; i++) {
      const inside = Math.hypot(s.points[3 * i] - c[0], s.points[3 * i + 1] - c[1], s.points[3 * i + 2] - c[2]) < r;
      assert.equal(s.labels[i], inside ? 1 : 0);
    }
  });
  // Radial deviation of noisy surface points has std ≈ the noise std (one of three axes is radial).
  const std = Math.sqrt(dev / n);
  assert.ok(std > 0.008 && std < 0.012, `radial noise std ${std}`);
  const other = await buildValidationSet(ds, { ...o, seed: 9 });
  assert.notDeepEqual(other.shapes[0].input, a.shapes[0].input);
  // Asking for more shapes/points than exist gives all of them.
  const all = await buildValidationSet(ds, { ...o, shapes: 100, points: 1e6 });
  assert.equal(all.refs.length, 7);
  assert.equal(all.shapes[0].labels.length, 2000);
});
