/**
 * `RUN_DIR/curves.png`: training loss (per-step values in grey, their moving average in blue,
 * validation loss as orange dots) and validation IoU (green) against the step, two panels with
 * ticked, labelled axes. Drawn with the project's RGBA image and 5×7 bitmap font (src/render).
 */
import { createImage, type RgbaImage } from '../render/RgbaImage.ts';
import { drawText, textWidth, GLYPH_LINE } from '../render/bitmapFont.ts';
import { writePng } from '../render/writePng.ts';
import type { LogEntry, StepEntry, ValEntry } from './TrainLog.ts';

type Rgb = readonly [number, number, number];
const BLACK: Rgb = [0, 0, 0], GRID: Rgb = [225, 225, 225], RAW: Rgb = [190, 190, 190];
const BLUE: Rgb = [31, 96, 196], ORANGE: Rgb = [230, 120, 20], GREEN: Rgb = [20, 150, 60];
/** Font magnification (5×7 glyphs → 10×14 pixels). */
const FONT = 2;

/** Options of {@link renderCurves}. */
export interface CurvesOptions {
  /** Image size in pixels (default 960 × 720). */
  width?: number;
  height?: number;
  /** Title line (e.g. the run folder). */
  title?: string;
}

/** Draws the curves of a run's log entries into a new image. */
export function renderCurves(entries: readonly LogEntry[], o: CurvesOptions = {}): RgbaImage {
  const W = o.width ?? 960, H = o.height ?? 720;
  const img = createImage(W, H);
  const steps = entries.filter((e): e is StepEntry => e.type === 'step');
  const vals = entries.filter((e): e is ValEntry => e.type === 'val');
  const lastStep = Math.max(1, ...steps.map((s) => s.step), ...vals.map((v) => v.step));
  const top = 12 + (o.title ? GLYPH_LINE * FONT + 8 : 0);
  if (o.title) drawText(img, o.title, 12, 12, [0, 0, 0, 255], FONT);
  const left = 90, right = W - 24, mid = top + Math.floor((H - top) / 2);
  const xr: [number, number] = [0, lastStep];

  // Loss panel: y from 0 to a robust maximum (98th percentile), so a few early spikes do not flatten the curve.
  const losses = steps.map((s) => s.loss).filter(Number.isFinite);
  const valLosses = vals.map((v) => v.loss).filter(Number.isFinite);
  const sorted = [...losses, ...valLosses].sort((a, b) => a - b);
  const yMax = sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(0.98 * sorted.length))] * 1.08 || 1 : 1;
  const p1 = { x0: left, x1: right, y0: top + 26, y1: mid - 46 };
  axes(img, p1, xr, [0, yMax], 'training loss (cross-entropy)', 'step');
  polyline(img, p1, xr, [0, yMax], steps.map((s) => s.step), steps.map((s) => s.loss), RAW, 1);
  const win = Math.max(1, Math.round(steps.length / 60));
  polyline(img, p1, xr, [0, yMax], steps.map((s) => s.step), movingAverage(steps.map((s) => s.loss), win), BLUE, 2);
  for (const v of vals) dot(img, p1, xr, [0, yMax], v.step, v.loss, ORANGE);
  legend(img, p1, [['train loss', RAW], [`moving average (${win} step${win === 1 ? "" : "s"})`, BLUE], ['validation loss', ORANGE]]);

  // Validation IoU panel, fixed [0, 1] so runs compare at a glance.
  const p2 = { x0: left, x1: right, y0: mid + 26, y1: H - 46 };
  axes(img, p2, xr, [0, 1], 'validation IoU', 'step');
  polyline(img, p2, xr, [0, 1], vals.map((v) => v.step), vals.map((v) => v.iou), GREEN, 2);
  for (const v of vals) dot(img, p2, xr, [0, 1], v.step, v.iou, GREEN);
  const best = vals.reduce<ValEntry | null>((b, v) => (b === null || v.iou > b.iou ? v : b), null);
  legend(img, p2, [[best ? `validation IoU (best ${best.iou.toFixed(3)} at step ${best.step})` : 'validation IoU (none yet)', GREEN]]);
  return img;
}

/** Renders and writes the PNG atomically. */
export function writeCurves(path: string, entries: readonly LogEntry[], o: CurvesOptions = {}): void {
  const img = renderCurves(entries, o);
  writePng(path, img.data, img.width, img.height);
}

interface Panel { x0: number; x1: number; y0: number; y1: number }

function px(p: Panel, xr: readonly [number, number], x: number): number {
  return p.x0 + ((x - xr[0]) / (xr[1] - xr[0] || 1)) * (p.x1 - p.x0);
}
function py(p: Panel, yr: readonly [number, number], y: number): number {
  return p.y1 - ((y - yr[0]) / (yr[1] - yr[0] || 1)) * (p.y1 - p.y0);
}

