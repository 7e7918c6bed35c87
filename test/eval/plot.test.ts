import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineChart, niceTicks, PALETTE } from '../../src/eval/plot.ts';

test('nice ticks: 1-2-5 steps covering the range', () => {
  assert.deepEqual(niceTicks(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(niceTicks(0.63, 0.81, 5), [0.6, 0.65, 0.7, 0.75, 0.8, 0.85]);
  assert.deepEqual(niceTicks(0, 180, 6), [0, 50, 100, 150, 200]);
  // A zero-width range is widened by 10 % each side: [2.7, 3.3] → step 0.2.
  assert.deepEqual(niceTicks(3, 3), [2.6, 2.8, 3, 3.2, 3.4]);
});

test('line chart: markers at the data points in the series colours, axes in range', () => {
  const chart = lineChart([
    { name: 'pointocc', x: [0, 45, 90], y: [0.8, 0.78, 0.79] },
    { name: 'onet', x: [0, 45, 90], y: [0.75, NaN, 0.3] },
  ], { title: 'IoU vs rotation', xLabel: 'angle (deg)', yLabel: 'IoU', yRange: [0, 1], xTicks: [0, 45, 90] });
  const { image, toPixel } = chart;
  const at = (x: number, y: number) => {
    const [px, py] = toPixel(x, y).map(Math.round);
    const o = 4 * (py * image.width + px);
    return [image.data[o], image.data[o + 1], image.data[o + 2]];
  };
  assert.deepEqual(at(0, 0.8), [...PALETTE[0]]);
  assert.deepEqual(at(90, 0.3), [...PALETTE[1]]);
  // The y axis spans exactly the requested range: y = 1 is above y = 0 by the plot height.
  const [, top] = toPixel(0, 1), [, bottom] = toPixel(0, 0);
  assert.ok(bottom > top + 200);
  // The gap (NaN) breaks the second line: the midpoint between its two points is not drawn in its colour.
  const mid = at(45, (0.75 + 0.3) / 2);
  assert.notDeepEqual(mid, [...PALETTE[1]]);
});
