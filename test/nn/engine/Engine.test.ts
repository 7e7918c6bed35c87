import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../src/nn/engine/Engine.ts';
import { compileNnModule } from '../../../src/nn/engine/loadWasm.ts';
import { readFile } from 'node:fs/promises';

test('tensors survive memory growth (views are refreshed) and mark/release reuses memory', async () => {
  const e = await Engine.create();
  const a = e.fromArray([2, 2], [1, 2, 3, 4]);
  const before = e.memory.buffer.byteLength;
  const mark = e.mark();
  const big = e.empty([(32 << 20) >> 2]); // 32 MiB: forces a grow
  assert.ok(e.memory.buffer.byteLength > before);
  assert.deepEqual(Array.from(a.data), [1, 2, 3, 4]);
  big.data[0] = 5;
  e.release(mark);
  assert.throws(() => big.data, /released/);
  const again = e.empty([4]);
  assert.equal(again.ptr, big.ptr);
});

test('persistent allocations are protected from release', async () => {
  const e = await Engine.create();
  const m = e.mark();
  assert.throws(() => e.parameter([4]), /mark is live/);
  e.release(m);
  const p = e.parameter([4]);
  assert.throws(() => e.release(m), /below persistent/);
  assert.deepEqual(Array.from(p.grad!), [0, 0, 0, 0]);
});

test('engine can be made from bytes or a compiled module (browser / worker path), each with its own memory', async () => {
  const bytes = await readFile(new URL('../../../build/wasm/nn.wasm', import.meta.url));
  const mod = await compileNnModule(bytes);
  const e1 = Engine.fromModule(mod),
    e2 = await Engine.create(bytes);
  assert.notEqual(e1.memory, e2.memory);
  const t = e1.fromArray([1], [7]);
  assert.equal(t.data[0], 7);
});
