/**
 * Minimal line charts as RGBA images (then `writePng`): axes with "nice" ticks and labels, one
 * polyline with square markers per series, a legend on the right; text in the renderer's
 * built-in bitmap font. For the density/noise and rotation studies of `pointocc experiment`.
 */
import { drawText, GLYPH_LINE, textWidth } from '../render/bitmapFont.ts';
import { createImage, type RgbaImage } from '../render/RgbaImage.ts';
import { writePng } from '../render/writePng.ts';

/** One line of a chart. Points with a non-finite y are gaps (the line is broken there). */
export interface Series {
  name: string;
  x: readonly number[];
  y: readonly number[];
  /** RGB 0–255; default from a colour-blind-safe palette by series order. */
  color?: readonly [number, number, number];
}

export interface LineChartOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  /** Image size in pixels. Default 640 × 400. */
  width?: number;
  height?: number;
  /** Fixed axis ranges; default from the data (y padded to nice ticks). */
  xRange?: [number, number];
  yRange?: [number, number];
  /** Tick positions on x; default nice ticks over the range. */
  xTicks?: readonly number[];
}

/** A rendered chart and the map from data to pixel coordinates (for annotations and tests). */
export interface LineChart {
  image: RgbaImage;
  /** Pixel (column, row) of a data point. */
  toPixel(x: number, y: number): [number, number];
}

/** Okabe–Ito palette (colour-blind safe), without black and yellow. */
export const PALETTE: readonly (readonly [number, number, number])[] = [
  [0, 114, 178], [213, 94, 0], [0, 158, 115], [204, 121, 167], [86, 180, 233], [230, 159, 0], [100, 100, 100],
];

/**
 * Tick values covering [lo, hi] at a 1-2-5 step giving about `count` ticks; the first tick is
 * ≤ lo and the last ≥ hi. Values are rounded to the step's decimals (no 0.30000000000000004).
 */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) { const d = Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : 1; lo -= d; hi += d; }
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const out: number[] = [];
  const start = Math.floor(lo / step + 1e-9), end = Math.ceil(hi / step - 1e-9);
  for (let k = start; k <= end; k++) out.push(Number((k * step).toFixed(decimals)));
  return out;
}

function tickLabel(v: number, ticks: readonly number[]): string {
  const step = ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) : Math.abs(v) || 1;
  const decimals = Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9)));
  return v.toFixed(decimals);
}

function setPixel(img: RgbaImage, x: number, y: number, c: readonly number[]): void {
  x = Math.round(x); y = Math.round(y);
  if (x < 0 || y < 0 || x >= img.width || y >= img.height) return;
  const o = 4 * (y * img.width + x);
  img.data[o] = c[0]; img.data[o + 1] = c[1]; img.data[o + 2] = c[2]; img.data[o + 3] = 255;
}

function fillRect(img: RgbaImage, x0: number, y0: number, x1: number, y1: number, c: readonly number[]): void {
  for (let y = Math.round(y0); y <= Math.round(y1); y++) for (let x = Math.round(x0); x <= Math.round(x1); x++) setPixel(img, x, y, c);
}

/** A line of the given width (pixels) by stamping squares along it. */
function drawLine(img: RgbaImage, x0: number, y0: number, x1: number, y1: number, c: readonly number[], width = 1): void {
  const n = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0)));
  const h = (width - 1) / 2;
  for (let i = 0; i <= n; i++) {
    const x = x0 + ((x1 - x0) * i) / n, y = y0 + ((y1 - y0) * i) / n;
    fillRect(img, x - h, y - h, x + h, y + h, c);
  }
}

/**
 * Draws a line chart.
 * @param series the lines (≥ 1 point in total).
 * @param o see {@link LineChartOptions}.
 */
