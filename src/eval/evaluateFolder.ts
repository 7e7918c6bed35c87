import { existsSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { SPLITS, type Split } from '../data/ShapeDataset.ts';
import { MESH_EXTENSIONS, scanMeshFolder } from '../data/scanMeshFolder.ts';
import { InputError, UsageError } from '../errors.ts';
import type { EvalSettings, EvalTask, GtSource } from './evaluateTask.ts';
import { evaluateTasks } from './evaluateTasks.ts';
import { metricKeys } from './metricKeys.ts';
import { detectDatasetFormat, openEvalDataset } from './openEvalDataset.ts';
import { PredictionIndex } from './predictionIndex.ts';
import { summarize, type ShapeRecord, type Summary } from './summarize.ts';

/** What `pointocc eval` writes as JSON. */
export interface EvalResults {
  format: 'pointocc-eval';
  version: 1;
  /** Prediction folder, ground-truth source, split. */
  source: { pred: string; gt?: string; data?: string; split: Split | 'all' };
  settings: EvalSettings & { units: 'unit-cube'; missingNote: string };
  summary: Summary;
  shapes: ShapeRecord[];
  /** Prediction files that matched no ground-truth shape. */
  unmatched: string[];
  /** Notes from scanning the ground truth. */
  warnings: string[];
}

/** Options of {@link evaluateFolder}. */
export interface EvaluateFolderOptions {
  /** Folder of predicted meshes (`<category>/<id>.<ext>` or `<id>.<ext>`). */
  pred: string;
  /** Ground-truth mesh folder (one sub-folder per category, or meshes directly inside). */
  gt?: string;
  /** Ground-truth data folder (cache or ONet layout); exactly one of gt / data. */
  data?: string;
  /** Split to evaluate; default 'test' with `data`, 'all' with `gt`. */
  split?: Split | 'all';
  /** Evaluation settings (frame default: 'normalized' with data, 'source' with gt). */
  settings: Omit<EvalSettings, 'frame'> & { frame?: EvalSettings['frame'] };
  /** Worker threads (default 1). */
  workers?: number;
  /** Only the first n shapes of each category (in name order). */
  limit?: number;
  onProgress?: (done: number, total: number, r: ShapeRecord) => void;
}

/** The text saying how shapes without a surface entered the means. */
export function missingNote(policy: EvalSettings['missing']): string {
  return policy === 'exclude'
    ? "missing/empty/unreadable predictions score IoU 0 and are left out of the Chamfer-L1, NC and F-score means (as ONet's eval_meshes.py skips missing files); they are counted per class"
    : "missing/empty/unreadable predictions score IoU 0, Chamfer-L1 √3 (ONet's EMPTY_PCL_DICT), NC 0 and F-score 0, and enter every mean";
}

function limitPerClass<T extends { category: string }>(items: T[], limit: number | undefined): T[] {
  if (limit === undefined) return items;
  const seen = new Map<string, number>();
  return items.filter((x) => {
    const n = seen.get(x.category) ?? 0;
    seen.set(x.category, n + 1);
    return n < limit;
  });
}

/** The ground-truth shapes of a mesh folder: categorised sub-folders, or meshes directly in it. */
function meshTasks(root: string, split: Split | 'all', warnings: string[]): { category: string; id: string; gt: GtSource }[] {
  const scan = scanMeshFolder(root, 0);
  warnings.push(...scan.warnings.filter((w) => !(scan.meshes.length === 0 && w.includes('ignored'))));
  if (scan.meshes.length > 0) {
    return scan.meshes
      .filter((m) => split === 'all' || m.split === split)
      .map((m) => ({ category: m.category, id: m.id, gt: { kind: 'mesh', path: m.path } }));
  }
  // A flat folder: every mesh is its own shape, in one category named after nothing ('all').
  const flat = readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isFile() && MESH_EXTENSIONS.includes(extname(d.name).toLowerCase()))
    .map((d) => d.name)
    .sort();
  if (split !== 'all' && flat.length > 0) warnings.push(`the flat mesh folder ${root} has no splits: evaluating all ${flat.length} meshes`);
  return flat.map((f) => ({ category: 'all', id: f.slice(0, f.length - extname(f).length), gt: { kind: 'mesh', path: join(root, f) } }));
}

/**
 * `pointocc eval` as a library: matches predictions to ground-truth shapes, scores each
 * (docs/design.md §6), aggregates per class and as the mean of class means.
 * @throws UsageError for bad option combinations; InputError for unreadable folders.
 */
export async function evaluateFolder(o: EvaluateFolderOptions): Promise<EvalResults> {
  if ((o.gt === undefined) === (o.data === undefined))
    throw new UsageError('give exactly one of --gt DIR (meshes) or --data DIR (a cache or ONet folder)');
  if (!existsSync(o.pred)) throw new InputError('not-found', o.pred, 'no such prediction folder');
  let index: PredictionIndex;
  try {
    index = new PredictionIndex(o.pred);
  } catch (e) {
    throw new InputError('not-found', o.pred, `cannot read the prediction folder (${(e as Error).message})`);
  }
  const split = o.split ?? (o.data !== undefined ? 'test' : 'all');
  if (split !== 'all' && !SPLITS.includes(split)) throw new UsageError(`--split must be one of ${SPLITS.join(', ')}, all; got '${split}'`);
  const warnings: string[] = [];
  let shapes: { category: string; id: string; gt: GtSource }[];
  if (o.data !== undefined) {
    if (!existsSync(o.data)) throw new InputError('not-found', o.data, 'no such data folder');
    const format = detectDatasetFormat(o.data);
    const ds = openEvalDataset(o.data, format);
    const refs = split === 'all' ? ds.shapes() : ds.shapes(split);
    shapes = refs.map((r) => ({ category: r.category, id: r.id, gt: { kind: 'dataset', root: o.data!, format, split: r.split } }));
  } else {
    if (!existsSync(o.gt!)) throw new InputError('not-found', o.gt!, 'no such ground-truth folder');
    shapes = meshTasks(o.gt!, split, warnings);
  }
  shapes = limitPerClass(shapes, o.limit);
  if (shapes.length === 0)
    throw new InputError('no-geometry', o.data ?? o.gt!, `no ground-truth shapes${split === 'all' ? '' : ` in the ${split} split`}`);
  const tasks: EvalTask[] = shapes.map((s) => ({ ...s, pred: index.find(s.category, s.id) }));
  const settings: EvalSettings = { ...o.settings, frame: o.settings.frame ?? (o.data !== undefined ? 'normalized' : 'source') };
  const records = await evaluateTasks(tasks, settings, { workers: o.workers, onProgress: o.onProgress });
  const unmatched = o.limit === undefined ? index.unmatched() : [];
  return {
    format: 'pointocc-eval',
    version: 1,
    source: { pred: o.pred, ...(o.gt !== undefined ? { gt: o.gt } : { data: o.data }), split },
    settings: { ...settings, units: 'unit-cube', missingNote: missingNote(settings.missing) },
    summary: summarize(records, metricKeys(settings.taus)),
    shapes: records,
    unmatched,
    warnings,
  };
}
