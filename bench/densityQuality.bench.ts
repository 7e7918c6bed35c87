// Quality and speed against input density (`npm run bench:density` → bench/results/density-quality*.json,
// a chart of IoU against points, and a table on stdout). Issue 21's benchmark.
//
// For every mesh set given — the project's own test split (`--test-split DIR`: a mesh folder in
// the ProcShapes/corpus layout, `<family>/<id>.ply` + `<family>/test.lst`, `--limit` shapes per
// family) and/or real shapes (`--realval DIR`: a folder of closed meshes, `DIR/meshes/*.ply` or
// `DIR/*.ply`, e.g. ../shared/realval) — this
//   1. links the chosen meshes into a work folder (never copies them) as one category per family
//      ("realval" for a flat folder) with a test.lst;
//   2. builds an evaluation cache there with `pointocc data build --surface MAX_DENSITY` (the
//      inputs are drawn from the stored surface samples, so the cache holds at least as many as
//      the densest input);
//   3. runs `pointocc experiment table3` on it: fixed inputs of 300, 1000, 3000 and 10 000 points
//      (noise 0.005, unit cube), every method (pcnn-occ with `--model`, the in-tool Poisson and
//      ball pivoting by default) at `--resolution` (128), scored by the ONet protocol
//      (src/eval/README.md);
//   4. collects IoU, Chamfer-L1, normal consistency, F@0.01 (mean of class means) and mean seconds
//      per shape (reconstruction only, in-process, the model already loaded) per method × density,
//      and every shape's IoU per method × density (`perShape`; printed for pcnn-occ).
// `node -e 0` is timed in the same run as the reference for the seconds.
//
// Reconstructions and inputs are cached in the work folder (default /tmp/pointocc-density-bench,
// keyed by the method's identity), so a second run with another model reuses the baselines.
//
//   npm run bench:density -- --realval ../shared/realval --test-split DATA/corpus --limit 2 \
//       [--model models/pcnn-occ-corpus] [--label NAME] [--densities 300,1000,3000,10000] \
//       [--methods pcnn-occ,poisson,bpa] [--noise 0.005] [--resolution 128] [--smooth N] [--tiles]
//       [--split test|val] [--work DIR]
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { atomicWriteFileSync } from '../src/io/atomicWrite.ts';
import { writeLineChart, type Series } from '../src/render/charts.ts';
import { machineInfo } from './machineInfo.ts';
import { testRotationsOf } from '../src/recon/inputSubsets.ts';
import { readOccupancyNetConfig } from '../src/nn/serve/modelIo.ts';

/** The test-time rotations a model folder's config.json asks for (what "model default" means). */
function modelRotations(dir: string): number {
  return testRotationsOf(readOccupancyNetConfig(dir));
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'pointocc.js');
const { values: a } = parseArgs({
  options: {
    realval: { type: 'string' },
    'test-split': { type: 'string' },
    limit: { type: 'string', default: '2' },
    model: { type: 'string', default: join(root, 'models', 'pcnn-occ-corpus') },
    label: { type: 'string' },
    densities: { type: 'string', default: '300,1000,3000,10000' },
    methods: { type: 'string', default: 'pcnn-occ,poisson,bpa' },
    noise: { type: 'string', default: '0.005' },
    resolution: { type: 'string', default: '128' },
    smooth: { type: 'string' },
    tiles: { type: 'boolean', default: false },
    rotations: { type: 'string' },
    split: { type: 'string', default: 'test' },
    work: { type: 'string', default: '/tmp/pointocc-density-bench' },
    workers: { type: 'string', default: '2' },
  },
});
if (!a.realval && !a['test-split']) {
  console.error('bench:density: pass --realval DIR and/or --test-split DIR');
  process.exit(2);
}
if (a.split !== 'test' && a.split !== 'val') {
  console.error(`bench:density: --split must be test or val, got "${a.split}"`);
  process.exit(2);
}
if (!existsSync(join(root, 'dist', 'index.js'))) throw new Error('bench:density: dist/ is missing: run `npm run build`');
const densities = a.densities!.split(',').map(Number);
const methods = a.methods!.split(',').map((s) => s.trim());
const work = resolve(a.work!);
const model = resolve(a.model!);
const label = a.label ?? basename(model);

/** Runs the CLI; throws with the tail of stderr on failure. */
function cli(args: string[]): void {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'inherit', 'pipe'] });
  if (r.status !== 0) throw new Error(`pointocc ${args.join(' ')}: exit ${r.status}: ${r.stderr.slice(-800)}`);
}

