// Start-up and end-to-end CLI benchmark (`npm run bench:startup` → bench/results/startup.json
// and a summary on stdout).
//
// What a user waits for, as whole processes started from a shell:
// 1. `node -e 0` (the floor: Node's own start-up) and `pointocc --help` (the CLI's start-up);
// 2. in-process: loading the default model and starting its worker threads (`loadModel`);
// 3. per bundled example (examples/*.xyz, 300 points each): `pointocc reconstruct X -o Y` on the
//    shipped defaults (128³, 2 worker threads on 2 cores), and, when Debian's python3-open3d is
//    installed, `/usr/bin/python3 scripts/open3d-poisson.py X Y` (PCA normals + MST orientation
//    + screened Poisson depth 8) on the same file in the same run.
// Each command runs BENCH_REPEATS times (default 5), interleaved so drift hits all alike; the
// figures are medians of wall seconds; peak RSS from /usr/bin/time -f %M where present.
// The CLI runs from dist/ (what `npm ci` builds); run `npm run build` after changing src/.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { atomicWriteFileSync } from '../src/io/atomicWrite.ts';
import { machineInfo } from './machineInfo.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const repeats = Number(process.env.BENCH_REPEATS ?? 5);
const out = process.env.BENCH_OUT ?? join(root, 'bench', 'results', 'startup.json');
const tmp = mkdtempSync(join(tmpdir(), 'pointocc-startup-'));
const bin = join(root, 'bin', 'pointocc.js');
const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const python = '/usr/bin/python3';
const hasOpen3d = existsSync(python) && spawnSync(python, ['-c', 'import open3d'], { stdio: 'ignore' }).status === 0;
if (!existsSync(join(root, 'dist', 'index.js'))) throw new Error('bench:startup: dist/ is missing: run `npm run build`');

interface Run {
  seconds: number;
  peakMiB: number | null;
}

