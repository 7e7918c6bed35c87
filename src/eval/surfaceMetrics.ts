import { KdTree } from '../geometry/KdTree.ts';

/** Points sampled on a surface with the unit normal of the face each lies on. */
export interface OrientedSamples {
  /** xyz per sample (length 3·N, N ≥ 1), unit-cube units. */
  points: Float32Array;
  /** Normal per sample (length 3·N); need not be unit length (float16-stored normals are
   *  renormalised here), sign irrelevant. */
  normals: Float32Array;
}

/** Precision / recall / F-score at one distance threshold. */
export interface FScoreAt {
  /** Threshold τ, unit-cube units. */
  tau: number;
  /** Share of predicted samples within τ (distance ≤ τ) of the ground-truth samples. */
  precision: number;
  /** Share of ground-truth samples within τ of the predicted samples. */
  recall: number;
  /** 2PR / (P + R); 0 when P + R = 0. */
  fscore: number;
}

/** The surface metrics of docs/design.md §6 between a prediction and the ground truth. */
export interface SurfaceMetrics {
  /** Mean distance from predicted samples to their nearest ground-truth sample (unit-cube units). */
  accuracy: number;
  /** Mean distance from ground-truth samples to their nearest predicted sample. */
  completeness: number;
  /** ½ (accuracy + completeness), Euclidean distances (not squared): ONet's "chamfer-L1". */
  chamferL1: number;
  /** Mean |n_pred · n_gt(nearest)| over predicted samples. */
  normalAccuracy: number;
  /** Mean |n_gt · n_pred(nearest)| over ground-truth samples. */
  normalCompleteness: number;
  /** ½ (normal accuracy + normal completeness), orientation-blind, in [0, 1]. */
  normalConsistency: number;
  /** One entry per requested threshold, in the order given. */
  fscore: FScoreAt[];
}

/** Per-sample distances and |normal dots| from one sample set to its nearest neighbours in another. */
interface OneWay {
  dist: Float64Array;
  meanDist: number;
  meanDot: number;
}

function oneWay(src: OrientedSamples, dst: OrientedSamples, tree: KdTree): OneWay {
  const { indices, dist2 } = tree.nearestAll(src.points);
  const n = indices.length;
  const dist = new Float64Array(n);
  const sn = src.normals,
    dn = dst.normals;
  let sumD = 0,
    sumDot = 0;
  for (let i = 0; i < n; i++) {
    const d = Math.sqrt(dist2[i]);
    dist[i] = d;
    sumD += d;
    const j = 3 * indices[i],
      k = 3 * i;
    const ax = sn[k],
      ay = sn[k + 1],
      az = sn[k + 2];
    const bx = dn[j],
      by = dn[j + 1],
      bz = dn[j + 2];
    const la = Math.sqrt(ax * ax + ay * ay + az * az),
      lb = Math.sqrt(bx * bx + by * by + bz * bz);
    // A zero normal (degenerate face) carries no direction: it counts as dot 0, not NaN.
    if (la > 0 && lb > 0) sumDot += Math.abs(ax * bx + ay * by + az * bz) / (la * lb);
  }
  return { dist, meanDist: sumD / n, meanDot: sumDot / n };
}

function shareWithin(dist: Float64Array, tau: number): number {
  let c = 0;
  for (let i = 0; i < dist.length; i++) if (dist[i] <= tau) c++;
  return c / dist.length;
}

/**
 * Chamfer-L1, normal consistency and F-scores between two oriented sample sets, by exact
 * nearest neighbours (k-d tree) in both directions, as ONet's `eval_pointcloud` and
 * ConvONet's F-score (`dist <= τ`).
 *
 * @param pred samples of the predicted surface (N ≥ 1).
 * @param gt samples of the ground-truth surface (M ≥ 1).
 * @param taus F-score thresholds, unit-cube units, each > 0. Default [0.01].
 * @param gtTree a k-d tree already built over `gt.points`, to reuse across predictions.
 */
export function surfaceMetrics(
  pred: OrientedSamples,
  gt: OrientedSamples,
  taus: readonly number[] = [0.01],
  gtTree?: KdTree,
): SurfaceMetrics {
  const np = Math.floor(pred.points.length / 3),
    ng = Math.floor(gt.points.length / 3);
  if (np < 1 || ng < 1) throw new RangeError(`surfaceMetrics: need samples on both surfaces (prediction ${np}, ground truth ${ng})`);
  if (pred.normals.length < 3 * np || gt.normals.length < 3 * ng) throw new RangeError('surfaceMetrics: one normal per sample is required');
  for (const t of taus)
    if (!(t > 0) || !Number.isFinite(t)) throw new RangeError(`surfaceMetrics: thresholds must be finite and > 0, got ${t}`);
  const acc = oneWay(pred, gt, gtTree ?? new KdTree(gt.points));
  const comp = oneWay(gt, pred, new KdTree(pred.points));
  const fscore = taus.map((tau) => {
    const precision = shareWithin(acc.dist, tau),
      recall = shareWithin(comp.dist, tau);
    const s = precision + recall;
    return { tau, precision, recall, fscore: s > 0 ? (2 * precision * recall) / s : 0 };
  });
  return {
    accuracy: acc.meanDist,
    completeness: comp.meanDist,
    chamferL1: 0.5 * (acc.meanDist + comp.meanDist),
    normalAccuracy: acc.meanDot,
    normalCompleteness: comp.meanDot,
    normalConsistency: 0.5 * (acc.meanDot + comp.meanDot),
    fscore,
  };
}
