/**
 * Softmax cross-entropy from logits, mean over rows (the occupancy loss, paper eq. 2, with
 * 2 classes: 0 = outside, 1 = inside), plus inference helpers.
 *
 *   loss = (1/Q) Σ_q [ logsumexp(z_q) − z_q[label_q] ]     (max-shifted: no overflow)
 *   dz_q = (softmax(z_q) − onehot(label_q)) / Q
 */
import type { Tensor } from '../engine/Tensor.ts';
import type { Tape } from '../engine/Tape.ts';

/**
 * @param logits [Q, C] with C ≥ 2. @param labels Q class ids in [0, C).
 * @returns scalar loss tensor (shape [1]).
 */
export function softmaxCrossEntropy(tape: Tape, logits: Tensor, labels: ArrayLike<number>): Tensor {
  const e = tape.engine;
  const Q = logits.rows,
    C = logits.cols;
  if (labels.length !== Q) throw new RangeError(`softmaxCrossEntropy: ${labels.length} labels for ${Q} rows`);
  if (C < 2) throw new RangeError('softmaxCrossEntropy: need at least 2 classes');
  const loss = e.empty([1]);
  const z = logits.data;
  let total = 0;
  for (let q = 0; q < Q; q++) {
    const y = labels[q];
    if (!(y >= 0 && y < C && Number.isInteger(y))) throw new RangeError(`softmaxCrossEntropy: label ${y} out of [0, ${C})`);
    let m = -Infinity;
    for (let c = 0; c < C; c++) if (z[q * C + c] > m) m = z[q * C + c];
    let s = 0;
    for (let c = 0; c < C; c++) s += Math.exp(z[q * C + c] - m);
    total += m + Math.log(s) - z[q * C + y];
  }
  loss.data[0] = Q > 0 ? total / Q : 0;
  if (tape.needsGrad(logits)) {
    loss.requiresGrad = true;
    tape.record(() => {
      if (!loss.gradWritten) return;
      const acc = tape.accumulateFlag(logits);
      const g = logits.grad!,
        zz = logits.data;
      const scale = loss.grad![0] / Q;
      for (let q = 0; q < Q; q++) {
        let m = -Infinity;
        for (let c = 0; c < C; c++) if (zz[q * C + c] > m) m = zz[q * C + c];
        let s = 0;
        for (let c = 0; c < C; c++) s += Math.exp(zz[q * C + c] - m);
        for (let c = 0; c < C; c++) {
          const d = (Math.exp(zz[q * C + c] - m) / s - (c === labels[q] ? 1 : 0)) * scale;
          g[q * C + c] = acc ? g[q * C + c] + d : d;
        }
      }
    });
  }
  return loss;
}

/** Logistic sigmoid 1/(1+e^−x), stable for large |x|. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const t = Math.exp(x);
  return t / (1 + t);
}

/**
 * P(class 1) per row of 2-class logits [Q, 2] (= sigmoid(z₁ − z₀)): the occupancy probability.
 * @param logits row-major Q×2 values (a Tensor's data or any array).
 */
export function probability(logits: ArrayLike<number>): Float32Array {
  const Q = logits.length / 2;
  const p = new Float32Array(Q);
  for (let q = 0; q < Q; q++) p[q] = sigmoid(logits[2 * q + 1] - logits[2 * q]);
  return p;
}
