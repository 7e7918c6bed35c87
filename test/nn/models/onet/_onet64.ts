// A float64 ONet written straight from the equations (not a test file itself): the independent
// truth for the model's forward values, finite-difference gradients and batch statistics.
// Parameters by name, weights [in, out] as in OnetOcc.
import type { OnetConfig } from '../../../../src/nn/models/onet/OnetConfig.ts';

export type Params64 = Record<string, Float64Array>;

export interface Onet64Result {
  /** Q×2 logits (all items' queries, item after item). */
  logits: Float64Array;
  /** Per CBN layer name (e.g. decoder.block_0.bn_0): the batch mean and the unbiased variance over all query rows. */
  stats: Map<string, { mean: Float64Array; var: Float64Array }>;
}

function lin(X: Float64Array, M: number, J: number, K: number, W: Float64Array, b: Float64Array | undefined): Float64Array {
  const Y = new Float64Array(M * K);
  for (let m = 0; m < M; m++) for (let k = 0; k < K; k++) {
    let s = b ? b[k] : 0;
    for (let j = 0; j < J; j++) s += X[m * J + j] * W[j * K + k];
    Y[m * K + k] = s;
  }
  return Y;
}
const relu = (x: Float64Array): Float64Array => x.map((v) => Math.max(0, v));

/**
 * @param p parameters by name. @param input P·3 points. @param queries Q·3 points.
 * @param running when given (CBN layer name → {mean, var}), normalise with these (as
 *   (x − mean)/√(var + ε)) instead of the batch statistics (inference mode).
 */
export function onet64(cfg: OnetConfig, p: Params64, input: ArrayLike<number>, queries: ArrayLike<number>, running?: Map<string, { mean: ArrayLike<number>; var: ArrayLike<number> }>): Onet64Result {
  return onet64Items(cfg, p, [input], [queries], running);
}

/**
 * ONet on a batch of items (ONet's training semantics): each item has its own input cloud and
 * code c_b (so its own γ(c_b), β(c_b)), and every batch norm normalises with the statistics of
 * all the batch's query rows together.
 * @param inputs per item P_b·3 points. @param queries per item Q_b·3 points.
 * @returns logits of all items' queries, item after item; `stats` over all rows.
 */
export function onet64Items(cfg: OnetConfig, p: Params64, inputs: ArrayLike<number>[], queries: ArrayLike<number>[], running?: Map<string, { mean: ArrayLike<number>; var: ArrayLike<number> }>): Onet64Result {
  const h = cfg.encoderHidden, C = cfg.cDim, H = cfg.decoderHidden;
  const maxRows = (X: Float64Array, M: number, K: number): Float64Array => {
    const o = new Float64Array(K).fill(-Infinity);
    for (let m = 0; m < M; m++) for (let k = 0; k < K; k++) o[k] = Math.max(o[k], X[m * K + k]);
    return o;
  };
  // encoder, item by item
  const codes = inputs.map((input) => {
    const P = input.length / 3;
    let net = lin(Float64Array.from(input), P, 3, 2 * h, p['encoder.fc_pos.W'], p['encoder.fc_pos.b']);
    for (let i = 0; i < cfg.blocks; i++) {
      const n = `encoder.block_${i}`;
      let x = net;
      if (i > 0) {
        const g = maxRows(net, P, h);
        x = new Float64Array(P * 2 * h);
        for (let m = 0; m < P; m++) for (let k = 0; k < h; k++) { x[m * 2 * h + k] = net[m * h + k]; x[m * 2 * h + h + k] = g[k]; }
      }
      const hid = relu(lin(relu(x), P, 2 * h, h, p[`${n}.fc_0.W`], p[`${n}.fc_0.b`]));
      const dx = lin(hid, P, h, h, p[`${n}.fc_1.W`], p[`${n}.fc_1.b`]);
      const xs = lin(x, P, 2 * h, h, p[`${n}.shortcut.W`], undefined);
      net = xs.map((v, j) => v + dx[j]);
    }
    return lin(relu(maxRows(net, P, h)), 1, h, C, p['encoder.fc_c.W'], p['encoder.fc_c.b']);
  });
  // decoder on all query rows; item b's rows are [start[b], start[b + 1])
  const start = [0];
  for (const q of queries) start.push(start[start.length - 1] + q.length / 3);
  const Q = start[start.length - 1];
  const stats = new Map<string, { mean: Float64Array; var: Float64Array }>();
  const cbn = (name: string, x: Float64Array): Float64Array => {
    const mean = new Float64Array(H), v = new Float64Array(H);
    for (let k = 0; k < H; k++) {
      let s = 0;
      for (let m = 0; m < Q; m++) s += x[m * H + k];
      mean[k] = s / Q;
      let s2 = 0;
      for (let m = 0; m < Q; m++) s2 += (x[m * H + k] - mean[k]) ** 2;
      v[k] = s2 / Q;
    }
    stats.set(name, { mean, var: v.map((s) => (Q > 1 ? (s * Q) / (Q - 1) : s)) });
    const r = running?.get(name);
    const y = new Float64Array(Q * H);
    codes.forEach((c, b) => {
      const g = lin(c, 1, C, H, p[`${name}.gamma.W`], p[`${name}.gamma.b`]);
      const be = lin(c, 1, C, H, p[`${name}.beta.W`], p[`${name}.beta.b`]);
      for (let m = start[b]; m < start[b + 1]; m++) for (let k = 0; k < H; k++) {
        const mu = r ? r.mean[k] : mean[k], va = r ? r.var[k] : v[k];
        y[m * H + k] = Math.max(0, g[k] * (x[m * H + k] - mu) / Math.sqrt(va + 1e-5) + be[k]);
      }
    });
    return y;
  };
  const allQueries = new Float64Array(3 * Q);
  queries.forEach((q, b) => allQueries.set(Float64Array.from(q), 3 * start[b]));
  let d = lin(allQueries, Q, 3, H, p['decoder.fc_p.W'], p['decoder.fc_p.b']);
  for (let i = 0; i < cfg.blocks; i++) {
    const n = `decoder.block_${i}`;
    const hid = lin(cbn(`${n}.bn_0`, d), Q, H, H, p[`${n}.fc_0.W`], p[`${n}.fc_0.b`]);
    const dx = lin(cbn(`${n}.bn_1`, hid), Q, H, H, p[`${n}.fc_1.W`], p[`${n}.fc_1.b`]);
    d = d.map((v, j) => v + dx[j]);
  }
  const logits = lin(cbn('decoder.bn', d), Q, H, 2, p['decoder.fc_out.W'], p['decoder.fc_out.b']);
  return { logits, stats };
}

/** Σ over items of the item's mean softmax cross-entropy (2 classes) of `logits` (item after item, Q rows each). */
export function itemMeanCeSum64(logits: ArrayLike<number>, labels: ArrayLike<number>, Q: number): number {
  let total = 0;
  for (let r = 0; r < labels.length; r++) {
    const z0 = logits[2 * r], z1 = logits[2 * r + 1], m = Math.max(z0, z1);
    const lse = m + Math.log(Math.exp(z0 - m) + Math.exp(z1 - m));
    total += (lse - (labels[r] ? z1 : z0)) / Q;
  }
  return total;
}
