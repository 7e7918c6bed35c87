// Neural-engine benchmark: the WASM-SIMD kernel ceiling measured in this run, then GFLOP/s of the
// hot kernels as figures and as fractions of that ceiling, plus the per-cloud plan cost and one
// PCNN dual-restriction block. Single thread, medians of several timed runs after warm-up (V8
// first runs WASM in its baseline compiler and tiers up to TurboFan after a few calls).
// Last: the whole pcnn-occ model (training shape-step cost per config, inference queries/s).
// Run: npm run bench:nn  →  bench/results/nn.json (+ a table on stdout).
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { atomicWriteFileSync } from '../src/io/atomicWrite.ts';
import { Random } from '../src/geometry/Random.ts';
import { Engine } from '../src/nn/engine/Engine.ts';
import { Tape } from '../src/nn/engine/Tape.ts';
import { SparsePlan } from '../src/nn/pcnn/SparsePlan.ts';
import { mortonOrder } from '../src/nn/pcnn/mortonOrder.ts';
import { PcnnLevel } from '../src/nn/pcnn/PcnnLevel.ts';
import { pcnnField } from '../src/nn/pcnn/pcnnField.ts';
import { sparseGather } from '../src/nn/ops/sparseGather.ts';
import { biasAct } from '../src/nn/ops/biasAct.ts';
import { buildRestrictionPlan } from '../src/nn/pcnn/restrictionPlan.ts';
import type { Csr } from '../src/nn/pcnn/Csr.ts';
import { machineInfo } from './machineInfo.ts';
import { benchModel } from './nnModel.ts';
import { nearestCsr } from './nearestCsr.ts';
import { benchPlanBuilders } from './nnPlanBuilders.ts';

const machine = machineInfo();
const date = new Date().toISOString();
const REPS = 11;

/** Median wall time in ms of `fn` over REPS runs after `warm` untimed runs. */
function median(fn: () => void, warm = 4, reps = REPS): number {
  for (let i = 0; i < warm; i++) fn();
  const t: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return t[t.length >> 1];
}

interface KernelFigure {
  name: string;
  shape: string;
  ms: number;
  gflops: number;
  fractionOfPeak: number;
}
const kernels: KernelFigure[] = [];
const other: Array<{ name: string; ms: number; detail: string }> = [];

const e = await Engine.create();
const rng = new Random(2024);

// ------------------------------------------------------------------------------ peak
const PEAK_ITERS = 2e7;
const peakFlops = PEAK_ITERS * 12 * 4 * 2;
// The ceiling is sampled before every kernel group (the machine may be shared, so its speed
// drifts); the reported peak is the best sample and fractions are taken against it.
const peakSamples: number[] = [];
function samplePeak(): void {
  peakSamples.push(peakFlops / median(() => e.k.peakMulAdd(PEAK_ITERS), 2, 5) / 1e6);
}
const pending: Array<{ name: string; shape: string; flops: number; ms: number }> = [];
function kernel(name: string, shape: string, flops: number, ms: number): void {
  pending.push({ name, shape, flops, ms });
}
samplePeak();

// ------------------------------------------------------------------------------ dense matmul
{
  const [M, K, N] = [16384, 256, 128];
  const mark = e.mark();
  const fill = (p: number, n: number) => {
    const v = e.f32(p, n);
    for (let i = 0; i < n; i++) v[i] = rng.uniform(-1, 1);
  };
  const X = e.alloc(M * K * 4),
    W = e.alloc(K * N * 4),
    b = e.alloc(N * 4),
    Y = e.alloc(M * N * 4),
    G = e.alloc(M * N * 4);
  const dW = e.alloc(K * N * 4),
    dX = e.alloc(M * K * 4),
    Wt = e.alloc(K * N * 4);
  fill(X, M * K);
  fill(W, K * N);
  fill(b, N);
  fill(G, M * N);
  const flops = 2 * M * N * K;
  kernel(
    'matmul forward Y = relu(X·W + b)',
    `${M}×${K}·${K}×${N}`,
    flops,
    median(() => e.k.gemm(M, N, K, X, K, 1, W, N, Y, N, b, 2)),
  );
  kernel(
    'matmul backward dW = Xᵀ·G',
    `${K}×${M}·${M}×${N}`,
    flops,
    median(() => e.k.gemm(K, N, M, X, 1, K, G, N, dW, N, 0, 0)),
  );
  kernel(
    'matmul backward dX = G·Wᵀ (incl. transposing W)',
    `${M}×${N}·${N}×${K}`,
    flops,
    median(() => {
      e.k.transpose(K, N, W, N, Wt, K);
      e.k.gemm(M, K, N, G, N, 1, Wt, K, dX, K, 0, 0);
    }),
  );
  e.release(mark);
}

