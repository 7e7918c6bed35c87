// The WASM restriction builder (assembly/_plan.ts via restrictionPlan.ts) against its TS twin
// restrictionCsr — itself checked against brute force in pcnnField.test.ts: identical entries in
// identical order on random clouds (empty rows, targets outside the grid, duplicate points and
// targets, a flat cloud, float64 targets), weights within 1 float32 ulp; the grid against
// UniformGrid; the Morton orders against mortonOrder; the transposes against transposeCsr.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../src/nn/engine/Engine.ts';
import { PcnnLevel, KERNEL_POINTS } from '../../../src/nn/pcnn/PcnnLevel.ts';
import {
  buildRestrictionPlan,
  restrictionCsr,
  RestrictionGrid,
  RestrictionTargets,
  restrictionPlanOnGrid,
  restrictionRowsOnGrid,
} from '../../../src/nn/pcnn/restrictionPlan.ts';
import { UniformGrid } from '../../../src/nn/pcnn/UniformGrid.ts';
import { mortonOrder } from '../../../src/nn/pcnn/mortonOrder.ts';
import { transposeCsr, type Csr } from '../../../src/nn/pcnn/Csr.ts';
import { Random } from '../../../src/geometry/Random.ts';
import { spherePoints } from '../../helpers/sphere.ts';

const e = await Engine.create();

const ulpF = new Float32Array(2),
  ulpI = new Int32Array(ulpF.buffer);
function ulps(a: number, b: number): number {
  ulpF[0] = a;
  ulpF[1] = b;
  return Math.abs(ulpI[0] - ulpI[1]);
}

/** N points on a sphere of radius 0.4 (float32). */
const sphere = (rng: Random, n: number): Float32Array => spherePoints(n, 0.4, rng);

/** Targets of every kind: near-surface, uniform in a box, far outside, centres themselves, duplicates. */
function targetsFor(rng: Random, X: Float32Array, centres: Float32Array, nq: number): Float32Array {
  const n = X.length / 3,
    nc = centres.length / 3,
    T = new Float32Array(3 * nq);
  for (let t = 0; t < nq; t++) {
    const kind = t % 6,
      i = rng.int(n);
    for (let a = 0; a < 3; a++) {
      T[3 * t + a] =
        kind === 0
          ? X[3 * i + a] + rng.normal() * 0.02
          : kind === 1
            ? X[3 * i + a] + rng.normal() * 0.1
            : kind === 2
              ? rng.uniform(-0.7, 0.7)
              : kind === 3
                ? rng.uniform(2, 3) * (a === 1 ? -1 : 1) // far outside: empty rows
                : kind === 4
                  ? centres[3 * rng.int(nc) + a] // exactly on a centre
                  : X[3 * i + a];
    }
  }
  for (let t = 0; t + 10 < nq; t += 10) T.copyWithin(3 * (t + 1), 3 * t, 3 * t + 3); // duplicate targets
  return T;
}

/** Assert `got` has exactly the entries of `ref` in the same order, weights within 1 ulp. */
function assertSameCsr(got: Csr, ref: Csr, msg: string): void {
  assert.equal(got.nRows, ref.nRows, msg);
  assert.equal(got.nCols, ref.nCols, msg);
  assert.deepEqual(got.rowPtr, ref.rowPtr, `${msg}: row pointers`);
  const nnz = ref.rowPtr[ref.nRows];
  for (let n = 0; n < nnz; n++) {
    if (got.col[n] !== ref.col[n]) assert.fail(`${msg}: entry ${n} column ${got.col[n]} ≠ ${ref.col[n]}`);
    if (ulps(got.val[n], ref.val[n]) > 1) assert.fail(`${msg}: entry ${n} weight ${got.val[n]} vs ${ref.val[n]}`);
  }
}

