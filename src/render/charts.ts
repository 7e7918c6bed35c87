/**
 * Charts as vega-lite specs, compiled by `vega-lite`, rendered headless to SVG by `vega` (no
 * canvas) and rasterised to PNG by `@resvg/resvg-js` with Roboto from `@expo-google-fonts/roboto`
 * (TTF inside the npm package: same text on every machine, no system font lookup). Two kinds:
 * line charts of the experiments and scripts ({@link writeLineChart}) and the two-panel training
 * curves of `RUN_DIR/curves.png` ({@link writeCurves}). Each writes the PNG and an SVG beside it.
 *
 * The libraries are imported inside the write functions only: importing this module costs no
 * CLI start-up time. The spec builders are pure, so tests can check the data a chart is given.
 */
import { createRequire } from 'node:module';
import type { TopLevelSpec } from 'vega-lite';
import { atomicWriteFile } from '../io/atomicWrite.ts';

/** The training-log entries the curves read (structurally the trainer's StepEntry / ValEntry;
 *  declared here so that rendering does not depend on the trainer). Other entries are ignored. */
interface StepEntry {
  type: 'step';
  step: number;
  loss: number;
}
interface ValEntry {
  type: 'val';
  step: number;
  loss: number;
  iou: number;
}
type LogEntry = StepEntry | ValEntry | { type: string };

/** One line of a chart. Points with a non-finite y are gaps (the line is broken there). */
export interface Series {
  /** Legend label; unique within a chart (the colour scale is keyed by it). */
  name: string;
  x: readonly number[];
  y: readonly number[];
  /** CSS colour; default {@link PALETTE} by series order. */
  color?: string;
}

export interface LineChartOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  /** Image size in pixels, everything included. Default 640 × 400. */
  width?: number;
  height?: number;
  /** Fixed axis ranges; default from the data (x exact, y widened to nice ticks). */
  xRange?: [number, number];
  yRange?: [number, number];
  /** Tick positions on x; default the library's nice ticks. */
  xTicks?: readonly number[];
  /** Logarithmic x axis (e.g. input points from 300 to 10 000). Default linear. */
  xLog?: boolean;
}

/** Okabe–Ito palette (colour-blind safe), without black and yellow. */
export const PALETTE: readonly string[] = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#56b4e9', '#e69f00', '#646464'];

/** Margin around a chart, pixels. */
const PAD = 8;

/** Shared look: the embedded font, white background (PNG viewers show transparency as black). */
const CONFIG = { font: 'Roboto', background: 'white', padding: PAD, view: { stroke: '#888' }, legend: { labelLimit: 0 } } as const;

/**
 * vega-lite spec of a line chart with square point markers and the legend on the right. Data:
 * one row per point, y null at a gap (vega breaks the path there), i = index in its series (the
 * drawing order, so lines follow the given order rather than sorted x).
 */
export function lineChartSpec(series: readonly Series[], o: LineChartOptions = {}): TopLevelSpec {
  const values = series.flatMap((s) => s.x.map((x, i) => ({ series: s.name, i, x, y: Number.isFinite(s.y[i]) ? s.y[i] : null })));
  return {
    ...(o.title ? { title: o.title } : {}),
    width: o.width ?? 640,
    height: o.height ?? 400,
    // `fit` + `padding`: width/height are the whole image (axes, legend and title inside).
    autosize: { type: 'fit', contains: 'padding' },
    data: { values },
    mark: { type: 'line', strokeWidth: 2, invalid: 'break-paths-filter-domains', point: { filled: true, shape: 'square', size: 25 } },
    encoding: {
      x: {
        field: 'x',
        type: 'quantitative',
        title: o.xLabel ?? null,
        scale: { nice: false, ...(o.xLog ? { type: 'log' as const } : { zero: false }), ...(o.xRange ? { domain: o.xRange } : {}) },
        axis: o.xTicks ? { values: [...o.xTicks] } : {},
      },
      y: {
        field: 'y',
        type: 'quantitative',
        title: o.yLabel ?? null,
        scale: o.yRange ? { domain: o.yRange, nice: false } : { zero: false, nice: true },
      },
      color: {
        field: 'series',
        type: 'nominal',
        legend: { title: null },
        scale: { domain: series.map((s) => s.name), range: series.map((s, k) => s.color ?? PALETTE[k % PALETTE.length]) },
      },
      order: { field: 'i', type: 'quantitative' },
    },
    config: CONFIG,
  };
}

