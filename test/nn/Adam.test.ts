import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../src/nn/Engine.ts';
import { Adam } from '../../src/nn/Adam.ts';

test('Adam: first step moves each parameter by lr against the gradient sign; state round-trips', async () => {
  const e = await Engine.create();
  const p = e.parameter([3], 'p');
  p.data.set([1, 2, 3]);
  const opt = new Adam(e, [p], { lr: 0.1 });
  p.grad!.set([0.5, -2, 0]);
  opt.update();
  // step 1: m̂ = g, v̂ = g² → Δ = −lr·g/(|g| + ε)
  assert.ok(Math.abs(p.data[0] - 0.9) < 1e-6 && Math.abs(p.data[1] - 2.1) < 1e-6 && p.data[2] === 3);
  const s = opt.state();
  assert.equal(s.step, 1);
  assert.deepEqual(s.names, ['p']);
  const before = p.toArray();
  p.grad!.set([1, 1, 1]);
  opt.update();
  const after1 = p.toArray();
  // restore and replay: identical result
  p.data.set(before);
  opt.loadState(s);
  p.grad!.set([1, 1, 1]);
  opt.update();
  assert.deepEqual(p.toArray(), after1);
});

test('Adam minimises a quadratic', async () => {
  const e = await Engine.create();
  const p = e.parameter([5]);
  p.data.set([3, -2, 1, 0.5, -4]);
  const target = [1, 1, -1, 2, 0];
  const opt = new Adam(e, [p], { lr: 0.05 });
  for (let t = 0; t < 600; t++) {
    e.zeroGrad([p]);
    const g = p.grad!, x = p.data;
    for (let i = 0; i < 5; i++) g[i] = 2 * (x[i] - target[i]);
    opt.update();
  }
  for (let i = 0; i < 5; i++) assert.ok(Math.abs(p.data[i] - target[i]) < 1e-2, `p[${i}] = ${p.data[i]}`);
});
