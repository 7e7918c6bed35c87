import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFloat32 } from '../../src/io/formatFloat.ts';
import { AsciiWriter } from '../../src/io/AsciiWriter.ts';
import { Random } from '../../src/geometry/Random.ts';

test('formatFloat32 reads back as the same float32, over many magnitudes and random bit patterns', () => {
  const r = new Random(5);
  const f = new Float32Array(1),
    u = new Uint32Array(f.buffer);
  for (let i = 0; i < 20000; i++) {
    u[0] = r.nextUint32();
    if (!Number.isFinite(f[0])) continue;
    assert.equal(Math.fround(Number(formatFloat32(f[0]))), f[0], `bits ${u[0].toString(16)}`);
  }
});

test('formatFloat32 is short for short decimals and spells non-finite values as the readers accept', () => {
  assert.equal(formatFloat32(Math.fround(0.1)), '0.1');
  assert.equal(formatFloat32(Math.fround(-0.386603)), '-0.386603');
  assert.equal(formatFloat32(0.5), '0.5');
  assert.equal(formatFloat32(123456), '123456');
  assert.equal(formatFloat32(Math.fround(1e-7)), '1e-7');
  assert.equal(formatFloat32(0), '0');
  assert.equal(formatFloat32(NaN), 'nan');
  assert.equal(formatFloat32(-Infinity), '-inf');
});

test('AsciiWriter writes integers, strings and floats, growing as needed', () => {
  const w = new AsciiWriter(16);
  for (const v of [0, 7, 10, 99, 4294967295, 2 ** 53 - 1]) w.uint(v).char(32);
  w.str('x').float(0.25).str('é');
  assert.equal(new TextDecoder().decode(w.finish()), '0 7 10 99 4294967295 9007199254740991 x0.25?');
});
