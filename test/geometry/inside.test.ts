import { test } from 'node:test';
import assert from 'node:assert/strict';
import { insideMesh, insideParity } from '../../src/geometry/inside.ts';
import { Bvh } from '../../src/geometry/Bvh.ts';
import { WindingNumber } from '../../src/geometry/windingNumber.ts';
import { checkMesh } from '../../src/geometry/meshChecks.ts';
import type { Mesh } from '../../src/geometry/Mesh.ts';
import { Random } from '../../src/geometry/Random.ts';
import { gridBox, polyhedronVolume, torus, uvSphere } from './shapes.ts';

interface Shape {
  name: string;
  mesh: Mesh;
  lo: [number, number, number];
  hi: [number, number, number];
  /** Analytic inside test of the smooth shape, and whether the point is far enough from the
   *  surface (beyond the tessellation error) for it to hold for the polyhedron too. */
  truth(x: number, y: number, z: number): { inside: boolean; away: boolean };
}

const R = 0.4,
  nLat = 24,
  nLon = 48;
const torusR = 0.3,
  torusr = 0.1,
  nu = 64,
  nv = 32;
// Inscribed sphere polyhedron: outside the sphere ⇒ outside; inside ⇒ inside when |p| is below
// the smallest face-plane distance, ≥ R·cos(Δθ + Δφ) (the faces' angular diameter bound).
const sphereInner = R * Math.cos(Math.PI / nLat + (2 * Math.PI) / nLon);
// Torus: a face deviates from the surface by at most κ·diam²/2, κ = max principal curvature
// (1/r on the tube, 1/(R − r) at the inner equator), diam ≤ (R + r)Δu + rΔv.
const torusDiam = (torusR + torusr) * ((2 * Math.PI) / nu) + torusr * ((2 * Math.PI) / nv);
const torusTol = (Math.max(1 / torusr, 1 / (torusR - torusr)) * torusDiam * torusDiam) / 2;

const shapes: Shape[] = [
  {
    name: 'sphere',
    mesh: uvSphere(R, nLat, nLon),
    lo: [-0.48, -0.48, -0.48],
    hi: [0.48, 0.48, 0.48],
    truth(x, y, z) {
      const r = Math.hypot(x, y, z);
      return { inside: r < R, away: r > R * (1 + 1e-6) || r < sphereInner };
    },
  },
  {
    name: 'torus',
    mesh: torus(torusR, torusr, nu, nv),
    lo: [-0.45, -0.45, -0.15],
    hi: [0.45, 0.45, 0.15],
    truth(x, y, z) {
      const rho = Math.hypot(Math.hypot(x, y) - torusR, z) - torusr;
      return { inside: rho < 0, away: Math.abs(rho) > torusTol };
    },
  },
  {
    name: 'box',
    mesh: gridBox([-0.3, -0.2, -0.1], [0.3, 0.25, 0.35], 5),
    lo: [-0.4, -0.3, -0.2],
    hi: [0.4, 0.35, 0.45],
    truth(x, y, z) {
      const d = Math.max(Math.abs(x) - 0.3, Math.abs(y - 0.025) - 0.225, Math.abs(z - 0.125) - 0.225);
      return { inside: d < 0, away: Math.abs(d) > 1e-6 };
    },
  },
];

function uniformPoints(s: Shape, n: number, rng: Random): Float32Array {
  const p = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) for (let d = 0; d < 3; d++) p[3 * i + d] = rng.uniform(s.lo[d], s.hi[d]);
  return p;
}

for (const s of shapes) {
  test(`${s.name}: both methods agree with the analytic shape away from the surface, and Monte-Carlo volume = polyhedron volume`, () => {
    const n = 40000;
    const pts = uniformPoints(s, n, new Random(41));
    const bvh = new Bvh(s.mesh);
    const parity = insideMesh(s.mesh, pts, { method: 'parity', bvh });
    const winding = insideMesh(s.mesh, pts, { method: 'winding', bvh });
    const dist = bvh.unsignedDistances(pts);
    let compared = 0,
      inP = 0,
      inW = 0;
    for (let i = 0; i < n; i++) {
      const x = pts[3 * i],
        y = pts[3 * i + 1],
        z = pts[3 * i + 2];
      const t = s.truth(x, y, z);
      inP += parity[i];
      inW += winding[i];
      if (t.away) {
        compared++;
        assert.equal(parity[i], t.inside ? 1 : 0, `parity at (${x}, ${y}, ${z})`);
        assert.equal(winding[i], t.inside ? 1 : 0, `winding at (${x}, ${y}, ${z})`);
      }
      // The two methods agree everywhere except (possibly) on the polyhedral surface itself.
      if (dist[i] > 1e-6) assert.equal(parity[i], winding[i], `methods disagree at (${x}, ${y}, ${z}), distance ${dist[i]}`);
    }
    assert.ok(compared > 0.8 * n, `only ${compared} points away from the surface`);
    const boxVol = (s.hi[0] - s.lo[0]) * (s.hi[1] - s.lo[1]) * (s.hi[2] - s.lo[2]);
    const vol = polyhedronVolume(s.mesh);
    for (const inside of [inP, inW]) {
      const f = inside / n;
      const se = boxVol * Math.sqrt((f * (1 - f)) / n);
      assert.ok(Math.abs(boxVol * f - vol) < 3 * se, `MC volume ${boxVol * f} vs polyhedron ${vol} (se ${se})`);
    }
  });
}