// ------------------------------------------------------------------------------ sparse gather
samplePeak();
{
  const Q = 16384,
    k = 32,
    C = 8000,
    width = 128;
  const flops = 2 * Q * k * width;
  const mark = e.mark();
  const H = e.alloc(C * width * 4),
    out = e.alloc(Q * width * 4);
  {
    const v = e.f32(H, C * width);
    for (let i = 0; i < v.length; i++) v[i] = rng.uniform(-1, 1);
  }
  {
    const v = e.f32(out, Q * width);
    for (let i = 0; i < v.length; i++) v[i] = rng.uniform(-1, 1);
  }
  // (a) random indices: no locality at all (the worst case; docs/design.md's measurement)
  const randomCsr: Csr = { nRows: Q, nCols: C, rowPtr: new Int32Array(Q + 1), col: new Int32Array(Q * k), val: new Float32Array(Q * k) };
  for (let q = 0; q < Q; q++) {
    randomCsr.rowPtr[q + 1] = (q + 1) * k;
    for (let t = 0; t < k; t++) {
      randomCsr.col[q * k + t] = rng.int(C);
      randomCsr.val[q * k + t] = rng.next();
    }
  }
  // (b) geometric: centres and targets uniform in the unit cube, each target's k nearest centres,
  //     rows processed in Morton order (what restriction plans do)
  const cpos = new Float32Array(3 * C),
    tpos = new Float32Array(3 * Q);
  for (let i = 0; i < cpos.length; i++) cpos[i] = rng.next();
  for (let i = 0; i < tpos.length; i++) tpos[i] = rng.next();
  const knnCsr = nearestCsr(cpos, C, tpos, Q, k);
  for (const [label, csr, ordered] of [
    ['random indices', randomCsr, false],
    ['k nearest, Morton-ordered rows', knnCsr, true],
  ] as const) {
    const m2 = e.mark();
    const plan = ordered ? SparsePlan.upload(e, csr, mortonOrder(tpos, Q), mortonOrder(cpos, C)) : SparsePlan.upload(e, csr);
    const f = plan.forward,
      bk = plan.backward;
    kernel(
      `sparse gather out = P·H (${label})`,
      `Q=${Q} k=${k} C=${C} width=${width}`,
      flops,
      median(() => e.k.csrGather(f.nRows, f.ptr, f.rows, f.idx, f.w, H, width, out, width, width, 0)),
    );
    kernel(
      `sparse gather backward dH = Pᵀ·G, transposed CSR (${label})`,
      `Q=${Q} k=${k} C=${C} width=${width}`,
      flops,
      median(() => e.k.csrGather(bk.nRows, bk.ptr, bk.rows, bk.idx, bk.w, out, width, H, width, width, 0)),
    );
    e.release(m2);
  }
  e.release(mark);
}

samplePeak();
const peak = Math.max(...peakSamples);
for (const k of pending) {
  const gflops = k.flops / k.ms / 1e6;
  kernels.push({ name: k.name, shape: k.shape, ms: round(k.ms), gflops: round(gflops), fractionOfPeak: round(gflops / peak) });
}

