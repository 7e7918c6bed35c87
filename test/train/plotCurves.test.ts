import { test } from 'node:test';
import assert from 'node:assert/strict';
import { niceTicks, renderCurves } from '../../src/train/plotCurves.ts';
import type { LogEntry } from '../../src/train/TrainLog.ts';

test('niceTicks: 1-2-5 steps covering the range', () => {
  const t = niceTicks(0, 1, 5);
  assert.equal(t.length, 6);
  t.forEach((v, i) => assert.ok(Math.abs(v - 0.2 * i) < 1e-12));
  assert.deepEqual(niceTicks(0, 1000, 6), [0, 200, 400, 600, 800, 1000]);
  assert.deepEqual(niceTicks(3, 47, 4), [10, 20, 30, 40]);
  assert.deepEqual(niceTicks(5, 5, 4), [5]);
});

/** Median row of the IoU line's green pixels in the lower half, legend excluded (it sits at the panel's top-right). */
function greenRow(iou: number): number {
  const entries: LogEntry[] = [];
  for (let s = 1; s <= 100; s++) entries.push({ type: 'step', step: s, loss: 1 / s, accuracy: 0.5, lr: 1e-4, shapesPerSec: 1, elapsed: s, epoch: 0 });
  for (let s = 10; s <= 100; s += 10) entries.push({ type: 'val', step: s, iou, loss: 0.1, accuracy: 0.9, shapes: 1, points: 1, seconds: 0, elapsed: s, best: false });
  const img = renderCurves(entries, { width: 800, height: 600 });
  const rows: number[] = [];
  for (let y = img.height / 2 + 60; y < img.height; y++) {
    for (let x = 0; x < img.width / 2; x++) {
      const o = 4 * (y * img.width + x);
      if (img.data[o] === 20 && img.data[o + 1] === 150 && img.data[o + 2] === 60) rows.push(y);
    }
  }
  assert.ok(rows.length > 50, 'the IoU line is drawn');
  rows.sort((a, b) => a - b);
  return rows[rows.length >> 1];
}

test('the IoU panel maps IoU linearly, higher values higher up', () => {
  const a = greenRow(0.2), b = greenRow(0.5), c = greenRow(0.8);
  assert.ok(a > b && b > c, `${a} ${b} ${c}`);
  assert.ok(Math.abs((a - b) - (b - c)) <= 1, `${a - b} vs ${b - c}`);
});
