import { UsageError } from '../errors.ts';

/**
 * Everything that determines the builder's output bytes besides the mesh itself. Stored in the
 * cache manifest; a cached shape is reused only when the settings it was built with are equal.
 * Distances are in unit-cube units (docs/design.md §2).
 */
export interface BuildSettings {
  /** Base seed; each shape's stream is seeded by (seed, relative mesh path). */
  seed: number;
  /** Surface samples the network inputs are drawn from (docs/design.md §3: 2048). */
  surfacePoints: number;
  /** Near-surface queries: surface samples offset by N(0, nearStd²) per axis (6144). */
  nearQueries: number;
  /** Std of the near-surface offset, per axis (0.02). */
  nearStd: number;
  /** Far queries: surface samples offset by N(0, farStd²) per axis (2048). */
  farQueries: number;
  /** Std of the far offset, per axis (0.1). */
  farStd: number;
  /** Training queries uniform in the padded box, labelled like the others (ONet's `points.npz`
   *  kind; docs/design.md §3's optional uniform queries). Default 0: none. They cover the space far from
   *  the surface, where the near/far queries are sparse. Drawn from their own stream, distinct
   *  from the uniform IoU points below. */
  boxQueries: number;
  /** Labelled points uniform in the padded box, for IoU (100 000). */
  uniformPoints: number;
  /** Surface samples with normals for Chamfer / normal consistency / F-score (100 000). */
  evalPoints: number;
  /** Total padding of the unit cube for the uniform points, as ONet's `padding`: the box is
   *  [-(1+padding)/2, (1+padding)/2]³, i.e. [-0.55, 0.55]³ for the default 0.1. */
  padding: number;
}

export const DEFAULT_BUILD_SETTINGS: Readonly<BuildSettings> = Object.freeze({
  seed: 0,
  surfacePoints: 2048,
  nearQueries: 6144,
  nearStd: 0.02,
  farQueries: 2048,
  farStd: 0.1,
  boxQueries: 0,
  uniformPoints: 100000,
  evalPoints: 100000,
  padding: 0.1,
});

/** Largest point count per array the builder accepts (keeps one shape's file well under 1 GB). */
export const MAX_POINTS = 10_000_000;

/**
 * Fills defaults and checks ranges.
 * @throws UsageError naming the bad setting.
 */
export function resolveBuildSettings(partial: Partial<BuildSettings> = {}): BuildSettings {
  const s: BuildSettings = { ...DEFAULT_BUILD_SETTINGS };
  for (const [k, v] of Object.entries(partial)) if (v !== undefined) (s as unknown as Record<string, unknown>)[k] = v;
  if (!Number.isInteger(s.seed) || s.seed < 0 || s.seed > 0xffffffff)
    throw new UsageError(`seed must be an integer in [0, 2^32), got ${s.seed}`);
  const counts: (keyof BuildSettings)[] = ['surfacePoints', 'nearQueries', 'farQueries', 'boxQueries', 'uniformPoints', 'evalPoints'];
  for (const k of counts) {
    const v = s[k];
    if (!Number.isInteger(v) || v < 0 || v > MAX_POINTS) throw new UsageError(`${k} must be an integer in [0, ${MAX_POINTS}], got ${v}`);
  }
  if (s.surfacePoints < 1) throw new UsageError('surfacePoints must be at least 1');
  if (s.nearQueries + s.farQueries + s.boxQueries < 1)
    throw new UsageError('there must be at least one query point (nearQueries + farQueries + boxQueries)');
  for (const k of ['nearStd', 'farStd', 'padding'] as const) {
    if (!Number.isFinite(s[k]) || s[k] < 0 || s[k] > 10) throw new UsageError(`${k} must be a number in [0, 10], got ${s[k]}`);
  }
  return s;
}

/** True when two settings would produce the same bytes. */
export function sameSettings(a: BuildSettings, b: BuildSettings): boolean {
  const keys = Object.keys(DEFAULT_BUILD_SETTINGS) as (keyof BuildSettings)[];
  return keys.every((k) => a[k] === b[k]);
}
