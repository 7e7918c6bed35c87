import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseObj, encodeObj } from '../../src/io/obj.ts';
import { fixtureBytes, bbox, assertClose, assertUnitNormals, expectInputError, text, signedVolume, surfaceArea } from './helpers.ts';

test('box.obj: 8 corners (±0.25, ±0.15, ±0.1), 12 triangles, closed box of volume 0.5·0.3·0.2', () => {
  const m = parseObj(fixtureBytes('box.obj'), 'box.obj');
  assert.equal(m.positions.length / 3, 8);
  assert.equal(m.faces.length / 3, 12);
  for (let i = 0; i < 24; i += 3) {
    assertClose(Math.abs(m.positions[i]), 0.25, 1e-7);
    assertClose(Math.abs(m.positions[i + 1]), 0.15, 1e-7);
    assertClose(Math.abs(m.positions[i + 2]), 0.1, 1e-7);
  }
  const b = bbox(m.positions);
  assert.deepEqual(
    b.min.map((v) => +v.toFixed(6)),
    [-0.25, -0.15, -0.1],
  );
  assert.deepEqual(
    b.max.map((v) => +v.toFixed(6)),
    [0.25, 0.15, 0.1],
  );
  assertClose(Math.abs(signedVolume(m.positions, m.faces)), 0.03, 1e-7, 'volume');
  assertClose(surfaceArea(m.positions, m.faces), 2 * (0.5 * 0.3 + 0.5 * 0.2 + 0.3 * 0.2), 1e-7, 'area');
});

test('cube_quads.obj: 6 quads with v//vn and v/vt/vn corners → 12 triangles of the unit cube', () => {
  const m = parseObj(fixtureBytes('cube_quads.obj'), 'cube_quads.obj');
  assert.equal(m.positions.length / 3, 8);
  assert.equal(m.faces.length / 3, 12);
  for (const v of m.positions) assert.equal(Math.abs(v), 0.5);
  assertClose(Math.abs(signedVolume(m.positions, m.faces)), 1, 1e-9, 'volume');
  assertClose(surfaceArea(m.positions, m.faces), 6, 1e-9, 'area');
  // First quad "1 2 4 3" → fan (1 2 4), (1 4 3), 0-based.
  assert.deepEqual([...m.faces.subarray(0, 6)], [0, 1, 3, 0, 3, 2]);
  // Every corner names normal 1, so the (one) normal is consistent for every vertex.
  assert.deepEqual([...m.normals!], Array.from({ length: 8 }, () => [0, 0, 1]).flat());
});

test('torus.obj: 288 vertices, 576 triangles, per-vertex unit normals from v//vn, colours from "v x y z r g b"', () => {
  const m = parseObj(fixtureBytes('torus.obj'), 'torus.obj');
  assert.equal(m.positions.length / 3, 288);
  assert.equal(m.faces.length / 3, 576);
  const b = bbox(m.positions);
  assertClose(b.max[0], 0.4, 1e-6);
  assertClose(b.min[2], -0.1, 1e-6);
  assertUnitNormals(m.normals!, 1e-5);
  assert.deepEqual([...m.colors!.subarray(0, 3)], [204, 51, 26]); // 0.8 0.2 0.1 × 255
});

test('negative (relative) indices, v/vt corners, polygons, comments, blank lines and other statements', () => {
  const obj = [
    '# comment',
    'mtllib x.mtl',
    'o thing',
    '',
    'v 0 0 0',
    'v 1 0 0  # trailing comment',
    'v 1 1 0',
    'v 0 1 0',
    'v 0.5 2 0 1',
    'vt 0 0',
    'vt 1 0',
    'g group',
    's off',
    'usemtl m',
    'f -5/1 -4/2 -3/1 -1/2 -2/1', // pentagon 0 1 2 4 3 via relative indices and v/vt
    'l 1 2',
    'p 3',
    'f 1 2 3',
  ].join('\n');
  const m = parseObj(text(obj), 'p.obj');
  assert.equal(m.positions.length / 3, 5);
  assert.deepEqual([...m.faces], [0, 1, 2, 0, 2, 4, 0, 4, 3, 0, 1, 2]);
  assert.equal(m.normals, undefined);
  assert.equal(m.colors, undefined);
});

