import { DEFAULT_METHOD, findMethod } from '../../methods/index.ts';
import { join } from 'node:path';
import type { MethodPool } from '../methodPool.ts';
import { writeLineChart, type Series } from '../../render/charts.ts';
import { formatMetric, markdownTable } from '../markdownTable.ts';
import { headlineKeys, metricTitle } from '../metricKeys.ts';
import type { MethodResolution } from '../reconMethods.ts';
import type { ExperimentSetup } from './ExperimentSetup.ts';
import { figure, methodsSection, type ExperimentResult } from './reportParts.ts';
import { runMethodOnVariant, type MethodRun, type Variant } from './runVariant.ts';

/** Mean of a list, NaN when empty (seconds per reconstruction). */
const mean = (v: readonly number[]): number => (v.length === 0 ? NaN : v.reduce((a, b) => a + b, 0) / v.length);

/** Options of {@link table3}. */
export interface Table3Options {
  /** Input densities (points per cloud). Default [150, 300, 600, 1000] (paper Table III). */
  densities?: number[];
  /** Noise levels, unit-cube units. Default [0.0025, 0.005] (the paper's "0.025, 0.05"). */
  noises?: number[];
  /** Models trained for a particular density (density → model folder), used by the default
   *  method (pcnn-occ) at that density instead of the default model (the paper trains one network per density). */
  densityModels?: Map<number, string>;
}

/**
 * Paper Table III: quality against input density × noise. Every (density, noise) pair is a
 * variant with its own fixed inputs; per method one row per pair, and IoU / Chamfer-L1 charts
 * against the density (one line per method and noise level).
 */
export async function table3(
  setup: ExperimentSetup,
  pool: MethodPool,
  methods: readonly string[],
  o: Table3Options = {},
): Promise<ExperimentResult> {
  const densities = o.densities ?? [150, 300, 600, 1000];
  const noises = o.noises ?? [0.0025, 0.005];
  const cells: { density: number; noise: number; run: MethodRun }[] = [];
  const modelNotes: string[] = [];
  for (const density of densities) {
    for (const noise of noises) {
      const variant: Variant = { input: { points: density, noise, seed: setup.seed } };
      for (const name of methods) {
        const own = findMethod(name) === DEFAULT_METHOD ? o.densityModels?.get(density) : undefined;
        const res: MethodResolution = await pool.get(name, own, name);
        if (own && noise === noises[0]) modelNotes.push(`- ${name} at ${density} points: model \`${own}\``);
        cells.push({ density, noise, run: await runMethodOnVariant(setup, variant, res) });
      }
    }
  }
  const keys = headlineKeys(setup.taus);
  const md: string[] = ['## Methods', '', methodsSection(cells.map((c) => c.run))];
  if (modelNotes.length > 0) md.push('Per-density models:', '', ...modelNotes, '');
  const defaultOnly = methods.some((m) => findMethod(m) === DEFAULT_METHOD) && densities.some((d) => !o.densityModels?.has(d));
  if (defaultOnly)
    md.push(
      'Densities without a model of their own use the one default model, as `reconstruct` does: a model with density-scaled levels (the shipped one) takes a cloud of up to its one-pass size whole and a larger one in averaged random subsets of that size; a fixed-level model takes random subsets of its training input size (more points → several subsets averaged; fewer → one sparser cloud). The paper instead trains one network per density, so these rows measure one model across densities, not a per-density optimum.',
      '',
    );
  md.push('## Results (mean of class means)', '');
  md.push(
    markdownTable(
      ['method', 'points', 'noise', ...keys.map(metricTitle), 'no surface'],
      cells.map(({ density, noise, run }) => [
        run.method,
        String(density),
        String(noise),
        ...keys.map((k) => (run.summary ? formatMetric(k, run.summary.meanOfClassMeans[k]) : 'n/a')),
        run.summary ? String(run.summary.missing.length + run.summary.empty.length + run.summary.errors.length) : 'n/a',
      ]),
    ),
  );
  const charts: string[] = [];
  for (const key of ['iou', 'chamferL1']) {
    const series: Series[] = [];
    for (const name of methods) {
      for (const noise of noises) {
        const pts = cells.filter((c) => c.run.method === name && c.noise === noise);
        if (!pts.some((c) => c.run.summary)) continue;
        series.push({
          name: `${name} noise ${noise}`,
          x: pts.map((c) => c.density),
          y: pts.map((c) => c.run.summary?.meanOfClassMeans[key] ?? NaN),
        });
      }
    }
    if (series.length === 0) continue;
    const file = `density-${key}.png`;
    await writeLineChart(join(setup.out, file), series, {
      title: `${metricTitle(key)} vs input density`,
      xLabel: 'input points',
      yLabel: key === 'iou' ? 'IoU (mean of class means)' : 'Chamfer-L1 (unit cube)',
      xTicks: densities,
      xLog: true,
      ...(key === 'iou' ? { yRange: [0, 1] as [number, number] } : {}),
    });
    charts.push(figure(setup, file, `${metricTitle(key)} vs density`));
  }
  if (charts.length > 0) md.push('## Charts', '', ...charts);
  else md.push('No chart: no method produced results.', '');
  return {
    name: 'table3',
    title: 'Table III — input density × noise',
    markdown: md.join('\n'),
    data: {
      densities,
      noises,
      cells: cells.map((c) => ({
        density: c.density,
        noise: c.noise,
        method: c.run.method,
        available: c.run.available,
        reason: c.run.reason,
        summary: c.run.summary,
        meanSeconds: mean(c.run.seconds),
      })),
    },
  };
}