// ------------------------------------------------------------------------------ one PCNN block
// A block of the paper's first level: 300 points, 64 → 128 channels, σ = 0.5/√300, truncation 3σ,
// restricted to its own points and to 2048 queries (1536 at ±0.02, 512 at ±0.1), forward+backward.
{
  const N = 300,
    J = 64,
    K = 128,
    NQ = 2048,
    sigma = 0.5 / Math.sqrt(N),
    tau = 3;
  const X = new Float32Array(3 * N);
  for (let i = 0; i < N; i++) {
    let x = rng.normal(),
      y = rng.normal(),
      z = rng.normal();
    const r = Math.hypot(x, y, z);
    x /= r;
    y /= r;
    z /= r;
    X[3 * i] = 0.4 * x;
    X[3 * i + 1] = 0.4 * y;
    X[3 * i + 2] = 0.4 * z;
  }
  const Yq = new Float32Array(3 * NQ);
  for (let t = 0; t < NQ; t++) {
    const i = rng.int(N),
      s = t < 1536 ? 0.02 : 0.1;
    for (let a = 0; a < 3; a++) Yq[3 * t + a] = X[3 * i + a] + rng.normal(0, s);
  }
  const W = e.parameter([27, J, K], 'W'),
    bias = e.parameter([K], 'b');
  {
    const v = W.data;
    for (let i = 0; i < v.length; i++) v[i] = rng.normal(0, 0.02);
  }
  const Fv = Float32Array.from({ length: N * J }, () => Math.max(0, rng.normal()));
  let nnzP = 0,
    nnzQ = 0;
  const planMs = median(
    () => {
      const m = e.mark();
      const level = new PcnnLevel(e, X, sigma);
      nnzP = buildRestrictionPlan(e, level, X, tau).nnz;
      nnzQ = buildRestrictionPlan(e, level, Yq, tau).nnz;
      e.release(m);
    },
    2,
    7,
  );
  other.push({
    name: 'per-cloud constants of one level (density, centres, both restriction plans + transposes)',
    ms: round(planMs),
    detail: `N=${N}, σ=0.5/√N, truncation ${tau}σ, targets: own points + ${NQ} queries; nnz/row ${(nnzP / N).toFixed(0)} (points), ${(nnzQ / NQ).toFixed(0)} (queries)`,
  });
  other.push(...benchPlanBuilders(e, rng, X, Yq, sigma, tau));
  const m = e.mark();
  const level = new PcnnLevel(e, X, sigma);
  const planP = buildRestrictionPlan(e, level, X, tau),
    planQ = buildRestrictionPlan(e, level, Yq, tau);
  const F = e.fromArray([N, J], Fv, true);
  const seedP = Float32Array.from({ length: N * K }, () => rng.normal()),
    seedQ = Float32Array.from({ length: NQ * K }, () => rng.normal());
  const flops = 2 * 27 * N * J * K * 3 + 2 * (planP.nnz + planQ.nnz) * K * 2;
  const blockMs = median(
    () => {
      const m2 = e.mark();
      const tape = new Tape(e);
      const H = pcnnField(tape, F, W, level);
      const outP = biasAct(tape, sparseGather(tape, H, planP), bias, true);
      const outQ = sparseGather(tape, H, planQ);
      tape.backwardMany([
        [outP, seedP],
        [outQ, seedQ],
      ]);
      e.release(m2);
    },
    3,
    9,
  );
  other.push({
    name: 'PCNN dual-restriction block, forward + backward',
    ms: round(blockMs),
    detail: `N=${N}, ${J}→${K} channels, ${NQ} queries, truncation ${tau}σ; ${(flops / 1e9).toFixed(2)} GFLOP → ${(flops / blockMs / 1e6).toFixed(1)} GFLOP/s`,
  });
  e.release(m);
}

