import type { Mesh } from '../geometry/Mesh.ts';
import { Random } from '../geometry/Random.ts';
import { applyNormalization, computeNormalization } from '../geometry/normalize.ts';
import type { ShapeDataset, Split } from '../data/ShapeDataset.ts';
import { deriveSeed } from '../data/shapeSeed.ts';
import { readMesh } from '../io/registry.ts';
import { evaluateShape, type GroundTruth, type MissingPolicy } from './evaluateShape.ts';
import { groundTruthFromMesh } from './groundTruthFromMesh.ts';
import { openEvalDataset, type DatasetFormat } from './openEvalDataset.ts';
import type { ShapeRecord } from './summarize.ts';

/** Where a shape's ground truth comes from. */
export type GtSource =
  /** A cache or ONet folder: its uniform labels and dense surface samples (unit-cube frame). */
  | { kind: 'dataset'; root: string; format: DatasetFormat; split: Split }
  /** A mesh file: normalised to the unit cube (docs/design.md §2), samples computed here. */
  | { kind: 'mesh'; path: string };

/** One shape to score (structured-cloneable, so it can go to a worker thread). */
export interface EvalTask {
  category: string;
  id: string;
  /** Prediction mesh file, or null when there is none. */
  pred: string | null;
  gt: GtSource;
}

/**
 * Frame of the prediction files:
 * - `'normalized'`: already in the ground truth's unit-cube frame (a reconstruction of the
 *   dataset's own normalised inputs; the default with a dataset);
 * - `'source'`: in the ground truth's original units (a reconstruction of a cloud sampled from
 *   the original mesh; the default with meshes); mapped by the same transform as the ground
 *   truth (for a dataset: p_norm = (p − loc) / scale).
 */
export type PredictionFrame = 'normalized' | 'source';

/** Settings shared by all tasks of a run. */
export interface EvalSettings {
  /** Surface samples per prediction (and per mesh ground truth). Default 100 000. */
  samples: number;
  /** IoU points per mesh ground truth (datasets bring their own). Default 100 000. */
  uniformPoints: number;
  /** F-score thresholds, unit-cube units. */
  taus: number[];
  /** Base seed; each shape's streams are derived from (seed, "category/id"). */
  seed: number;
  missing: MissingPolicy;
  frame: PredictionFrame;
}

const datasets = new Map<string, ShapeDataset>();

function datasetAt(root: string, format: DatasetFormat): ShapeDataset {
  const key = `${format}:${root}`;
  let d = datasets.get(key);
  if (!d) datasets.set(key, (d = openEvalDataset(root, format)));
  return d;
}

function mapMesh(mesh: Mesh, f: (p: Float32Array) => Float32Array): Mesh {
  return { positions: f(mesh.positions), faces: mesh.faces };
}

/** Loads the ground truth of a task and the map from prediction coordinates to its frame. */
async function loadGroundTruth(task: EvalTask, s: EvalSettings): Promise<{ gt: GroundTruth; toFrame: (p: Float32Array) => Float32Array }> {
  const key = `${task.category}/${task.id}`;
  if (task.gt.kind === 'dataset') {
    const d = datasetAt(task.gt.root, task.gt.format);
    const x = await d.load({ category: task.category, id: task.id, split: task.gt.split }, { uniform: true, eval: true, normals: false });
    if (!x.uniformPoints || !x.uniformOccupancies || !x.evalPoints || !x.evalNormals)
      throw new Error(`${key}: the dataset has no evaluation arrays`);
    const { loc, scale } = x;
    const toFrame =
      s.frame === 'normalized' ? (p: Float32Array) => p : (p: Float32Array) => applyNormalization(p, { center: loc, scale: 1 / scale });
    return {
      gt: {
        uniformPoints: x.uniformPoints,
        uniformOccupancies: x.uniformOccupancies,
        surface: { points: x.evalPoints, normals: x.evalNormals },
      },
      toFrame,
    };
  }
  const raw = readMesh(task.gt.path);
  const t = computeNormalization(raw.positions, { source: task.gt.path });
  const mesh = mapMesh(raw, (p) => applyNormalization(p, t));
  const gt = groundTruthFromMesh(mesh, {
    uniformPoints: s.uniformPoints,
    surfacePoints: s.samples,
    rng: new Random(deriveSeed(s.seed, `gt/${key}`)),
  });
  return { gt, toFrame: s.frame === 'normalized' ? (p) => p : (p) => applyNormalization(p, t) };
}

/**
 * Scores one task: loads the ground truth and the prediction (an unreadable prediction scores
 * like a missing one, with status 'error' and the reason), maps the prediction into the ground
 * truth's frame and runs {@link evaluateShape} with a per-shape seed.
 * @throws only when the ground truth cannot be loaded (that is the user's data problem, not the method's).
 */
export async function evaluateTask(task: EvalTask, s: EvalSettings): Promise<ShapeRecord> {
  const key = `${task.category}/${task.id}`;
  const { gt, toFrame } = await loadGroundTruth(task, s);
  let pred: Mesh | null = null;
  let error: string | undefined;
  if (task.pred) {
    try {
      pred = mapMesh(readMesh(task.pred), toFrame);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
  }
  let e;
  try {
    e = evaluateShape(pred, gt, {
      samples: s.samples,
      taus: s.taus,
      missing: s.missing,
      rng: new Random(deriveSeed(s.seed, `pred/${key}`)),
      nullStatus: error ? 'error' : 'missing',
    });
  } catch (err) {
    // E.g. a non-finite vertex: the prediction is unusable, score it as an unreadable one.
    error = err instanceof Error ? err.message : String(err);
    e = evaluateShape(null, gt, { taus: s.taus, missing: s.missing, rng: new Random(0), nullStatus: 'error' });
  }
  const rec: ShapeRecord = { category: task.category, id: task.id, status: e.status, metrics: e.metrics };
  if (task.pred) rec.file = task.pred;
  if (error) rec.error = error;
  return rec;
}
