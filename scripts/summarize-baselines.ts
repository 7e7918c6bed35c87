/**
 * Collects `pointocc eval --out` JSON files of several methods into one comparison:
 * `<out>/results.json` (per method: overall mean of class means and per-class means of IoU,
 * Chamfer-L1, normal consistency, F-score@0.01, plus mean seconds per shape when a
 * `<method>-timings.json` / `open3d-timings.json` is given) and `<out>/table.md`.
 *
 *   node --import tsx scripts/summarize-baselines.ts --out reports/baselines \
 *     --eval poisson=/tmp/eval-poisson.json --eval open3d-poisson=/tmp/eval-o3d.json … \
 *     [--timings poisson=/tmp/pred/poisson-timings.json …] [--note "text"]
 */
import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { atomicWriteFileSync } from '../src/io/atomicWrite.ts';

const { values: a } = parseArgs({
  options: {
    out: { type: 'string' },
    eval: { type: 'string', multiple: true },
    timings: { type: 'string', multiple: true },
    note: { type: 'string' },
  },
});
if (!a.out || !a.eval) {
  console.error('usage: summarize-baselines.ts --out DIR --eval NAME=FILE … [--timings NAME=FILE …]');
  process.exit(2);
}
const KEYS = ['iou', 'chamferL1', 'normalConsistency', 'fscore@0.01'] as const;
type Means = Record<string, number | null>;
interface EvalJson {
  summary: {
    classes: { category: string; shapes: number; means: Means; missing: number; empty: number }[];
    mean?: Means;
    overall?: Means;
  } & Record<string, unknown>;
}
const timing = new Map<string, number>();
for (const t of a.timings ?? []) {
  const [name, file] = t.split('=');
  const j = JSON.parse(readFileSync(file, 'utf8'));
  if (typeof j.meanSeconds === 'number') timing.set(name, j.meanSeconds);
  else if (j.shapes) {
    const v = Object.values(j.shapes as Record<string, Record<string, number>>);
    const key = name.endsWith('bpa') ? 'bpa' : 'poisson';
    timing.set(name, v.reduce((s, x) => s + x[key] + x.normals, 0) / v.length);
  }
}
const methods: {
  name: string;
  overall: Means;
  classes: Record<string, Means>;
  shapes: number;
  noSurface: number;
  secondsPerShape?: number;
}[] = [];
for (const e of a.eval) {
  const [name, file] = e.split('=');
  const j = JSON.parse(readFileSync(file, 'utf8')) as EvalJson;
  const classes: Record<string, Means> = {};
  const overall: Means = {};
  for (const k of KEYS) {
    let s = 0,
      c = 0;
    for (const cl of j.summary.classes) {
      const v = cl.means[k];
      if (typeof v === 'number') {
        s += v;
        c++;
      }
    }
    overall[k] = c ? s / c : null;
  }
  for (const cl of j.summary.classes) classes[cl.category] = Object.fromEntries(KEYS.map((k) => [k, cl.means[k] ?? null]));
  methods.push({
    name,
    overall,
    classes,
    shapes: j.summary.classes.reduce((s, c) => s + c.shapes, 0),
    noSurface: j.summary.classes.reduce((s, c) => s + c.missing + c.empty, 0),
    ...(timing.has(name) ? { secondsPerShape: timing.get(name) } : {}),
  });
}
mkdirSync(a.out, { recursive: true });
atomicWriteFileSync(join(a.out, 'results.json'), JSON.stringify({ note: a.note ?? '', metrics: KEYS, methods }, null, 1) + '\n');
const f = (v: number | null | undefined, d: number): string => (typeof v === 'number' ? v.toFixed(d) : '—');
const lines: string[] = [];
lines.push('| method | IoU | Chamfer-L1 | NC | F@0.01 | no surface | s/shape |', '|---|---|---|---|---|---|---|');
for (const m of methods)
  lines.push(
    `| ${m.name} | ${f(m.overall.iou, 3)} | ${f(m.overall.chamferL1, 4)} | ${f(m.overall.normalConsistency, 3)} | ${f(m.overall['fscore@0.01'], 3)} | ${m.noSurface}/${m.shapes} | ${f(m.secondsPerShape, 2)} |`,
  );
lines.push(
  '',
  'IoU per class:',
  '',
  `| class | ${methods.map((m) => m.name).join(' | ')} |`,
  `|---|${methods.map(() => '---').join('|')}|`,
);
for (const c of Object.keys(methods[0].classes)) lines.push(`| ${c} | ${methods.map((m) => f(m.classes[c]?.iou, 3)).join(' | ')} |`);
atomicWriteFileSync(join(a.out, 'table.md'), lines.join('\n') + '\n');
console.log(lines.join('\n'));