/** Options of {@link curvesSpec}. */
export interface CurvesOptions {
  /** Image size in pixels (default 960 × 720). */
  width?: number;
  height?: number;
  /** Title line (e.g. the run folder). */
  title?: string;
}

/** Curve colours: raw per-step loss, its moving average, validation loss, validation IoU. */
export const CURVE_COLORS = { raw: '#bebebe', average: '#1f60c4', valLoss: '#e67814', iou: '#14963c' } as const;

/** Curve legends above their panel, in a row: the plots keep the full width (vega estimates text
 *  at 0.8 em per character without a canvas, so a legend column on the right would take ~⅓). */
const LEGEND_TOP = { title: null, orient: 'top', direction: 'horizontal' } as const;

/** Image area outside the two curve panels (axes, legends, title, gaps), pixels: a guess, or a measurement. */
export interface Chrome {
  width: number;
  height: number;
}
const chromeGuess = (o: CurvesOptions): Chrome => ({ width: 68, height: o.title ? 185 : 168 });
/** Plot-area size of each panel that leaves `chrome` for the rest of a width × height image. */
function panelSize(o: CurvesOptions, chrome: Chrome): [number, number] {
  return [Math.max(100, (o.width ?? 960) - chrome.width), Math.max(60, Math.floor(((o.height ?? 720) - chrome.height) / 2))];
}

/**
 * Training curves of a run's log: loss panel (per-step loss grey, its moving average blue,
 * validation loss as orange dots; y from 0 to the 98th percentile × 1.08 so early spikes do not
 * flatten the curve, larger values clamped to the top) over an IoU panel (fixed [0, 1]), both
 * against the step. vega-lite cannot fit a `vconcat` to a total size, so the panels get the
 * requested size less `chrome` ({@link writeCurves} measures it).
 */
export function curvesSpec(entries: readonly LogEntry[], o: CurvesOptions = {}, chrome = chromeGuess(o)): TopLevelSpec {
  const steps = entries.filter((e): e is StepEntry => e.type === 'step');
  const vals = entries.filter((e): e is ValEntry => e.type === 'val');
  const lastStep = Math.max(1, ...steps.map((s) => s.step), ...vals.map((v) => v.step));
  const fin = (v: number): number | null => (Number.isFinite(v) ? v : null);
  const sorted = [...steps.map((s) => s.loss), ...vals.map((v) => v.loss)].filter(Number.isFinite).sort((a, b) => a - b);
  const yMax = sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(0.98 * sorted.length))] * 1.08 || 1 : 1;
  const win = Math.max(1, Math.round(steps.length / 60));
  const best = vals.reduce<ValEntry | null>((b, v) => (b === null || v.iou > b.iou ? v : b), null);
  const lossNames = ['train loss', `moving average (${win} step${win === 1 ? '' : 's'})`, 'validation loss'];
  const iouName = best ? `validation IoU (best ${best.iou.toFixed(3)} at step ${best.step})` : 'validation IoU (none yet)';
  const [panelW, panelH] = panelSize(o, chrome);
  const x = {
    field: 'step',
    type: 'quantitative' as const,
    title: 'step',
    scale: { domain: [0, lastStep], nice: false },
    axis: { tickMinStep: 1 },
  };
  const lossY = {
    type: 'quantitative' as const,
    title: 'training loss (cross-entropy)',
    scale: { domain: [0, yMax], clamp: true, nice: false },
  };
  const lossColor = (name: string) => ({
    datum: name,
    type: 'nominal' as const,
    legend: LEGEND_TOP,
    scale: { domain: lossNames, range: [CURVE_COLORS.raw, CURVE_COLORS.average, CURVE_COLORS.valLoss] },
  });
  return {
    ...(o.title ? { title: { text: o.title, anchor: 'start' } } : {}),
    vconcat: [
      {
        width: panelW,
        height: panelH,
        layer: [
          {
            data: { values: steps.map((s) => ({ step: s.step, loss: fin(s.loss) })) },
            mark: { type: 'line', strokeWidth: 1 },
            encoding: { x, y: { ...lossY, field: 'loss' }, color: lossColor(lossNames[0]) },
          },
          {
            data: { values: steps.map((s) => ({ step: s.step, loss: fin(s.loss) })) },
            // Mean of the finite losses among the last `win` steps (nulls are skipped by `mean`).
            transform: [{ window: [{ op: 'mean', field: 'loss', as: 'average' }], frame: [1 - win, 0], sort: [{ field: 'step' }] }],
            mark: { type: 'line', strokeWidth: 2 },
            encoding: { x, y: { ...lossY, field: 'average' }, color: lossColor(lossNames[1]) },
          },
          {
            data: { values: vals.map((v) => ({ step: v.step, loss: fin(v.loss) })) },
            mark: { type: 'circle', size: 40, opacity: 1 },
            encoding: { x, y: { ...lossY, field: 'loss' }, color: lossColor(lossNames[2]) },
          },
        ],
      },
      {
        width: panelW,
        height: panelH,
        data: { values: vals.map((v) => ({ step: v.step, iou: fin(v.iou) })) },
        mark: { type: 'line', strokeWidth: 2, point: { filled: true, size: 40 } },
        encoding: {
          x,
          y: { field: 'iou', type: 'quantitative', title: 'validation IoU', scale: { domain: [0, 1], nice: false } },
          color: { datum: iouName, type: 'nominal', legend: LEGEND_TOP, scale: { domain: [iouName], range: [CURVE_COLORS.iou] } },
        },
      },
    ],
    resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } },
    config: CONFIG,
  };
}

