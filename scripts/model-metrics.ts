/**
 * Writes a shipped model's `metrics.json` from an experiment's results (issue: "test-split metrics
 * from the evaluation command … per class and as the mean of the class means", 100 % watertight):
 * the method's mean of class means and per-class means are copied from `results.json` as the
 * experiment computed them, and every mesh the method produced is re-read and checked with
 * `checkMesh` (watertight and edge-manifold counts), so the file states what was measured, where,
 * and how to redo it.
 *
 *   node --import tsx scripts/model-metrics.ts --results reports/table1/results.json --method pointocc \
 *     --model models/pcnn-occ-procshapes [--snapshot "step 5500 of …"] [--command "pointocc experiment …"]
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { cpus, type } from 'node:os';
import { readMesh } from '../src/io/registry.ts';
import { checkMesh } from '../src/geometry/meshChecks.ts';
import { atomicWriteFileSync } from '../src/io/atomicWrite.ts';

interface RunRecord {
  category: string;
  id: string;
  status: string;
  file?: string;
}
interface ClassSummary {
  category: string;
  shapes: number;
  means: Record<string, number>;
  missing: number;
  empty: number;
  errors: number;
}
interface Run {
  method: string;
  available: boolean;
  description?: string;
  records: RunRecord[];
  seconds: number[];
  summary: { classes: ClassSummary[]; meanOfClassMeans: Record<string, number> };
}

const { values } = parseArgs({
  options: {
    results: { type: 'string' },
    method: { type: 'string' },
    model: { type: 'string' },
    snapshot: { type: 'string' },
    command: { type: 'string' },
  },
});
if (!values.results || !values.method || !values.model) {
  console.error('usage: model-metrics --results RESULTS.json --method NAME --model DIR [--snapshot TEXT] [--command TEXT]');
  process.exit(2);
}
const res = JSON.parse(readFileSync(values.results, 'utf8'));
const run = (res.results.runs as Run[]).find((r) => r.method === values.method);
if (!run || !run.available) {
  console.error(`model-metrics: no available run of ${values.method} in ${values.results}`);
  process.exit(2);
}
const config = JSON.parse(readFileSync(join(values.model, 'config.json'), 'utf8'));

const KEYS = ['iou', 'chamferL1', 'normalConsistency', 'fscore@0.01'];
const pick = (m: Record<string, number>): Record<string, number> => Object.fromEntries(KEYS.filter((k) => k in m).map((k) => [k, m[k]]));
// The experiment's own aggregates (summarize.ts), copied, not recomputed.
const classes = run.summary.classes;
const meanOfClassMeans = pick(run.summary.meanOfClassMeans);

// Watertightness of every produced mesh, read back from disk (paths in results.json are relative
// to the repository root the experiment ran in, or absolute).
let watertight = 0,
  manifold = 0,
  checked = 0;
const failures: string[] = [];
for (const r of run.records) {
  if (r.status !== 'ok' || !r.file) {
    failures.push(`${r.category}/${r.id}: ${r.status}`);
    continue;
  }
  const f = existsSync(r.file) ? r.file : resolve(r.file);
  const rep = checkMesh(readMesh(f));
  checked++;
  if (rep.watertight) watertight++;
  else failures.push(`${r.category}/${r.id}: not watertight`);
  if (rep.edgeManifold) manifold++;
}
const secs = run.seconds.slice().sort((a, b) => a - b);
const median = secs.length ? secs[Math.floor((secs.length - 1) / 2)] : null;
const shapes = run.records.length;

const out = {
  what:
    `test-split metrics of ${values.model}${values.snapshot ? ` (${values.snapshot})` : ''}, method "${values.method}" of ${values.results}` +
    (res.limit ? ` (first ${res.limit} test shapes per class)` : ' (whole test split)') +
    `, ${shapes} shapes`,
  command:
    values.command ??
    `pointocc experiment ${res.experiment} --data <cache> --methods ${values.method}${res.limit ? ` --limit ${res.limit}` : ''}`,
  settings: {
    inputPoints: res.results.variant?.input?.points,
    noise: res.results.variant?.input?.noise,
    inputSeed: res.seed,
    threshold: config.threshold,
    units: 'unit cube (longest side 1); Chamfer-L1 not ×10',
    evalSamples: res.samples,
  },
  machine: `${cpus().length}-vCPU ${cpus()[0]?.model ?? 'CPU'} (${type()}), Node ${process.version}`,
  watertight: `${watertight}/${shapes} (checkMesh on each mesh file; edge-manifold ${manifold}/${checked})`,
  failures,
  meanOfClassMeans,
  perClass: Object.fromEntries(
    classes.map((c) => [c.category, { shapes: c.shapes, ...pick(c.means), missing: c.missing, empty: c.empty, errors: c.errors }]),
  ),
  secondsPerShapeMedian: median,
};
atomicWriteFileSync(join(values.model, 'metrics.json'), JSON.stringify(out, null, 2) + '\n');
console.log(
  `${join(values.model, 'metrics.json')}: IoU ${meanOfClassMeans.iou?.toFixed(3)}, Chamfer-L1 ${meanOfClassMeans.chamferL1?.toFixed(4)}, NC ${meanOfClassMeans.normalConsistency?.toFixed(3)}, F@0.01 ${meanOfClassMeans['fscore@0.01']?.toFixed(3)}; watertight ${watertight}/${shapes}`,
);