/** Frame, grid, ticks with labels, axis titles. */
function axes(img: RgbaImage, p: Panel, xr: [number, number], yr: [number, number], title: string, xLabel: string): void {
  const lh = GLYPH_LINE * FONT;
  drawText(img, title, p.x0, p.y0 - lh - 6, [0, 0, 0, 255], FONT);
  for (const t of niceTicks(yr[0], yr[1], 5)) {
    const y = Math.round(py(p, yr, t));
    hline(img, p.x0, p.x1, y, GRID);
    hline(img, p.x0 - 5, p.x0, y, BLACK);
    const s = formatTick(t, yr[1] - yr[0]);
    drawText(img, s, p.x0 - 8 - textWidth(s, FONT), y - 7, [0, 0, 0, 255], FONT);
  }
  for (const t of niceTicks(xr[0], xr[1], 6)) {
    const x = Math.round(px(p, xr, t));
    vline(img, x, p.y0, p.y1, GRID);
    vline(img, x, p.y1, p.y1 + 5, BLACK);
    const s = formatTick(t, xr[1] - xr[0]);
    drawText(img, s, x - textWidth(s, FONT) / 2, p.y1 + 9, [0, 0, 0, 255], FONT);
  }
  hline(img, p.x0, p.x1, p.y0, BLACK); hline(img, p.x0, p.x1, p.y1, BLACK);
  vline(img, p.x0, p.y0, p.y1, BLACK); vline(img, p.x1, p.y0, p.y1, BLACK);
  drawText(img, xLabel, p.x1 - textWidth(xLabel, FONT), p.y1 + 9 + lh, [0, 0, 0, 255], FONT);
}

function legend(img: RgbaImage, p: Panel, items: [string, Rgb][]): void {
  let y = p.y0 + 8;
  const w = Math.max(...items.map(([s]) => textWidth(s, FONT))) + 40;
  const x = p.x1 - w - 8;
  for (const [s, c] of items) {
    for (let t = -1; t <= 1; t++) hline(img, x, x + 24, y + 7 + t, c);
    drawText(img, s, x + 32, y, [0, 0, 0, 255], FONT);
    y += GLYPH_LINE * FONT + 4;
  }
}

/** "Nice" tick values (steps of 1, 2 or 5 × 10^k, the one closest to span/count) covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count: number): number[] {
  const span = hi - lo;
  if (!(span > 0) || !Number.isFinite(span)) return [lo];
  const raw = span / Math.max(1, count);
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  let step = mag;
  for (const m of [1, 2, 5, 10]) if (Math.abs(Math.log(m * mag / raw)) < Math.abs(Math.log(step / raw))) step = m * mag;
  const out: number[] = [];
  const first = Math.ceil(lo / step - 1e-9);
  for (let i = first; i * step <= hi + step * 1e-9; i++) out.push(i === 0 ? 0 : i * step);
  return out;
}

function formatTick(v: number, span: number): string {
  if (Math.abs(v) >= 10000 && span >= 10000) return `${+(v / 1000).toPrecision(4)}k`;
  if (span >= 5) return String(Math.round(v));
  const digits = Math.max(0, Math.min(4, 1 - Math.floor(Math.log10(span))));
  return v.toFixed(digits);
}

function movingAverage(v: number[], win: number): number[] {
  const out = new Array<number>(v.length);
  let s = 0, n = 0;
  for (let i = 0; i < v.length; i++) {
    if (Number.isFinite(v[i])) { s += v[i]; n++; }
    if (i >= win && Number.isFinite(v[i - win])) { s -= v[i - win]; n--; }
    out[i] = n ? s / n : NaN;
  }
  return out;
}

function polyline(img: RgbaImage, p: Panel, xr: [number, number], yr: [number, number], xs: number[], ys: number[], c: Rgb, width: number): void {
  let prev: [number, number] | null = null;
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(ys[i])) { prev = null; continue; }
    const q: [number, number] = [px(p, xr, xs[i]), Math.max(p.y0, Math.min(p.y1, py(p, yr, ys[i])))];
    if (prev) line(img, prev[0], prev[1], q[0], q[1], c, width);
    prev = q;
  }
}

function dot(img: RgbaImage, p: Panel, xr: [number, number], yr: [number, number], x: number, y: number, c: Rgb): void {
  if (!Number.isFinite(y)) return;
  const cx = Math.round(px(p, xr, x)), cy = Math.round(Math.max(p.y0, Math.min(p.y1, py(p, yr, y))));
  for (let dy = -3; dy <= 3; dy++) for (let dx = -3; dx <= 3; dx++) if (dx * dx + dy * dy <= 10) put(img, cx + dx, cy + dy, c);
}

/** A line segment of the given pixel width (DDA with square brush). */
function line(img: RgbaImage, x0: number, y0: number, x1: number, y1: number, c: Rgb, width: number): void {
  const n = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
  const r0 = -Math.floor((width - 1) / 2), r1 = r0 + width - 1;
  for (let i = 0; i <= n; i++) {
    const x = Math.round(x0 + ((x1 - x0) * i) / n), y = Math.round(y0 + ((y1 - y0) * i) / n);
    for (let dy = r0; dy <= r1; dy++) for (let dx = r0; dx <= r1; dx++) put(img, x + dx, y + dy, c);
  }
}

function hline(img: RgbaImage, x0: number, x1: number, y: number, c: Rgb): void {
  for (let x = Math.round(x0); x <= Math.round(x1); x++) put(img, x, y, c);
}
function vline(img: RgbaImage, x: number, y0: number, y1: number, c: Rgb): void {
  for (let y = Math.round(y0); y <= Math.round(y1); y++) put(img, x, y, c);
}
function put(img: RgbaImage, x: number, y: number, c: Rgb): void {
  x = Math.round(x); y = Math.round(y);
  if (x < 0 || y < 0 || x >= img.width || y >= img.height) return;
  const o = 4 * (y * img.width + x);
  img.data[o] = c[0]; img.data[o + 1] = c[1]; img.data[o + 2] = c[2]; img.data[o + 3] = 255;
}
