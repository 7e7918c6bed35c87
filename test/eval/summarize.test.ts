import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarize, type ShapeRecord } from '../../src/eval/summarize.ts';

const rec = (category: string, id: string, iou: number, chamfer: number | null, status: ShapeRecord['status'] = 'ok'): ShapeRecord => ({
  category,
  id,
  status,
  metrics: { iou, chamferL1: chamfer },
});

test('mean of class means, by hand on a small table', () => {
  // Class a: IoU 0.9, 0.7, 0.2 (mean 0.6); class b: IoU 0.5 (mean 0.5); class c: 1.0 and a
  // missing shape scoring 0 (mean 0.5). Mean of class means = (0.6 + 0.5 + 0.5) / 3 = 0.5333…,
  // while the mean over all 6 shapes would be 3.3 / 6 = 0.55.
  // Chamfer: a = (0.01 + 0.03 + 0.05) / 3 = 0.03; b = 0.02; c = 0.04 (the missing shape is
  // excluded); mean of class means = 0.09 / 3 = 0.03.
  const s = summarize(
    [
      rec('b', 'b1', 0.5, 0.02),
      rec('a', 'a1', 0.9, 0.01),
      rec('a', 'a2', 0.7, 0.03),
      rec('a', 'a3', 0.2, 0.05),
      rec('c', 'c1', 1.0, 0.04),
      rec('c', 'c2', 0, null, 'missing'),
    ],
    ['iou', 'chamferL1'],
  );
  assert.deepEqual(
    s.classes.map((c) => c.category),
    ['a', 'b', 'c'],
  );
  assert.ok(Math.abs(s.classes[0].means.iou! - 0.6) < 1e-12);
  assert.ok(Math.abs(s.classes[2].means.iou! - 0.5) < 1e-12);
  assert.equal(s.classes[2].counts.chamferL1, 1);
  assert.equal(s.classes[2].missing, 1);
  assert.ok(Math.abs(s.meanOfClassMeans.iou! - 1.6 / 3) < 1e-12);
  assert.ok(Math.abs(s.meanOfShapes.iou! - 0.55) < 1e-12);
  assert.ok(Math.abs(s.meanOfClassMeans.chamferL1! - 0.03) < 1e-12);
  assert.deepEqual(s.missing, ['c/c2']);
  assert.equal(s.shapes, 6);
});

test('a class with no defined value is skipped in the mean of class means', () => {
  const s = summarize([rec('a', '1', 0.8, 0.01), rec('b', '1', 0, null, 'empty')], ['iou', 'chamferL1']);
  assert.equal(s.classes[1].means.chamferL1, null);
  assert.ok(Math.abs(s.meanOfClassMeans.chamferL1! - 0.01) < 1e-15);
  assert.ok(Math.abs(s.meanOfClassMeans.iou! - 0.4) < 1e-15);
  assert.deepEqual(s.empty, ['b/1']);
});