test('normals are dropped when a vertex gets two different normals, kept when the values agree', () => {
  const base = 'v 0 0 0\nv 1 0 0\nv 0 1 0\nv 0 0 1\nvn 0 0 1\nvn 0 0 1\nvn 1 0 0\n';
  const same = parseObj(text(base + 'f 1//1 2//1 3//1\nf 1//2 2//2 4//2\n'), 'a.obj'); // two indices, same value
  assert.equal(same.normals?.length, 12);
  const diff = parseObj(text(base + 'f 1//1 2//1 3//1\nf 1//3 2//3 4//3\n'), 'b.obj');
  assert.equal(diff.normals, undefined);
  const partial = parseObj(text(base + 'f 1//1 2//1 3//1\nf 1 2 4\n'), 'c.obj');
  assert.equal(partial.normals, undefined);
  // A point-cloud OBJ (no faces) pairs vn with v in order when the counts match.
  const pc = parseObj(text('v 0 0 0\nvn 0 1 0\nv 1 1 1\nvn 1 0 0\n'), 'd.obj');
  assert.deepEqual([...pc.normals!], [0, 1, 0, 1, 0, 0]);
});

test('bad OBJ input: index 0, forward references, too-short faces and bad numbers give the line', () => {
  let e = expectInputError(() => parseObj(text('v 0 0 0\nv 1 0 0\nv 0 1 0\nf 0 1 2\n'), 'z.obj'), 'index-out-of-range', 'z.obj');
  assert.equal(e.line, 4);
  e = expectInputError(() => parseObj(text('v 0 0 0\nv 1 0 0\nv 0 1 0\nf -4 1 2\n'), 'n.obj'), 'index-out-of-range', 'n.obj');
  assert.equal(e.line, 4);
  e = expectInputError(() => parseObj(text('v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1//2 2//2 3//2\n'), 'vn.obj'), 'index-out-of-range', 'vn.obj');
  assert.match(e.message, /normal 2/);
  e = expectInputError(() => parseObj(text('v 0 0 0\nv 1 0 0\nf 1 2\n'), 's.obj'), 'bad-value', 's.obj');
  assert.equal(e.line, 3);
  e = expectInputError(() => parseObj(text('v 0 zero 0\n'), 'b.obj'), 'bad-value', 'b.obj');
  assert.equal(e.line, 1);
  e = expectInputError(() => parseObj(text('v 0 0\n'), 'c.obj'), 'bad-value', 'c.obj');
  e = expectInputError(() => parseObj(text('v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 x\n'), 'x.obj'), 'bad-value', 'x.obj');
});

test('encodeObj → parseObj gives back the exact positions, faces, normals and colours', () => {
  const mesh = {
    positions: new Float32Array([0.1, 0.2, 0.3, -1, 0, 3.5e-8, 1e6, 2, -0.333333343, 0, 0, 0]),
    faces: new Uint32Array([0, 1, 2, 0, 2, 3]),
    normals: new Float32Array([0, 0, 1, 0, 1, 0, 1, 0, 0, 0.6, 0.8, 0]),
    colors: new Uint8Array([0, 1, 2, 3, 4, 5, 255, 254, 253, 128, 127, 126]),
  };
  const m = parseObj(encodeObj(mesh), 'rt.obj');
  assert.deepEqual(m.positions, mesh.positions);
  assert.deepEqual(m.faces, mesh.faces);
  assert.deepEqual(m.normals, mesh.normals);
  assert.deepEqual(m.colors, mesh.colors);
  const plain = parseObj(encodeObj({ positions: mesh.positions, faces: mesh.faces }), 'p.obj');
  assert.deepEqual(plain.positions, mesh.positions);
  assert.equal(plain.normals, undefined);
});