/** Runs a command to completion; wall seconds and peak RSS (MiB) of the process tree's largest. */
function timed(cmd: string, args: string[]): Run {
  const argv = timeBin ? [timeBin, '-f', '%M', cmd, ...args] : [cmd, ...args];
  const t = performance.now();
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', cwd: root });
  const seconds = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}: ${r.stderr.slice(-500)}`);
  const kb = timeBin ? Number(r.stderr.trim().split('\n').pop()) : NaN;
  return { seconds, peakMiB: Number.isFinite(kb) ? Number((kb / 1024).toFixed(1)) : null };
}

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const r3 = (v: number): number => Number(v.toFixed(3));
const summary = (runs: Run[]) => ({
  medianSeconds: r3(median(runs.map((r) => r.seconds))),
  minSeconds: r3(Math.min(...runs.map((r) => r.seconds))),
  maxSeconds: r3(Math.max(...runs.map((r) => r.seconds))),
  peakMiB: runs[0].peakMiB === null ? null : Math.max(...runs.map((r) => r.peakMiB ?? 0)),
});

const examples = readdirSync(join(root, 'examples'))
  .filter((f) => f.endsWith('.xyz'))
  .sort();
const nodeRuns: Run[] = [],
  helpRuns: Run[] = [];
const cli: Record<string, Run[]> = {},
  o3d: Record<string, Run[]> = {};
for (const e of examples) {
  cli[e] = [];
  o3d[e] = [];
}

// Warm the file cache once (the first run of anything reads node_modules from disk).
timed(process.execPath, [bin, '--help']);
for (let r = 0; r < repeats; r++) {
  nodeRuns.push(timed(process.execPath, ['-e', '0']));
  helpRuns.push(timed(process.execPath, [bin, '--help']));
  for (const e of examples) {
    const input = join(root, 'examples', e);
    cli[e].push(timed(process.execPath, [bin, 'reconstruct', input, '-o', join(tmp, `${e}.ply`), '--no-progress']));
    if (hasOpen3d) o3d[e].push(timed(python, [join(root, 'scripts', 'open3d-poisson.py'), input, join(tmp, `${e}.o3d.ply`)]));
  }
  process.stderr.write(`bench:startup: round ${r + 1} of ${repeats} done\n`);
}

// Model load + worker start, in process (what `reconstruct` pays before its first query).
const distIndex = pathToFileURL(join(root, 'dist', 'index.js')).href;
const { loadModel } = (await import(distIndex)) as typeof import('../src/index.ts');
const loads: number[] = [];
for (let r = 0; r < repeats; r++) {
  const t = performance.now();
  const m = await loadModel(undefined, {});
  loads.push((performance.now() - t) / 1000);
  await m.close();
}

const nodeS = median(nodeRuns.map((r) => r.seconds));
const perShape = examples.map((e) => {
  const c = summary(cli[e]);
  const p = hasOpen3d ? summary(o3d[e]) : null;
  const points = readFileSync(join(root, 'examples', e), 'utf8')
    .trim()
    .split('\n').length;
  return { example: e, points, pointocc: c, open3dPoisson: p, ratioToOpen3d: p ? r3(c.medianSeconds / p.medianSeconds) : null };
});
const meanOf = (f: (s: (typeof perShape)[number]) => number | null, only300 = false): number | null => {
  const v = perShape
    .filter((s) => !only300 || s.points === 300)
    .map(f)
    .filter((x): x is number => x !== null);
  return v.length ? r3(v.reduce((a, b) => a + b, 0) / v.length) : null;
};
const cliMean = meanOf((s) => s.pointocc.medianSeconds)!;
const o3dMean = meanOf((s) => s.open3dPoisson?.medianSeconds ?? null);
const result = {
  bench: 'startup',
  date: new Date().toISOString(),
  machine: machineInfo(),
  settings: {
    repeats,
    examples: examples.length,
    pointsPerExample: 300,
    resolution: 128,
    cli: 'node bin/pointocc.js (dist/)',
    open3d: hasOpen3d ? 'python3-open3d (Debian), scripts/open3d-poisson.py' : 'not installed',
  },
  nodeE0: summary(nodeRuns),
  help: { ...summary(helpRuns), ratioToNode: r3(median(helpRuns.map((r) => r.seconds)) / nodeS) },
  modelLoadSeconds: { median: r3(median(loads)), min: r3(Math.min(...loads)), max: r3(Math.max(...loads)) },
  reconstruct: {
    perShape,
    meanSecondsPerShape: cliMean,
    ratioToNode: r3(cliMean / nodeS),
    open3dMeanSecondsPerShape: o3dMean,
    ratioToOpen3d: o3dMean === null ? null : r3(cliMean / o3dMean),
    // The issue's goal is stated per 300-point shape: the examples of exactly 300 points.
    meanSecondsPer300PointShape: meanOf((s) => s.pointocc.medianSeconds, true),
    open3dMeanSecondsPer300PointShape: meanOf((s) => s.open3dPoisson?.medianSeconds ?? null, true),
  },
};
atomicWriteFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(`node -e 0: ${r3(nodeS)} s; pointocc --help: ${result.help.medianSeconds} s (${result.help.ratioToNode}× node)`);
console.log(`model load + workers: ${result.modelLoadSeconds.median} s (median of ${repeats})`);
for (const s of perShape)
  console.log(
    `${s.example} (${s.points} points): pointocc ${s.pointocc.medianSeconds} s (${s.pointocc.peakMiB} MiB)${s.open3dPoisson ? `, Open3D Poisson ${s.open3dPoisson.medianSeconds} s (${s.open3dPoisson.peakMiB} MiB), ratio ${s.ratioToOpen3d}` : ''}`,
  );
console.log(
  `mean per shape: pointocc ${cliMean} s${o3dMean !== null ? `, Open3D Poisson ${o3dMean} s, ratio ${result.reconstruct.ratioToOpen3d}` : ''}`,
);
console.log(
  `300-point shapes: pointocc ${result.reconstruct.meanSecondsPer300PointShape} s, Open3D Poisson ${result.reconstruct.open3dMeanSecondsPer300PointShape} s`,
);
console.log(`wrote ${out}`);
