import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseXyz, encodeXyz, xyzLineOfRow } from '../../src/io/xyz.ts';
import { parseNpy } from '../../src/io/npy.ts';
import { fixtureBytes, maxAbsDiff, assertClose, expectInputError, text } from './helpers.ts';

for (const name of ['sphere_points.xyz', 'sphere_points_comma.csv']) {
  test(`${name}: 500 points at distance 0.4, equal to sphere_points.npy to the printed 6 decimals`, () => {
    const c = parseXyz(fixtureBytes(name), name);
    assert.equal(c.positions.length / 3, 500);
    assert.equal(c.normals, undefined);
    for (let i = 0; i < 1500; i += 3) assertClose(Math.hypot(c.positions[i], c.positions[i + 1], c.positions[i + 2]), 0.4, 2e-6);
    const npy = parseNpy(fixtureBytes('sphere_points.npy'));
    assert.ok(maxAbsDiff(c.positions, npy.data) <= 5.1e-7);
  });
}

test('header names pick the columns; extra columns are ignored; mixed separators; comments', () => {
  const c = parseXyz(text('# exported\nid,nz,X, y ,Z,ny,nx,intensity\n1,1,0.5,0.25,-1,0,0,9\n2,0,1 , 2 , 3,1,0,9\n'), 'h.csv');
  assert.deepEqual([...c.positions], [0.5, 0.25, -1, 1, 2, 3]);
  assert.deepEqual([...c.normals!], [0, 0, 1, 0, 1, 0]);
  const four = parseXyz(text('0 0 0 7\n1 1 1 7\n'), 'f.xyz');
  assert.deepEqual([...four.positions], [0, 0, 0, 1, 1, 1]);
  assert.equal(four.normals, undefined);
});

test('6 columns are normals; 6 integer columns in 0–255 are colours', () => {
  const n = parseXyz(text('0 0 0 0 0 1\n1 1 1 1 0 0\n'), 'n.xyz');
  assert.deepEqual([...n.normals!], [0, 0, 1, 1, 0, 0]);
  assert.equal(n.colors, undefined);
  const c = parseXyz(text('0 0 0 255 0 10\n1 1 1 1 2 3\n'), 'c.xyz');
  assert.deepEqual([...c.colors!], [255, 0, 10, 1, 2, 3]);
  assert.equal(c.normals, undefined);
});

test('nan/inf values are read (for the caller to report or drop); xyzLineOfRow finds their line', () => {
  const bytes = text('x y z\n# c\n0 0 0\nnan 1 2\n\n0.1 0.2 0.3\n-Infinity 0 0\n');
  const c = parseXyz(bytes, 'n.xyz');
  assert.equal(c.positions.length, 12);
  assert.ok(Number.isNaN(c.positions[3]));
  assert.equal(c.positions[9], -Infinity);
  assert.equal(xyzLineOfRow(bytes, 1), 4);
  assert.equal(xyzLineOfRow(bytes, 3), 7);
});

test('bad text clouds: fewer than 3 columns, ragged rows, non-numbers give the line', () => {
  let e = expectInputError(() => parseXyz(text('0 0\n1 1\n'), 'two.xyz'), 'bad-value', 'two.xyz');
  assert.equal(e.line, 1);
  e = expectInputError(() => parseXyz(text('0 0 0\n1 1 1\n2 2\n'), 'rag.xyz'), 'bad-value', 'rag.xyz');
  assert.equal(e.line, 3);
  e = expectInputError(() => parseXyz(text('0 0 0\n1 one 1\n'), 'word.xyz'), 'bad-value', 'word.xyz');
  assert.equal(e.line, 2);
});

test('encodeXyz → parseXyz is exact (with normals, and as CSV)', () => {
  const cloud = { positions: new Float32Array([0.1, -2, 3e-9, 7, 8, 9.25]), normals: new Float32Array([0, 0, 1, 0.6, 0.8, 0]) };
  const a = parseXyz(encodeXyz(cloud), 'a.xyz');
  assert.deepEqual(a.positions, cloud.positions);
  assert.deepEqual(a.normals, cloud.normals);
  const csv = encodeXyz({ positions: cloud.positions }, { separator: ',' });
  assert.match(new TextDecoder().decode(csv), /^0\.1,-2,3e-9\n7,8,9\.25\n$/);
  assert.deepEqual(parseXyz(csv, 'b.csv').positions, cloud.positions);
});