/** Links the chosen meshes of a set into `<work>/<set>/meshes/<category>/` with a test.lst. */
function linkSet(name: string, pick: Map<string, string[]>): string {
  const dir = join(work, name, 'meshes');
  for (const [category, files] of pick) {
    const cdir = join(dir, category);
    mkdirSync(cdir, { recursive: true });
    const ids: string[] = [];
    for (const f of files) {
      const id = basename(f).replace(/\.[^.]+$/, '');
      const link = join(cdir, basename(f));
      if (!existsSync(link)) symlinkSync(resolve(f), link);
      ids.push(id);
    }
    writeFileSync(join(cdir, 'test.lst'), ids.join('\n') + '\n');
    for (const s of ['train', 'val']) writeFileSync(join(cdir, `${s}.lst`), '');
  }
  return dir;
}

/** The meshes of a set: category → files. */
function chooseRealval(dir: string): Map<string, string[]> {
  const d = existsSync(join(dir, 'meshes')) ? join(dir, 'meshes') : dir;
  const files = readdirSync(d)
    .filter((f) => /\.(ply|obj|off|stl)$/i.test(f))
    .sort()
    .map((f) => join(d, f));
  if (files.length === 0) throw new Error(`bench:density: no meshes in ${d}`);
  return new Map([['realval', files]]);
}

function chooseTestSplit(dir: string, limit: number): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const c of readdirSync(dir).sort()) {
    const lst = join(dir, c, `${a.split}.lst`);
    if (!existsSync(lst)) continue;
    const ids = readFileSync(lst, 'utf8')
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean)
      .slice(0, limit);
    out.set(
      c,
      ids.map((id) => join(dir, c, `${id}.ply`)),
    );
  }
  if (out.size === 0) throw new Error(`bench:density: no <family>/${a.split}.lst under ${dir}`);
  return out;
}

/** `category/id` → method → points → IoU (null: no surface). */
type PerShape = Record<string, Record<string, Record<number, number | null>>>;

interface Row {
  method: string;
  points: number;
  iou: number;
  chamferL1: number;
  normalConsistency: number;
  fscore: number;
  secondsPerShape: number;
  noSurface: number;
}

function runSet(name: string, pick: Map<string, string[]>): { shapes: number; categories: number; rows: Row[]; perShape: PerShape } {
  const meshes = linkSet(name, pick);
  const cache = join(work, name, `cache-s${Math.max(...densities)}`);
  if (!existsSync(join(cache, 'manifest.json'))) {
    console.error(`[${name}] building the evaluation cache (${[...pick.values()].flat().length} meshes)…`);
    cli(['data', 'build', '--meshes', meshes, '--out', cache, '--surface', String(Math.max(...densities)), '--no-progress']);
  }
  const report = join(work, name, `report-${label}`);
  console.error(`[${name}] experiment table3 (${methods.join(', ')}; ${densities.join(', ')} points)…`);
  cli([
    'experiment',
    'table3',
    '--data',
    cache,
    '--model',
    model,
    '--methods',
    methods.join(','),
    '--densities',
    densities.join(','),
    '--noises',
    a.noise!,
    '--resolution',
    a.resolution!,
    ...(a.smooth !== undefined ? ['--smooth', a.smooth] : []),
    ...(a.tiles ? ['--tiles'] : []),
    ...(a.rotations !== undefined ? ['--rotations', a.rotations] : []),
    '--out',
    report,
    '--work',
    join(work, name, 'recon'),
    '--gallery',
    '0',
    '--workers',
    a.workers!,
    '--no-progress',
  ]);
  const res = JSON.parse(readFileSync(join(report, 'results.json'), 'utf8')) as {
    results: {
      cells: {
        density: number;
        method: string;
        meanSeconds: number | null;
        summary: { meanOfClassMeans: Record<string, number>; missing: unknown[]; empty: unknown[]; errors: unknown[] } | null;
      }[];
    };
  };
  const rows: Row[] = res.results.cells
    .filter((c) => c.summary)
    .map((c) => {
      const m = c.summary!.meanOfClassMeans;
      return {
        method: c.method,
        points: c.density,
        iou: r4(m.iou),
        chamferL1: r4(m.chamferL1),
        normalConsistency: r4(m.normalConsistency),
        fscore: r4(m['fscore@0.01']),
        secondsPerShape: r4(c.meanSeconds ?? NaN),
        noSurface: c.summary!.missing.length + c.summary!.empty.length + c.summary!.errors.length,
      };
    });
  return { shapes: [...pick.values()].flat().length, categories: pick.size, rows, perShape: perShapeIou(name, rows) };
}

/**
 * IoU of every shape per method and density (`category/id` → method → points → IoU), read from
 * the evaluation records table3 just wrote beside its reconstructions (`recon/p<N>-n<noise>/
 * <method>/eval.json`): a mean can hide one shape that breaks at a density.
 */
