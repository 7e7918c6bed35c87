import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyNormalization, computeNormalization, invertNormalization } from '../../src/geometry/normalize.ts';
import { InputError } from '../../src/errors.ts';
import { Random } from '../../src/geometry/Random.ts';

function bbox(p: ArrayLike<number>) {
  const lo = [Infinity, Infinity, Infinity],
    hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < p.length; i++) {
    lo[i % 3] = Math.min(lo[i % 3], p[i]);
    hi[i % 3] = Math.max(hi[i % 3], p[i]);
  }
  return { lo, hi };
}

// Points in the box [2,5]×[−1,0]×[10,13.5] with both corners present: centre (3.5, −0.5, 11.75),
// longest side 3.5 (z), by hand.
function boxPoints(n: number, rng: Random): number[] {
  const p = [2, -1, 10, 5, 0, 13.5];
  for (let i = 0; i < n; i++) p.push(rng.uniform(2, 5), rng.uniform(-1, 0), rng.uniform(10, 13.5));
  return p;
}

test('centre and scale of a known box, by hand', () => {
  const t = computeNormalization(boxPoints(100, new Random(1)));
  assert.deepEqual(t.center, [3.5, -0.5, 11.75]);
  assert.equal(t.scale, 1 / 3.5);
});

test('normalised: longest side 1, box centred at 0; other sides scaled by the same factor', () => {
  const p = boxPoints(500, new Random(2));
  const t = computeNormalization(p);
  const q = applyNormalization(p, t);
  const { lo, hi } = bbox(q);
  assert.ok(Math.abs(hi[2] - lo[2] - 1) < 1e-6, `z side ${hi[2] - lo[2]}`);
  assert.ok(Math.abs(hi[0] - lo[0] - 3 / 3.5) < 1e-6);
  assert.ok(Math.abs(hi[1] - lo[1] - 1 / 3.5) < 1e-6);
  for (let d = 0; d < 3; d++) assert.ok(Math.abs(lo[d] + hi[d]) < 1e-6, `axis ${d} centre ${(lo[d] + hi[d]) / 2}`);
  // The input is untouched, the output is a new array.
  assert.equal(p[0], 2);
  assert.ok(q instanceof Float32Array && q.length === p.length);
});

test('inverse restores the original points (float32 round trip)', () => {
  const rng = new Random(3);
  const p = new Float32Array(300);
  for (let i = 0; i < p.length; i++) p[i] = rng.normal(100, 20);
  const t = computeNormalization(p);
  const back = invertNormalization(applyNormalization(p, t), t);
  for (let i = 0; i < p.length; i++)
    assert.ok(Math.abs(back[i] - p[i]) < 1e-4 * Math.max(1, Math.abs(p[i])), `${i}: ${back[i]} vs ${p[i]}`);
});

test('degenerate input gives a clear InputError', () => {
  assert.throws(
    () => computeNormalization([1, 2, 3, 1, 2, 3, 1, 2, 3], { source: 'cloud.ply' }),
    (e: unknown) => e instanceof InputError && e.code === 'invalid-coordinates' && /coincide/.test(e.message) && e.file === 'cloud.ply',
  );
  assert.throws(
    () => computeNormalization([]),
    (e: unknown) => e instanceof InputError && e.code === 'no-geometry',
  );
  assert.throws(
    () => computeNormalization([0, 0, 0, 1, NaN, 0]),
    (e: unknown) => e instanceof InputError && e.code === 'invalid-coordinates',
  );
  // A flat set (extent along one axis only) is fine: the scale comes from that axis.
  const t = computeNormalization([0, 0, 0, 0, 4, 0]);
  assert.deepEqual(t.center, [0, 2, 0]);
  assert.equal(t.scale, 0.25);
});
