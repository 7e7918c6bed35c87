import { test } from 'node:test';
import assert from 'node:assert/strict';
import { meshFromGridCropped } from '../../src/recon/meshFromGridCropped.ts';
import { meshFromGrid, mise } from '../../src/recon/mise.ts';
import { batchOf, sphere, torus, assertClosedManifold, type Field } from './fields.ts';

/** The cropped and the full extraction must be the same mesh: same faces, same vertex order,
 *  positions equal up to float rounding of the origin. */
async function compare(f: Field, what: string, r0 = 16, steps = 2): Promise<number> {
  const grid = await mise(batchOf(f), { threshold: 0, resolution0: r0, upsamplingSteps: steps });
  const full = meshFromGrid(grid),
    crop = meshFromGridCropped(grid);
  assert.deepEqual(crop.faces, full.faces, `${what}: faces`);
  assert.equal(crop.positions.length, full.positions.length);
  let worst = 0;
  for (let i = 0; i < full.positions.length; i++) worst = Math.max(worst, Math.abs(crop.positions[i] - full.positions[i]));
  assert.ok(worst < 1e-6, `${what}: positions differ by ${worst}`);
  if (full.faces.length > 0) assertClosedManifold(crop, what);
  return full.faces.length / 3;
}

test('cropped marching cubes = full marching cubes: off-centre sphere, thin slab, torus', async () => {
  assert.ok((await compare(sphere(0.12, 0.3, -0.2, 0.1), 'small off-centre sphere')) > 100);
  // A thin slab: inside |z| < 0.03, |x|, |y| < 0.4 (a box-shaped field).
  assert.ok((await compare((x, y, z) => Math.min(0.03 - Math.abs(z), 0.4 - Math.abs(x), 0.4 - Math.abs(y)), 'slab')) > 100);
  assert.ok((await compare(torus(0.3, 0.1), 'torus', 32, 1)) > 100);
});

test('cropped marching cubes at the box border and with nothing inside', async () => {
  // Inside reaches the border of [-0.55, 0.55]³: the padding closes it, in both versions.
  assert.ok((await compare(sphere(0.5, 0.3, 0, 0), 'sphere cut by the box')) > 100);
  assert.ok((await compare(() => 1, 'all inside', 4, 1)) > 0);
  assert.equal(await compare(() => -1, 'all outside', 4, 1), 0);
  assert.equal(await compare(sphere(0.01, 0.13, 0.13, 0.13), 'between grid points', 4, 0), 0);
});

test("interpolate 'logit': a steep sigmoid of a sphere's distance is meshed on its level set, with the same faces", async () => {
  // P(inside) = σ(k·d), d = 0.3 − |x| (signed distance), k·h = 8: P goes from 0.5 to 0.9997 within
  // one cell, like a confident network. The threshold t = 0.45 is crossed where k·d = log(t/(1−t)),
  // i.e. on the sphere of radius 0.3 − log(t/(1−t))/k.
  const r = 0.3,
    t = 0.45,
    h = 1.1 / 64,
    k = 8 / h;
  const p: Field = (x, y, z) => 1 / (1 + Math.exp(-k * (r - Math.hypot(x, y, z))));
  const grid = await mise(batchOf(p), { threshold: t, resolution0: 16, upsamplingSteps: 2 });
  assert.ok(Math.abs(grid.spacing - h) < 1e-12);
  const expected = r - Math.log(t / (1 - t)) / k;
  const radiusError = (m: { positions: Float32Array }): number => {
    let worst = 0;
    for (let i = 0; i < m.positions.length; i += 3) {
      const q = m.positions;
      worst = Math.max(worst, Math.abs(Math.hypot(q[i], q[i + 1], q[i + 2]) - expected));
    }
    return worst;
  };
  const linear = meshFromGridCropped(grid),
    logit = meshFromGridCropped(grid, { interpolate: 'logit' });
  assert.deepEqual(logit.faces, linear.faces, 'the inside set (hence the faces) does not change');
  assertClosedManifold(logit, 'logit sphere');
  // The log-odds are exactly k·d, linear along an edge up to the sphere's curvature over one cell.
  assert.ok(radiusError(logit) < 0.02 * h, `logit: vertices off the level set by ${radiusError(logit) / h} cells`);
  // Interpolating P itself puts vertices near the middle of their edges: terraces of cell size.
  assert.ok(radiusError(linear) > 0.15 * h, `linear: worst error only ${radiusError(linear) / h} cells`);
});