test('parity is exact on grid-aligned queries whose vertical lines run through edges and vertices', () => {
  // Box [−1,1]³ with 4×4 grids per face: every x, y below lies on grid lines (0.5 steps) or on
  // square diagonals; z values avoid the surface.
  const box = gridBox([-1, -1, -1], [1, 1, 1], 4);
  const pts: number[] = [];
  const expect: number[] = [];
  for (let x = -1.25; x <= 1.25; x += 0.25) {
    for (let y = -1.25; y <= 1.25; y += 0.25) {
      for (const z of [-1.5, -0.5, 0, 0.75, 1.25]) {
        // Points exactly on the side faces (|x| = 1 or |y| = 1, |z| < 1) are on the surface; skip.
        if ((Math.abs(x) === 1 && Math.abs(y) <= 1) || (Math.abs(y) === 1 && Math.abs(x) <= 1)) {
          if (Math.abs(z) < 1) continue;
        }
        pts.push(x, y, z);
        expect.push(Math.abs(x) < 1 && Math.abs(y) < 1 && Math.abs(z) < 1 ? 1 : 0);
      }
    }
  }
  const got = insideParity(new Bvh(box), Float32Array.from(pts));
  assert.deepEqual(Array.from(got), expect);
});

test('winding number classifies a sphere with a hole correctly, where parity fails', () => {
  // Remove the fan of triangles around the north pole: a hole of radius R·sin(π/24) ≈ 0.052.
  const full = uvSphere(R, nLat, nLon);
  const holed: Mesh = { positions: full.positions, faces: full.faces.slice(3 * nLon) };
  const report = checkMesh(holed);
  assert.equal(report.watertight, false);
  assert.equal(report.boundaryEdges, nLon);
  const rng = new Random(42);
  const pts: number[] = [];
  // Points under the hole, whose upward ray escapes through it, and random points.
  for (let z = -0.35; z <= 0.3; z += 0.05) pts.push(0.01, -0.02, z);
  const nUnder = pts.length / 3;
  for (let i = 0; i < 5000; i++) pts.push(rng.uniform(-0.5, 0.5), rng.uniform(-0.5, 0.5), rng.uniform(-0.5, 0.5));
  const q = Float32Array.from(pts);
  const winding = insideMesh(holed, q, { method: 'winding' });
  const exact = insideMesh(holed, q, { method: 'winding', exact: true });
  const parity = insideMesh(holed, q, { method: 'parity' });
  let checked = 0;
  for (let i = 0; i < q.length / 3; i++) {
    const x = q[3 * i],
      y = q[3 * i + 1],
      z = q[3 * i + 2];
    const r = Math.hypot(x, y, z);
    const nearHole = Math.hypot(x, y, z - R) < 0.15;
    if (nearHole || (r > sphereInner && r < R * (1 + 1e-6))) continue;
    checked++;
    assert.equal(winding[i], r < R ? 1 : 0, `winding at (${x}, ${y}, ${z})`);
    assert.equal(exact[i], winding[i]);
  }
  assert.ok(checked > 4000);
  // Every point under the hole is inside, but its upward ray leaves through the hole.
  let parityWrong = 0;
  for (let i = 0; i < nUnder; i++) {
    assert.equal(winding[i], 1);
    if (parity[i] === 0) parityWrong++;
  }
  assert.equal(parityWrong, nUnder);
});

test('options: reused evaluators give the same answer; bad method or threshold is rejected', () => {
  const m = torus(0.3, 0.1, 32, 16);
  const pts = uniformPoints(shapes[1], 2000, new Random(43));
  const bvh = new Bvh(m);
  const wn = new WindingNumber(bvh);
  assert.deepEqual(insideMesh(m, pts, { method: 'winding', winding: wn }), insideMesh(m, pts, { method: 'winding' }));
  assert.deepEqual(insideMesh(m, pts, { bvh }), insideMesh(m, pts, { method: 'parity' }));
  // A threshold near 1 makes the winding test stricter, never looser.
  const strict = insideMesh(m, pts, { method: 'winding', winding: wn, threshold: 0.999999 });
  const normal = insideMesh(m, pts, { method: 'winding', winding: wn });
  for (let i = 0; i < 2000; i++) assert.ok(strict[i] <= normal[i]);
  assert.throws(() => insideMesh(m, pts, { method: 'rays' as never }), RangeError);
  assert.throws(() => insideMesh(m, pts, { method: 'winding', threshold: 1 }), RangeError);
});
