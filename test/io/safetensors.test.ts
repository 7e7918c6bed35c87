import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeSafetensors, decodeSafetensors } from '../../src/io/safetensors.ts';

test('layout follows the safetensors spec (hand-built header) and round-trips bit-exactly', () => {
  const w = new Float32Array([1.5, -2, 3.25, Math.PI, 1e-30, -0]);
  const b = new Int32Array([7, -8]);
  const bytes = encodeSafetensors({ 'layer.w': { data: w, shape: [2, 3] }, 'a.b': { data: b, shape: [2] } }, { format: 'pt' });
  const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  assert.equal(n % 8, 0);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
  // Tensors are laid out in name order: 'a.b' (8 bytes) then 'layer.w' (24 bytes).
  assert.deepEqual(header['a.b'], { dtype: 'I32', shape: [2], data_offsets: [0, 8] });
  assert.deepEqual(header['layer.w'], { dtype: 'F32', shape: [2, 3], data_offsets: [8, 32] });
  assert.deepEqual(header.__metadata__, { format: 'pt' });
  assert.equal(bytes.length, 8 + n + 32);
  const dv = new DataView(bytes.buffer, 8 + n);
  assert.equal(dv.getInt32(0, true), 7);
  assert.equal(dv.getFloat32(8 + 8, true), 3.25);
  const back = decodeSafetensors(bytes);
  assert.deepEqual(Array.from(new Uint8Array(back.tensors['layer.w'].data.buffer)), Array.from(new Uint8Array(w.buffer)));
  assert.deepEqual(back.tensors['layer.w'].shape, [2, 3]);
  assert.deepEqual(Array.from(back.tensors['a.b'].data), [7, -8]);
});

test('F16 tensors decode to hand-computed values', () => {
  // Build a safetensors file by hand with one F16 tensor:
  // 0x3c00 = 1, 0xc000 = -2, 0x3555 ≈ 0.33325, 0x0001 = 2^-24 (smallest subnormal), 0x7c00 = +inf
  const bits = new Uint16Array([0x3c00, 0xc000, 0x3555, 0x0001, 0x7c00]);
  const head = new TextEncoder().encode(JSON.stringify({ h: { dtype: 'F16', shape: [5], data_offsets: [0, 10] } }));
  const bytes = new Uint8Array(8 + head.length + 10);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(head.length), true);
  bytes.set(head, 8);
  bytes.set(new Uint8Array(bits.buffer), 8 + head.length);
  const f = decodeSafetensors(bytes).tensors.h.data;
  assert.equal(f[0], 1);
  assert.equal(f[1], -2);
  assert.ok(Math.abs(f[2] - 0.333251953125) < 1e-9);
  assert.equal(f[3], 2 ** -24);
  assert.equal(f[4], Infinity);
});

test('corrupt files give typed errors', () => {
  assert.throws(() => decodeSafetensors(new Uint8Array(3), 'x.safetensors'), { name: 'InputError', code: 'truncated' });
  const bad = new Uint8Array(16);
  new DataView(bad.buffer).setBigUint64(0, 1000n, true);
  assert.throws(() => decodeSafetensors(bad, 'x.safetensors'), { name: 'InputError', code: 'count-too-large' });
});
