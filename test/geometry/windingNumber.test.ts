import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WindingNumber, solidAngle } from '../../src/geometry/windingNumber.ts';
import { Random } from '../../src/geometry/Random.ts';
import { gridBox, torus, uvSphere } from './shapes.ts';

test('solid angle of known triangles', () => {
  // The triangle on the three unit axes covers one octant seen from the origin: 4π/8.
  assert.ok(Math.abs(solidAngle(1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0) - Math.PI / 2) < 1e-12);
  // Reversed orientation flips the sign; seen from far away along the normal it shrinks as area/d².
  assert.ok(Math.abs(solidAngle(1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0) + Math.PI / 2) < 1e-12);
  const d = 1000,
    area = 0.5;
  const far = solidAngle(0, 0, 0, 1, 0, 0, 0, 1, 0, 0.3, 0.3, -d);
  assert.ok(Math.abs(far - area / (d * d)) < 1e-5 * far);
  // Half of a square seen from above its centre at height h: the square subtends
  // 4·asin(a²/(a² + h²)) for half-side a (known closed form), each half triangle half of that.
  const a = 1,
    h = 0.7;
  const square = 4 * Math.asin((a * a) / (a * a + h * h));
  const half = solidAngle(-a, -a, 0, a, -a, 0, a, a, 0, 0, 0, -h);
  assert.ok(Math.abs(half - square / 2) < 1e-12, `${half} vs ${square / 2}`);
});

test('exact winding number is 1 inside and 0 outside closed meshes (analytic sphere)', () => {
  const wn = new WindingNumber(uvSphere(0.4, 12, 24));
  const rng = new Random(31);
  for (let i = 0; i < 300; i++) {
    const p = [rng.uniform(-0.6, 0.6), rng.uniform(-0.6, 0.6), rng.uniform(-0.6, 0.6)];
    const r = Math.hypot(p[0], p[1], p[2]);
    if (r > 0.3 && r < 0.41) continue; // tessellation band of this coarse sphere
    const w = wn.at(p[0], p[1], p[2], true);
    assert.ok(Math.abs(w - (r < 0.4 ? 1 : 0)) < 1e-9, `r ${r}: w ${w}`);
  }
});

test('hierarchical approximation stays within 0.01 of the exact sum (β = 2), near and far', () => {
  const rng = new Random(32);
  for (const m of [uvSphere(0.4, 24, 48), torus(0.3, 0.1, 48, 24), gridBox([-0.3, -0.2, -0.1], [0.3, 0.25, 0.35], 5)]) {
    const wn = new WindingNumber(m);
    const samples = 250;
    let maxErr = 0;
    for (let i = 0; i < samples; i++) {
      // Half uniform in a padded box, half just off the surface near a vertex.
      let x: number, y: number, z: number;
      if (i % 2 === 0) {
        x = rng.uniform(-0.55, 0.55);
        y = rng.uniform(-0.55, 0.55);
        z = rng.uniform(-0.55, 0.55);
      } else {
        const v = rng.int(m.positions.length / 3);
        x = m.positions[3 * v] + rng.normal(0, 0.02);
        y = m.positions[3 * v + 1] + rng.normal(0, 0.02);
        z = m.positions[3 * v + 2] + rng.normal(0, 0.02);
      }
      maxErr = Math.max(maxErr, Math.abs(wn.at(x, y, z) - wn.at(x, y, z, true)));
    }
    assert.ok(maxErr < 0.01, `max error ${maxErr}`);
  }
});

test('larger β is more accurate; evaluate matches at()', () => {
  const m = torus(0.3, 0.1, 48, 24);
  const rng = new Random(33);
  const pts = new Float64Array(3 * 200);
  for (let i = 0; i < pts.length; i++) pts[i] = rng.uniform(-0.45, 0.45);
  const exact = new WindingNumber(m).evaluate(pts, true);
  const err = (beta: number) => {
    const w = new WindingNumber(m, { beta }).evaluate(pts);
    return Math.max(...w.map((x, i) => Math.abs(x - exact[i])));
  };
  const e1 = err(1.2),
    e4 = err(4);
  const wn = new WindingNumber(m);
  const batch = wn.evaluate(pts);
  for (let i = 0; i < 200; i++) assert.equal(batch[i], wn.at(pts[3 * i], pts[3 * i + 1], pts[3 * i + 2]));
  assert.ok(e4 < e1 / 4, `β=1.2: ${e1}, β=4: ${e4}`);
  assert.throws(() => new WindingNumber(m, { beta: 0.5 }), RangeError);
});
