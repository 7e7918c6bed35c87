// Reconstruction benchmark (`npm run bench:recon` → bench/results/recon.json + a summary on stdout).
//
// Inputs: ProcShapes-13 shapes (seed 0, index 0 of each class), 300 surface points each with
// N(0, 0.005²) noise per axis (docs/design.md §2–3), in the unit-cube frame.
//
// Three parts:
// 1. model: `reconstruct` with the OccupancyPredictor (worker threads, default = cores) of
//    models/pcnn-occ-corpus/ if it exists, else a randomly initialised default-config model
//    (the JSON says which). Per shape: seconds, MISE evaluations, model queries, network /
//    MISE bookkeeping / marching-cubes seconds, faces, watertight; queries/s = queries / network s.
// 2. ground truth: the same pipeline with the exact occupancy of the shape's mesh (an inside
//    test) in place of the network: how many points MISE evaluates for the true surface and what
//    the pipeline costs without the network. A random model's surface is not the shape's, so
//    its MISE counts are not representative; `projected` combines the measured queries/s with
//    the true-surface counts: seconds per shape a model as fast as this one would need once it
//    predicts the right surface. With the trained model, `model.secondsPerShape` (all 13 classes
//    at both resolutions) is the measured figure for the targets; `projected` stays as a bound
//    for a model whose surfaces carry as much detail as the true ones.
// 3. peak resident memory (process.memoryUsage().rss, workers included, sampled every 10 ms).
//
// Environment: BENCH_SHAPES (shapes with the model at 128³; default all 13 with the trained
// model, 4 with a random one), BENCH_SHAPES_256 (default 13 / 2), BENCH_WORKERS (default: cores), BENCH_MODEL (a model folder instead of the default),
// BENCH_CONFIG=cpu (random model with cpuPcnnOccConfig instead of the paper's sizes),
// BENCH_OUT (result file, default bench/results/recon.json).
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { atomicWriteFileSync } from '../src/io/atomicWrite.ts';
import { Random } from '../src/geometry/Random.ts';
import { sampleSurface } from '../src/geometry/sampleSurface.ts';
import { insideMesh } from '../src/geometry/inside.ts';
import type { Mesh } from '../src/geometry/Mesh.ts';
import { loadManifold } from '../src/data/procshapes/manifoldKernel.ts';
import { generateShape } from '../src/data/procshapes/generateShape.ts';
import { PROCSHAPES_CLASSES } from '../src/data/procshapes/classes/index.ts';
import { Engine } from '../src/nn/engine/Engine.ts';
import { PcnnOcc } from '../src/nn/models/pcnnOcc/PcnnOcc.ts';
import { saveModel } from '../src/nn/serve/modelIo.ts';
import { cpuPcnnOccConfig, defaultPcnnOccConfig } from '../src/nn/models/pcnnOcc/PcnnOccConfig.ts';
import { OccupancyPredictor, createEvaluator } from '../src/nn/serve/occupancy.ts';
import { reconstruct, type ReconstructStats } from '../src/recon/reconstruct.ts';
import type { OccupancyModel } from '../src/recon/OccupancyModel.ts';
import { machineInfo } from './machineInfo.ts';

const here = dirname(fileURLToPath(import.meta.url));
const machine = machineInfo();
const date = new Date().toISOString();
const workers = Number(process.env.BENCH_WORKERS ?? availableParallelism());

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 10);
const MiB = (b: number): number => Number((b / 2 ** 20).toFixed(1));
const r3 = (v: number): number => Number(v.toFixed(3));

// ---- inputs
const k = await loadManifold();
const noise = new Random(12345);
const shapes: Array<{ id: string; mesh: Mesh; cloud: Float32Array }> = [];
for (const cls of PROCSHAPES_CLASSES) {
  const s = generateShape(k, cls, 0, 0);
  const { positions } = sampleSurface(s.mesh, 300, noise);
  const cloud = positions.map((v) => v + noise.normal(0, 0.005));
  shapes.push({ id: s.id, mesh: s.mesh, cloud });
}
console.error(`inputs: ${shapes.length} ProcShapes shapes, 300 noisy points each`);

