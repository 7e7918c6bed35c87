import type { MethodPool } from '../methodPool.ts';
import { formatMetric, markdownTable } from '../markdownTable.ts';
import { headlineKeys, metricTitle } from '../metricKeys.ts';
import type { ExperimentSetup } from './ExperimentSetup.ts';
import { methodsSection, type ExperimentResult } from './reportParts.ts';
import { runVariant } from './runVariant.ts';
import { standardVariant } from './table1.ts';

/**
 * Paper Table II: per-class means of every method at 300 points / noise 0.005, one table per
 * metric (rows: methods; columns: classes, then the mean of class means).
 */
export async function table2(setup: ExperimentSetup, pool: MethodPool, methods: readonly string[]): Promise<ExperimentResult> {
  const variant = standardVariant(setup.seed);
  const runs = await runVariant(setup, variant, await Promise.all(methods.map((m) => pool.get(m))));
  const classes = [...new Set(setup.refs.map((r) => r.category))].sort();
  const md: string[] = ['## Methods', '', methodsSection(runs)];
  const sizes = classes.map((c) => String(setup.refs.filter((r) => r.category === c).length));
  md.push('## Test shapes per class', '', markdownTable(['', ...classes], [['shapes', ...sizes]]));
  for (const key of headlineKeys(setup.taus)) {
    md.push(`## ${metricTitle(key)}${key === 'chamferL1' ? ' (lower is better, unit-cube units)' : ''}`, '');
    const rows = runs.map((r) => {
      if (!r.available || !r.summary) return [r.method, ...classes.map(() => 'n/a'), 'n/a'];
      const by = new Map(r.summary.classes.map((c) => [c.category, c]));
      return [
        r.method,
        ...classes.map((c) => formatMetric(key, by.get(c)?.means[key])),
        `**${formatMetric(key, r.summary.meanOfClassMeans[key])}**`,
      ];
    });
    md.push(markdownTable(['method', ...classes, 'mean'], rows));
  }
  return {
    name: 'table2',
    title: 'Table II — per-class results (300 points, noise 0.005)',
    markdown: md.join('\n'),
    data: { variant, runs },
  };
}
