import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNpy, encodeNpy, npyToPointCloud, encodeNpyPointCloud, parseNpyPointCloud } from '../../src/io/npy.ts';
import { halfToFloat } from '../../src/io/float16.ts';
import { fixtureBytes, assertClose, expectInputError, concatBytes } from './helpers.ts';

/** A hand-made .npy: magic, version, header dict, raw data. */
function npy(dict: string, data: Uint8Array, version = 1): Uint8Array {
  const pre = version === 1 ? 10 : 12;
  let h = dict;
  while ((pre + h.length + 1) % 16 !== 0) h += ' ';
  h += '\n';
  const head = new Uint8Array(pre);
  head.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  if (version === 1) new DataView(head.buffer).setUint16(8, h.length, true);
  else new DataView(head.buffer).setUint32(8, h.length, true);
  return concatBytes(head, h, data);
}
function bytesOf(fill: (dv: DataView) => void, n: number): Uint8Array {
  const b = new Uint8Array(n);
  fill(new DataView(b.buffer));
  return b;
}

test('sphere_points.npy: float32 (500, 3), all at distance 0.4', () => {
  const a = parseNpy(fixtureBytes('sphere_points.npy'), 'sphere_points.npy');
  assert.equal(a.dtype, 'float32');
  assert.deepEqual(a.shape, [500, 3]);
  for (let i = 0; i < 1500; i += 3) assertClose(Math.hypot(a.data[i], a.data[i + 1], a.data[i + 2]), 0.4, 1e-6);
});

test('float16 bit patterns decode exactly (normal, subnormal, zero, inf, nan)', () => {
  assert.equal(halfToFloat(0x3c00), 1);
  assert.equal(halfToFloat(0xc000), -2);
  assert.equal(halfToFloat(0x3555), 1365 / 4096); // 0.333251953125
  assert.equal(halfToFloat(0x0001), 2 ** -24);
  assert.equal(halfToFloat(0x03ff), 1023 * 2 ** -24);
  assert.equal(halfToFloat(0x7bff), 65504);
  assert.equal(halfToFloat(0x8000), -0);
  assert.equal(halfToFloat(0x7c00), Infinity);
  assert.ok(Number.isNaN(halfToFloat(0x7e00)));
});

test('float16 little- and big-endian arrays', () => {
  const bits = [0x3c00, 0xc000, 0x3555, 0x0001, 0x7bff, 0x0000];
  for (const le of [true, false]) {
    const data = bytesOf((dv) => bits.forEach((b, i) => dv.setUint16(2 * i, b, le)), 12);
    const a = parseNpy(npy(`{'descr': '${le ? '<' : '>'}f2', 'fortran_order': False, 'shape': (2, 3), }`, data), 'h.npy');
    assert.equal(a.dtype, 'float16');
    assert.deepEqual([...a.data], [1, -2, 1365 / 4096, 2 ** -24, 65504, 0]);
  }
});

test('float64 big-endian, Fortran order, version 2 header, 1-d and 0-d shapes, integer and bool dtypes', () => {
  // Fortran order (2, 3): memory holds columns: a00 a10 a01 a11 a02 a12.
  const vals = [1.5, 4.5, 2.5, 5.5, 3.5, 6.5];
  const f = bytesOf((dv) => vals.forEach((v, i) => dv.setFloat64(8 * i, v, false)), 48);
  const a = parseNpy(npy("{'descr': '>f8', 'fortran_order': True, 'shape': (2, 3), }", f, 2), 'f.npy');
  assert.deepEqual([...a.data], [1.5, 2.5, 3.5, 4.5, 5.5, 6.5]);
  assert.ok(a.data instanceof Float64Array);
  // 3-d Fortran: element (i,j,k) at i + 2j + 4k in memory for shape (2,2,2).
  const v3 = bytesOf((dv) => {
    for (let m = 0; m < 8; m++) dv.setInt32(4 * m, m, true);
  }, 32);
  const b = parseNpy(npy("{'descr': '<i4', 'fortran_order': True, 'shape': (2, 2, 2), }", v3), 'g.npy');
  const expect: number[] = [];
  for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) for (let k = 0; k < 2; k++) expect.push(i + 2 * j + 4 * k);
  assert.deepEqual([...b.data], expect);
  const u = parseNpy(npy("{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }", new Uint8Array([1, 200, 255])), 'u.npy');
  assert.deepEqual(u.shape, [3]);
  assert.deepEqual([...u.data], [1, 200, 255]);
  const s = parseNpy(
    npy(
      "{'descr': '<f4', 'fortran_order': False, 'shape': (), }",
      bytesOf((dv) => dv.setFloat32(0, 0.25, true), 4),
    ),
    's.npy',
  );
  assert.deepEqual(s.shape, []);
  assert.deepEqual([...s.data], [0.25]);
  const i8 = parseNpy(
    npy(
      "{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }",
      bytesOf((dv) => {
        dv.setBigInt64(0, -5n, true);
        dv.setBigInt64(8, 2n ** 40n, true);
      }, 16),
    ),
    'i.npy',
  );
  assert.deepEqual([...i8.data], [-5, 2 ** 40]);
  const bo = parseNpy(npy("{'descr': '|b1', 'fortran_order': False, 'shape': (2,), }", new Uint8Array([1, 0])), 'b.npy');
  assert.equal(bo.dtype, 'bool');
  assert.deepEqual([...bo.data], [1, 0]);
});

