import { join } from 'node:path';
import type { MethodPool } from '../methodPool.ts';
import { writeLineChart, type Series } from '../../render/charts.ts';
import { formatMetric, markdownTable } from '../markdownTable.ts';
import type { ExperimentSetup } from './ExperimentSetup.ts';
import { writeExperimentGallery } from './experimentGallery.ts';
import { figure, methodsSection, type ExperimentResult } from './reportParts.ts';
import { runMethodOnVariant, type MethodRun, type Variant } from './runVariant.ts';

/** Default angles, degrees. */
export const DEFAULT_ANGLES = [0, 15, 30, 45, 60, 90, 120, 150, 180];

/**
 * Paper Fig. 7 as a measurement: each test input (300 points, noise 0.005) is rotated by θ
 * about a random axis fixed per shape, reconstructed, and the mesh rotated back by −θ before
 * scoring against the unrotated ground truth. IoU / Chamfer-L1 per angle and method, a chart of
 * IoU against θ, and a gallery at the largest angle below 180°.
 */
export async function rotation(
  setup: ExperimentSetup,
  pool: MethodPool,
  methods: readonly string[],
  angles: readonly number[] = DEFAULT_ANGLES,
): Promise<ExperimentResult> {
  const cells: { angle: number; run: MethodRun }[] = [];
  for (const angle of angles) {
    const variant: Variant = { input: { points: 300, noise: 0.005, seed: setup.seed }, rotationDeg: angle };
    for (const name of methods) cells.push({ angle, run: await runMethodOnVariant(setup, variant, await pool.get(name)) });
  }
  const md: string[] = ['## Methods', '', methodsSection(cells.map((c) => c.run))];
  md.push(
    "Axes: one uniformly random unit axis per shape (seeded by the shape's name), the same at every angle. Rotation is about the origin (the centre of the normalised shape); the rotated cloud is renormalised by its own bounding box before reconstruction (so a rotated shape also appears slightly smaller to the method — part of what rotation does to a bounding-box-normalised pipeline).",
    '',
  );
  for (const [key, title] of [
    ['iou', 'IoU'],
    ['chamferL1', 'Chamfer-L1'],
  ] as const) {
    md.push(`## ${title} (mean of class means) by rotation angle`, '');
    md.push(
      markdownTable(
        ['method', ...angles.map((a) => `${a}°`)],
        methods.map((name) => [
          name,
          ...angles.map((a) => {
            const c = cells.find((x) => x.angle === a && x.run.method === name);
            return c?.run.summary ? formatMetric(key, c.run.summary.meanOfClassMeans[key]) : 'n/a';
          }),
        ]),
      ),
    );
  }
  const series: Series[] = methods
    .map((name) => ({
      name,
      x: [...angles],
      y: angles.map((a) => cells.find((x) => x.angle === a && x.run.method === name)?.run.summary?.meanOfClassMeans.iou ?? NaN),
    }))
    .filter((s) => s.y.some(Number.isFinite));
  if (series.length > 0) {
    await writeLineChart(join(setup.out, 'rotation-iou.png'), series, {
      title: 'IoU vs input rotation',
      xLabel: 'rotation angle (degrees)',
      yLabel: 'IoU (mean of class means)',
      yRange: [0, 1],
      xTicks: angles,
    });
    md.push('## Chart', '', figure(setup, 'rotation-iou.png', 'IoU vs rotation'));
  }
  const shown = [...angles].filter((a) => a > 0 && a < 180).pop() ?? angles[angles.length - 1];
  const gRuns = cells.filter((c) => c.angle === shown).map((c) => c.run);
  const gallery = await writeExperimentGallery(
    setup,
    { input: { points: 300, noise: 0.005, seed: setup.seed }, rotationDeg: shown },
    gRuns,
    `gallery-rot${shown}`,
  );
  if (gallery)
    md.push(`## Gallery at ${shown}° (reconstructions rotated back)`, '', figure(setup, gallery.file, `gallery at ${shown} degrees`));
  return {
    name: 'rotation',
    title: 'Rotation robustness (paper Fig. 7)',
    markdown: md.join('\n'),
    data: {
      angles,
      cells: cells.map((c) => ({
        angle: c.angle,
        method: c.run.method,
        available: c.run.available,
        reason: c.run.reason,
        summary: c.run.summary,
      })),
    },
  };
}
