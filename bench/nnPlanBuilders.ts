// Restriction plan building for bench/nn.bench.ts: the WASM builder (assembly/_plan.ts) against
// the TS reference path it replaced, on one PCNN level.
import type { Random } from '../src/geometry/Random.ts';
import type { Engine } from '../src/nn/engine/Engine.ts';
import { mortonOrder } from '../src/nn/pcnn/mortonOrder.ts';
import { KERNEL_POINTS, PcnnLevel } from '../src/nn/pcnn/PcnnLevel.ts';
import {
  restrictionCsr,
  RestrictionGrid,
  RestrictionTargets,
  restrictionPlanOnGrid,
  restrictionRowsOnGrid,
} from '../src/nn/pcnn/restrictionPlan.ts';
import { transposeCsr, type Csr } from '../src/nn/pcnn/Csr.ts';

/**
 * Restriction plan building, WASM builder (assembly/_plan.ts) vs the TS reference path it
 * replaced (restrictionCsr + transposeCsr + mortonOrder + per-row JS copies into the arena, as
 * SparsePlan.upload and PcnnOcc.evaluate did before), on one level of N centres ×27:
 *  (a) training: P and Pᵀ to the level's own points and to the queries (Morton-ordered rows);
 *  (b) inference: forward rows of 100k MISE-like queries (half ±0.01 of the points, half uniform
 *      in [−0.55, 0.55]³), in batches of 4096 as PcnnOcc.evaluate builds them.
 * Returns the four figures, for nn.json's `other`.
 */
export function benchPlanBuilders(
  e: Engine,
  rng: Random,
  X: Float32Array,
  Yq: Float32Array,
  sigma: number,
  tau: number,
): Array<{ name: string; ms: number; detail: string }> {
  const other: Array<{ name: string; ms: number; detail: string }> = [];
  const N = X.length / 3,
    nc = N * KERNEL_POINTS,
    NQ = Yq.length / 3;
  const mark = e.mark();
  const level = new PcnnLevel(e, X, sigma);
  const tsPlans = () => {
    const m = e.mark();
    const centreOrder = mortonOrder(level.centres, nc);
    for (const T of [X, Yq]) {
      const csr = restrictionCsr(level.centres, nc, T, sigma, tau);
      uploadPermutedJs(e, csr, mortonOrder(T, T.length / 3));
      uploadPermutedJs(e, transposeCsr(csr), centreOrder);
    }
    e.release(m);
  };
  const wasmPlans = () => {
    const m = e.mark();
    const grid = new RestrictionGrid(e, level.centres, nc, sigma, tau);
    restrictionPlanOnGrid(grid, new RestrictionTargets(e, X));
    restrictionPlanOnGrid(grid, new RestrictionTargets(e, Yq));
    e.release(m);
  };
  const MQ = 100000,
    CHUNK = 4096,
    mise = new Float32Array(3 * MQ);
  for (let t = 0; t < MQ; t++) {
    const i = rng.int(N);
    for (let a = 0; a < 3; a++) mise[3 * t + a] = t < MQ / 2 ? X[3 * i + a] + rng.normal(0, 0.01) : rng.uniform(-0.55, 0.55);
  }
  let miseNnz = 0;
  const tsMise = () => {
    for (let s = 0; s < MQ; s += CHUNK) {
      const m = e.mark();
      const q = mise.subarray(3 * s, 3 * Math.min(MQ, s + CHUNK));
      uploadPermutedJs(e, restrictionCsr(level.centres, nc, q, sigma, tau), mortonOrder(q, q.length / 3));
      e.release(m);
    }
  };
  const wasmMise = () => {
    miseNnz = 0;
    for (let s = 0; s < MQ; s += CHUNK) {
      const m = e.mark();
      const q = mise.subarray(3 * s, 3 * Math.min(MQ, s + CHUNK));
      const rows = restrictionRowsOnGrid(new RestrictionGrid(e, level.centres, nc, sigma, tau, false), new RestrictionTargets(e, q));
      miseNnz += e.i32(rows.ptr + rows.nRows * 4, 1)[0];
      e.release(m);
    }
  };
  // Interleaved rounds, so that both see the same machine load; the TS path's times scatter
  // widely (garbage collection of its temporary arrays), so both the median and the best run
  // are reported (`ms` is the median, as everywhere in this file).
  const tA: number[] = [],
    wA: number[] = [],
    tB: number[] = [],
    wB: number[] = [];
  for (let i = 0; i < 3; i++) {
    tsPlans();
    wasmPlans();
  }
  tsMise();
  wasmMise();
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 5; i++) {
      tA.push(timed(tsPlans));
      wA.push(timed(wasmPlans));
    }
    tB.push(timed(tsMise));
    wB.push(timed(wasmMise));
  }
  const [a, b, a0, b0] = [mid(tA), mid(wA), Math.min(...tA), Math.min(...wA)];
  const [c, d, c0, d0] = [mid(tB), mid(wB), Math.min(...tB), Math.min(...wB)];
  other.push({
    name: 'restriction plans P + Pᵀ (training), TS reference path',
    ms: round(a),
    detail: `N=${N} (${nc} centres), σ=0.5/√N, ${tau}σ; targets: own points + ${NQ} queries; restrictionCsr + transposeCsr + mortonOrder + JS row copies; best ${round(a0)} ms`,
  });
  other.push({
    name: 'restriction plans P + Pᵀ (training), WASM builder',
    ms: round(b),
    detail: `same plans (identical entries, weights ±1 ulp): grid + Morton + bound/fill + csrTranspose in WASM; best ${round(b0)} ms; ${(a / b).toFixed(1)}× faster (median), ${(a0 / b0).toFixed(1)}× (best)`,
  });
  other.push({
    name: 'restriction rows of 100k MISE-like queries (inference, 1 level), TS reference path',
    ms: round(c),
    detail: `N=${N}, ${tau}σ, batches of ${CHUNK}; ${((c * 1e3) / MQ).toFixed(2)} µs per query; best ${round(c0)} ms`,
  });
  other.push({
    name: 'restriction rows of 100k MISE-like queries (inference, 1 level), WASM builder',
    ms: round(d),
    detail: `${(miseNnz / MQ).toFixed(1)} entries/query; ${((d * 1e3) / MQ).toFixed(2)} µs per query; best ${round(d0)} ms; ${(c / d).toFixed(1)}× faster (median), ${(c0 / d0).toFixed(1)}× (best)`,
  });
  e.release(mark);
  return other;
}

function timed(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}
function mid(t: number[]): number {
  const s = [...t].sort((x, y) => x - y);
  return s[s.length >> 1];
}

/** The former JS upload of a CSR with a row processing order (per-row copies into the arena). */
function uploadPermutedJs(e: Engine, a: Csr, order: Int32Array): void {
  const nnz = a.rowPtr[a.nRows];
  const ptr = e.alloc((a.nRows + 1) * 4),
    idx = e.alloc(nnz * 4),
    w = e.alloc(nnz * 4);
  e.putI32(order);
  const P = e.i32(ptr, a.nRows + 1),
    I = e.i32(idx, nnz),
    W = e.f32(w, nnz);
  let d = 0;
  P[0] = 0;
  for (let r = 0; r < a.nRows; r++) {
    const q = order[r],
      s = a.rowPtr[q],
      t = a.rowPtr[q + 1];
    I.set(a.col.subarray(s, t), d);
    W.set(a.val.subarray(s, t), d);
    d += t - s;
    P[r + 1] = d;
  }
}

function round(x: number): number {
  return Number(x.toPrecision(4));
}
