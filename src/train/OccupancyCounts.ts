/**
 * Confusion counts and summed cross-entropy of occupancy predictions, the raw material of the
 * validation metrics (IoU, loss, accuracy). Counts add across query chunks and workers, so a
 * shape's metrics do not depend on how its points were split.
 */
import { sigmoid } from '../nn/ops/softmaxCrossEntropy.ts';

/** Per-shape tallies (plain numbers, so they can be posted between threads). */
export interface OccupancyCounts {
  /** Predicted inside and inside. */
  tp: number;
  /** Predicted inside, outside. */
  fp: number;
  /** Predicted outside, inside. */
  fn: number;
  /** Predicted outside and outside. */
  tn: number;
  /** Σ over points of the 2-class softmax cross-entropy (nats). */
  lossSum: number;
}

/** All-zero counts. */
export function emptyCounts(): OccupancyCounts {
  return { tp: 0, fp: 0, fn: 0, tn: 0, lossSum: 0 };
}

/**
 * Adds the tallies of a block of logits into `out`.
 * A point is predicted inside when P(inside) = sigmoid(z₁ − z₀), rounded to float32 as
 * `probability()` returns it to inference code, is ≥ `threshold` (ONet's `>=` convention), so
 * validation and reconstruction draw the same boundary.
 *
 * @param logits row-major [Q, 2] (class 1 = inside).
 * @param labels Q labels, 1 = inside.
 * @param threshold decision threshold on P(inside), in (0, 1).
 * @param out counts to add into (modified and returned).
 */
export function addOccupancyCounts(
  logits: ArrayLike<number>,
  labels: ArrayLike<number>,
  threshold: number,
  out: OccupancyCounts,
): OccupancyCounts {
  const Q = labels.length;
  if (logits.length !== 2 * Q) throw new RangeError(`addOccupancyCounts: ${logits.length} logits for ${Q} labels`);
  let tp = 0,
    fp = 0,
    fn = 0,
    tn = 0,
    loss = 0;
  for (let q = 0; q < Q; q++) {
    const z0 = logits[2 * q],
      z1 = logits[2 * q + 1];
    const inside = labels[q] !== 0;
    const pred = Math.fround(sigmoid(z1 - z0)) >= threshold;
    if (pred) {
      if (inside) tp++;
      else fp++;
    } else if (inside) fn++;
    else tn++;
    // Cross-entropy −log softmax(z)[y] = logsumexp(z) − z_y, max-shifted.
    const m = z0 > z1 ? z0 : z1;
    loss += m + Math.log(Math.exp(z0 - m) + Math.exp(z1 - m)) - (inside ? z1 : z0);
  }
  out.tp += tp;
  out.fp += fp;
  out.fn += fn;
  out.tn += tn;
  out.lossSum += loss;
  return out;
}

/**
 * IoU of the predicted and true inside sets, |A∩B| / |A∪B| (docs/design.md §6: an empty prediction
 * scores 0, also when the true set is empty too — a watertight shape never has that).
 */
export function iouOf(c: OccupancyCounts): number {
  const union = c.tp + c.fp + c.fn;
  return union === 0 ? 0 : c.tp / union;
}

/** Summary of validation over several shapes. */
export interface ValidationSummary {
  /** Mean over shapes of the per-shape IoU (ONet's protocol: aggregate per shape first). */
  iou: number;
  /** Mean cross-entropy over all points of all shapes (nats). */
  loss: number;
  /** Share of points classified correctly, over all points. */
  accuracy: number;
  /** Shapes and points evaluated. */
  shapes: number;
  points: number;
}

/** Aggregates per-shape counts: mean per-shape IoU, pooled loss and accuracy. */
export function summarizeCounts(perShape: readonly OccupancyCounts[]): ValidationSummary {
  let iou = 0,
    loss = 0,
    correct = 0,
    points = 0;
  for (const c of perShape) {
    iou += iouOf(c);
    loss += c.lossSum;
    correct += c.tp + c.tn;
    points += c.tp + c.fp + c.fn + c.tn;
  }
  const n = perShape.length;
  return { iou: n ? iou / n : 0, loss: points ? loss / points : 0, accuracy: points ? correct / points : 0, shapes: n, points };
}
