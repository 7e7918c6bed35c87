import { relative } from 'node:path';
import { formatMetric, markdownTable } from '../markdownTable.ts';
import { headlineKeys, metricTitle } from '../metricKeys.ts';
import type { ExperimentSetup } from './ExperimentSetup.ts';
import type { MethodRun, Variant } from './runVariant.ts';
import { variantName } from './runVariant.ts';

/** What an experiment hands back: its report section and machine-readable results. */
export interface ExperimentResult {
  name: string;
  title: string;
  /** Markdown body (after the common header). */
  markdown: string;
  /** Written to results.json. */
  data: unknown;
}

/** Paper Table I and docs/design.md §7 (ShapeNet-13, 300 points, noise 0.005), converted to our units. */
export const PAPER_TABLE1: readonly { method: string; iou: number | null; chamferL1: number; nc: number }[] = [
  { method: 'Ball-Pivoting', iou: null, chamferL1: 0.0415, nc: 0.72 },
  { method: 'Poisson', iou: 0.349, chamferL1: 0.0534, nc: 0.717 },
  { method: '3D-R2N2', iou: 0.565, chamferL1: 0.0169, nc: 0.719 },
  { method: 'DMC', iou: 0.674, chamferL1: 0.0117, nc: 0.848 },
  { method: 'ONet', iou: 0.778, chamferL1: 0.0079, nc: 0.895 },
  { method: 'PCNN-Occ (paper)', iou: 0.817, chamferL1: 0.006, nc: 0.905 },
];

/** The common header: data, shapes, inputs, protocol, units. */
export function setupSection(setup: ExperimentSetup, variants: readonly Variant[]): string {
  const perClass = new Map<string, number>();
  for (const r of setup.refs) perClass.set(r.category, (perClass.get(r.category) ?? 0) + 1);
  const counts = [...perClass.values()];
  const lines = [
    `- data: \`${setup.dataRoot}\` (${setup.dataFormat}), **test split**, ${setup.refs.length} shapes in ${perClass.size} classes (${Math.min(...counts)}–${Math.max(...counts)} per class)`,
    `- inputs: ${variants.map((v) => `\`${variantName(v)}\``).join(', ')} — points drawn without replacement from each shape's stored surface samples plus Gaussian noise of the given std per coordinate, seed ${setup.seed}; saved under \`inputs/\` and reused by later runs`,
    `- protocol (ONet, docs/design.md §6): IoU on the dataset's 100 000 uniform points in [-0.55, 0.55]³ (prediction tested by ray parity when watertight, else winding number); Chamfer-L1 = ½(accuracy + completeness), mean Euclidean NN distance between ${setup.samples} area-uniform samples of the prediction and the dataset's dense surface samples; NC = ½(mean |n·n_nn| both ways), face normals; F@τ (τ = ${setup.taus.join(', ')}): precision/recall = share of samples within τ. Per shape → per class → **mean of class means**`,
    `- units: unit cube (longest bounding-box side 1). The paper and ONet print Chamfer-L1 ×10 and noise ×10 (their "0.05" is our 0.005)`,
    `- shapes without a surface (failed or empty reconstruction) score IoU 0 and are left out of the Chamfer/NC/F means; their count is in the "no surface" column`,
    `- every method receives its input normalised to the unit cube by the input's bounding box (as \`pointocc reconstruct\` does) and its mesh is mapped back before scoring`,
  ];
  return lines.join('\n') + '\n';
}

/** Which methods ran, and why the others did not. */
export function methodsSection(runs: readonly MethodRun[]): string {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const r of runs) {
    if (seen.has(r.method)) continue;
    seen.add(r.method);
    lines.push(r.available ? `- **${r.method}**: ${r.description ?? ''}` : `- **${r.method}: unavailable** — ${r.reason}`);
  }
  return lines.join('\n') + '\n';
}

function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Rows: methods; columns: headline metrics (mean of class means), no-surface count, median seconds. */
export function methodTable(
  runs: readonly MethodRun[],
  taus: readonly number[],
  firstColumn = 'method',
  rowName: (r: MethodRun) => string = (r) => r.method,
): string {
  const keys = headlineKeys(taus);
  const rows = runs.map((r) => {
    if (!r.available || !r.summary) return [rowName(r), ...keys.map(() => 'n/a'), 'n/a', 'n/a'];
    const s = r.summary;
    const med = median(r.seconds);
    return [
      rowName(r),
      ...keys.map((k) => formatMetric(k, s.meanOfClassMeans[k])),
      `${s.missing.length + s.empty.length + s.errors.length}/${s.shapes}`,
      med === null ? '–' : med.toFixed(2),
    ];
  });
  return markdownTable([firstColumn, ...keys.map(metricTitle), 'no surface', 's/shape (median)'], rows);
}

/** Link to a figure relative to the report. */
export function figure(setup: ExperimentSetup, file: string, alt: string): string {
  return `![${alt}](${relative(setup.out, `${setup.out}/${file}`)})\n`;
}
