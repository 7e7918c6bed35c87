/**
 * Names of the per-shape metrics as they appear in results files and tables. A metric is
 * "higher is better" unless listed in {@link LOWER_IS_BETTER}.
 *
 * - `iou`: volumetric IoU on the uniform points (docs/design.md §6).
 * - `chamferL1`, `accuracy`, `completeness`: unit-cube units (papers print Chamfer-L1 ×10).
 * - `normalConsistency`, `normalAccuracy`, `normalCompleteness`: in [0, 1].
 * - `fscore@τ`, `precision@τ`, `recall@τ`: one triple per threshold τ (unit-cube units).
 */
export const BASE_METRICS = [
  'iou',
  'chamferL1',
  'accuracy',
  'completeness',
  'normalConsistency',
  'normalAccuracy',
  'normalCompleteness',
] as const;

/** Metrics where a smaller value is better. */
export const LOWER_IS_BETTER: ReadonlySet<string> = new Set(['chamferL1', 'accuracy', 'completeness']);

/** Key of the F-score at threshold τ (e.g. `fscore@0.01`). */
export function fscoreKey(tau: number): string {
  return `fscore@${tau}`;
}

/** Every metric key for the given F-score thresholds, in table order. */
export function metricKeys(taus: readonly number[]): string[] {
  return [...BASE_METRICS, ...taus.flatMap((t) => [fscoreKey(t), `precision@${t}`, `recall@${t}`])];
}

/** The metrics of the paper's tables plus the first F-score: the columns of a compact table. */
export function headlineKeys(taus: readonly number[]): string[] {
  return ['iou', 'chamferL1', 'normalConsistency', ...taus.map(fscoreKey)];
}

/** Human column title of a metric key (`chamferL1` → `Chamfer-L1`, `fscore@0.01` → `F@0.01`). */
export function metricTitle(key: string): string {
  const fixed: Record<string, string> = {
    iou: 'IoU',
    chamferL1: 'Chamfer-L1',
    accuracy: 'Accuracy',
    completeness: 'Completeness',
    normalConsistency: 'NC',
    normalAccuracy: 'NC acc.',
    normalCompleteness: 'NC comp.',
  };
  if (fixed[key]) return fixed[key];
  const m = /^(fscore|precision|recall)@(.+)$/.exec(key);
  if (m) return `${m[1] === 'fscore' ? 'F' : m[1] === 'precision' ? 'P' : 'R'}@${m[2]}`;
  return key;
}
