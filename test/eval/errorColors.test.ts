import { test } from 'node:test';
import assert from 'node:assert/strict';
import { colorByError, errorColors, jetColor, signedDistanceToMesh, twoWayError } from '../../src/eval/errorColors.ts';
import type { Mesh } from '../../src/geometry/Mesh.ts';
import { uvSphere } from '../geometry/shapes.ts';

const LIGHT_GREEN = [128, 255, 128];
const isRed = (c: Uint8Array, o: number) => c[o] >= 127 && c[o + 1] === 0 && c[o + 2] === 0;
const isBlue = (c: Uint8Array, o: number) => c[o] === 0 && c[o + 1] === 0 && c[o + 2] >= 127;

test('jet: blue at 0, light green at ½, red at 1', () => {
  const c = new Uint8Array(9);
  jetColor(0, c, 0);
  jetColor(0.5, c, 3);
  jetColor(1, c, 6);
  assert.deepEqual([...c], [0, 0, 128, ...LIGHT_GREEN, 128, 0, 0]);
});

test('a prediction sphere larger than the ground truth is red, smaller is blue, equal is light green', () => {
  const gt = uvSphere(0.4, 24, 48);
  const larger = colorByError(uvSphere(0.45, 24, 48), gt);
  const smaller = colorByError(uvSphere(0.35, 24, 48), gt);
  const equal = colorByError(gt, gt);
  const n = gt.positions.length / 3;
  for (let i = 0; i < n; i++) {
    assert.ok(isRed(larger.mesh.colors!, 3 * i), `vertex ${i} of the larger sphere: ${larger.mesh.colors!.slice(3 * i, 3 * i + 3)}`);
    assert.ok(isBlue(smaller.mesh.colors!, 3 * i));
    assert.deepEqual([...equal.mesh.colors!.slice(3 * i, 3 * i + 3)], LIGHT_GREEN);
  }
  // Vertices of the radius-0.45 sphere are 0.05 outside the inscribed radius-0.4 polyhedron
  // at least, and at most 0.05 + its sagitta.
  assert.ok(larger.range >= 0.05 - 1e-6 && larger.range < 0.05 + 0.4 * (1 - Math.cos(Math.PI / 24)));
  assert.ok(smaller.signed.every((d) => d < 0));
});

test('a shifted prediction: the side outside the ground truth is red, the side inside is blue', () => {
  const gt = uvSphere(0.4, 24, 48);
  const s = uvSphere(0.4, 24, 48);
  const p = s.positions.slice();
  for (let i = 0; i < p.length; i += 3) p[i] += 0.1;
  const shifted: Mesh = { positions: p, faces: s.faces };
  const d = signedDistanceToMesh(p, gt);
  const c = errorColors(d);
  // Vertex (0.4 + 0.1, 0, 0) on the +x side is 0.1 outside; (−0.4 + 0.1, 0, 0) is 0.1 inside.
  let plus = -1,
    minus = -1;
  for (let i = 0; i < p.length / 3; i++) {
    if (Math.abs(s.positions[3 * i + 1]) < 1e-6 && Math.abs(s.positions[3 * i + 2]) < 1e-6) {
      if (s.positions[3 * i] > 0) plus = i;
      else minus = i;
    }
  }
  assert.ok(plus >= 0 && minus >= 0);
  assert.ok(Math.abs(d[plus] - 0.1) < 1e-5 && Math.abs(d[minus] + 0.1) < 1e-3);
  assert.ok(isRed(c, 3 * plus) && isBlue(c, 3 * minus));
  assert.equal(colorByError(shifted, gt, 0.2).range, 0.2);
});

/**
 * The closed upper half of a uvSphere(R, nLat, nLon) (nLat even): the cap z ≥ 0 (the same
 * vertices as the sphere's) closed by a flat disk fan at z = 0.
 */
function halfBall(R: number, nLat: number, nLon: number): Mesh {
  const s = uvSphere(R, nLat, nLon);
  const rows = nLat / 2; // rings 1 … nLat/2, the last on the equator
  const nv = 1 + rows * nLon;
  const p = new Float32Array(3 * (nv + 1));
  p.set(s.positions.subarray(0, 3 * nv));
  const center = nv; // (0, 0, 0), already zero
  const ring = (i: number, j: number) => 1 + (i - 1) * nLon + (j % nLon);
  const f: number[] = [];
  for (let j = 0; j < nLon; j++) f.push(0, ring(1, j), ring(1, j + 1));
  for (let i = 1; i < rows; i++) {
    for (let j = 0; j < nLon; j++) f.push(ring(i, j), ring(i + 1, j), ring(i + 1, j + 1), ring(i, j), ring(i + 1, j + 1), ring(i, j + 1));
  }
  for (let j = 0; j < nLon; j++) f.push(ring(rows, j), center, ring(rows, j + 1));
  return { positions: p, faces: new Uint32Array(f) };
}