// ---- model
const trainedDir = process.env.BENCH_MODEL ?? join(here, '..', 'models', 'pcnn-occ-corpus');
let modelDir = trainedDir;
let modelKind: string;
if (existsSync(join(trainedDir, 'config.json'))) {
  modelKind = `trained model at ${process.env.BENCH_MODEL ?? 'models/pcnn-occ-corpus/'} (${JSON.parse(readFileSync(join(trainedDir, 'config.json'), 'utf8')).trainedOn ?? 'training set not recorded'})`;
} else {
  // BENCH_CONFIG=cpu: the halved-width config (cpuPcnnOccConfig) instead of the paper's sizes.
  const cpu = process.env.BENCH_CONFIG === 'cpu';
  modelDir = mkdtempSync(join(tmpdir(), 'pointocc-bench-model-'));
  const m = new PcnnOcc(await Engine.create(), cpu ? cpuPcnnOccConfig() : defaultPcnnOccConfig());
  m.initialize(new Random(0));
  saveModel(modelDir, m);
  modelKind = `randomly initialised ${cpu ? 'cpuPcnnOccConfig (halved widths, hidden 128)' : 'default-config (paper sizes)'} model (no models/pcnn-occ-procshapes/ yet): network cost is real, its surface is not`;
}
// With the trained model every class is timed at both resolutions (its surfaces are the ones a
// user gets); a random model's surfaces are not, so a few shapes suffice for its cost.
const trained = modelDir === trainedDir;
const nShapes = Number(process.env.BENCH_SHAPES ?? (trained ? shapes.length : 4));
const nShapes256 = Number(process.env.BENCH_SHAPES_256 ?? (trained ? shapes.length : 2));
const predictor = await OccupancyPredictor.create(modelDir, { workers });
console.error(`model: ${modelKind}; ${predictor.workers} worker threads`);

interface Row {
  /** cpuSeconds: CPU time of the whole process (all threads) during the reconstruction; robust
   *  to other load on the machine, unlike the wall-clock seconds. */
  shape: string;
  resolution: number;
  seconds: number;
  cpuSeconds: number;
  evaluations: number;
  queries: number;
  rounds: number;
  networkSeconds: number;
  miseSeconds: number;
  marchingCubesSeconds: number;
  faces: number;
  watertight: boolean;
}
const row = (id: string, s: ReconstructStats, cpu: NodeJS.CpuUsage): Row => ({
  shape: id,
  resolution: s.resolution,
  seconds: r3(s.seconds.total),
  cpuSeconds: r3((cpu.user + cpu.system) / 1e6),
  evaluations: s.evaluations,
  queries: s.queries,
  rounds: s.rounds,
  networkSeconds: r3(s.seconds.network),
  miseSeconds: r3(s.seconds.mise),
  marchingCubesSeconds: r3(s.seconds.marchingCubes),
  faces: s.faces,
  watertight: s.watertight,
});

// Warm-up: the workers compile the kernels and touch their memory once.
await reconstruct(shapes[0].cloud, predictor, { resolution: 32, bind: (c) => createEvaluator(predictor, c) });

const modelRows: Row[] = [];
for (const [resolution, count] of [
  [128, nShapes],
  [256, nShapes256],
] as const) {
  for (const s of shapes.slice(0, count)) {
    const c0 = process.cpuUsage();
    const { stats } = await reconstruct(s.cloud, predictor, { resolution, bind: (c) => createEvaluator(predictor, c) });
    modelRows.push(row(s.id, stats, process.cpuUsage(c0)));
    console.error(
      `model ${resolution}³ ${s.id}: ${stats.seconds.total.toFixed(2)} s, ${stats.queries} queries (${(stats.queries / stats.seconds.network).toFixed(0)}/s), ${stats.faces} faces`,
    );
  }
}
await predictor.close();

// ---- ground-truth occupancy: MISE counts of the true surface, pipeline cost without a network
const truthRows: Row[] = [];
let insideSeconds = 0;
for (const resolution of [128, 256]) {
  for (const s of shapes) {
    const exact: OccupancyModel = {
      threshold: 0.5,
      config: { inputPoints: 300 },
      predict: (_input, q) => {
        const t = performance.now();
        const r = Float32Array.from(insideMesh(s.mesh, q));
        insideSeconds += (performance.now() - t) / 1000;
        return r;
      },
    };
    // The cloud's bounding box is not exactly the mesh's; the mesh is already in the unit cube,
    // so feed its own normalised frame: a cloud whose bbox is the mesh's (its vertices).
    const c0 = process.cpuUsage();
    const { stats } = await reconstruct(s.mesh.positions, exact, { resolution });
    truthRows.push(row(s.id, stats, process.cpuUsage(c0)));
  }
}
clearInterval(sampler);

