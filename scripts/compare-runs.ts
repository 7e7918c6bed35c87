/**
 * Compares training runs by their validation curves (issue 8: ONet "trained by the same trainer
 * on the same data with the same budget as pcnn-occ"): every run's `train-log.jsonl` holds the
 * validation IoU (same val shapes, points and inputs when the runs share seed and val settings)
 * at each validation step with the training wall time so far, so the runs compare at equal
 * wall time and at equal shape-steps even when one ran longer. Writes two charts and a markdown
 * table into --out.
 *
 *   node --import tsx scripts/compare-runs.ts --run pcnn-occ=/work/runs/pcnn-occ-procshapes \
 *     --run onet=/work/runs/onet-procshapes --out reports/training
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { TrainLog, type ValEntry, type StepEntry } from '../src/train/TrainLog.ts';
import { writeLineChart, type Series } from '../src/render/charts.ts';
import { markdownTable } from '../src/eval/markdownTable.ts';
import { atomicWriteFileSync } from '../src/io/atomicWrite.ts';

const { values } = parseArgs({ options: { run: { type: 'string', multiple: true }, out: { type: 'string' } } });
if (!values.run?.length || !values.out) {
  console.error('usage: compare-runs --run NAME=DIR [--run …] --out DIR');
  process.exit(2);
}

interface Curve {
  name: string;
  dir: string;
  batch: number;
  workers: number;
  val: ValEntry[];
  steps: StepEntry[];
}
const curves: Curve[] = values.run.map((spec) => {
  const eq = spec.indexOf('=');
  const [name, dir] = eq > 0 ? [spec.slice(0, eq), spec.slice(eq + 1)] : [spec, spec];
  const cfg = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
  const log = TrainLog.read(join(dir, 'train-log.jsonl'));
  return {
    name,
    dir,
    batch: cfg.train.batch,
    workers: cfg.train.workers,
    val: log.filter((e): e is ValEntry => e.type === 'val'),
    steps: log.filter((e): e is StepEntry => e.type === 'step'),
  };
});

mkdirSync(values.out, { recursive: true });
await writeLineChart(
  join(values.out, 'val-iou-vs-hours.png'),
  curves.map((c): Series => ({ name: c.name, x: c.val.map((v) => v.elapsed / 3600), y: c.val.map((v) => v.iou) })),
  { title: 'validation IoU vs training wall time', xLabel: 'hours (2 workers)', yLabel: 'val IoU' },
);
await writeLineChart(
  join(values.out, 'val-iou-vs-shape-steps.png'),
  curves.map((c): Series => ({ name: c.name, x: c.val.map((v) => (v.step * c.batch) / 1000), y: c.val.map((v) => v.iou) })),
  { title: 'validation IoU vs shapes trained', xLabel: 'thousand shape-steps', yLabel: 'val IoU' },
);

/** The last validation at or before `hours` of training (null if none yet). */
const atHours = (c: Curve, hours: number): ValEntry | null => {
  // Past the end of a run there is no figure for that budget (not its last one carried on).
  const end = c.steps[c.steps.length - 1]?.elapsed ?? 0;
  if (hours * 3600 > end + 60) return null;
  let best: ValEntry | null = null;
  for (const v of c.val) if (v.elapsed <= hours * 3600 + 1e-6) best = v;
  return best;
};
const median = (a: number[]): number => {
  const s = a.slice().sort((x, y) => x - y);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};

const md: string[] = [
  '# Training runs compared',
  '',
  `Runs: ${curves.map((c) => `**${c.name}** (\`${c.dir}\`)`).join(', ')}. Validation IoU as logged by the trainer (same val shapes, points, inputs and threshold rule when the runs share seed and val settings); wall time is the trainer's \`elapsed\` (training and validation, both cores).`,
  '',
  '![val IoU vs hours](val-iou-vs-hours.png)',
  '',
  '![val IoU vs shape-steps](val-iou-vs-shape-steps.png)',
  '',
  '## Summary',
  '',
];
md.push(
  markdownTable(
    ['run', 'steps', 'shape-steps', 'hours', 'median shapes/s', 'best val IoU (step)', 'last val IoU'],
    curves.map((c) => {
      const last = c.val[c.val.length - 1],
        best = c.val.reduce<ValEntry | null>((b, v) => (!b || v.iou > b.iou ? v : b), null);
      const lastStep = c.steps[c.steps.length - 1];
      return [
        c.name,
        String(lastStep?.step ?? 0),
        String((lastStep?.step ?? 0) * c.batch),
        ((lastStep?.elapsed ?? 0) / 3600).toFixed(2),
        median(c.steps.map((s) => s.shapesPerSec)).toFixed(1),
        best ? `${best.iou.toFixed(4)} (${best.step})` : '-',
        last ? last.iou.toFixed(4) : '-',
      ];
    }),
  ),
);
const maxH = Math.max(...curves.map((c) => (c.val[c.val.length - 1]?.elapsed ?? 0) / 3600));
const marks = [0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4].filter((h) => h <= maxH + 0.25);
md.push(
  '',
  '## At equal wall time',
  '',
  'The last validation at or before each budget (IoU, step in brackets); "-" where the run had not validated yet or had already ended.',
  '',
);
md.push(
  markdownTable(
    ['hours', ...curves.map((c) => c.name)],
    marks.map((h) => [
      String(h),
      ...curves.map((c) => {
        const v = atHours(c, h);
        return v ? `${v.iou.toFixed(4)} (${v.step})` : '-';
      }),
    ]),
  ),
);
// Equal shape-steps: the validation at exactly that many shapes trained, where the run has one.
const shapeMarks = [...new Set(curves.flatMap((c) => c.val.map((v) => v.step * c.batch)))]
  .sort((x, y) => x - y)
  .filter((n) => curves.filter((c) => c.val.some((v) => v.step * c.batch === n)).length >= 2);
if (shapeMarks.length) {
  md.push(
    '',
    '## At equal shape-steps',
    '',
    'Validations that the runs made after the same number of shapes trained (IoU; "-" where a run did not validate there).',
    '',
  );
  md.push(
    markdownTable(
      ['shape-steps', ...curves.map((c) => c.name)],
      shapeMarks.map((n) => [
        String(n),
        ...curves.map((c) => {
          const v = c.val.find((x) => x.step * c.batch === n);
          return v ? v.iou.toFixed(4) : '-';
        }),
      ]),
    ),
  );
}
atomicWriteFileSync(join(values.out, 'compare.md'), md.join('\n') + '\n');
console.log(`wrote ${join(values.out, 'compare.md')} and two charts`);
