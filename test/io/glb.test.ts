import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeGlb } from '../../src/io/glb.ts';
import { parsePly } from '../../src/io/ply.ts';
import { fixtureBytes, bbox } from './helpers.ts';

/** Independent GLB reader per the glTF 2.0 spec, checking the container rules as it goes. */
function readGlb(b: Uint8Array) {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  assert.equal(dv.getUint32(0, true), 0x46546c67, 'magic glTF');
  assert.equal(dv.getUint32(4, true), 2, 'version');
  assert.equal(dv.getUint32(8, true), b.length, 'total length');
  const jsonLen = dv.getUint32(12, true);
  assert.equal(dv.getUint32(16, true), 0x4e4f534a, 'JSON chunk type');
  assert.equal(jsonLen % 4, 0, 'JSON chunk padded to 4');
  const jsonBytes = b.subarray(20, 20 + jsonLen);
  const jsonText = new TextDecoder().decode(jsonBytes);
  assert.match(jsonText, /^\{.*\} *$/s, 'JSON padded with spaces only');
  const json = JSON.parse(jsonText);
  const binHead = 20 + jsonLen;
  const binLen = dv.getUint32(binHead, true);
  assert.equal(dv.getUint32(binHead + 4, true), 0x004e4942, 'BIN chunk type');
  assert.equal(binLen % 4, 0, 'BIN chunk padded to 4');
  assert.equal(binHead + 8 + binLen, b.length, 'no bytes after BIN');
  const bin = b.subarray(binHead + 8, binHead + 8 + binLen);
  assert.ok(json.buffers[0].byteLength <= binLen && binLen - json.buffers[0].byteLength < 4);
  for (let i = json.buffers[0].byteLength; i < binLen; i++) assert.equal(bin[i], 0, 'BIN padding is zeros');
  const view = (accessorIndex: number) => {
    const acc = json.accessors[accessorIndex];
    const bv = json.bufferViews[acc.bufferView];
    assert.equal(bv.byteOffset % 4, 0, 'bufferView 4-byte aligned');
    const comps = { SCALAR: 1, VEC3: 3 }[acc.type as 'SCALAR' | 'VEC3'];
    assert.equal(bv.byteLength, acc.count * comps * 4);
    const copy = bin.slice(bv.byteOffset, bv.byteOffset + bv.byteLength);
    return { acc, bv, data: acc.componentType === 5126 ? new Float32Array(copy.buffer) : new Uint32Array(copy.buffer) };
  };
  return { json, view };
}

test('torus mesh as GLB: valid container, POSITION with exact min/max, NORMAL, COLOR_0, uint32 indices', () => {
  const mesh = parsePly(fixtureBytes('torus_binary.ply'), 't');
  const { json, view } = readGlb(encodeGlb(mesh));
  assert.equal(json.asset.version, '2.0');
  assert.deepEqual(json.scenes[json.scene].nodes, [0]);
  const prim = json.meshes[json.nodes[0].mesh].primitives[0];
  assert.equal(prim.mode, 4);
  const pos = view(prim.attributes.POSITION);
  assert.equal(pos.acc.count, 288);
  assert.equal(pos.acc.type, 'VEC3');
  assert.equal(pos.acc.componentType, 5126);
  assert.equal(pos.bv.target, 34962);
  assert.deepEqual(pos.data, mesh.positions);
  const b = bbox(mesh.positions);
  assert.deepEqual(pos.acc.min, b.min);
  assert.deepEqual(pos.acc.max, b.max);
  const nor = view(prim.attributes.NORMAL);
  assert.deepEqual(nor.data, mesh.normals);
  const col = view(prim.attributes.COLOR_0);
  assert.equal(col.acc.count, 288);
  assert.deepEqual(
    [...col.data.subarray(0, 3)].map((v) => Math.round(v * 255)),
    [204, 51, 26],
  );
  const idx = view(prim.indices);
  assert.equal(idx.acc.componentType, 5125);
  assert.equal(idx.acc.count, 576 * 3);
  assert.equal(idx.bv.target, 34963);
  assert.deepEqual(idx.data, mesh.faces);
});

test('GLB of a mesh without normals/colours has only POSITION and indices; JSON padding is exercised', () => {
  // Vary the vertex count so the JSON length hits different residues mod 4.
  const residues = new Set<number>();
  for (let n = 3; n < 12; n++) {
    const positions = new Float32Array(3 * n).map((_, i) => ((i * 0.37) % 1.3) - 0.5);
    const faces = new Uint32Array(3 * (n - 2)).map((_, i) => (i % 3 === 0 ? 0 : Math.floor(i / 3) + (i % 3)));
    const glb = encodeGlb({ positions, faces });
    const jsonRawLen = JSON.stringify(readGlb(glb).json).length;
    residues.add(jsonRawLen % 4);
    const { json, view } = readGlb(glb);
    const prim = json.meshes[0].primitives[0];
    assert.deepEqual(Object.keys(prim.attributes), ['POSITION']);
    assert.deepEqual(view(prim.indices).data, faces);
    assert.deepEqual(view(prim.attributes.POSITION).data, positions);
  }
  assert.ok(residues.size > 1);
});
