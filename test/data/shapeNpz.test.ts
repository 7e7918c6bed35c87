import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unzipSync } from 'fflate';
import { encodeShapeNpz, decodeShapeNpz } from '../../src/data/shapeNpz.ts';
import type { BuiltShape } from '../../src/data/buildShapeSample.ts';

/** A small shape with hand-chosen values; half bit patterns written out by hand. */
function shape(): BuiltShape {
  return {
    surfacePoints: Float32Array.of(0.1, 0.2, 0.3, -0.4, 0.5, -0.25),
    surfaceNormals: Float32Array.of(0, 0, 1, 1, 0, 0),
    queryPoints: Float32Array.from({ length: 30 }, (_, i) => i / 64),
    queryOccupancies: Uint8Array.of(1, 0, 0, 1, 1, 0, 0, 0, 0, 1),
    uniformPointsHalf: Uint16Array.of(0x3800, 0xb800, 0x3400), // 0.5, -0.5, 0.25
    uniformOccupancies: Uint8Array.of(1),
    evalPointsHalf: Uint16Array.of(0x3c00, 0, 0, 0, 0xbc00, 0), // (1,0,0), (0,-1,0)
    evalNormalsHalf: Uint16Array.of(0x3c00, 0, 0, 0, 0xbc00, 0),
    loc: [1.5, -2, 0.25],
    scale: 3,
    watertight: true,
    method: 'parity',
    flippedNormals: false,
    vertices: 3,
    faces: 1,
  };
}

test('npz members: numpy names, dtypes and shapes; packed labels; deterministic bytes', () => {
  const bytes = encodeShapeNpz(shape());
  assert.deepEqual(encodeShapeNpz(shape()), bytes);
  const members = unzipSync(bytes);
  const header = (name: string) =>
    new TextDecoder('latin1').decode(
      members[`${name}.npy`].subarray(
        10,
        10 + new DataView(members[`${name}.npy`].buffer, members[`${name}.npy`].byteOffset).getUint16(8, true),
      ),
    );
  assert.deepEqual(
    Object.keys(members),
    [
      'version',
      'surface_points',
      'surface_normals',
      'query_points',
      'query_occupancies',
      'uniform_points',
      'uniform_occupancies',
      'eval_points',
      'eval_normals',
      'loc',
      'scale',
    ].map((n) => `${n}.npy`),
  );
  assert.match(header('surface_points'), /'descr': '<f4'.*'shape': \(2, 3\)/);
  assert.match(header('uniform_points'), /'descr': '<f2'.*'shape': \(1, 3\)/);
  assert.match(header('eval_normals'), /'descr': '<f2'.*'shape': \(2, 3\)/);
  assert.match(header('query_occupancies'), /'descr': '\|u1'.*'shape': \(2,\)/);
  assert.match(header('scale'), /'descr': '<f8'.*'shape': \(\)/);
  assert.match(header('version'), /'descr': '<i4'.*'shape': \(\)/);
  // np.packbits([1,0,0,1,1,0,0,0, 0,1]) = [152, 64]
  const occ = members['query_occupancies.npy'];
  assert.deepEqual(Array.from(occ.subarray(occ.length - 2)), [152, 64]);
});

test('decode returns the encoded values; optional groups can be skipped', () => {
  const d = decodeShapeNpz(encodeShapeNpz(shape()), 'x.npz');
  assert.equal(d.version, 1);
  assert.deepEqual(d.surfacePoints, shape().surfacePoints);
  assert.deepEqual(d.queryOccupancies, shape().queryOccupancies);
  assert.deepEqual(Array.from(d.uniformPoints!), [0.5, -0.5, 0.25]);
  assert.deepEqual(Array.from(d.evalNormals!), [1, 0, 0, 0, -1, 0]);
  assert.deepEqual(d.loc, [1.5, -2, 0.25]);
  assert.equal(d.scale, 3);
  const lean = decodeShapeNpz(encodeShapeNpz(shape()), 'x.npz', { uniform: false, eval: false, normals: false });
  assert.equal(lean.uniformPoints, undefined);
  assert.equal(lean.evalPoints, undefined);
  assert.equal(lean.surfaceNormals.length, 0);
});

test('damaged files give InputError', () => {
  const bytes = encodeShapeNpz(shape());
  assert.throws(() => decodeShapeNpz(bytes.subarray(0, bytes.length - 100), 'cut.npz'), { name: 'InputError' });
  assert.throws(() => decodeShapeNpz(new Uint8Array(0), 'empty.npz'), { name: 'InputError' });
  assert.throws(() => decodeShapeNpz(new TextEncoder().encode('hello'), 'text.npz'), { name: 'InputError' });
});
