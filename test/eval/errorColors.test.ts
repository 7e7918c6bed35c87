import { test } from 'node:test';
import assert from 'node:assert/strict';
import { colorByError, errorColors, jetColor, signedDistanceToMesh } from '../../src/eval/errorColors.ts';
import type { Mesh } from '../../src/geometry/Mesh.ts';
import { uvSphere } from '../geometry/shapes.ts';

const LIGHT_GREEN = [128, 255, 128];
const isRed = (c: Uint8Array, o: number) => c[o] >= 127 && c[o + 1] === 0 && c[o + 2] === 0;
const isBlue = (c: Uint8Array, o: number) => c[o] === 0 && c[o + 1] === 0 && c[o + 2] >= 127;

test('jet: blue at 0, light green at ½, red at 1', () => {
  const c = new Uint8Array(9);
  jetColor(0, c, 0); jetColor(0.5, c, 3); jetColor(1, c, 6);
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
  let plus = -1, minus = -1;
  for (let i = 0; i < p.length / 3; i++) {
    if (Math.abs(s.positions[3 * i + 1]) < 1e-6 && Math.abs(s.positions[3 * i + 2]) < 1e-6) {
      if (s.positions[3 * i] > 0) plus = i; else minus = i;
    }
  }
  assert.ok(plus >= 0 && minus >= 0);
  assert.ok(Math.abs(d[plus] - 0.1) < 1e-5 && Math.abs(d[minus] + 0.1) < 1e-3);
  assert.ok(isRed(c, 3 * plus) && isBlue(c, 3 * minus));
  assert.equal(colorByError(shifted, gt, 0.2).range, 0.2);
});
