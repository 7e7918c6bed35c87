// Queue throughput benchmark (`npm run bench:queue` → bench/results/queue.json and a summary on
// stdout): jobs per minute of `pointocc queue` with 1 and with 2 worker processes on this machine,
// against plain `pointocc reconstruct --batch` on the same clouds in the same run.
//
// Data: the bundled examples (examples/*.xyz, 5 shapes of 300 to 3000 points) copied
// BENCH_COPIES times (default 4: 20 clouds), reconstructed at the shipped defaults (default
// model, 128³). Redis: Debian's redis-server on a loopback port, started here. Each worker runs
// `queue worker --until-empty` with the defaults (1 job at a time, network threads = cores); the
// clock runs from the submit (included) until the last worker has exited, so worker start-up and
// model loading count, as they do for --batch (one process, model loaded once). Every queue mesh
// is checked to be byte-identical to --batch's. Runs BENCH_REPEATS times (default 1),
// interleaved; medians.
// The CLI runs from dist/: `npm run build` first (the script does).
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn, spawnSync } from 'node:child_process';
import { atomicWriteFileSync } from '../src/io/atomicWrite.ts';
import { machineInfo } from './machineInfo.ts';
import { startRedis } from '../test/cli/queue/redisServer.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'pointocc.js');
const repeats = Number(process.env.BENCH_REPEATS ?? 1);
const copies = Number(process.env.BENCH_COPIES ?? 4);
const out = process.env.BENCH_OUT ?? join(root, 'bench', 'results', 'queue.json');
const tmp = mkdtempSync(join(tmpdir(), 'pointocc-bench-queue-'));

const inDir = join(tmp, 'clouds');
mkdirSync(inDir);
const examples = readdirSync(join(root, 'examples'))
  .filter((f) => f.endsWith('.xyz'))
  .sort();
for (let c = 0; c < copies; c++)
  for (const e of examples) copyFileSync(join(root, 'examples', e), join(inDir, `${basename(e, '.xyz')}-${c}.xyz`));
const clouds = readdirSync(inDir).length;
const points = examples.map(
  (e) =>
    readFileSync(join(root, 'examples', e), 'utf8')
      .trim()
      .split('\n').length,
);
// Other work on the machine slows every figure: the load is recorded before and after.
const loadAtStart = machineInfo().loadAverage1m;

const r3 = (v: number): number => Number(v.toFixed(3));
const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function runSync(args: string[]): void {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pointocc ${args.join(' ')}: exit ${r.status}: ${r.stderr.slice(-500)}`);
}

function runAsync(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => {
      err += d;
    });
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`pointocc ${args.join(' ')}: exit ${code}: ${err.slice(-500)}`))));
  });
}

const redis = await startRedis();
const meshes = (d: string): string[] =>
  readdirSync(d)
    .filter((f) => f.endsWith('.ply'))
    .sort();
const batchSeconds: number[] = [];
const queueSeconds: Record<number, number[]> = { 1: [], 2: [] };
let identical = true;
let refDir = '';
try {
  runSync(['--help']); // warm the file cache
  for (let r = 0; r < repeats; r++) {
    refDir = join(tmp, `batch-${r}`);
    let t = performance.now();
    runSync(['reconstruct', '--batch', inDir, refDir, '--no-progress']);
    batchSeconds.push((performance.now() - t) / 1000);
    for (const k of [1, 2]) {
      const q = `bench-${r}-${k}`;
      const outDir = join(tmp, q);
      t = performance.now();
      runSync(['queue', 'submit', '--redis', redis.url, '--queue', q, inDir, outDir]);
      await Promise.all(
        Array.from({ length: k }, () => runAsync(['queue', 'worker', '--redis', redis.url, '--queue', q, '--until-empty', '--quiet'])),
      );
      queueSeconds[k].push((performance.now() - t) / 1000);
      const names = meshes(outDir);
      identical &&= names.length === clouds && names.every((f) => readFileSync(join(outDir, f)).equals(readFileSync(join(refDir, f))));
    }
    process.stderr.write(
      `bench:queue: round ${r + 1} of ${repeats}: batch ${r3(batchSeconds[r])} s, 1 worker ${r3(queueSeconds[1][r])} s, 2 workers ${r3(queueSeconds[2][r])} s\n`,
    );
  }
} finally {
  await redis.stop();
}

const perMin = (s: number): number => r3((60 * clouds) / s);
const batch = median(batchSeconds),
  q1 = median(queueSeconds[1]),
  q2 = median(queueSeconds[2]);
const bytesIn = readdirSync(inDir).reduce((a, f) => a + statSync(join(inDir, f)).size, 0) / clouds;
const bytesOut = readdirSync(refDir).reduce((a, f) => a + statSync(join(refDir, f)).size, 0) / clouds;
const best = Math.max(perMin(q1), perMin(q2));
const result = {
  bench: 'queue',
  date: new Date().toISOString(),
  machine: { ...machineInfo(), loadAverage1mAtStart: loadAtStart },
  settings: {
    clouds,
    data: `examples/*.xyz (${examples.length} shapes: ${examples.map((e, i) => `${basename(e, '.xyz')} ${points[i]}`).join(', ')} points) × ${copies} copies`,
    resolution: 128,
    model: 'models/pcnn-occ-procshapes (default)',
    repeats,
    redis: 'Debian redis-server on 127.0.0.1, no persistence',
    worker: 'queue worker --until-empty, concurrency 1, network threads = cores',
    clock: 'from the submit until the last worker process exits (start-up and model loading included)',
  },
  batch: { seconds: r3(batch), jobsPerMinute: perMin(batch), runs: batchSeconds.map(r3) },
  queue1Worker: { seconds: r3(q1), jobsPerMinute: perMin(q1), ratioToBatch: r3(batch / q1), runs: queueSeconds[1].map(r3) },
  queue2Workers: { seconds: r3(q2), jobsPerMinute: perMin(q2), ratioToBatch: r3(batch / q2), runs: queueSeconds[2].map(r3) },
  identicalToBatch: identical,
  // What one job moves through the shared storage: the cloud read, the mesh and report written.
  meanBytesPerJob: { input: Math.round(bytesIn), outputs: Math.round(bytesOut) },
  // k machines like this one: k × the better of the two per-machine rates (see docs/queue.md).
  kMachineModel: Object.fromEntries([1, 2, 4, 8, 16, 32].map((k) => [k, r3(k * best)])),
};
atomicWriteFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(
  `${clouds} clouds at 128³ on ${result.machine.cores} cores (load ${loadAtStart} at the start, ${result.machine.loadAverage1m} at the end):`,
);
console.log(`reconstruct --batch: ${result.batch.seconds} s, ${result.batch.jobsPerMinute} jobs/min`);
console.log(
  `queue, 1 worker:     ${result.queue1Worker.seconds} s, ${result.queue1Worker.jobsPerMinute} jobs/min (${result.queue1Worker.ratioToBatch}× batch)`,
);
console.log(
  `queue, 2 workers:    ${result.queue2Workers.seconds} s, ${result.queue2Workers.jobsPerMinute} jobs/min (${result.queue2Workers.ratioToBatch}× batch)`,
);
console.log(`meshes identical to --batch: ${identical}`);
console.log(`wrote ${out}`);
