import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractSurface, meshFromGrid, mise, type MiseGrid } from '../../src/recon/mise.ts';
import { marchingCubes, padWithOutside } from '../../src/recon/marchingCubes.ts';
import { Random } from '../../src/geometry/Random.ts';
import { assertClosedManifold, batchOf, sphere, torus, type Field } from './fields.ts';

/** Dense evaluation of f on the documented grid: point i at lo + (hi − lo)·(i / R). */
function dense(f: Field, R: number, box: [number, number]): Float32Array {
  const n = R + 1;
  const c = Array.from({ length: n }, (_, i) => box[0] + (box[1] - box[0]) * (i / R));
  const v = new Float32Array(n * n * n);
  for (let k = 0; k < n; k++)
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++) {
        v[i + n * (j + n * k)] = f(Math.fround(c[i]), Math.fround(c[j]), Math.fround(c[k]));
      }
  return v;
}

/** MISE equals dense evaluation: same inside/outside everywhere, same values where evaluated,
 *  identical marching-cubes mesh. Returns the evaluation count. */
function assertSameAsDense(f: Field, grid: MiseGrid, what: string): void {
  const R = grid.resolution,
    thr = grid.threshold;
  const d = dense(f, R, grid.box);
  let evaluated = 0;
  for (let i = 0; i < d.length; i++) {
    assert.equal(grid.values[i] > thr, d[i] > thr, `${what}: side differs at grid point ${i}`);
    if (grid.evaluated[i]) {
      assert.equal(grid.values[i], d[i], `${what}: evaluated value differs at ${i}`);
      evaluated++;
    }
  }
  assert.equal(evaluated, grid.evaluations);
  const h = (grid.box[1] - grid.box[0]) / R,
    o = grid.box[0] - h;
  const p = padWithOutside(d, [R + 1, R + 1, R + 1], -1e6);
  const ref = marchingCubes(p.values, p.dims, thr, { origin: [o, o, o], spacing: h });
  const got = meshFromGrid(grid);
  assert.deepEqual(got.faces, ref.faces, `${what}: faces differ from dense`);
  assert.deepEqual(got.positions, ref.positions, `${what}: positions differ from dense`);
}

const sigmoid = (s: number) => 1 / (1 + Math.exp(-s));

test('MISE at 128³ equals dense evaluation on a sphere, a torus and a union of boxes, with < 25 % of the evaluations', async () => {
  const box: [number, number] = [-0.55, 0.55];
  const shapes: [string, Field, number][] = [
    // Probability with threshold 0.5 (paper), logit with threshold 0, binary occupancy at 0.2 (ONet).
    ['sphere', (x, y, z) => sigmoid(60 * sphere(0.37, 0.011, -0.02, 0.03)(x, y, z)), 0.5],
    ['torus', torus(0.3, 0.1), 0],
    [
      'boxes',
      (x, y, z) => {
        const inA = Math.abs(x) < 0.4 && Math.abs(y) < 0.05 && Math.abs(z - 0.1) < 0.3;
        const inB = Math.abs(x + 0.2) < 0.13 && Math.abs(y - 0.2) < 0.25 && Math.abs(z) < 0.123;
        return inA || inB ? 1 : 0;
      },
      0.2,
    ],
  ];
  const full = 129 ** 3;
  for (const [name, f, threshold] of shapes) {
    const grid = await mise(batchOf(f), { threshold, resolution0: 32, upsamplingSteps: 2, box });
    assert.equal(grid.resolution, 128);
    assert.deepEqual(grid.dims, [129, 129, 129]);
    console.log(
      `  MISE ${name}: ${grid.evaluations} evaluations = ${((100 * grid.evaluations) / full).toFixed(1)} % of 129³, ${grid.rounds} rounds`,
    );
    assert.ok(grid.evaluations < 0.25 * full, `${name}: ${grid.evaluations} evaluations`);
    assertSameAsDense(f, grid, name);
  }
});

test('the neighbour rule refines a coarse voxel that the surface enters between its corners', async () => {
  // r0 = 4 over [-0.5, 0.5]: coarse voxels 0.25 wide. A rod at y, z ∈ [0.1, 0.15] runs from the
  // voxel W = [0, .25]³ (whose corner (0,0,0) is inside a small ball) into V = [.25, .5]×[0, .25]²,
  // none of whose corners is inside. Only the points W's children evaluate on the shared face
  // reveal the rod to V.
  const f: Field = (x, y, z) => {
    const ball = Math.hypot(x, y, z) < 0.05;
    const rod = x > -0.02 && x < 0.4 && y > 0.1 && y < 0.15 && z > 0.1 && z < 0.15;
    return ball || rod ? 1 : 0;
  };
  const grid = await mise(batchOf(f), { threshold: 0.5, resolution0: 4, upsamplingSteps: 2, box: [-0.5, 0.5] });
  const n = 17,
    at = (i: number, j: number, k: number) => i + n * (j + n * k);
  // (0.375, 0.125, 0.125) lies strictly inside V and inside the rod.
  assert.equal(grid.evaluated[at(14, 10, 10)], 1);
  assert.ok(grid.values[at(14, 10, 10)] > 0.5);
  assertSameAsDense(f, grid, 'rod');
});

