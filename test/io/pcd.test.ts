import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePcd, parsePcdHeader } from '../../src/io/pcd.ts';
import { parseNpy } from '../../src/io/npy.ts';
import { fixtureBytes, maxAbsDiff, assertUnitNormals, expectInputError, concatBytes, text } from './helpers.ts';

test('sphere_points_normals.pcd (Open3D, binary): 500 points equal to sphere_points.npy, unit radial normals', () => {
  const bytes = fixtureBytes('sphere_points_normals.pcd');
  const h = parsePcdHeader(bytes, 'x');
  assert.equal(h.data, 'binary');
  assert.equal(h.points, 500);
  const c = parsePcd(bytes, 'sphere_points_normals.pcd');
  assert.equal(c.positions.length / 3, 500);
  assert.ok(maxAbsDiff(c.positions, parseNpy(fixtureBytes('sphere_points.npy')).data) < 1e-7);
  assertUnitNormals(c.normals!, 1e-5);
  // Estimated normals are radial up to orientation.
  for (let i = 0; i < 1500; i += 3) {
    const d = (c.positions[i] * c.normals![i] + c.positions[i + 1] * c.normals![i + 1] + c.positions[i + 2] * c.normals![i + 2]) / 0.4;
    assert.ok(Math.abs(d) > 0.99);
  }
});

const HEAD = (data: string, fields = 'x y z rgb', size = '4 4 4 4', type = 'F F F U', count = '1 1 1 1', n = 2) =>
  `# .PCD v0.7 - Point Cloud Data file format\nVERSION 0.7\nFIELDS ${fields}\nSIZE ${size}\nTYPE ${type}\nCOUNT ${count}\nWIDTH ${n}\nHEIGHT 1\nVIEWPOINT 0 0 0 1 0 0 0\nPOINTS ${n}\nDATA ${data}\n`;

test('ascii PCD with a packed rgb field (float bit pattern, as PCL writes it) and a multi-count field', () => {
  const f = new Float32Array(1),
    u = new Uint32Array(f.buffer);
  u[0] = (10 << 16) | (20 << 8) | 30;
  const pcd = HEAD('ascii', 'x y z rgb hist', '4 4 4 4 4', 'F F F F F', '1 1 1 1 3') + `0.5 1 -2 ${f[0]} 7 8 9\n1e-3 0 3 ${f[0]} 0 0 0\n`;
  const c = parsePcd(text(pcd), 'a.pcd');
  assert.deepEqual([...c.positions], [0.5, 1, -2, 0.001, 0, 3].map(Math.fround));
  assert.deepEqual([...c.colors!], [10, 20, 30, 10, 20, 30]);
});

test('binary PCD with mixed field types; binary_compressed (LZF, field-major) gives the same cloud', () => {
  // Fields: x y z (F4), intensity (U2), normal_x/y/z (F8). Two points.
  const pts = [
    [1, 2, 3, 7, 0, 0, 1],
    [-1, 0.5, 0.25, 9, 1, 0, 0],
  ];
  const rec = 12 + 2 + 24;
  const aos = new Uint8Array(2 * rec),
    dv = new DataView(aos.buffer);
  pts.forEach((p, i) => {
    const o = i * rec;
    dv.setFloat32(o, p[0], true);
    dv.setFloat32(o + 4, p[1], true);
    dv.setFloat32(o + 8, p[2], true);
    dv.setUint16(o + 12, p[3], true);
    dv.setFloat64(o + 14, p[4], true);
    dv.setFloat64(o + 22, p[5], true);
    dv.setFloat64(o + 30, p[6], true);
  });
  const fields = ['x y z intensity normal_x normal_y normal_z', '4 4 4 2 8 8 8', 'F F F U F F F', '1 1 1 1 1 1 1'] as const;
  const bin = parsePcd(concatBytes(HEAD('binary', ...fields), aos), 'b.pcd');
  assert.deepEqual([...bin.positions], [1, 2, 3, -1, 0.5, 0.25]);
  assert.deepEqual([...bin.normals!], [0, 0, 1, 1, 0, 0]);
  // Field-major layout, stored as LZF literal runs (each run ≤ 32 bytes).
  const sizes = [4, 4, 4, 2, 8, 8, 8],
    offs = [0, 4, 8, 12, 14, 22, 30];
  const soa: number[] = [];
  for (let k = 0; k < 7; k++) for (let i = 0; i < 2; i++) soa.push(...aos.subarray(i * rec + offs[k], i * rec + offs[k] + sizes[k]));
  const lzf: number[] = [];
  for (let s = 0; s < soa.length; s += 32) {
    const run = soa.slice(s, s + 32);
    lzf.push(run.length - 1, ...run);
  }
  const sz = new Uint8Array(8);
  new DataView(sz.buffer).setUint32(0, lzf.length, true);
  new DataView(sz.buffer).setUint32(4, soa.length, true);
  const comp = parsePcd(concatBytes(HEAD('binary_compressed', ...fields), sz, new Uint8Array(lzf)), 'c.pcd');
  assert.deepEqual(comp.positions, bin.positions);
  assert.deepEqual(comp.normals, bin.normals);
});

test('bad PCD: missing DATA, no xyz, truncated binary, huge count, ragged ascii', () => {
  expectInputError(() => parsePcd(text('VERSION 0.7\nFIELDS x y z\n'), 'd.pcd'), 'bad-header', 'd.pcd');
  expectInputError(() => parsePcd(text(HEAD('ascii', 'a b c', '4 4 4', 'F F F', '1 1 1', 1) + '1 2 3\n'), 'n.pcd'), 'no-geometry', 'n.pcd');
  const t = expectInputError(
    () => parsePcd(concatBytes(HEAD('binary', 'x y z', '4 4 4', 'F F F', '1 1 1', 3), new Uint8Array(30)), 't.pcd'),
    'truncated',
    't.pcd',
  );
  assert.ok(t.offset !== undefined);
  expectInputError(
    () => parsePcd(concatBytes(HEAD('binary', 'x y z', '4 4 4', 'F F F', '1 1 1', 2e9), new Uint8Array(30)), 'h.pcd'),
    'count-too-large',
    'h.pcd',
  );
  const r = expectInputError(
    () => parsePcd(text(HEAD('ascii', 'x y z', '4 4 4', 'F F F', '1 1 1', 2) + '1 2 3\n1 2\n'), 'r.pcd'),
    'bad-value',
    'r.pcd',
  );
  assert.equal(r.line, 13);
  expectInputError(() => parsePcd(text(HEAD('ascii', 'x y z', '4 4', 'F F F', '1 1 1', 1) + '1 2 3\n'), 's.pcd'), 'bad-header', 's.pcd');
});