test('WASM restriction plans equal the TS reference: same entries, same order, weights within 1 ulp', () => {
  const rng = new Random(101);
  let empty = 0,
    full = 0;
  const clouds: Array<[string, Float32Array]> = [
    ['sphere 300', sphere(rng, 300)],
    ['sphere 60', sphere(rng, 60)],
    ['sphere 9', sphere(rng, 9)],
    ['one point', sphere(rng, 1)],
  ];
  {
    // a flat cloud (one grid layer in z) with every point duplicated
    const f = new Float32Array(3 * 80);
    for (let i = 0; i < 40; i++) {
      f[3 * i] = rng.uniform(-0.4, 0.4);
      f[3 * i + 1] = rng.uniform(-0.4, 0.4);
      f[3 * i + 2] = 0.1;
    }
    f.copyWithin(120, 0, 120);
    clouds.push(['flat, duplicated', f]);
  }
  for (const [name, X] of clouds) {
    const n = X.length / 3;
    for (const c of [0.5, 1])
      for (const tau of [0.5, 2, 3, 4.5]) {
        const sigma = c / Math.sqrt(n);
        const mark = e.mark();
        const level = new PcnnLevel(e, X, sigma);
        const nc = n * KERNEL_POINTS;
        const Y = targetsFor(rng, X, level.centres, 300);
        for (const targets of [X, Y] as const) {
          const ref = restrictionCsr(level.centres, nc, targets, sigma, tau);
          const plan = buildRestrictionPlan(e, level, targets, tau);
          const msg = `${name}, c ${c}, τ ${tau}, ${targets === X ? 'own points' : 'queries'}`;
          assertSameCsr(plan.csr, ref, msg);
          // Pᵀ as stored: row j is centre backward.rows[j], entries = transposeCsr's row, in order
          const rt = transposeCsr(plan.csr),
            b = plan.backward,
            nnz = plan.nnz;
          const P = e.i32(b.ptr, nc + 1),
            I = e.i32(b.idx, nnz),
            W = e.f32(b.w, nnz),
            Rw = e.i32(b.rows, nc);
          for (let j = 0; j < nc; j++) {
            const col = Rw[j],
              s = rt.rowPtr[col],
              len = rt.rowPtr[col + 1] - s;
            assert.equal(P[j + 1] - P[j], len, `${msg}: Pᵀ row ${col}`);
            for (let t = 0; t < len; t++) {
              assert.equal(I[P[j] + t], rt.col[s + t]);
              assert.equal(W[P[j] + t], rt.val[s + t]);
            }
          }
          for (let q = 0; q < ref.nRows; q++) ref.rowPtr[q + 1] === ref.rowPtr[q] ? empty++ : full++;
        }
        e.release(mark);
      }
  }
  assert.ok(empty > 100 && full > 1000, `the cases include empty rows (${empty}) and non-empty ones (${full})`);
});

test('float64 and plain-array targets (not float32 values) decide exactly as the reference', () => {
  const rng = new Random(102);
  const X = sphere(rng, 120),
    sigma = 0.5 / Math.sqrt(120),
    tau = 3;
  const mark = e.mark();
  const level = new PcnnLevel(e, X, sigma);
  const nc = 120 * KERNEL_POINTS;
  const Y = new Float64Array(3 * 500);
  for (let t = 0; t < 500; t++) {
    const c = rng.int(nc),
      r = rng.uniform(0.9, 1.1) * tau * sigma; // many targets near the cut-off sphere of a centre
    let x = rng.normal(),
      y = rng.normal(),
      z = rng.normal();
    const s = r / Math.hypot(x, y, z);
    x *= s;
    y *= s;
    z *= s;
    Y[3 * t] = level.centres[3 * c] + x;
    Y[3 * t + 1] = level.centres[3 * c + 1] + y;
    Y[3 * t + 2] = level.centres[3 * c + 2] + z;
  }
  for (const targets of [Y, Array.from(Y)]) {
    assertSameCsr(
      buildRestrictionPlan(e, level, targets, tau).csr,
      restrictionCsr(level.centres, nc, targets, sigma, tau),
      'float64 targets',
    );
  }
  e.release(mark);
});