test('unevaluated points are trilinear interpolations: a linear field is reproduced everywhere', async () => {
  const f: Field = (x, y, z) => 0.3 * x - 0.2 * y + 0.1 * z;
  const grid = await mise(batchOf(f), { threshold: 0.01, resolution0: 8, upsamplingSteps: 3, box: [-0.5, 0.5] });
  const R = grid.resolution,
    n = R + 1;
  let filled = 0;
  for (let k = 0; k < n; k++)
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++) {
        const idx = i + n * (j + n * k);
        const c = (u: number) => -0.5 + u / R;
        assert.ok(Math.abs(grid.values[idx] - f(c(i), c(j), c(k))) < 1e-6, `value at ${i},${j},${k}`);
        if (!grid.evaluated[idx]) filled++;
      }
  assert.ok(filled > n ** 3 / 2, `most points interpolated (${filled})`);
});

test('evaluate: async, batches of at most batchSize, every point evaluated once', async () => {
  const f = sphere(0.3);
  const seen = new Set<string>();
  let calls = 0,
    total = 0;
  const evaluate = async (p: Float32Array): Promise<Float32Array> => {
    calls++;
    assert.ok(p.length / 3 <= 1000 && p.length > 0);
    for (let i = 0; i < p.length; i += 3) {
      const key = `${p[i]},${p[i + 1]},${p[i + 2]}`;
      assert.ok(!seen.has(key), `point ${key} evaluated twice`);
      seen.add(key);
      const lim = Math.fround(0.55);
      assert.ok(Math.abs(p[i]) <= lim && Math.abs(p[i + 1]) <= lim && Math.abs(p[i + 2]) <= lim);
    }
    total += p.length / 3;
    await new Promise((r) => setImmediate(r));
    return batchOf(f)(p);
  };
  const grid = await mise(evaluate, { threshold: 0, resolution0: 8, upsamplingSteps: 2, batchSize: 1000 });
  assert.equal(total, grid.evaluations);
  assert.ok(calls >= Math.ceil(total / 1000));
  assertSameAsDense(f, grid, 'async sphere');
  // No up-sampling: exactly the (r0+1)³ grid.
  const flat = await mise(batchOf(f), { threshold: 0, resolution0: 10, upsamplingSteps: 0 });
  assert.equal(flat.evaluations, 11 ** 3);
  await assert.rejects(
    mise(() => new Float32Array(1), { threshold: 0, resolution0: 4 }),
    /returned 1 values/,
  );
  await assert.rejects(mise(batchOf(f), { threshold: 0, resolution0: 0 }), RangeError);
});

test('extractSurface: closed mesh in world coordinates with the analytic volume', async () => {
  const R = 0.35,
    c = [0.05, -0.03, 0.02];
  const { mesh, evaluations } = await extractSurface(batchOf(sphere(R, c[0], c[1], c[2])), { threshold: 0 });
  const r = assertClosedManifold(mesh, 'extracted sphere');
  assert.equal(r.components, 1);
  assert.ok(Math.abs(r.volume / ((4 / 3) * Math.PI * R ** 3) - 1) < 0.01, `volume ${r.volume}`);
  const p = mesh.positions,
    h = 1.1 / 128;
  for (let i = 0; i < p.length; i += 3) {
    assert.ok(Math.abs(Math.hypot(p[i] - c[0], p[i + 1] - c[1], p[i + 2] - c[2]) - R) < 0.05 * h);
  }
  assert.ok(evaluations < 0.25 * 129 ** 3);
  // A shape touching the box is still closed (padding).
  const big = await extractSurface(
    batchOf((x, y, z) => 0.6 - Math.max(Math.abs(x), Math.abs(y), Math.abs(z))),
    {
      threshold: 0,
      resolution0: 8,
      upsamplingSteps: 1,
    },
  );
  const rb = assertClosedManifold(big.mesh, 'box filling the domain');
  assert.ok(Math.abs(rb.volume - 1.1 ** 3) < 0.01, `volume ${rb.volume}`);
});