test('two-way error of a half ball against the sphere: hand-computed accuracy, completeness, missing and extra area', () => {
  // Ground truth: sphere of radius r. Prediction: the closed half ball z ≥ 0 (its upper half is
  // exactly on the sphere; the lower half of the sphere is missing, the disk z = 0 is extra).
  // Completeness (GT → prediction): the upper half is at 0; a lower point at height z < 0 is
  // |z| from the disk, and on a sphere z is uniform over the area, so the lower half averages
  // r/2: completeness = ½·0 + ½·r/2 = r/4.
  // Accuracy (prediction → GT): the cap (area 2πr²) is at 0; a disk point at radius ρ is r − ρ
  // from the sphere, mean over the disk ∫(r − ρ)2πρ dρ / πr² = r/3; the disk is πr² of 3πr²:
  // accuracy = r/9.
  // Missing: GT points with |z| > τ, the lower cap of height r − τ: (1 − τ/r)/2 of the sphere.
  // Extra: disk points with ρ < r − τ: π(r − τ)² / 3πr² = (1 − τ/r)²/3.
  const r = 0.4,
    tau = 0.04;
  const gt = uvSphere(r, 64, 128),
    pred = halfBall(r, 64, 128);
  const e = twoWayError(pred, gt, { tau, samples: 20_000, seed: 3 });
  const near = (got: number, want: number, rel: number, what: string) =>
    assert.ok(Math.abs(got - want) <= rel * want, `${what}: ${got}, expected ${want} ± ${(rel * 100).toFixed(0)} %`);
  near(e.completeness, r / 4, 0.03, 'completeness');
  near(e.accuracy, r / 9, 0.05, 'accuracy'); // a third of the samples carry it: noisier
  near(e.missingFraction, (1 - tau / r) / 2, 0.03, 'missing fraction');
  near(e.extraFraction, (1 - tau / r) ** 2 / 3, 0.05, 'extra fraction');
  assert.equal(e.tau, tau);
  // The missing samples are the ground truth below the disk by more than τ, with their distances.
  assert.equal(e.missingPoints.length / 3, Math.round(e.missingFraction * e.samples));
  for (let k = 0; k < e.missingDistances.length; k++) {
    const z = e.missingPoints[3 * k + 2];
    assert.ok(z < -tau + 1e-3, `missing sample ${k} at z = ${z}`);
    assert.ok(Math.abs(e.missingDistances[k] + z) < 2e-3, `missing sample ${k}: distance ${e.missingDistances[k]} vs |z| ${-z}`);
  }
  // What the page showed before (mean |signed distance| over the prediction's vertices) cannot
  // see the missing half: all vertices but the disk's centre lie on the sphere.
  const oneWay = colorByError(pred, gt).signed;
  const meanAbs = oneWay.reduce((s, d) => s + Math.abs(d), 0) / oneWay.length;
  assert.ok(meanAbs < e.completeness / 100, `one-way mean ${meanAbs} vs completeness ${e.completeness}`);
});

test('two-way error: the same surface is at zero both ways; `unit` rescales every distance but not the shares', () => {
  const gt = uvSphere(0.4, 24, 48);
  const same = twoWayError(gt, gt, { samples: 2000 });
  assert.ok(same.accuracy < 1e-6 && same.completeness < 1e-6);
  assert.equal(same.missingFraction, 0);
  assert.equal(same.extraFraction, 0);
  assert.equal(same.missingPoints.length, 0);
  // a smaller sphere: every GT point is 0.1 from it (plus at most the sagitta), in mesh units;
  // with unit = 2 (mesh units per reported unit) the figures halve, τ = 0.04 reported = 0.08 mesh
  const small = uvSphere(0.3, 24, 48);
  const a = twoWayError(small, gt, { samples: 2000, tau: 0.08 }),
    b = twoWayError(small, gt, { samples: 2000, tau: 0.04, unit: 2 });
  assert.ok(Math.abs(a.completeness - 0.1) < 0.01, `completeness ${a.completeness}`);
  assert.ok(Math.abs(b.completeness - a.completeness / 2) < 1e-9);
  assert.ok(Math.abs(b.accuracy - a.accuracy / 2) < 1e-9);
  assert.equal(a.missingFraction, 1);
  assert.equal(b.missingFraction, a.missingFraction);
  assert.deepEqual([...b.missingPoints], [...a.missingPoints]);
  assert.throws(() => twoWayError(small, gt, { tau: 0 }), RangeError);
  assert.throws(() => twoWayError({ positions: new Float32Array(9), faces: new Uint32Array([0, 1, 2]) }, gt), RangeError);
});
