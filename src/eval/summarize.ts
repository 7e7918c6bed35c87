import type { ShapeStatus } from './evaluateShape.ts';

/** One evaluated shape as stored in results files. */
export interface ShapeRecord {
  category: string;
  id: string;
  status: ShapeStatus;
  /** Metric key → value; null = undefined for this shape (left out of the means). */
  metrics: Record<string, number | null>;
  /** Prediction file that was scored (absent when missing). */
  file?: string;
  /** Why a prediction could not be read (status 'error'). */
  error?: string;
}

/** Means of one category. */
export interface ClassSummary {
  category: string;
  /** Shapes of the category that were evaluated (all statuses). */
  shapes: number;
  missing: number;
  empty: number;
  errors: number;
  /** Metric key → mean over the shapes where it is defined (null when none is). */
  means: Record<string, number | null>;
  /** Metric key → number of shapes in that mean. */
  counts: Record<string, number>;
}

/** Per-class means and the overall aggregate (docs/design.md §6: mean of the category means). */
export interface Summary {
  classes: ClassSummary[];
  /** Metric key → mean over categories of the category means (categories whose mean is null
   *  are skipped); the headline number, as the papers' "mean" column. */
  meanOfClassMeans: Record<string, number | null>;
  /** Metric key → plain mean over all shapes where it is defined (for reference). */
  meanOfShapes: Record<string, number | null>;
  shapes: number;
  /** "category/id" of shapes without a prediction file, with an empty one, or an unreadable one. */
  missing: string[];
  empty: string[];
  errors: string[];
}

/**
 * Aggregates per-shape metrics: per category (sorted by name) the mean of each metric over the
 * shapes where it is defined, then the mean of those category means.
 *
 * @param records evaluated shapes, any order.
 * @param keys metric keys to aggregate (e.g. `metricKeys(taus)`).
 */
export function summarize(records: readonly ShapeRecord[], keys: readonly string[]): Summary {
  const byCat = new Map<string, ShapeRecord[]>();
  for (const r of records) {
    let l = byCat.get(r.category);
    if (!l) byCat.set(r.category, (l = []));
    l.push(r);
  }
  const classes: ClassSummary[] = [];
  for (const category of [...byCat.keys()].sort()) {
    const rs = byCat.get(category)!;
    const means: Record<string, number | null> = {},
      counts: Record<string, number> = {};
    for (const k of keys) {
      let s = 0,
        n = 0;
      for (const r of rs) {
        const v = r.metrics[k];
        if (v !== null && v !== undefined && Number.isFinite(v)) {
          s += v;
          n++;
        }
      }
      means[k] = n > 0 ? s / n : null;
      counts[k] = n;
    }
    classes.push({
      category,
      shapes: rs.length,
      means,
      counts,
      missing: rs.filter((r) => r.status === 'missing').length,
      empty: rs.filter((r) => r.status === 'empty').length,
      errors: rs.filter((r) => r.status === 'error').length,
    });
  }
  const meanOfClassMeans: Record<string, number | null> = {},
    meanOfShapes: Record<string, number | null> = {};
  for (const k of keys) {
    const cm = classes.map((c) => c.means[k]).filter((v): v is number => v !== null);
    meanOfClassMeans[k] = cm.length > 0 ? cm.reduce((a, b) => a + b, 0) / cm.length : null;
    let s = 0,
      n = 0;
    for (const r of records) {
      const v = r.metrics[k];
      if (v !== null && v !== undefined && Number.isFinite(v)) {
        s += v;
        n++;
      }
    }
    meanOfShapes[k] = n > 0 ? s / n : null;
  }
  const keyOf = (r: ShapeRecord) => `${r.category}/${r.id}`;
  return {
    classes,
    meanOfClassMeans,
    meanOfShapes,
    shapes: records.length,
    missing: records.filter((r) => r.status === 'missing').map(keyOf),
    empty: records.filter((r) => r.status === 'empty').map(keyOf),
    errors: records.filter((r) => r.status === 'error').map(keyOf),
  };
}