test('seeds: a plate thinner than the coarse spacing, missed by the rule, is found where the points lie, as dense evaluation finds it', async () => {
  const box: [number, number] = [-0.55, 0.55];
  // 128³ grid spacing 1.1/128 ≈ 0.0086: z = 0.0171875 is final grid point 66 and level-1 point
  // 33, but no coarse (32³, spacing 0.034) grid point lies in |z − 0.0172| < 0.004.
  const plate: Field = (x, y, z) => (Math.abs(x) < 0.3 && Math.abs(y) < 0.3 && Math.abs(z - 0.0172) < 0.004 ? 1 : 0);
  const plain = await mise(batchOf(plate), { threshold: 0.5, box });
  assert.equal(plain.evaluations, 33 ** 3, 'the rule stops after the coarse grid');
  assert.equal(meshFromGrid(plain).faces.length, 0);
  // points on the plate (a 0.01 lattice, as a scan of it would give)
  const pts: number[] = [];
  for (let x = -0.295; x < 0.3; x += 0.01) for (let y = -0.295; y < 0.3; y += 0.01) pts.push(x, y, 0.0172);
  const seeded = await mise(batchOf(plate), { threshold: 0.5, box, seeds: [new Float32Array(pts)] });
  assertSameAsDense(plate, seeded, 'plate');
  const mesh = meshFromGrid(seeded);
  assertClosedManifold(mesh, 'plate');
  let zMin = Infinity,
    zMax = -Infinity,
    xMax = 0;
  for (let i = 0; i < mesh.positions.length; i += 3) {
    xMax = Math.max(xMax, Math.abs(mesh.positions[i]), Math.abs(mesh.positions[i + 1]));
    zMin = Math.min(zMin, mesh.positions[i + 2]);
    zMax = Math.max(zMax, mesh.positions[i + 2]);
  }
  // the surface lies between the inside grid layer and its outside neighbours, one spacing away
  const h = 1.1 / 128;
  assert.ok(zMin > 0.0171875 - h && zMax < 0.0171875 + h, `plate z range ${zMin}–${zMax}`);
  assert.ok(xMax > 0.3 - h && xMax < 0.3 + h, `plate half-width ${xMax}`);
});

test('seeds: a plate between coarse grid layers is found even when the rule finds another part (a ball) first', async () => {
  const box: [number, number] = [-0.55, 0.55];
  const ball = sphere(0.1, -0.3, -0.3, -0.3);
  const f: Field = (x, y, z) =>
    ball(x, y, z) > 0 || (Math.abs(x - 0.2) < 0.2 && Math.abs(y - 0.2) < 0.2 && Math.abs(z - 0.0172) < 0.004) ? 1 : 0;
  const plain = await mise(batchOf(f), { threshold: 0.5, box });
  let platePoints = 0;
  for (let i = 0; i < plain.values.length; i++) if (plain.values[i] > 0.5 && plain.evaluated[i]) platePoints++;
  const pts: number[] = [];
  for (let x = 0.005; x < 0.4; x += 0.01) for (let y = 0.005; y < 0.4; y += 0.01) pts.push(x, y, 0.0172);
  const seeded = await mise(batchOf(f), { threshold: 0.5, box, seeds: [new Float32Array(pts)] });
  assertSameAsDense(f, seeded, 'ball + plate');
  let seededInside = 0;
  for (let i = 0; i < seeded.values.length; i++) if (seeded.values[i] > 0.5) seededInside++;
  // the plate's inside layer alone is ~46² final grid points; the rule alone found only the ball
  assert.ok(seededInside > platePoints + 46 * 46 * 0.9, `${seededInside} inside points with seeds, ${platePoints} without`);
});

test('seeds on a surface the rule finds: the grid still equals dense evaluation where evaluated and in sign', async () => {
  const f: Field = (x, y, z) => sigmoid(60 * sphere(0.3, 0.02, -0.01, 0.03)(x, y, z));
  const r = new Random(5);
  const pts = new Float32Array(3 * 500);
  for (let i = 0; i < 500; i++) {
    const u = r.normal(),
      v = r.normal(),
      w = r.normal(),
      n = Math.hypot(u, v, w);
    pts.set([0.02 + (0.3 * u) / n, -0.01 + (0.3 * v) / n, 0.03 + (0.3 * w) / n], 3 * i);
  }
  const grid = await mise(batchOf(f), { threshold: 0.5, seeds: [pts, new Float32Array([2, 2, 2])] });
  assertSameAsDense(f, grid, 'seeded sphere');
});
