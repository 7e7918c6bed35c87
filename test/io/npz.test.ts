import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import { parseNpz, parseNpzPointCloud } from '../../src/io/npz.ts';
import { encodeNpy } from '../../src/io/npy.ts';
import { ONET, expectInputError } from './helpers.ts';

const read = (p: string) => new Uint8Array(readFileSync(p));

test('ONet points.npz (sphere_a, r = 0.45): float16 points, packbits occupancies agree with the sphere', () => {
  const m = parseNpz(read(`${ONET}/00000001/sphere_a/points.npz`), 'points.npz');
  assert.deepEqual([...m.keys()].sort(), ['loc', 'occupancies', 'points', 'scale']);
  const pts = m.get('points')!,
    occ = m.get('occupancies')!;
  assert.equal(pts.dtype, 'float16');
  assert.deepEqual(pts.shape, [20000, 3]);
  assert.equal(occ.dtype, 'uint8');
  assert.deepEqual(occ.shape, [2500]);
  assert.deepEqual(m.get('scale')!.shape, []);
  assert.deepEqual(m.get('loc')!.shape, [3]);
  // np.packbits is MSB-first. float16 rounding moves points by at most ~2.5e-4 at |p| ≈ 0.45.
  let inside = 0;
  for (let i = 0; i < 20000; i++) {
    const bit = (occ.data[i >> 3] >> (7 - (i & 7))) & 1;
    const r = Math.hypot(pts.data[3 * i], pts.data[3 * i + 1], pts.data[3 * i + 2]);
    if (bit) {
      inside++;
      assert.ok(r < 0.45 + 5e-4, `inside point at r=${r}`);
    } else assert.ok(r > 0.45 - 5e-4, `outside point at r=${r}`);
  }
  assert.ok(inside > 1000);
});

test('ONet pointcloud.npz as a point cloud: points on the r = 0.45 sphere with radial unit normals', () => {
  const c = parseNpzPointCloud(read(`${ONET}/00000001/sphere_a/pointcloud.npz`), 'pointcloud.npz');
  assert.equal(c.positions.length / 3, 20000);
  for (let i = 0; i < 60000; i += 3) {
    const r = Math.hypot(c.positions[i], c.positions[i + 1], c.positions[i + 2]);
    assert.ok(Math.abs(r - 0.45) < 1e-3);
    const dot = (c.positions[i] * c.normals![i] + c.positions[i + 1] * c.normals![i + 1] + c.positions[i + 2] * c.normals![i + 2]) / r;
    assert.ok(dot > 0.99);
  }
});

test('compressed npz members; non-npy members are ignored; bad archives are InputErrors', () => {
  const z = zipSync({ 'a.npy': encodeNpy(new Float32Array([1, 2, 3]), [1, 3]), 'readme.txt': new Uint8Array([65]) }, { level: 6 });
  const m = parseNpz(z, 'c.npz');
  assert.deepEqual([...m.keys()], ['a']);
  assert.deepEqual([...m.get('a')!.data], [1, 2, 3]);
  expectInputError(() => parseNpzPointCloud(z, 'nopoints.npz'), 'no-geometry', 'nopoints.npz');
  expectInputError(() => parseNpz(new Uint8Array([1, 2, 3, 4]), 'x.npz'), 'bad-header', 'x.npz');
  expectInputError(() => parseNpz(z.slice(0, z.length - 30), 'cut.npz'), 'truncated', 'cut.npz');
  const bad = zipSync({ 'points.npy': new Uint8Array([1, 2, 3]) });
  expectInputError(() => parseNpz(bad, 'inner.npz'), 'bad-header', 'inner.npz:points.npy');
});

test('a member declaring more bytes than it can hold is count-too-large, before unzipping', () => {
  const z = zipSync({ 'points.npy': encodeNpy(new Float32Array([1, 2, 3]), [1, 3]) }, { level: 0 });
  const dv = new DataView(z.buffer, z.byteOffset, z.byteLength);
  // Patch the uncompressed size in the local header (offset 22) and in the central directory entry (offset 24).
  dv.setUint32(22, 0xfffffff0, true);
  let cd = -1;
  for (let i = z.length - 22; i >= 0; i--)
    if (dv.getUint32(i, true) === 0x02014b50) {
      cd = i;
      break;
    }
  assert.ok(cd > 0);
  dv.setUint32(cd + 24, 0xfffffff0, true);
  const e = expectInputError(() => parseNpz(z, 'bomb.npz'), 'count-too-large', 'bomb.npz');
  assert.match(e.message, /points\.npy/);
});
