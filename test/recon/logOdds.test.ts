import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logOdds } from '../../src/recon/logOdds.ts';

test('logOdds: hand-computed values, clamped at the ends, strictly increasing', () => {
  assert.equal(logOdds(0.5), 0);
  assert.ok(Math.abs(logOdds(0.75) - Math.log(3)) < 1e-15);
  assert.ok(Math.abs(logOdds(0.1) + Math.log(9)) < 1e-14);
  // 0 and 1 (a saturated float32 sigmoid) map to ∓log((1 − 1e-7)/1e-7) ≈ ∓16.118, not ∓∞.
  const end = Math.log((1 - 1e-7) / 1e-7);
  assert.ok(Math.abs(logOdds(0) + end) < 1e-9 && Math.abs(logOdds(1) - end) < 1e-9);
  assert.equal(logOdds(-3), logOdds(0));
  assert.equal(logOdds(2), logOdds(1));
  let prev = -Infinity;
  for (let i = 1; i < 1000; i++) {
    const v = logOdds(i / 1000);
    assert.ok(v > prev);
    prev = v;
  }
});
