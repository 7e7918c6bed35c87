// Density-scaled levels (docs/design.md §10): cost of the pcnn-occ model (cpu widths + the default
// `density` part) against the input size N0, single thread, on a real ProcShapes chair.
//  - levels: levelsOf alone (FPS + nearest-point segments: plain JS, O(N0·N1));
//  - inference: prepareCloud (levels, plans, the 7 fields H) + evaluate of 32 768 MISE-like
//    queries (half ±0.01 of the surface, half uniform in the padded box); per-query cost =
//    evaluate time / 32 768 — it should not grow with N0 (σ ∝ 1/√N keeps the centres within
//    the cut-off about constant);
//  - training: one shape-step (prepare + forward + backward) at 2048 queries (the training
//    setting), and at 512 and 8192: (t8192 − t512) / 7680 is the per-query part, the rest of
//    the 2048-query step the per-cloud part.
// Run: node --import tsx bench/density.bench.ts [N0 …]  →  bench/results/density.json (+ a table).
import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { atomicWriteFileSync } from '../src/io/atomicWrite.ts';
import { Random } from '../src/geometry/Random.ts';
import { Engine } from '../src/nn/engine/Engine.ts';
import { Tape } from '../src/nn/engine/Tape.ts';
import { loadManifold } from '../src/data/procshapes/manifoldKernel.ts';
import { generateShape } from '../src/data/procshapes/generateShape.ts';
import { procShapesClass } from '../src/data/procshapes/classes/index.ts';
import { sampleSurface } from '../src/geometry/sampleSurface.ts';
import { PcnnOcc } from '../src/nn/models/pcnnOcc/PcnnOcc.ts';
import { cpuPcnnOccConfig, validateConfig, levelSizesFor } from '../src/nn/models/pcnnOcc/PcnnOccConfig.ts';
import { softmaxCrossEntropy } from '../src/nn/ops/softmaxCrossEntropy.ts';
import { machineInfo } from './machineInfo.ts';

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n >= 16);
const N0S = sizes.length ? sizes : [300, 1000, 3000, 10_000];
const NQ_INFER = 32_768;
const round = (x: number, d = 3): number => Number(x.toPrecision(d + 1));

/** Fastest of `reps` timed runs (ms) after `warm` untimed ones: the machine is shared, and
 *  other processes only ever add time. */
