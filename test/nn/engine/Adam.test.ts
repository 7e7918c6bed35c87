import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../src/nn/engine/Engine.ts';
import { Adam } from '../../../src/nn/engine/Adam.ts';

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

test('Adam: steps 2 and 3 follow the moment decay and bias correction (float64 by hand)', async () => {
  const e = await Engine.create();
  const p = e.parameter([5], 'p'); // 5: four SIMD lanes and one scalar tail in the kernel
  const x0 = [1, 2, 3, -1, 0.5];
  p.data.set(x0);
  const lr = 0.1,
    eps = 1e-8; // β1 = 0.9, β2 = 0.999 (the defaults)
  const opt = new Adam(e, [p], { lr });
  // per step t the gradient g_t; coordinate 2 has g_1 = 0 (no move at t = 1), coordinate 3 a
  // constant gradient (then m̂ = g and v̂ = g² exactly: a step of lr every time)
  const G = [
    [0.5, -2, 0, 3, -0.25],
    [-1, -2, 0.5, 3, 0.125],
    [2, 1, -0.5, 3, 4],
  ];
  // Closed forms, written out rather than recursed (the code recurses):
  //   m_t = (1 − β1) Σ_s β1^(t−s) g_s:  m_1 = 0.1 g1, m_2 = 0.09 g1 + 0.1 g2, m_3 = 0.081 g1 + 0.09 g2 + 0.1 g3
  //   v_t = (1 − β2) Σ_s β2^(t−s) g_s²: v_1 = 0.001 g1², v_2 = 0.000999 g1² + 0.001 g2²,
  //                                     v_3 = 0.000998001 g1² + 0.000999 g2² + 0.001 g3²
  //   bias corrections 1 − β1^t = 0.1, 0.19, 0.271 and 1 − β2^t = 0.001, 0.001999, 0.002997001
  //   x_t = x_(t−1) − lr · (m_t / (1 − β1^t)) / (√(v_t / (1 − β2^t)) + ε)
  const m = (t: number, i: number): number => {
    const [a, b, c] = G.map((g) => g[i]);
    return [0.1 * a, 0.09 * a + 0.1 * b, 0.081 * a + 0.09 * b + 0.1 * c][t - 1];
  };
  const v = (t: number, i: number): number => {
    const [a, b, c] = G.map((g) => g[i] * g[i]);
    return [0.001 * a, 0.000999 * a + 0.001 * b, 0.000998001 * a + 0.000999 * b + 0.001 * c][t - 1];
  };
  const bc1 = [0.1, 0.19, 0.271],
    bc2 = [0.001, 0.001999, 0.002997001];
  const x = x0.slice();
  for (let t = 1; t <= 3; t++) {
    p.grad!.set(G[t - 1]);
    opt.update();
    for (let i = 0; i < 5; i++) x[i] -= (lr * (m(t, i) / bc1[t - 1])) / (Math.sqrt(v(t, i) / bc2[t - 1]) + eps);
    if (t === 1) continue; // step 1 is checked above
    const s = opt.state();
    assert.equal(s.step, t);
    for (let i = 0; i < 5; i++) {
      // The kernel works in float32: m to a few ulps (≈ 6e-8 relative each); v to 2e-5, since
      // 1 − β2 itself is off by 1.3e-5 relative in float32 (1 − fround(0.999) = 0.00099998713).
      assert.ok(Math.abs(s.m[0][i] - m(t, i)) <= 1e-6 * Math.abs(m(t, i)) + 1e-12, `m_${t}[${i}] = ${s.m[0][i]}, expected ${m(t, i)}`);
      assert.ok(Math.abs(s.v[0][i] - v(t, i)) <= 2e-5 * v(t, i) + 1e-15, `v_${t}[${i}] = ${s.v[0][i]}, expected ${v(t, i)}`);
      // steps are ≈ lr = 0.1; without the bias corrections step 2 alone would differ by > 0.01
      assert.ok(Math.abs(p.data[i] - x[i]) < 2e-6, `x_${t}[${i}] = ${p.data[i]}, expected ${x[i]}`);
    }
  }
  assert.ok(Math.abs(p.data[3] - (x0[3] - 3 * lr)) < 2e-6, 'constant gradient: three steps of lr');
});

test('Adam minimises a quadratic', async () => {
  const e = await Engine.create();
  const p = e.parameter([5]);
  p.data.set([3, -2, 1, 0.5, -4]);
  const target = [1, 1, -1, 2, 0];
  const opt = new Adam(e, [p], { lr: 0.05 });
  for (let t = 0; t < 600; t++) {
    e.zeroGrad([p]);
    const g = p.grad!,
      x = p.data;
    for (let i = 0; i < 5; i++) g[i] = 2 * (x[i] - target[i]);
    opt.update();
  }
  for (let i = 0; i < 5; i++) assert.ok(Math.abs(p.data[i] - target[i]) < 1e-2, `p[${i}] = ${p.data[i]}`);
});
