import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../src/geometry/Random.ts';

test('same seed gives the same stream; different seeds differ', () => {
  const a = new Random(42),
    b = new Random(42),
    c = new Random(43);
  const sa = Array.from({ length: 100 }, () => a.nextUint32());
  const sb = Array.from({ length: 100 }, () => b.nextUint32());
  const sc = Array.from({ length: 100 }, () => c.nextUint32());
  assert.deepEqual(sa, sb);
  assert.notDeepEqual(sa, sc);
});

test('uniform and normal moments match their distributions (within 4 standard errors)', () => {
  const r = new Random(7);
  const n = 200000;
  let s = 0,
    s2 = 0,
    g = 0,
    g2 = 0;
  for (let i = 0; i < n; i++) {
    const u = r.next();
    s += u;
    s2 += u * u;
    const z = r.normal();
    g += z;
    g2 += z * z;
  }
  const mean = s / n,
    varU = s2 / n - mean * mean;
  assert.ok(Math.abs(mean - 0.5) < 4 * Math.sqrt(1 / 12 / n));
  assert.ok(Math.abs(varU - 1 / 12) < 0.002);
  assert.ok(Math.abs(g / n) < 4 / Math.sqrt(n));
  assert.ok(Math.abs(g2 / n - 1) < 4 * Math.sqrt(2 / n));
});

test('int(n) is unbiased over its range and choose() gives distinct indices', () => {
  const r = new Random(1);
  const counts = new Array(6).fill(0);
  for (let i = 0; i < 60000; i++) counts[r.int(6)]++;
  for (const c of counts) assert.ok(Math.abs(c - 10000) < 4 * Math.sqrt((10000 * 5) / 6));
  const k = r.choose(1000, 300);
  assert.equal(new Set(k).size, 300);
  assert.ok(Math.max(...k) < 1000);
});

test('state()/setState() resume the exact stream, including the spare normal', () => {
  const r = new Random(99);
  r.normal();
  const st = JSON.parse(JSON.stringify(r.state()));
  const ahead = [r.normal(), r.next(), r.normal()];
  const r2 = new Random(0).setState(st);
  assert.deepEqual([r2.normal(), r2.next(), r2.normal()], ahead);
});
