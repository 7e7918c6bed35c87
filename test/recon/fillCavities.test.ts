// fillCavities on analytic occupancy grids: a ball with sealed bubbles (filled unless an input
// point lies on a bubble's wall), a torus (its hole reaches the border: not a cavity), and the
// mesh of the filled grid (one closed component, the bubbles' surfaces gone).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fillCavities } from '../../src/recon/fillCavities.ts';
import type { MiseGrid } from '../../src/recon/mise.ts';
import { meshFromGridCropped } from '../../src/recon/meshFromGridCropped.ts';
import { checkMesh } from '../../src/geometry/meshChecks.ts';

/** A (R+1)³ grid over [-0.55, 0.55]³ with value f(x, y, z) at each grid point, threshold 0.5. */
function grid(R: number, f: (x: number, y: number, z: number) => number): MiseGrid {
  const n = R + 1,
    lo = -0.55,
    h = 1.1 / R;
  const values = new Float32Array(n * n * n);
  for (let z = 0; z < n; z++)
    for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) values[x + n * (y + n * z)] = f(lo + h * x, lo + h * y, lo + h * z);
  return {
    values,
    evaluated: new Uint8Array(n * n * n).fill(1),
    resolution: R,
    dims: [n, n, n],
    box: [lo, 0.55],
    spacing: h,
    threshold: 0.5,
    evaluations: n * n * n,
    rounds: 1,
  };
}

const BUBBLE_A: [number, number, number] = [0.15, 0, 0],
  BUBBLE_B: [number, number, number] = [-0.15, 0.05, 0];
/** Inside a ball of radius 0.4, outside two bubbles of radius 0.08. */
const ballWithBubbles = (x: number, y: number, z: number): number => {
  const inBall = Math.hypot(x, y, z) < 0.4;
  const inA = Math.hypot(x - BUBBLE_A[0], y - BUBBLE_A[1], z - BUBBLE_A[2]) < 0.08;
  const inB = Math.hypot(x - BUBBLE_B[0], y - BUBBLE_B[1], z - BUBBLE_B[2]) < 0.08;
  return inBall && !inA && !inB ? 1 : 0;
};

/** Points on a sphere (centre c, radius r): a Fibonacci lattice of k points. */
function sphere(c: readonly number[], r: number, k: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < k; i++) {
    const z = 1 - (2 * (i + 0.5)) / k,
      s = Math.sqrt(1 - z * z),
      t = i * Math.PI * (3 - Math.sqrt(5));
    out.push(c[0] + r * s * Math.cos(t), c[1] + r * s * Math.sin(t), c[2] + r * z);
  }
  return out;
}

const at = (g: MiseGrid, p: readonly number[]): number => {
  const n = g.dims[0],
    i = (v: number) => Math.round((v - g.box[0]) / g.spacing);
  return g.values[i(p[0]) + n * (i(p[1]) + n * i(p[2]))];
};

test('fillCavities: both bubbles of a ball are filled when only the outer surface has points', () => {
  const g = grid(64, ballWithBubbles);
  const before = checkMesh(meshFromGridCropped(g));
  assert.equal(before.components, 3, 'the ball and two bubbles');
  const r = fillCavities(g, new Float32Array(sphere([0, 0, 0], 0.4, 500)));
  assert.deepEqual({ cavities: r.cavities, filled: r.filled }, { cavities: 2, filled: 2 });
  // A bubble of radius 0.08 at spacing 1.1/64 holds ≈ (4/3)π(0.08/0.0172)³ ≈ 420 grid points each.
  assert.ok(r.points > 2 * 300 && r.points < 2 * 560, `${r.points} grid points filled`);
  assert.equal(at(g, BUBBLE_A), 1);
  assert.equal(at(g, BUBBLE_B), 1);
  assert.equal(at(g, [0.5, 0.5, 0.5]), 0, 'the outside stays outside');
  const after = checkMesh(meshFromGridCropped(g));
  assert.equal(after.components, 1);
  assert.ok(after.watertight && after.edgeManifold && after.vertexManifold);
  assert.ok(Math.abs(after.volume / ((4 / 3) * Math.PI * 0.4 ** 3) - 1) < 0.03, `volume ${after.volume}`);
});

test('fillCavities: a bubble with input points on its wall is kept, the other filled', () => {
  const g = grid(64, ballWithBubbles);
  const pts = [...sphere([0, 0, 0], 0.4, 500), ...sphere(BUBBLE_A, 0.08, 3)];
  const r = fillCavities(g, new Float32Array(pts));
  assert.deepEqual({ cavities: r.cavities, filled: r.filled }, { cavities: 2, filled: 1 });
  assert.equal(at(g, BUBBLE_A), 0, 'supported bubble kept');
  assert.equal(at(g, BUBBLE_B), 1, 'unsupported bubble filled');
  assert.equal(checkMesh(meshFromGridCropped(g)).components, 2);
});

test('fillCavities: a torus hole and a cup reach the border of the grid, so nothing is filled', () => {
  const torus = grid(48, (x, y, z) => (Math.hypot(Math.hypot(x, z) - 0.3, y) < 0.1 ? 1 : 0));
  const v0 = Float32Array.from(torus.values);
  assert.deepEqual(fillCavities(torus, new Float32Array(0)), { cavities: 0, filled: 0, points: 0 });
  assert.deepEqual(torus.values, v0);
  // A cup: a box shell open at the top (y > 0.3), its inside connected to the border above.
  const cup = grid(48, (x, y, z) => {
    const inOuter = Math.max(Math.abs(x), Math.abs(z)) < 0.3 && y > -0.3 && y < 0.3;
    const inInner = Math.max(Math.abs(x), Math.abs(z)) < 0.2 && y > -0.2;
    return inOuter && !inInner ? 1 : 0;
  });
  assert.equal(fillCavities(cup, new Float32Array(0)).cavities, 0);
});

test('fillCavities: the same cup with a lid has a sealed void: filled without points, kept with points on its walls', () => {
  const closed = (x: number, y: number, z: number): number => {
    const inOuter = Math.max(Math.abs(x), Math.abs(z)) < 0.3 && Math.abs(y) < 0.3;
    const inInner = Math.max(Math.abs(x), Math.abs(z)) < 0.2 && Math.abs(y) < 0.2;
    return inOuter && !inInner ? 1 : 0;
  };
  const a = grid(48, closed);
  assert.deepEqual(fillCavities(a, new Float32Array(0)).filled, 1);
  assert.equal(at(a, [0, 0, 0]), 1);
  const b = grid(48, closed);
  assert.deepEqual(fillCavities(b, new Float32Array([0.2, 0, 0, -0.2, 0.1, 0])).filled, 0);
  assert.equal(at(b, [0, 0, 0]), 0);
});