/** SVG text of a spec (vega's headless SVG renderer; inline data only, nothing is loaded). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [{ compile }, { parse, View }] = await Promise.all([import('vega-lite'), import('vega')]);
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** PNG bytes of an SVG at its own size in CSS pixels (times `scale`), text in the embedded Roboto. */
export async function svgToPng(svg: string, scale = 1): Promise<Uint8Array> {
  const { Resvg } = await import('@resvg/resvg-js');
  const require = createRequire(import.meta.url);
  const font = (w: string) => require.resolve(`@expo-google-fonts/roboto/${w}/Roboto_${w}.ttf`);
  const png = new Resvg(svg, {
    font: {
      loadSystemFonts: false,
      fontFiles: [font('400Regular'), font('700Bold')],
      defaultFontFamily: 'Roboto',
      sansSerifFamily: 'Roboto',
    },
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
  })
    .render()
    .asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}

/** Writes `path` (PNG) and the SVG beside it (`x.png` → `x.svg`), each atomically. */
async function writeChart(path: string, svg: string): Promise<void> {
  await atomicWriteFile(path.replace(/\.png$/i, '') + '.svg', svg);
  await atomicWriteFile(path, await svgToPng(svg));
}

/** Draws a line chart (see {@link lineChartSpec}) to `path` (PNG) and its `.svg` twin. */
export async function writeLineChart(path: string, series: readonly Series[], o: LineChartOptions = {}): Promise<void> {
  await writeChart(path, await renderSvg(lineChartSpec(series, o)));
}

/** Width and height of an SVG's root element, pixels. */
export function svgSize(svg: string): [number, number] {
  const m = /^<svg[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"/.exec(svg);
  if (!m) throw new Error('svgSize: no width/height on the root element');
  return [Math.round(Number(m[1])), Math.round(Number(m[2]))];
}

/**
 * Draws the training curves (see {@link curvesSpec}) to `path` (PNG) and its `.svg` twin, at
 * exactly the requested size: a first render measures the chrome, a second sizes the panels by
 * it, and a rest of a pixel or so (tick labels changing with the panel size) goes to the padding.
 */
export async function writeCurves(path: string, entries: readonly LogEntry[], o: CurvesOptions = {}): Promise<void> {
  const W = o.width ?? 960,
    H = o.height ?? 720;
  let spec = curvesSpec(entries, o);
  let svg = await renderSvg(spec);
  let [w, h] = svgSize(svg);
  if (w !== W || h !== H) {
    const [pw, ph] = panelSize(o, chromeGuess(o));
    spec = curvesSpec(entries, o, { width: w - pw, height: h - 2 * ph });
    [w, h] = svgSize((svg = await renderSvg(spec)));
  }
  if (w !== W || h !== H)
    svg = await renderSvg({ ...spec, padding: { left: PAD, top: PAD, right: Math.max(0, PAD + W - w), bottom: Math.max(0, PAD + H - h) } });
  await writeChart(path, svg);
}
