import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planTiles, tileRamp, tileWeights, DEFAULT_TILE_OVERLAP, type Box3 } from '../../src/recon/tiles.ts';
import { Random } from '../../src/geometry/Random.ts';
import { spherePoints } from '../helpers/sphere.ts';

const inBox = (b: Box3, x: number, y: number, z: number): boolean =>
  x >= b.lo[0] && x <= b.hi[0] && y >= b.lo[1] && y <= b.hi[1] && z >= b.lo[2] && z <= b.hi[2];

/** A dense sphere plus a denser blob on one side (uneven density), unit-cube frame. */
function cloud(): Float32Array {
  const r = new Random(5);
  const a = spherePoints(20000, 0.45, r, { noise: 0.003 });
  const b = spherePoints(8000, 0.08, r, { centre: [0.3, 0.2, -0.1] });
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

test('tile plan: every tile holds ≤ maxPoints, exactly the points of its outer box; every point is in a core; the cores partition the box', () => {
  const pts = cloud(),
    n = pts.length / 3,
    maxPoints = 3000;
  const plan = planTiles(pts, maxPoints);
  assert.equal(plan.overlap, DEFAULT_TILE_OVERLAP);
  assert.ok(plan.tiles.length > 10, `${plan.tiles.length} tiles`);
  let volume = 0;
  for (const t of plan.tiles) {
    assert.ok(t.points.length <= maxPoints, `${t.points.length} points`);
    // exactly the points inside the closed outer box
    const want: number[] = [];
    for (let i = 0; i < n; i++) if (inBox(t.outer, pts[3 * i], pts[3 * i + 1], pts[3 * i + 2])) want.push(i);
    assert.deepEqual([...t.points], want);
    for (let a = 0; a < 3; a++) {
      const side = t.core.hi[a] - t.core.lo[a];
      const longest = Math.max(...[0, 1, 2].map((b) => t.core.hi[b] - t.core.lo[b]));
      assert.ok(Math.abs(t.margin[a] - plan.overlap * Math.max(side, longest / 2)) < 1e-12);
      assert.ok(
        Math.abs(t.outer.lo[a] - (t.core.lo[a] - t.margin[a])) < 1e-12 && Math.abs(t.outer.hi[a] - (t.core.hi[a] + t.margin[a])) < 1e-12,
      );
    }
    volume += (t.core.hi[0] - t.core.lo[0]) * (t.core.hi[1] - t.core.lo[1]) * (t.core.hi[2] - t.core.lo[2]);
  }
  const b = plan.box;
  const boxVolume = (b.hi[0] - b.lo[0]) * (b.hi[1] - b.lo[1]) * (b.hi[2] - b.lo[2]);
  assert.ok(Math.abs(volume - boxVolume) < 1e-9, `core volumes ${volume} vs box ${boxVolume}`);
  // cores do not overlap (interiors disjoint): random points lie in the interior of at most one
  const r = new Random(9);
  for (let k = 0; k < 2000; k++) {
    const x = r.uniform(-0.55, 0.55),
      y = r.uniform(-0.55, 0.55),
      z = r.uniform(-0.55, 0.55);
    assert.equal(plan.tiles.filter((t) => inBox(t.core, x, y, z)).length, 1);
  }
  for (let i = 0; i < n; i++) {
    assert.ok(
      plan.tiles.some((t) => inBox(t.core, pts[3 * i], pts[3 * i + 1], pts[3 * i + 2])),
      `point ${i} in no core`,
    );
  }
});

test('tile weights: a partition of unity inside the box, positive only inside the outer box, 1 deep inside a core', () => {
  const plan = planTiles(cloud(), 3000, { overlap: 0.2 });
  const r = new Random(3);
  for (let k = 0; k < 3000; k++) {
    const x = r.uniform(-0.55, 0.55),
      y = r.uniform(-0.55, 0.55),
      z = r.uniform(-0.55, 0.55);
    const w = tileWeights(plan, x, y, z);
    let sum = 0;
    for (let t = 0; t < w.length; t++) {
      sum += w[t];
      if (w[t] > 0) assert.ok(inBox(plan.tiles[t].outer, x, y, z));
    }
    assert.ok(Math.abs(sum - 1) < 1e-12, `Σw = ${sum}`);
  }
  // outside every outer box: no weight
  assert.ok(tileWeights(plan, 5, 5, 5).every((w) => w === 0));
});

test('tile weights, by hand: a line of points split once; smoothstep ramps across the seam', () => {
  // 1000 points evenly on x ∈ (−0.5, 0.5), y = z = 0: symmetric, so the median cut is x = 0
  const n = 1000,
    pts = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) pts[3 * i] = -0.5 + (i + 0.5) / n;
  const overlap = 0.15;
  const plan = planTiles(pts, 600, { overlap });
  assert.equal(plan.tiles.length, 2);
  const e = 0.55 + 1e-6;
  const [left, right] = plan.tiles;
  assert.deepEqual(left.core, { lo: [-e, -e, -e], hi: [0, e, e] });
  assert.deepEqual(right.core, { lo: [0, -e, -e], hi: [e, e, e] });
  // margins: overlap · max(side, longest/2): x side e, longest 2e
  const mx = overlap * e,
    myz = overlap * 2 * e;
  assert.ok(Math.abs(left.margin[0] - mx) < 1e-15 && Math.abs(left.margin[1] - myz) < 1e-15);
  // left outer: x ≤ mx = 0.0825…, so the points with x < 0.0825: 583 of them
  assert.equal(left.points.length, 583);
  assert.equal(right.points.length, 583);
  const s = (u: number): number => (u <= 0 ? 0 : u >= 1 ? 1 : u * u * (3 - 2 * u));
  // on the seam both are 1: ½ each
  assert.deepEqual([...tileWeights(plan, 0, 0.1, -0.2)], [0.5, 0.5]);
  // x = 0.04: left ramps down to s(1 − 0.04/mx), right is 1
  const rl = s(1 - 0.04 / mx);
  assert.ok(Math.abs(tileRamp(left, 0.04, 0, 0) - rl) < 1e-15);
  const w = tileWeights(plan, 0.04, 0, 0);
  assert.ok(Math.abs(w[0] - rl / (1 + rl)) < 1e-15 && Math.abs(w[1] - 1 / (1 + rl)) < 1e-15);
  // symmetric on the other side
  const v = tileWeights(plan, -0.04, 0.3, 0.3);
  assert.ok(Math.abs(v[1] - rl / (1 + rl)) < 1e-15);
  // beyond the left outer box: only the right tile
  assert.deepEqual([...tileWeights(plan, 0.09, 0, 0)], [0, 1]);
  // near the box's y border the ramps along y are 1 for both (inside both cores in y)
  assert.equal(tileRamp(left, -0.2, 0.55, 0), 1);
  // outside the box along y, within the margin: ramp s(1 − d/myz)
  assert.ok(Math.abs(tileRamp(left, -0.2, e + 0.05, 0) - s(1 - 0.05 / myz)) < 1e-12);
});

test('tile plan: a cloud within maxPoints is one tile whose outer box holds every point; bad arguments are refused', () => {
  const pts = cloud().slice(0, 3 * 2000);
  const plan = planTiles(pts, 2000);
  assert.equal(plan.tiles.length, 1);
  assert.equal(plan.tiles[0].points.length, 2000);
  assert.throws(() => planTiles(pts, 2000, { overlap: 0.9 }), /overlap must be in \[0.05, 0.5\]/);
  assert.throws(() => planTiles(pts, 0), /maxPoints/);
  // points piled on one spot: splitting stops (depth / size) with a leaf above maxPoints
  const pile = new Float32Array(3 * 500).fill(0.1);
  const p2 = planTiles(pile, 100);
  assert.ok(p2.tiles.some((t) => t.points.length === 500));
});
