import type { EvalResults } from './evaluateFolder.ts';
import { formatMetric, markdownTable } from './markdownTable.ts';
import { headlineKeys, metricTitle } from './metricKeys.ts';
import type { Summary } from './summarize.ts';

/**
 * Per-class table of a summary: one row per category (shape count, missing count, metric
 * means), then the mean of the class means.
 * @param keys metric columns (default: IoU, Chamfer-L1, NC, the F-scores).
 */
export function classTable(summary: Summary, keys: readonly string[]): string {
  const header = ['class', 'shapes', 'no surface', ...keys.map(metricTitle)];
  const rows = summary.classes.map((c) => [
    c.category,
    String(c.shapes),
    String(c.missing + c.empty + c.errors),
    ...keys.map((k) => formatMetric(k, c.means[k])),
  ]);
  const lost = summary.missing.length + summary.empty.length + summary.errors.length;
  rows.push([
    '**mean of class means**',
    String(summary.shapes),
    String(lost),
    ...keys.map((k) => `**${formatMetric(k, summary.meanOfClassMeans[k])}**`),
  ]);
  return markdownTable(header, rows);
}

/** The markdown report of `pointocc eval`: source, settings, per-class table, notes. */
export function evalMarkdown(r: EvalResults): string {
  const s = r.settings;
  const keys = headlineKeys(s.taus);
  const lines: string[] = [];
  lines.push('# Evaluation', '');
  lines.push(`- predictions: \`${r.source.pred}\``);
  lines.push(
    `- ground truth: ${r.source.data !== undefined ? `data \`${r.source.data}\`` : `meshes \`${r.source.gt}\``}, split ${r.source.split}`,
  );
  lines.push(
    `- protocol (ONet): IoU on the uniform points of the padded box [-0.55, 0.55]³; Chamfer-L1 = ½(accuracy + completeness), mean Euclidean NN distance between ${s.samples} area-uniform samples per surface; NC = ½(mean |n·n_nn| both ways), face normals; F@τ with precision/recall = share within τ; per shape → per class → mean of class means`,
  );
  lines.push(`- units: unit cube (longest bounding-box side 1); papers print Chamfer-L1 ×10`);
  lines.push(`- seed ${s.seed}; prediction frame: ${s.frame}`);
  lines.push(`- ${s.missingNote}`, '');
  lines.push(classTable(r.summary, keys));
  const lost = [
    ...r.summary.missing.map((k) => `${k} (missing)`),
    ...r.summary.empty.map((k) => `${k} (empty)`),
    ...r.summary.errors.map((k) => `${k} (unreadable)`),
  ];
  if (lost.length > 0) lines.push(`Shapes without a surface (${lost.length}): ${lost.join(', ')}`, '');
  if (r.unmatched.length > 0)
    lines.push(
      `Prediction files matching no ground-truth shape (${r.unmatched.length}): ${r.unmatched.slice(0, 20).join(', ')}${r.unmatched.length > 20 ? ', …' : ''}`,
      '',
    );
  if (r.warnings.length > 0) lines.push('Warnings:', '', ...r.warnings.map((w) => `- ${w}`), '');
  return lines.join('\n');
}