export function lineChart(series: readonly Series[], o: LineChartOptions = {}): LineChart {
  const W = o.width ?? 640, H = o.height ?? 400;
  const img = createImage(W, H);
  const xs = series.flatMap((s) => s.x.filter((_, i) => Number.isFinite(s.y[i])));
  const ys = series.flatMap((s) => s.y.filter((v) => Number.isFinite(v)));
  const xr = o.xRange ?? [Math.min(...xs, Infinity), Math.max(...xs, -Infinity)];
  if (!Number.isFinite(xr[0])) { xr[0] = 0; xr[1] = 1; }
  const yTicks = o.yRange ? niceTicks(o.yRange[0], o.yRange[1]).filter((t) => t >= o.yRange![0] - 1e-12 && t <= o.yRange![1] + 1e-12) : niceTicks(ys.length ? Math.min(...ys) : 0, ys.length ? Math.max(...ys) : 1);
  const yr: [number, number] = o.yRange ?? [yTicks[0], yTicks[yTicks.length - 1]];
  const xTicks = o.xTicks ?? niceTicks(xr[0], xr[1]).filter((t) => t >= xr[0] - 1e-12 && t <= xr[1] + 1e-12);
  const legendW = Math.max(0, ...series.map((s) => textWidth(s.name))) + 34;
  const left = 14 + Math.max(...yTicks.map((t) => textWidth(tickLabel(t, yTicks)))), right = W - legendW - 10;
  const top = (o.title ? 2 * GLYPH_LINE + 12 : 12) + (o.yLabel ? GLYPH_LINE + 6 : 0), bottom = H - (o.xLabel ? 2 * GLYPH_LINE + 14 : GLYPH_LINE + 12);
  const xSpan = xr[1] - xr[0] || 1, ySpan = yr[1] - yr[0] || 1;
  const toPixel = (x: number, y: number): [number, number] => [left + ((x - xr[0]) / xSpan) * (right - left), bottom - ((y - yr[0]) / ySpan) * (bottom - top)];
  const axis = [60, 60, 60], grid = [225, 225, 225], text = [30, 30, 30];
  for (const t of yTicks) {
    const [, py] = toPixel(xr[0], t);
    drawLine(img, left, py, right, py, grid);
    const label = tickLabel(t, yTicks);
    drawText(img, label, left - 6 - textWidth(label), Math.round(py - 3), text);
  }
  for (const t of xTicks) {
    const [px] = toPixel(t, yr[0]);
    drawLine(img, px, top, px, bottom, grid);
    const label = tickLabel(t, xTicks);
    drawText(img, label, Math.round(px - textWidth(label) / 2), bottom + 5, text);
  }
  drawLine(img, left, top, left, bottom, axis);
  drawLine(img, left, bottom, right, bottom, axis);
  if (o.title) drawText(img, o.title, Math.round((left + right - textWidth(o.title, 2)) / 2), 6, text, 2);
  if (o.xLabel) drawText(img, o.xLabel, Math.round((left + right - textWidth(o.xLabel)) / 2), bottom + GLYPH_LINE + 9, text);
  if (o.yLabel) drawText(img, o.yLabel, 4, top - 2 * GLYPH_LINE - 2, text);
  series.forEach((s, k) => {
    const c = s.color ?? PALETTE[k % PALETTE.length];
    let prev: [number, number] | null = null;
    for (let i = 0; i < s.x.length; i++) {
      if (!Number.isFinite(s.y[i])) { prev = null; continue; }
      const p = toPixel(s.x[i], s.y[i]);
      if (prev) drawLine(img, prev[0], prev[1], p[0], p[1], c, 2);
      fillRect(img, p[0] - 2, p[1] - 2, p[0] + 2, p[1] + 2, c);
      prev = p;
    }
    const ly = top + 6 + k * (GLYPH_LINE + 6);
    drawLine(img, right + 12, ly + 3, right + 28, ly + 3, c, 2);
    drawText(img, s.name, right + 32, ly, text);
  });
  return { image: img, toPixel };
}

/** Draws a line chart and writes it as a PNG (atomically). */
export function writeLineChart(path: string, series: readonly Series[], o: LineChartOptions = {}): void {
  const { image } = lineChart(series, o);
  writePng(path, image.data, image.width, image.height);
}
