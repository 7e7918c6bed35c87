import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coarsen } from '../../../src/nn/pcnn/coarsen.ts';
import { coarsenGrid } from '../../../src/nn/pcnn/coarsenGrid.ts';
import { Random } from '../../../src/geometry/Random.ts';
import { spherePoints } from '../../helpers/sphere.ts';

/** Equal bit for bit: chosen indices (FPS order), their points, every point's segment. */
function assertSame(xyz: Float32Array, k: number, start: number, what: string): void {
  const a = coarsen(xyz, k, start),
    b = coarsenGrid(xyz, k, start);
  assert.deepEqual(b.indices, a.indices, `${what}: indices`);
  assert.deepEqual(b.points, a.points, `${what}: points`);
  assert.deepEqual(b.segment, a.segment, `${what}: segments`);
}

test('coarsenGrid equals coarsen (plain FPS + nearest-centre scan) on surface clouds, every k, random starts', () => {
  const rng = new Random(21);
  for (const n of [16, 57, 300, 2000]) {
    const xyz = spherePoints(n, 0.4, rng, { noise: 0.005 });
    for (const k of [1, 2, 8, Math.round(0.43 * n), Math.round(0.85 * n), n]) assertSame(xyz, k, rng.int(n), `n ${n}, k ${k}`);
  }
});

test('coarsenGrid equals coarsen with ties: duplicate points, a flat cloud, a lattice, all points equal', () => {
  const rng = new Random(22);
  const dup = spherePoints(400, 0.3, rng);
  for (let i = 0; i < 120; i++) {
    const j = rng.int(400),
      t = rng.int(400);
    for (let a = 0; a < 3; a++) dup[3 * j + a] = dup[3 * t + a];
  }
  for (const k of [50, 300, 400]) assertSame(dup, k, 3, `duplicates, k ${k}`);
  const flat = new Float32Array(3 * 200);
  for (let i = 0; i < 200; i++) {
    flat[3 * i] = rng.uniform(-0.5, 0.5);
    flat[3 * i + 1] = rng.uniform(-0.5, 0.5);
  }
  assertSame(flat, 150, 0, 'flat');
  // a 6×6×6 lattice: many exactly equal distances, so the smallest-index tie-break decides
  const lat = new Float32Array(3 * 216);
  for (let i = 0; i < 216; i++) {
    lat[3 * i] = i % 6;
    lat[3 * i + 1] = Math.floor(i / 6) % 6;
    lat[3 * i + 2] = Math.floor(i / 36);
  }
  for (const k of [27, 100, 216]) assertSame(lat, k, 0, `lattice, k ${k}`);
  assertSame(new Float32Array(3 * 30).fill(0.25), 20, 7, 'all equal');
});

test('coarsenGrid: bad k or start are RangeErrors', () => {
  const xyz = spherePoints(20, 0.4, new Random(1));
  assert.throws(() => coarsenGrid(xyz, 0, 0), RangeError);
  assert.throws(() => coarsenGrid(xyz, 21, 0), RangeError);
  assert.throws(() => coarsenGrid(xyz, 5, 20), RangeError);
});
