import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addOccupancyCounts, emptyCounts, iouOf, summarizeCounts } from '../../src/train/OccupancyCounts.ts';

test('hand-made case: counts, IoU, loss and accuracy', () => {
  // Six points. Logit differences z1 − z0: +2, +1, −1, −3, 0, +0.5; labels 1, 0, 1, 0, 1, 1.
  // Threshold 0.5 ⇔ z1 − z0 ≥ 0: predictions 1, 1, 0, 0, 1, 1.
  // tp: points 0, 4, 5 = 3; fp: point 1 = 1; fn: point 2 = 1; tn: point 3 = 1.
  const logits = [0, 2, 0, 1, 1, 0, 3, 0, 0, 0, -0.5, 0];
  const labels = [1, 0, 1, 0, 1, 1];
  const c = addOccupancyCounts(logits, labels, 0.5, emptyCounts());
  assert.deepEqual([c.tp, c.fp, c.fn, c.tn], [3, 1, 1, 1]);
  assert.equal(iouOf(c), 3 / 5);
  // Cross-entropy −log σ(±d) = log(1 + e^{∓d}) with d = z1 − z0 and + for label 1.
  const sp = (x: number) => Math.log(1 + Math.exp(x));
  const want = sp(-2) + sp(1) + sp(1) + sp(-3) + sp(-0) + sp(-0.5);
  assert.ok(Math.abs(c.lossSum - want) < 1e-12, `${c.lossSum} vs ${want}`);
  // A second chunk adds up.
  addOccupancyCounts([0, 5], [1], 0.5, c);
  assert.deepEqual([c.tp, c.fp, c.fn, c.tn], [4, 1, 1, 1]);
});

test('threshold: P ≥ t is inside (ONet convention), other thresholds move the boundary', () => {
  // d = 0 gives P = 0.5 exactly: inside at t = 0.5.
  assert.equal(addOccupancyCounts([0, 0], [1], 0.5, emptyCounts()).tp, 1);
  // P = σ(1) = 0.731: inside at t = 0.7, outside at t = 0.75.
  assert.equal(addOccupancyCounts([0, 1], [1], 0.7, emptyCounts()).tp, 1);
  assert.equal(addOccupancyCounts([0, 1], [1], 0.75, emptyCounts()).fn, 1);
  // Large logits do not overflow the loss.
  const c = addOccupancyCounts([1000, -1000], [1], 0.5, emptyCounts());
  assert.equal(c.lossSum, 2000);
});

test('empty prediction scores IoU 0; summary averages IoU per shape and pools loss/accuracy', () => {
  assert.equal(iouOf({ tp: 0, fp: 0, fn: 5, tn: 10, lossSum: 0 }), 0);
  assert.equal(iouOf({ tp: 0, fp: 0, fn: 0, tn: 10, lossSum: 0 }), 0);
  const a = { tp: 1, fp: 1, fn: 0, tn: 2, lossSum: 4 }; // IoU 0.5, 4 points, 3 correct
  const b = { tp: 9, fp: 0, fn: 1, tn: 6, lossSum: 2 }; // IoU 0.9, 16 points, 15 correct
  const s = summarizeCounts([a, b]);
  assert.ok(Math.abs(s.iou - 0.7) < 1e-15);
  assert.equal(s.loss, 6 / 20);
  assert.equal(s.accuracy, 18 / 20);
  assert.equal(s.points, 20);
  assert.equal(s.shapes, 2);
  assert.throws(() => addOccupancyCounts([0, 1, 2], [1], 0.5, emptyCounts()), RangeError);
});