// ---- summaries
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const summary = (resolution: number) => {
  const m = modelRows.filter((r) => r.resolution === resolution);
  const t = truthRows.filter((r) => r.resolution === resolution);
  const qps = m.reduce((a, r) => a + r.queries, 0) / m.reduce((a, r) => a + r.networkSeconds, 0);
  const qpc = m.reduce((a, r) => a + r.queries, 0) / m.reduce((a, r) => a + r.cpuSeconds, 0);
  const overhead = mean(t.map((r) => r.seconds - r.networkSeconds));
  const trueEvals = mean(t.map((r) => r.evaluations));
  return {
    resolution,
    model: {
      shapes: m.length,
      secondsPerShape: r3(mean(m.map((r) => r.seconds))),
      cpuSecondsPerShape: r3(mean(m.map((r) => r.cpuSeconds))),
      maxSecondsPerShape: r3(Math.max(...m.map((r) => r.seconds))),
      queriesPerSecond: Math.round(qps),
      queriesPerCpuSecond: Math.round(qpc),
      evaluationsPerShape: Math.round(mean(m.map((r) => r.evaluations))),
      networkSecondsPerShape: r3(mean(m.map((r) => r.networkSeconds))),
      miseSecondsPerShape: r3(mean(m.map((r) => r.miseSeconds))),
      marchingCubesSecondsPerShape: r3(mean(m.map((r) => r.marchingCubesSeconds))),
    },
    groundTruthOccupancy: {
      shapes: t.length,
      evaluationsPerShape: Math.round(trueEvals),
      pipelineSecondsWithoutNetwork: r3(overhead),
      marchingCubesSecondsPerShape: r3(mean(t.map((r) => r.marchingCubesSeconds))),
    },
    projected: {
      secondsPerShape: r3(trueEvals / qps + overhead),
      detail: 'true-surface MISE evaluations / measured queries per second + pipeline seconds without the network',
      quietSecondsPerShape: r3(trueEvals / (qpc * predictor.workers) + overhead),
      quietDetail: `the same with queries per CPU-second × ${predictor.workers} workers: the wall time on a machine with no other load, if the workers scale perfectly`,
    },
    target: resolution === 128 ? 1.0 : 4.0,
  };
};
const result = {
  benchmark: 'recon',
  date,
  machine,
  workers: predictor.workers,
  model: modelKind,
  inputs: '300 surface points + N(0, 0.005²) noise per ProcShapes-13 shape (seed 0, index 0 per class), unit-cube units',
  summary: [summary(128), summary(256)],
  peakRssMiB: MiB(peakRss),
  insideTestSeconds: r3(insideSeconds),
  perShape: { model: modelRows, groundTruthOccupancy: truthRows },
};
atomicWriteFileSync(process.env.BENCH_OUT ?? join(here, 'results', 'recon.json'), `${JSON.stringify(result, null, 2)}\n`);
for (const s of result.summary) {
  console.log(
    `${s.resolution}³: model ${s.model.secondsPerShape} s/shape over ${s.model.shapes} shapes (max ${s.model.maxSecondsPerShape}; ${s.model.queriesPerSecond} queries/s, ${s.model.evaluationsPerShape} evaluations); ` +
      `true surface ${s.groundTruthOccupancy.evaluationsPerShape} evaluations, pipeline without network ${s.groundTruthOccupancy.pipelineSecondsWithoutNetwork} s; ` +
      `projected ${s.projected.secondsPerShape} s/shape, ${s.projected.quietSecondsPerShape} s on a quiet machine (target ${s.target} s)`,
  );
}
console.log(
  `peak RSS ${result.peakRssMiB} MiB; load average at start ${machine.loadAverage1m}; → ${process.env.BENCH_OUT ?? 'bench/results/recon.json'}`,
);
