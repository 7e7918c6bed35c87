// The whole-model part of the neural-engine benchmark (bench/nn.bench.ts runs it last).
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Random } from '../src/geometry/Random.ts';
import { Engine } from '../src/nn/engine/Engine.ts';
import { Tape } from '../src/nn/engine/Tape.ts';
import { loadManifold } from '../src/data/procshapes/manifoldKernel.ts';
import { generateShape } from '../src/data/procshapes/generateShape.ts';
import { procShapesClass } from '../src/data/procshapes/classes/index.ts';
import { sampleSurface } from '../src/geometry/sampleSurface.ts';
import { PcnnOcc, PcnnOccProfile } from '../src/nn/models/pcnnOcc/PcnnOcc.ts';
import { defaultPcnnOccConfig, cpuPcnnOccConfig } from '../src/nn/models/pcnnOcc/PcnnOccConfig.ts';
import { softmaxCrossEntropy } from '../src/nn/ops/softmaxCrossEntropy.ts';
import { saveModel } from '../src/nn/serve/modelIo.ts';
import { OccupancyPredictor } from '../src/nn/serve/occupancy.ts';

/**
 * The whole pcnn-occ network on a real ProcShapes chair (300 surface points; queries as in
 * training: 3/4 near the surface ±0.02, 1/4 ±0.1): one training shape-step = prepare (levels,
 * plans) + forward + backward, single thread, per config, with the per-stage breakdown; then
 * inference (prepareCloud once + evaluate of 100k MISE-like points: half ±0.01 of the surface,
 * half uniform in the padded box) in-thread and with 2 worker threads.
 */
export async function benchModel() {
  const mesh = generateShape(await loadManifold(), procShapesClass('chair')!, 1, 7).mesh;
  const r = new Random(7);
  const input = sampleSurface(mesh, 300, r).positions;
  const queriesOf = (n: number): Float32Array => {
    const q = sampleSurface(mesh, n, r).positions;
    for (let i = 0; i < q.length; i++) q[i] += r.normal() * (i < 0.75 * q.length ? 0.02 : 0.1);
    return q;
  };
  const round1 = (x: number): number => Number(x.toFixed(2));
  const training = [];
  for (const [name, config, nq] of [
    ['paper', defaultPcnnOccConfig(), 2048],
    ['cpu', cpuPcnnOccConfig(), 1024],
    ['cpu-2048', cpuPcnnOccConfig(), 2048],
  ] as const) {
    const me = await Engine.create();
    const model = new PcnnOcc(me, config);
    model.initialize(new Random(1));
    const queries = queriesOf(nq);
    const labels = new Int32Array(nq).map(() => r.int(2));
    const prof = new PcnnOccProfile();
    let prepMs = 0,
      fwdMs = 0,
      bwdMs = 0;
    const WARM = 2,
      RUNS = 7;
    const steps: number[] = [];
    for (let it = 0; it < WARM + RUNS; it++) {
      const m = me.mark();
      const t0 = performance.now();
      const p = model.prepare(input, queries);
      const t1 = performance.now();
      me.zeroGrad(model.params);
      const tp = new Tape(me);
      const loss = softmaxCrossEntropy(tp, model.forward(tp, p, it >= WARM ? prof : undefined), labels);
      const t2 = performance.now();
      tp.backward(loss);
      const t3 = performance.now();
      me.release(m);
      if (it >= WARM) {
        prepMs += t1 - t0;
        fwdMs += t2 - t1;
        bwdMs += t3 - t2;
        steps.push(t3 - t0);
      }
    }
    steps.sort((a, b) => a - b);
    const stepS = steps[steps.length >> 1] / 1000;
    const per = (map: Map<string, number>) => Object.fromEntries([...map].map(([k, v]) => [k, round1(v / RUNS)]));
    training.push({
      config: name,
      widths: config.widths,
      hidden: config.hidden,
      queries: nq,
      parameters: model.parameterCount,
      secondsPerShapeStep: round(stepS),
      shapeStepsPerSecondSingleThread: round(1 / stepS),
      shapeStepsPerSecond2CoresEstimate: round(2 / stepS),
      meanMs: { prepare: round1(prepMs / RUNS), forward: round1(fwdMs / RUNS), backward: round1(bwdMs / RUNS) },
      forwardMsByStage: per(prof.forwardMs),
      backwardMsByStage: per(prof.backwardMs),
    });
  }
  const inference = [];
  const NQ = 100000;
  const near = sampleSurface(mesh, NQ / 2, r).positions;
  const mise = new Float32Array(3 * NQ);
  for (let i = 0; i < near.length; i++) mise[i] = near[i] + r.normal() * 0.01;
  for (let i = near.length; i < 3 * NQ; i++) mise[i] = r.uniform(-0.55, 0.55);
  for (const [name, config] of [
    ['paper', defaultPcnnOccConfig()],
    ['cpu', cpuPcnnOccConfig()],
  ] as const) {
    const me = await Engine.create();
    const model = new PcnnOcc(me, config);
    model.initialize(new Random(1));
    model.releaseCloud(model.prepareCloud(input)); // warm-up
    let t = performance.now();
    const cloud = model.prepareCloud(input);
    const prepMs = performance.now() - t;
    model.evaluate(cloud, mise.subarray(0, 3 * 4096)); // warm-up
    t = performance.now();
    model.evaluate(cloud, mise);
    const evalS = (performance.now() - t) / 1000;
    model.releaseCloud(cloud);
    const dir = mkdtempSync(join(tmpdir(), 'pointocc-bench-'));
    saveModel(dir, model);
    const pool = await OccupancyPredictor.create(dir, { workers: 2 });
    await pool.predict(input, mise.subarray(0, 3 * 8192)); // start-up + warm-up
    t = performance.now();
    await pool.predict(input, mise); // a fresh cloud: each worker prepares it, then evaluates its half
    const poolS = (performance.now() - t) / 1000;
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
    inference.push({
      config: name,
      queries: NQ,
      prepareCloudMs: round1(prepMs),
      queriesPerSecondSingleThread: Math.round(NQ / evalS),
      queriesPerSecond2Workers: Math.round(NQ / poolS),
      note: '2 workers: wall time including the per-worker prepareCloud of a new cloud',
    });
  }
  return {
    /** 1-minute load average after the model runs (other processes on the 2 cores slow every figure). */
    loadAverage1mAfter: Number(loadavg()[0].toFixed(2)),
    shape: 'procshapes chair #1 (seed 7), 300 surface points',
    training,
    inference,
    note: 'single-thread figures; the 2-core training estimate assumes 2 data-parallel workers at the single-thread rate',
  };
}

function round(x: number): number {
  return Number(x.toPrecision(4));
}