// ------------------------------------------------------------------------------ truncation error
// Relative error ‖out_τ − out_∞‖/‖out_∞‖ of the restriction at cut-off radius τσ, for 300 points
// on a sphere of radius 0.4, σ = 0.5/√300, 2048 queries (1536 at ±0.02, 512 at ±0.1), 8→8 channels.
const truncation: Array<{ radiusSigma: number; relativeError: number; entriesPerQuery: number }> = [];
{
  const N = 300,
    J = 8,
    K = 8,
    NQ = 2048,
    sigma = 0.5 / Math.sqrt(N);
  const X = new Float32Array(3 * N);
  for (let i = 0; i < N; i++) {
    let x = rng.normal(),
      y = rng.normal(),
      z = rng.normal();
    const r = Math.hypot(x, y, z);
    x /= r;
    y /= r;
    z /= r;
    X[3 * i] = 0.4 * x;
    X[3 * i + 1] = 0.4 * y;
    X[3 * i + 2] = 0.4 * z;
  }
  const Yq = new Float32Array(3 * NQ);
  for (let t = 0; t < NQ; t++) {
    const i = rng.int(N),
      s = t < 1536 ? 0.02 : 0.1;
    for (let a = 0; a < 3; a++) Yq[3 * t + a] = X[3 * i + a] + rng.normal(0, s);
  }
  const m = e.mark();
  const tape = new Tape(e, false);
  const level = new PcnnLevel(e, X, sigma);
  const H = pcnnField(
    tape,
    e.fromArray(
      [N, J],
      Float32Array.from({ length: N * J }, () => rng.next()),
    ),
    e.fromArray(
      [27, J, K],
      Float32Array.from({ length: 27 * J * K }, () => rng.uniform(-1, 1)),
    ),
    level,
  );
  const full = sparseGather(tape, H, buildRestrictionPlan(e, level, Yq, Infinity)).toArray();
  for (const tau of [2, 2.5, 3, 3.5, 4, 5, 6]) {
    const plan = buildRestrictionPlan(e, level, Yq, tau);
    const o = sparseGather(tape, H, plan).data;
    let d = 0,
      n = 0;
    for (let i = 0; i < o.length; i++) {
      d += (o[i] - full[i]) ** 2;
      n += full[i] ** 2;
    }
    truncation.push({ radiusSigma: tau, relativeError: round(Math.sqrt(d / n)), entriesPerQuery: round(plan.nnz / NQ) });
  }
  e.release(m);
}

const result = {
  date,
  machine,
  method: `single thread; median of ${REPS} timed runs after warm-up; GFLOP/s counts one multiply and one add per multiply-add`,
  peak: {
    name: 'register-blocked f32x4 mul+add loop (12 independent accumulators, WASM SIMD, no FMA)',
    gflops: round(peak),
    samplesGflops: peakSamples.map(round),
  },
  kernels,
  other,
  truncation,
  /** Full pcnn-occ model: training step cost per config and inference throughput (see benchModel). */
  model: await benchModel(),
};

const outPath = join(dirname(fileURLToPath(import.meta.url)), 'results', 'nn.json');
mkdirSync(dirname(outPath), { recursive: true });
atomicWriteFileSync(outPath, JSON.stringify(result, null, 2) + '\n');

console.log(`${machine.cpu} ×${machine.cores}, node ${machine.node}, load ${machine.loadAverage1m}`);
console.log(`peak (WASM f32x4 mul+add): ${round(peak)} GFLOP/s (samples ${peakSamples.map((x) => x.toFixed(1)).join(', ')})`);
for (const k of kernels)
  console.log(
    `${k.name.padEnd(72)} ${k.shape.padEnd(34)} ${String(k.ms).padStart(7)} ms ${String(k.gflops).padStart(6)} GFLOP/s ${(100 * k.fractionOfPeak).toFixed(0).padStart(3)} % of peak`,
  );
for (const o of other) console.log(`${o.name}: ${o.ms} ms (${o.detail})`);
for (const t of truncation)
  console.log(`restriction cut at ${t.radiusSigma}σ: relative error ${t.relativeError}, ${t.entriesPerQuery} entries/query`);
for (const t of result.model.training)
  console.log(
    `model ${t.config} (${t.queries} queries): ${t.secondsPerShapeStep} s/shape-step (${t.shapeStepsPerSecondSingleThread}/s single thread), prepare/forward/backward ${t.meanMs.prepare}/${t.meanMs.forward}/${t.meanMs.backward} ms`,
  );
for (const t of result.model.inference)
  console.log(
    `model ${t.config} inference: prepareCloud ${t.prepareCloudMs} ms, ${t.queriesPerSecondSingleThread} queries/s single thread, ${t.queriesPerSecond2Workers} with 2 workers`,
  );
console.log(`wrote ${outPath}`);

function round(x: number): number {
  return Number(x.toPrecision(4));
}