function fastest(fn: () => void, warm: number, reps: number): number {
  for (let i = 0; i < warm; i++) fn();
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

const mesh = generateShape(await loadManifold(), procShapesClass('chair')!, 1, 7).mesh;
const r = new Random(7);
const config = validateConfig({ ...cpuPcnnOccConfig(), density: {} });
const nearQueries = (n: number, std: number): Float32Array => {
  const q = sampleSurface(mesh, n, r).positions;
  for (let i = 0; i < q.length; i++) q[i] += r.normal() * std;
  return q;
};
// MISE-like inference queries; training queries as in the cache (3/4 ±0.02 of the surface, 1/4 ±0.1)
const infer = new Float32Array(3 * NQ_INFER);
infer.set(nearQueries(NQ_INFER / 2, 0.01));
for (let i = 3 * (NQ_INFER / 2); i < infer.length; i++) infer[i] = r.uniform(-0.55, 0.55);
const QMAX = 8192;
const trainQ = new Float32Array(3 * QMAX);
for (let at = 0; at < QMAX; at += 2048) {
  // blocks of 2048 queries as the cache holds them: 3/4 near, 1/4 far
  trainQ.set(nearQueries(1536, 0.02), 3 * at);
  trainQ.set(nearQueries(512, 0.1), 3 * (at + 1536));
}
const labels = new Int32Array(QMAX).map(() => r.int(2));

const rows = [];
for (const n0 of N0S) {
  const input = sampleSurface(mesh, n0, r).positions;
  for (let i = 0; i < input.length; i++) input[i] += r.normal() * 0.005;
  const e = await Engine.create();
  const model = new PcnnOcc(e, config);
  model.initialize(new Random(1));
  const big = n0 >= 5000;
  const levelsMs = fastest(() => model.levelsOf(input), 1, big ? 3 : 5);
  const prepareCloudMs = fastest(() => model.releaseCloud(model.prepareCloud(input)), 1, 3);
  const used0 = e.used;
  const cloud = model.prepareCloud(input);
  const cloudMiB = (e.used - used0) / 2 ** 20;
  model.evaluate(cloud, infer.subarray(0, 3 * 4096)); // warm-up
  const evaluateMs = fastest(() => model.evaluate(cloud, infer), 0, 3);
  model.releaseCloud(cloud);
  const step = (q: number): { total: number; prepare: number; forward: number; backward: number } => {
    const out = { total: 0, prepare: 0, forward: 0, backward: 0 };
    const runs: (typeof out)[] = [];
    for (let it = 0; it < (big ? 4 : 7); it++) {
      const m = e.mark();
      const t0 = performance.now();
      const p = model.prepare(input, trainQ.subarray(0, 3 * q));
      const t1 = performance.now();
      e.zeroGrad(model.params);
      const tp = new Tape(e);
      const loss = softmaxCrossEntropy(tp, model.forward(tp, p), labels.subarray(0, q));
      const t2 = performance.now();
      tp.backward(loss);
      const t3 = performance.now();
      e.release(m);
      if (it >= 1) runs.push({ total: t3 - t0, prepare: t1 - t0, forward: t2 - t1, backward: t3 - t2 });
    }
    runs.sort((a, b) => a.total - b.total);
    return runs[0];
  };
  const s2048 = step(2048),
    s512 = step(512),
    s8192 = step(QMAX);
  const wasmMiB = e.memory.buffer.byteLength / 2 ** 20;
  const perQueryTrainUs = ((s8192.total - s512.total) / (QMAX - 512)) * 1000;
  const row = {
    n0,
    levelSizes: levelSizesFor(config, n0),
    levelsMs: round(levelsMs),
    inference: {
      prepareCloudMs: round(prepareCloudMs),
      cloudStateMiB: round(cloudMiB),
      evaluateMs: round(evaluateMs),
      queries: NQ_INFER,
      usPerQuery: round((evaluateMs / NQ_INFER) * 1000),
      totalMs: round(prepareCloudMs + evaluateMs),
    },
    training: {
      stepMs2048: round(s2048.total),
      prepareMs: round(s2048.prepare),
      forwardMs: round(s2048.forward),
      backwardMs: round(s2048.backward),
      stepMs512: round(s512.total),
      stepMs8192: round(s8192.total),
      usPerQuery: round(perQueryTrainUs),
      perCloudMs: round(s2048.total - (2048 * perQueryTrainUs) / 1000),
      wasmMemoryMiB: round(wasmMiB),
    },
  };
  rows.push(row);
  console.log(
    `N0 ${n0} levels ${row.levelSizes.join('/')}: levelsOf ${row.levelsMs} ms | inference prepareCloud ${row.inference.prepareCloudMs} ms (${row.inference.cloudStateMiB} MiB) + ${NQ_INFER} queries ${row.inference.evaluateMs} ms (${row.inference.usPerQuery} µs/query) | training step@2048 ${row.training.stepMs2048} ms (prepare ${row.training.prepareMs}, forward ${row.training.forwardMs}, backward ${row.training.backwardMs}), @512 ${row.training.stepMs512} ms, @8192 ${row.training.stepMs8192} ms → ${row.training.usPerQuery} µs/query + ${row.training.perCloudMs} ms/cloud`,
  );
}

const result = {
  date: new Date().toISOString(),
  machine: machineInfo(),
  loadAverage1mAfter: Number(loadavg()[0].toFixed(2)),
  model: { widths: config.widths, hidden: config.hidden, density: config.density },
  shape: 'procshapes chair #1 (seed 7), surface samples + N(0, 0.005²) noise',
  rows,
  note: 'single thread; fastest of several runs (shared machine); per-query training cost from the 512- and 8192-query steps; cloudStateMiB: arena bytes of one prepared cloud; wasmMemoryMiB: the engine memory after the training steps',
};
const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'density.json');
mkdirSync(dirname(out), { recursive: true });
atomicWriteFileSync(out, JSON.stringify(result, null, 2) + '\n');
console.log(`→ ${out}`);