test('RestrictionGrid is UniformGrid (cells, order within cells); Morton orders are mortonOrder', () => {
  const rng = new Random(103);
  for (const n of [1, 17, 250]) {
    const X = sphere(rng, n),
      sigma = 0.5 / Math.sqrt(n),
      tau = 3;
    const mark = e.mark();
    const level = new PcnnLevel(e, X, sigma);
    const nc = n * KERNEL_POINTS;
    const grid = new RestrictionGrid(e, level.centres, nc, sigma, tau);
    const ref = new UniformGrid(level.centres, nc, (tau * sigma) / 2);
    const cells = ref.nx * ref.ny * ref.nz;
    assert.deepEqual(Array.from(e.i32(grid.hdr + 32, 3)), [ref.nx, ref.ny, ref.nz]);
    assert.deepEqual(Array.from(new Float64Array(e.memory.buffer, grid.hdr, 4)), [ref.ox, ref.oy, ref.oz, ref.cell]);
    assert.deepEqual(Array.from(e.i32(grid.cellStart, cells + 1)), Array.from(ref.cellStart));
    const rec = e.i32(grid.recs, 4 * nc),
      f = e.f32(grid.recs, 4 * nc);
    for (let t = 0; t < nc; t++) {
      const c = ref.items[t];
      assert.equal(rec[4 * t + 3], c);
      assert.deepEqual([f[4 * t], f[4 * t + 1], f[4 * t + 2]], [level.centres[3 * c], level.centres[3 * c + 1], level.centres[3 * c + 2]]);
    }
    assert.deepEqual(Array.from(e.i32(grid.centreOrder, nc)), Array.from(mortonOrder(level.centres, nc)));
    const Y = targetsFor(rng, X, level.centres, 200);
    const tg = new RestrictionTargets(e, Y);
    assert.deepEqual(Array.from(tg.orderArray()), Array.from(mortonOrder(Y, 200)));
    e.release(mark);
  }
});

test('row order does not change the plan; forward-only rows equal the full plan’s forward CSR', () => {
  const rng = new Random(104);
  const X = sphere(rng, 80),
    sigma = 0.5 / Math.sqrt(80);
  const mark = e.mark();
  const level = new PcnnLevel(e, X, sigma);
  const nc = 80 * KERNEL_POINTS;
  const Y = targetsFor(rng, X, level.centres, 333);
  const sorted = buildRestrictionPlan(e, level, Y, 3, true),
    unsorted = buildRestrictionPlan(e, level, Y, 3, false);
  assert.deepEqual(sorted.csr, unsorted.csr);
  assert.equal(unsorted.forward.rows, 0);
  const grid = new RestrictionGrid(e, level.centres, nc, sigma, 3, false);
  assert.equal(grid.centreOrder, 0);
  const tg = new RestrictionTargets(e, Y);
  const full = restrictionPlanOnGrid(grid, tg),
    rows = restrictionRowsOnGrid(grid, tg);
  assert.equal(full.backward.rows, 0); // no centre order: Pᵀ in natural order
  const nnz = full.nnz;
  assert.deepEqual(Array.from(e.i32(rows.ptr, 334)), Array.from(e.i32(full.forward.ptr, 334)));
  assert.deepEqual(Array.from(e.i32(rows.idx, nnz)), Array.from(e.i32(full.forward.idx, nnz)));
  assert.deepEqual(Array.from(e.f32(rows.w, nnz)), Array.from(e.f32(full.forward.w, nnz)));
  assert.equal(rows.rows, tg.order);
  e.release(mark);
});

test('plans live in the arena: released with their mark; no truncation = the dense reference; bad input', () => {
  const rng = new Random(105);
  const X = sphere(rng, 30),
    sigma = 0.5 / Math.sqrt(30);
  const before = e.used;
  const mark = e.mark();
  const level = new PcnnLevel(e, X, sigma);
  const Y = targetsFor(rng, X, level.centres, 50);
  const plan = buildRestrictionPlan(e, level, Y, 3);
  assert.ok(e.isLive(plan.forward.w, plan.nnz * 4) && e.isLive(plan.backward.w, plan.nnz * 4));
  const dense = buildRestrictionPlan(e, level, Y, Infinity);
  assert.deepEqual(dense.csr, restrictionCsr(level.centres, 30 * KERNEL_POINTS, Y, sigma, Infinity));
  assert.equal(dense.nnz, 50 * 30 * KERNEL_POINTS);
  assert.throws(() => buildRestrictionPlan(e, level, Y, 0), RangeError);
  assert.throws(() => buildRestrictionPlan(e, level, [0, 0, NaN], 3), RangeError);
  assert.throws(() => buildRestrictionPlan(e, level, [0, 0], 3), RangeError);
  e.release(mark);
  assert.equal(e.used, before);
});
