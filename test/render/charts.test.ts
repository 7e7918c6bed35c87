import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CURVE_COLORS,
  curvesSpec,
  lineChartSpec,
  PALETTE,
  renderSvg,
  svgSize,
  writeCurves,
  writeLineChart,
  type Series,
} from '../../src/render/charts.ts';
import { decodePng } from '../../src/render/writePng.ts';
import type { RgbaImage } from '../../src/render/RgbaImage.ts';
import type { LogEntry } from '../../src/train/TrainLog.ts';

/** The `<path>`s of the line marks in an SVG whose group class contains `role`, with their subpaths as [x, y] pixel lists. */
function linePaths(svg: string, role = 'role-mark'): { stroke: string; subpaths: [number, number][][] }[] {
  const out: { stroke: string; subpaths: [number, number][][] }[] = [];
  for (const g of svg.matchAll(/<g class="mark-line ([^"]*)"[^>]*>(.*?)<\/g>/g)) {
    if (!g[1].includes(role)) continue;
    for (const p of g[2].matchAll(/<path [^>]*?d="([^"]*)"[^>]*?stroke="([^"]*)"/g)) {
      const subpaths = p[1]
        .split('M')
        .filter((s) => s.length > 0)
        .map((s) => {
          const n = s.match(/-?[\d.]+(e-?\d+)?/g)!.map(Number);
          return Array.from({ length: n.length >> 1 }, (_, i): [number, number] => [n[2 * i], n[2 * i + 1]]);
        });
      out.push({ stroke: p[2], subpaths });
    }
  }
  return out;
}
const texts = (svg: string): string[] => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
const symbolCount = (svg: string): number =>
  [...svg.matchAll(/<g class="mark-symbol role-mark[^"]*"[^>]*>(.*?)<\/g>/g)].reduce((n, g) => n + (g[1].match(/<path /g)?.length ?? 0), 0);
const near = (a: number, b: number, eps = 0.01) => Math.abs(a - b) <= eps;

/** Pixels of an image within `tol` (per channel) of an RGB colour given as #rrggbb. */
function countColor(img: RgbaImage, hex: string, tol: number, rows: [number, number] = [0, img.height]): number {
  const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  let n = 0;
  for (let y = rows[0]; y < rows[1]; y++)
    for (let x = 0; x < img.width; x++) {
      const o = 4 * (y * img.width + x);
      if (c.every((v, k) => Math.abs(img.data[o + k] - v) <= tol)) n++;
    }
  return n;
}

const SERIES: Series[] = [
  { name: 'pointocc', x: [0, 45, 90, 135], y: [0.2, 0.5, 0.8, 0.5] },
  { name: 'onet', x: [0, 45, 90, 135], y: [0.3, NaN, 0.6, Infinity] },
];
const OPTS = {
  title: 'IoU vs rotation',
  xLabel: 'angle (deg)',
  yLabel: 'IoU',
  yRange: [0, 1] as [number, number],
  xTicks: [0, 45, 90, 135],
};

test('line chart spec: exactly the given points, non-finite y as null gaps; titles, fixed y range, x ticks, palette by series order', () => {
  const spec: any = lineChartSpec(SERIES, OPTS);
  assert.deepEqual(spec.data.values, [
    { series: 'pointocc', i: 0, x: 0, y: 0.2 },
    { series: 'pointocc', i: 1, x: 45, y: 0.5 },
    { series: 'pointocc', i: 2, x: 90, y: 0.8 },
    { series: 'pointocc', i: 3, x: 135, y: 0.5 },
    { series: 'onet', i: 0, x: 0, y: 0.3 },
    { series: 'onet', i: 1, x: 45, y: null },
    { series: 'onet', i: 2, x: 90, y: 0.6 },
    { series: 'onet', i: 3, x: 135, y: null },
  ]);
  assert.equal(spec.title, 'IoU vs rotation');
  assert.equal(spec.encoding.x.title, 'angle (deg)');
  assert.equal(spec.encoding.y.title, 'IoU');
  assert.deepEqual(spec.encoding.y.scale.domain, [0, 1]);
  assert.deepEqual(spec.encoding.x.axis.values, [0, 45, 90, 135]);
  assert.deepEqual(spec.encoding.color.scale, { domain: ['pointocc', 'onet'], range: [PALETTE[0], PALETTE[1]] });
  assert.deepEqual([spec.width, spec.height], [640, 400]);
});

test('line chart SVG: title and axis titles as text, one path per series in its colour, broken at gaps, points placed linearly', async () => {
  const svg = await renderSvg(lineChartSpec(SERIES, OPTS));
  for (const t of ['IoU vs rotation', 'angle (deg)', 'IoU', 'pointocc', 'onet', '0.0', '1.0']) assert.ok(texts(svg).includes(t), t);
  const [a, b, ...rest] = linePaths(svg);
  assert.equal(rest.length, 0);
  assert.deepEqual([a.stroke, b.stroke], [PALETTE[0], PALETTE[1]]);
  // pointocc: one unbroken run of 4 points, equal x steps, y 0.2 → 0.5 → 0.8 equal pixel steps upwards, back to 0.5.
  assert.equal(a.subpaths.length, 1);
  const p = a.subpaths[0];
  assert.equal(p.length, 4);
  assert.ok(near(p[1][0] - p[0][0], p[2][0] - p[1][0]) && near(p[2][0] - p[1][0], p[3][0] - p[2][0]));
  assert.ok(p[0][1] > p[1][1] && near(p[0][1] - p[1][1], p[1][1] - p[2][1]));
  assert.ok(near(p[3][1], p[1][1]));
  // onet: the NaN at x = 45 splits the line; the trailing Infinity is dropped.
  assert.equal(b.subpaths.length, 2);
  assert.deepEqual(
    b.subpaths.map((s) => s.length),
    [1, 1],
  );
  // One square marker per finite point: 4 + 2.
  assert.equal(symbolCount(svg), 6);
  assert.deepEqual(svgSize(svg), [640, 400]);
});

test('writeLineChart: a PNG of the requested size with legible ink and the series colour, the SVG beside it, no temporary files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pointocc-chart-'));
  try {
    await writeLineChart(join(dir, 'c.png'), SERIES, { ...OPTS, width: 500, height: 320 });
    assert.deepEqual(readdirSync(dir).sort(), ['c.png', 'c.svg']);
    assert.ok(readFileSync(join(dir, 'c.svg'), 'utf8').includes('IoU vs rotation'));
    const img = decodePng(new Uint8Array(readFileSync(join(dir, 'c.png'))));
    assert.deepEqual([img.width, img.height], [500, 320]);
    assert.ok(countColor(img, '#ffffff', 8) < 0.97 * img.width * img.height, 'not blank');
    assert.ok(countColor(img, PALETTE[0], 20) > 100, 'first series drawn in its colour');
    // The title is black text in the top band: no font, no ink there.
    assert.ok(countColor(img, '#000000', 60, [0, 24]) > 40, 'title text rendered');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const step = (s: number, loss: number): LogEntry => ({
  type: 'step',
  step: s,
  loss,
  accuracy: 0.5,
  lr: 1e-4,
  shapesPerSec: 1,
  elapsed: s,
  epoch: 0,
});
const val = (s: number, iou: number, loss: number): LogEntry => ({
  type: 'val',
  step: s,
  iou,
  loss,
  accuracy: 0.9,
  shapes: 1,
  points: 1,
  seconds: 0,
  elapsed: s,
  best: false,
});

test('curves spec: the log values with non-finite as null, loss axis to the 98th percentile × 1.08, legends', () => {
  const entries: LogEntry[] = [];
  // 100 steps of loss 1 with spikes of 50 at steps 1 and 2 and a NaN at 50; validations every 20 steps.
  for (let s = 1; s <= 100; s++) entries.push(step(s, s <= 2 ? 50 : s === 50 ? NaN : 1));
  for (let s = 20; s <= 100; s += 20) entries.push(val(s, s / 200, 1));
  const spec: any = curvesSpec(entries);
  const [loss, iou] = spec.vconcat;
  const [raw, avg, dots] = loss.layer;
  assert.equal(raw.data.values.length, 100);
  assert.deepEqual(raw.data.values.slice(0, 3), [
    { step: 1, loss: 50 },
    { step: 2, loss: 50 },
    { step: 3, loss: 1 },
  ]);
  assert.equal(raw.data.values[49].loss, null);
  assert.deepEqual(avg.data.values, raw.data.values);
  assert.deepEqual(
    dots.data.values,
    [20, 40, 60, 80, 100].map((s) => ({ step: s, loss: 1 })),
  );
  assert.deepEqual(
    iou.data.values,
    [20, 40, 60, 80, 100].map((s) => ({ step: s, iou: s / 200 })),
  );
  // 104 finite losses, two of them spikes: the 98th percentile is 1, so the axis ends at 1.08.
  assert.ok(near(raw.encoding.y.scale.domain[1], 1.08, 1e-12));
  assert.deepEqual(raw.encoding.x.scale.domain, [0, 100]);
  assert.deepEqual(iou.encoding.y.scale.domain, [0, 1]);
  assert.deepEqual(raw.encoding.color.scale.domain, ['train loss', 'moving average (2 steps)', 'validation loss']);
  assert.equal(iou.encoding.color.datum, 'validation IoU (best 0.500 at step 100)');
});

test('curves SVG: the IoU line maps IoU linearly; raw loss breaks at a NaN; the moving average skips it', async () => {
  const iouRow = async (v: number): Promise<number> => {
    const entries = [1, 2, 3, 4].map((s) => val(25 * s, v, 0.3));
    const [line] = linePaths(await renderSvg(curvesSpec(entries)), 'concat_1');
    return line.subpaths[0][0][1];
  };
  const [a, b, c] = [await iouRow(0.2), await iouRow(0.5), await iouRow(0.8)];
  assert.ok(a > b && b > c, `${a} ${b} ${c}`);
  assert.ok(near(a - b, b - c), `${a - b} vs ${b - c}`);

  // Losses alternate 0.4 / 0.6 (odd / even step) over 120 steps with a NaN at 60: window 2 steps.
  const entries = Array.from({ length: 120 }, (_, i) => step(i + 1, i + 1 === 60 ? NaN : (i + 1) % 2 ? 0.4 : 0.6));
  const svg = await renderSvg(curvesSpec(entries));
  const [raw, avg] = linePaths(svg, 'concat_0');
  assert.deepEqual([raw.stroke, avg.stroke], [CURVE_COLORS.raw, CURVE_COLORS.average]);
  assert.deepEqual(
    raw.subpaths.map((s) => s.length),
    [59, 60],
  );
  assert.equal(avg.subpaths.length, 1);
  const ys = avg.subpaths[0].map(([, y]) => y);
  assert.equal(ys.length, 120);
  // Every window averages 0.4 and 0.6 except step 1 (alone) and steps 60, 61 (the NaN skipped): 0.4, lower on screen.
  const mid = ys[1];
  assert.equal(ys.filter((y) => near(y, mid)).length, 117);
  assert.deepEqual(
    [0, 59, 60].map((i) => ys[i] > mid + 1),
    [true, true, true],
  );
  assert.ok(texts(svg).includes('validation IoU (none yet)'));
});

test('writeCurves: PNG of exactly the requested size with the SVG beside it; title text and the green IoU line drawn', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pointocc-curves-'));
  try {
    const entries: LogEntry[] = [];
    for (let s = 1; s <= 300; s++) entries.push(step(s, 0.2 + 1 / s));
    for (let s = 50; s <= 300; s += 50) entries.push(val(s, 0.5 + s / 1000, 0.3));
    await writeCurves(join(dir, 'curves.png'), entries, { title: 'pointocc train: run', width: 800, height: 600 });
    assert.deepEqual(readdirSync(dir).sort(), ['curves.png', 'curves.svg']);
    const svg = readFileSync(join(dir, 'curves.svg'), 'utf8');
    assert.deepEqual(svgSize(svg), [800, 600]);
    assert.ok(texts(svg).includes('validation IoU (best 0.800 at step 300)'));
    const img = decodePng(new Uint8Array(readFileSync(join(dir, 'curves.png'))));
    assert.deepEqual([img.width, img.height], [800, 600]);
    assert.ok(countColor(img, '#000000', 60, [0, 24]) > 40, 'title text rendered');
    assert.ok(countColor(img, CURVE_COLORS.iou, 20, [300, 600]) > 200, 'IoU line in the lower panel');
    assert.ok(countColor(img, CURVE_COLORS.average, 20, [0, 300]) > 200, 'moving average in the upper panel');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
