import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseOff, encodeOff } from '../../src/io/off.ts';
import { parsePly } from '../../src/io/ply.ts';
import { fixtureBytes, maxAbsDiff, assertUnitNormals, expectInputError, text } from './helpers.ts';

test('torus.off (CNOFF, Open3D): 288 vertices, 576 triangles, normals and colours; same as torus_binary.ply', () => {
  const m = parseOff(fixtureBytes('torus.off'), 'torus.off');
  assert.equal(m.positions.length / 3, 288);
  assert.equal(m.faces.length / 3, 576);
  assertUnitNormals(m.normals!, 1e-5);
  assert.deepEqual([...m.colors!.subarray(0, 3)], [204, 51, 26]);
  const ply = parsePly(fixtureBytes('torus_binary.ply'), 'p');
  assert.ok(maxAbsDiff(m.positions, ply.positions) < 1e-6);
  assert.deepEqual(m.faces, ply.faces);
});

test('header variants: counts on the keyword line, comments, NOFF, COFF with float colours, polygons', () => {
  const a = parseOff(text('# a square\nOFF 4 1 0\n# verts\n0 0 0\n1 0 0\n\n1 1 0\n0 1 0\n4 0 1 2 3\n'), 'a.off');
  assert.deepEqual([...a.faces], [0, 1, 2, 0, 2, 3]);
  const n = parseOff(text('NOFF\n3 1 3\n0 0 0 0 0 1\n1 0 0 0 0 1\n0 1 0 0 0 1\n3 0 1 2\n'), 'n.off');
  assert.deepEqual([...n.normals!], [0, 0, 1, 0, 0, 1, 0, 0, 1]);
  const c = parseOff(text('COFF\n3 1 0\n0 0 0 1.0 0.5 0.0 1.0\n1 0 0 0 0 255 255\n0 1 0 10 20 30 255\n3 0 1 2 255 0 0\n'), 'c.off');
  assert.deepEqual([...c.colors!], [255, 128, 0, 0, 0, 255, 10, 20, 30]);
});

test('bad OFF: wrong keyword, bad counts, huge counts, short files, index out of range', () => {
  expectInputError(() => parseOff(text('OBJ\n3 1 0\n'), 'k.off'), 'bad-header', 'k.off');
  expectInputError(() => parseOff(text('OFF\n-3 1 0\n'), 'c.off'), 'bad-header', 'c.off');
  expectInputError(() => parseOff(text('4OFF\n3 1 0\n'), 'u.off'), 'unsupported', 'u.off');
  expectInputError(() => parseOff(text('OFF BINARY\n'), 'bin.off'), 'unsupported', 'bin.off');
  const big = expectInputError(() => parseOff(text('OFF\n900000000 1 0\n0 0 0\n'), 'big.off'), 'count-too-large', 'big.off');
  assert.equal(big.line, 2);
  expectInputError(() => parseOff(text('OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n'), 't.off'), 'truncated', 't.off');
  const r = expectInputError(() => parseOff(text('OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 3\n'), 'r.off'), 'index-out-of-range', 'r.off');
  assert.equal(r.line, 6);
  expectInputError(() => parseOff(text(''), 'e.off'), 'empty', 'e.off');
});

test('encodeOff → parseOff is exact, with and without normals/colours', () => {
  const mesh = {
    positions: new Float32Array([0.1, 0.2, 0.3, -1, 0, 3.5e-8, 1e6, 2, -0.333333343]),
    faces: new Uint32Array([0, 1, 2, 2, 1, 0]),
    normals: new Float32Array([0, 0, 1, 0, 1, 0, 1, 0, 0]),
    colors: new Uint8Array([0, 1, 2, 3, 4, 5, 255, 254, 253]),
  };
  const m = parseOff(encodeOff(mesh), 'rt.off');
  assert.deepEqual(m.positions, mesh.positions);
  assert.deepEqual(m.faces, mesh.faces);
  assert.deepEqual(m.normals, mesh.normals);
  assert.deepEqual(m.colors, mesh.colors);
  const p = parseOff(encodeOff({ positions: mesh.positions, faces: mesh.faces }), 'p.off');
  assert.deepEqual(p.positions, mesh.positions);
  assert.equal(p.colors, undefined);
});
