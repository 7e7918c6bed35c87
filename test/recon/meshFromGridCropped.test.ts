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