test('point clouds from (N,3) and (N,6) arrays; other shapes are unsupported', () => {
  const six = new Float64Array([1, 2, 3, 0, 0, 1, 4, 5, 6, 1, 0, 0]);
  const c = npyToPointCloud({ dtype: 'float64', shape: [2, 6], data: six }, 'x');
  assert.deepEqual([...c.positions], [1, 2, 3, 4, 5, 6]);
  assert.deepEqual([...c.normals!], [0, 0, 1, 1, 0, 0]);
  expectInputError(() => npyToPointCloud({ dtype: 'float32', shape: [3, 4], data: new Float32Array(12) }, 'w.npy'), 'unsupported', 'w.npy');
  expectInputError(() => npyToPointCloud({ dtype: 'float32', shape: [6], data: new Float32Array(6) }, 'v.npy'), 'unsupported', 'v.npy');
});

test('encodeNpy: header is 64-byte aligned, numpy dict syntax, data round-trips', () => {
  const d = new Float32Array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
  const b = encodeNpy(d, [2, 3]);
  const hl = new DataView(b.buffer).getUint16(8, true);
  assert.equal((10 + hl) % 64, 0);
  const header = new TextDecoder().decode(b.subarray(10, 10 + hl));
  assert.match(header, /^\{'descr': '<f4', 'fortran_order': False, 'shape': \(2, 3\), \} *\n$/);
  assert.deepEqual(parseNpy(b).data, d);
  assert.match(new TextDecoder().decode(encodeNpy(new Uint8Array(3), [3]).subarray(10, 80)), /'shape': \(3,\)/);
  const cloud = { positions: new Float32Array([1, 2, 3, 4, 5, 6]), normals: new Float32Array([0, 0, 1, 0, 1, 0]) };
  const back = parseNpyPointCloud(encodeNpyPointCloud(cloud), 'c.npy');
  assert.deepEqual(back.positions, cloud.positions);
  assert.deepEqual(back.normals, cloud.normals);
});

test('bad NPY: no magic, truncated data, huge shape, unsupported dtypes', () => {
  expectInputError(() => parseNpy(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), 'm.npy'), 'bad-header', 'm.npy');
  const d = new Uint8Array(4 * 6);
  const t = expectInputError(
    () => parseNpy(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 4), }", d), 't.npy'),
    'truncated',
    't.npy',
  );
  assert.ok(t.offset !== undefined);
  expectInputError(
    () => parseNpy(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (4000000000, 3), }", d), 'h.npy'),
    'count-too-large',
    'h.npy',
  );
  expectInputError(
    () => parseNpy(npy("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(16)), 'c.npy'),
    'unsupported',
    'c.npy',
  );
  expectInputError(
    () => parseNpy(npy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", d), 's.npy'),
    'unsupported',
    's.npy',
  );
  expectInputError(() => parseNpy(npy("{'descr': '<f4', 'shape': (1,), }", d), 'o.npy'), 'bad-header', 'o.npy');
});
