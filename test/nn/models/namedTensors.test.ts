import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../src/nn/engine/Engine.ts';
import type { Tensor } from '../../../src/nn/engine/Tensor.ts';
import { encodeNamedTensors, loadNamedTensors } from '../../../src/nn/models/namedTensors.ts';
import { encodeSafetensors, decodeSafetensors } from '../../../src/io/safetensors.ts';
import { InputError } from '../../../src/errors.ts';

const engine = await Engine.create();
/** Two named parameters, as a model holds them. */
function pair(): [Tensor, Tensor] {
  return [engine.parameter([2, 3], 'a.W'), engine.parameter([3], 'a.b')];
}
const W = Float32Array.of(1, -2, 3.5, 1e-40, -0, 6);
const b = Float32Array.of(0.25, -1, 7);
const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
const fmt = { formatVersion: '1', method: 'onet' };

test('encodeNamedTensors: each tensor as F32 under its name, the format keys in the metadata (overriding extra ones)', () => {
  const [w, bb] = pair();
  w.data.set(W); bb.data.set(b);
  const { tensors, metadata } = decodeSafetensors(encodeNamedTensors([w, bb], fmt, { step: '7', method: 'x' }));
  assert.deepEqual(Object.keys(tensors).sort(), ['a.W', 'a.b']);
  assert.deepEqual(tensors['a.W'].shape, [2, 3]);
  assert.deepEqual(bits(tensors['a.W'].data as Float32Array), bits(W));
  assert.deepEqual(Array.from(tensors['a.b'].data), [0.25, -1, 7]);
  assert.deepEqual(metadata, { step: '7', format: 'pointocc-model', formatVersion: '1', method: 'onet' });
});

test('loadNamedTensors: copies bit-exactly by name whatever the stored order; metadata without version or method is read', () => {
  const [w, bb] = pair();
  loadNamedTensors([w, bb], encodeSafetensors({ 'a.b': { data: b, shape: [3] }, 'a.W': { data: W, shape: [2, 3] } }), 'f', fmt);
  assert.deepEqual(bits(w.data), bits(W));
  assert.deepEqual(Array.from(bb.data), [0.25, -1, 7]);
});

test('loadNamedTensors refuses bad files with one-line InputErrors, and changes no tensor then', () => {
  const good = { 'a.W': { data: W, shape: [2, 3] }, 'a.b': { data: b, shape: [3] } };
  const cases: [Record<string, { data: Float32Array | Int32Array; shape: number[] }>, Record<string, string>, { formatVersion: string; method?: string }, RegExp][] = [
    [good, { formatVersion: '2' }, fmt, /^f: weights format version 2 is not supported \(this build reads 1\)$/],
    [good, { method: 'pcnn-occ' }, fmt, /^f: holds weights of method "pcnn-occ", the config says "onet"$/],
    [{ 'a.W': good['a.W'] }, {}, fmt, /^f: tensor a\.b is missing \(does config\.json match these weights\?\)$/],
    [{ ...good, 'a.b': { data: Float32Array.of(1, 2, 3, 4), shape: [4] } }, {}, fmt, /^f: tensor a\.b has shape \[4\], the config needs \[3\]$/],
    [{ ...good, 'a.b': { data: Int32Array.of(1, 2, 3), shape: [3] } }, {}, fmt, /^f: tensor a\.b is not floating point$/],
    [{ ...good, 'z': { data: b, shape: [3] }, 'c': { data: b, shape: [3] } }, {}, fmt, /^f: unexpected tensors (z, c|c, z) \(does config\.json match these weights\?\)$/],
  ];
  for (const [tensors, metadata, format, re] of cases) {
    const [w, bb] = pair();
    w.data.fill(9); bb.data.fill(9);
    assert.throws(() => loadNamedTensors([w, bb], encodeSafetensors(tensors, metadata), 'f', format), (e: Error) => e instanceof InputError && re.test(e.message), String(re));
    assert.ok(w.data.every((v) => v === 9) && bb.data.every((v) => v === 9), `${re}: nothing copied`);
  }
  // without a method to check, another method's weights with the right tensors load
  const [w, bb] = pair();
  loadNamedTensors([w, bb], encodeSafetensors(good, { method: 'pcnn-occ' }), 'f', { formatVersion: '1' });
  assert.deepEqual(Array.from(bb.data), [0.25, -1, 7]);
});
