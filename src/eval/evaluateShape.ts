import type { Mesh } from '../geometry/Mesh.ts';
import type { KdTree } from '../geometry/KdTree.ts';
import type { Random } from '../geometry/Random.ts';
import { checkMesh } from '../geometry/meshChecks.ts';
import { sampleSurface } from '../geometry/sampleSurface.ts';
import { iou } from './iou.ts';
import { meshOccupancy } from './meshOccupancy.ts';
import { fscoreKey, metricKeys } from './metricKeys.ts';
import { surfaceMetrics, type OrientedSamples } from './surfaceMetrics.ts';

/** What a shape is scored against: IoU points with labels and dense oriented surface samples,
 *  all in the unit-cube frame (a cache's `uniform*` and `eval*` arrays, or {@link groundTruthFromMesh}). */
export interface GroundTruth {
  /** Points uniform in the padded box [-0.55, 0.55]³ (length 3·U). */
  uniformPoints: Float32Array;
  /** 1 = inside the ground truth, per uniform point. */
  uniformOccupancies: Uint8Array;
  /** Area-uniform samples of the ground-truth surface with face normals. */
  surface: OrientedSamples;
}

/**
 * How a prediction without a surface (missing file, no faces, zero area, unreadable) enters the
 * surface metrics. IoU is 0 in every case (docs/design.md §6: an empty prediction scores 0).
 * - `'exclude'` (default, as ONet's `eval_meshes.py` does for missing files): Chamfer, NC and
 *   F-scores are null and left out of those means; the results count such shapes.
 * - `'penalty'`: ONet's constants for an empty mesh (`EMPTY_PCL_DICT`): accuracy = completeness
 *   = Chamfer-L1 = √3 (the diagonal of the unit cube), and the worst scores NC = 0 (ONet writes
 *   −1, which no |cosine| can reach), precision = recall = F = 0.
 */
export type MissingPolicy = 'exclude' | 'penalty';

/** Why a prediction has no surface, or 'ok'. */
export type ShapeStatus = 'ok' | 'empty' | 'missing' | 'error';

/** Scores of one predicted shape. */
export interface ShapeEvaluation {
  status: ShapeStatus;
  /** Inside test used on the prediction for IoU. */
  insideMethod: 'parity' | 'winding' | 'empty';
  /** Every key of `metricKeys(taus)`; null = not defined for this shape (excluded from means). */
  metrics: Record<string, number | null>;
  /** Faces of the prediction (0 when missing). */
  faces: number;
  /** Whether the prediction is watertight (false when missing). */
  watertight: boolean;
}

/** Options of {@link evaluateShape}. */
export interface EvaluateShapeOptions {
  /** Area-uniform samples drawn on the prediction. Default 100 000 (docs/design.md §6). */
  samples?: number;
  /** F-score thresholds, unit-cube units. Default [0.01]. */
  taus?: readonly number[];
  /** Generator of the prediction's surface samples (seed it per shape for reproducible,
   *  order-independent results). Required when the prediction has a surface. */
  rng: Random;
  /** Default 'exclude'. */
  missing?: MissingPolicy;
  /** A k-d tree over `gt.surface.points`, to reuse across methods. */
  gtTree?: KdTree;
  /** Status to report for a null prediction: 'missing' (default) or 'error' (unreadable file). */
  nullStatus?: 'missing' | 'error';
}

/** Metrics of a prediction that has no surface, under a missing policy. */
export function noSurfaceMetrics(taus: readonly number[], missing: MissingPolicy): Record<string, number | null> {
  const m: Record<string, number | null> = {};
  const pen = missing === 'penalty';
  for (const k of metricKeys(taus)) m[k] = pen ? 0 : null;
  m.iou = 0;
  if (pen) m.chamferL1 = m.accuracy = m.completeness = Math.sqrt(3);
  return m;
}

/**
 * Scores a predicted mesh against a ground truth by the ONet protocol (docs/design.md §6): IoU on the
 * uniform points (prediction tested by parity if watertight, else by winding number),
 * Chamfer-L1 / normal consistency / F-scores between `samples` area-uniform samples of the
 * prediction (face normals) and the ground truth's samples. Both must be in the same frame.
 *
 * @param pred the predicted mesh, or null when missing/unreadable.
 * @param gt ground truth (see {@link GroundTruth}).
 * @param options see {@link EvaluateShapeOptions}.
 */
export function evaluateShape(pred: Mesh | null, gt: GroundTruth, options: EvaluateShapeOptions): ShapeEvaluation {
  const taus = options.taus ?? [0.01];
  const samples = options.samples ?? 100_000;
  if (!Number.isInteger(samples) || samples < 1) throw new RangeError(`evaluateShape: samples must be an integer ≥ 1, got ${samples}`);
  const missing = options.missing ?? 'exclude';
  if (gt.uniformOccupancies.length * 3 !== gt.uniformPoints.length) {
    throw new RangeError(`evaluateShape: ${gt.uniformPoints.length / 3} uniform points but ${gt.uniformOccupancies.length} labels`);
  }
  const report = pred && pred.faces.length >= 3 ? checkMesh(pred) : null;
  if (!pred || !report || !(report.area > 0)) {
    const status: ShapeStatus = pred ? 'empty' : (options.nullStatus ?? 'missing');
    const m = noSurfaceMetrics(taus, missing);
    // IoU is still computed honestly (a zero-area soup is empty; 0 unless the GT is empty).
    m.iou = iou(new Uint8Array(gt.uniformOccupancies.length), gt.uniformOccupancies);
    return { status, insideMethod: 'empty', metrics: m, faces: pred ? pred.faces.length / 3 : 0, watertight: false };
  }
  const occ = meshOccupancy(pred, gt.uniformPoints, report.watertight);
  const s = sampleSurface(pred, samples, options.rng);
  const sm = surfaceMetrics({ points: s.positions, normals: s.normals }, gt.surface, taus, options.gtTree);
  const m: Record<string, number | null> = {
    iou: iou(occ.inside, gt.uniformOccupancies),
    chamferL1: sm.chamferL1,
    accuracy: sm.accuracy,
    completeness: sm.completeness,
    normalConsistency: sm.normalConsistency,
    normalAccuracy: sm.normalAccuracy,
    normalCompleteness: sm.normalCompleteness,
  };
  for (const f of sm.fscore) {
    m[fscoreKey(f.tau)] = f.fscore;
    m[`precision@${f.tau}`] = f.precision;
    m[`recall@${f.tau}`] = f.recall;
  }
  return { status: 'ok', insideMethod: occ.method, metrics: m, faces: report.faces, watertight: report.watertight };
}