function perShapeIou(name: string, rows: Row[]): PerShape {
  const out: PerShape = {};
  for (const r of rows) {
    const f = join(work, name, 'recon', `p${r.points}-n${Number(a.noise)}`, r.method, 'eval.json');
    if (!existsSync(f)) continue;
    const { records } = JSON.parse(readFileSync(f, 'utf8')) as { records: { category: string; id: string; metrics?: { iou?: number } }[] };
    for (const rec of records) {
      const m = ((out[`${rec.category}/${rec.id}`] ??= {})[r.method] ??= {});
      m[r.points] = rec.metrics?.iou === undefined ? null : r4(rec.metrics.iou);
    }
  }
  return out;
}

const r4 = (v: number): number => Number(v.toFixed(4));

const t0 = performance.now();
spawnSync(process.execPath, ['-e', '0']);
const nodeSeconds = (performance.now() - t0) / 1000;

const sets: Record<string, ReturnType<typeof runSet>> = {};
// --split val measures on the corpus's validation split (where defaults are chosen), --split test
// on its test split (what is reported); the set keeps the name of its split
const splitSet = a.split === 'test' ? 'test-split' : `${a.split}-split`;
if (a['test-split']) sets[splitSet] = runSet(splitSet, chooseTestSplit(resolve(a['test-split']), Number(a.limit)));
if (a.realval) sets.realval = runSet('realval', chooseRealval(resolve(a.realval)));

const stem = a.label ? `density-quality-${a.label}` : 'density-quality';
const outJson = join(root, 'bench', 'results', `${stem}.json`);
atomicWriteFileSync(
  outJson,
  JSON.stringify(
    {
      benchmark: 'density-quality',
      date: new Date().toISOString(),
      machine: machineInfo(),
      command: `npm run bench:density -- ${process.argv.slice(2).join(' ')}`,
      settings: {
        model: model.startsWith(root) ? model.slice(root.length + 1) : model,
        densities,
        methods,
        noise: Number(a.noise),
        resolution: Number(a.resolution),
        smoothIterations: a.smooth === undefined ? 'default' : Number(a.smooth),
        tiles: a.tiles,
        rotations: a.rotations === undefined ? `model default (${modelRotations(model)})` : Number(a.rotations),
        split: a['test-split'] ? a.split : null,
        limitPerFamily: a['test-split'] ? Number(a.limit) : null,
        metricAggregate: 'mean of class means',
        units: 'unit cube; seconds per shape (reconstruction, model loaded)',
      },
      reference: { nodeE0Seconds: r4(nodeSeconds) },
      sets: Object.fromEntries(
        Object.entries(sets).map(([k, v]) => [
          k,
          { ...v, rows: v.rows.map((r) => ({ ...r, secondsOverNodeE0: r4(r.secondsPerShape / nodeSeconds) })) },
        ]),
      ),
    },
    null,
    1,
  ) + '\n',
);

const series: Series[] = [];
for (const [name, s] of Object.entries(sets)) {
  for (const m of methods) {
    const rs = s.rows.filter((r) => r.method === m).sort((x, y) => x.points - y.points);
    if (rs.length)
      series.push({
        name: `${m === 'pcnn-occ' || m === 'pointocc' ? label : m} (${name})`,
        x: rs.map((r) => r.points),
        y: rs.map((r) => r.iou),
      });
  }
}
await writeLineChart(join(root, 'bench', 'results', `${stem}.png`), series, {
  title: 'IoU against input points (noise 0.005, 128³)',
  xLabel: 'input points',
  yLabel: 'IoU (mean of class means)',
  xTicks: densities,
  xLog: true,
  yRange: [0, 1],
});

for (const [name, s] of Object.entries(sets)) {
  console.log(`\n${name}: ${s.shapes} shapes, ${s.categories} categories (model ${label})`);
  console.log('| method | points | IoU | Chamfer-L1 | NC | F@0.01 | s/shape | no surface |\n|---|---|---|---|---|---|---|---|');
  for (const r of s.rows)
    console.log(
      `| ${r.method} | ${r.points} | ${r.iou.toFixed(3)} | ${r.chamferL1.toFixed(4)} | ${r.normalConsistency.toFixed(3)} | ${r.fscore.toFixed(3)} | ${r.secondsPerShape.toFixed(2)} | ${r.noSurface} |`,
    );
}
for (const [name, s] of Object.entries(sets)) {
  const m = methods.includes('pcnn-occ') ? 'pcnn-occ' : methods[0];
  console.log(`\n${name}, ${m}: IoU per shape\n| shape | ${densities.join(' | ')} |\n|---|${densities.map(() => '---|').join('')}`);
  for (const [shape, byMethod] of Object.entries(s.perShape))
    console.log(`| ${shape} | ${densities.map((d) => byMethod[m]?.[d]?.toFixed(3) ?? '–').join(' | ')} |`);
}
console.log(`\nnode -e 0: ${nodeSeconds.toFixed(3)} s. Wrote ${outJson} and ${stem}.png`);
