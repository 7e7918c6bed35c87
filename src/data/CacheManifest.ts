import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { InputError } from '../errors.ts';
import { atomicWriteFileSync } from '../io/atomicWrite.ts';
import { SPLITS, type Split } from './ShapeDataset.ts';
import { DEFAULT_BUILD_SETTINGS, type BuildSettings } from './BuildSettings.ts';
import type { InsideMethod } from './buildShapeSample.ts';

/** Version of the cache layout (manifest + per-shape `.npz` arrays); see docs/cache-format.md. */
export const CACHE_FORMAT_VERSION = 1;
/** Value of the manifest's `format` field. */
export const CACHE_FORMAT_NAME = 'pointocc-cache';
export const MANIFEST_NAME = 'manifest.json';

/** One built shape in the manifest. */
export interface ManifestShape {
  category: string;
  id: string;
  split: Split;
  /** Source mesh path relative to the mesh root, '/'-separated. */
  source: string;
  /** SHA-256 (hex) of the source mesh file's bytes: a changed mesh is rebuilt on resume. */
  sourceSha256: string;
  /** The shape's `.npz`, relative to the cache root, '/'-separated. */
  file: string;
  /** SHA-256 (hex) of the `.npz` bytes. */
  sha256: string;
  bytes: number;
  watertight: boolean;
  /** Inside test used for the labels. */
  method: InsideMethod;
  /** Watertight but inside-out (negative volume): sampled normals were flipped outward. */
  flippedNormals: boolean;
  vertices: number;
  faces: number;
}

/** A mesh the builder could not use, with the reason. */
export interface ManifestFailure {
  category: string;
  id: string;
  source: string;
  reason: string;
}

/** Counts of the last build, for humans. */
export interface ManifestSummary {
  shapes: number;
  /** Shapes labelled with the generalised winding number because the mesh is not watertight. */
  notWatertight: number;
  failed: number;
  splits: Record<Split, number>;
}

/** The top-level `manifest.json` of a cache folder. */
export interface CacheManifest {
  format: typeof CACHE_FORMAT_NAME;
  version: number;
  /** The settings every shape was built with; `query_points` holds settings.nearQueries near
   *  queries first, then settings.farQueries far ones, then settings.boxQueries uniform ones. */
  settings: BuildSettings;
  summary: ManifestSummary;
  /** Sorted by (category, id). */
  shapes: ManifestShape[];
  /** Sorted by (category, id). */
  failed: ManifestFailure[];
}

/** SHA-256 of bytes, lower-case hex. */
export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Builds a manifest with its entries sorted and its summary counted. */
export function makeManifest(settings: BuildSettings, shapes: ManifestShape[], failed: ManifestFailure[]): CacheManifest {
  const cmp = (a: { category: string; id: string }, b: { category: string; id: string }): number =>
    a.category < b.category ? -1 : a.category > b.category ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  const sShapes = [...shapes].sort(cmp);
  const sFailed = [...failed].sort(cmp);
  const splits = { train: 0, val: 0, test: 0 } as Record<Split, number>;
  for (const s of sShapes) splits[s.split]++;
  return {
    format: CACHE_FORMAT_NAME,
    version: CACHE_FORMAT_VERSION,
    settings: { ...settings },
    summary: { shapes: sShapes.length, notWatertight: sShapes.filter((s) => !s.watertight).length, failed: sFailed.length, splits },
    shapes: sShapes,
    failed: sFailed,
  };
}

/** Writes `<root>/manifest.json` atomically (2-space JSON, trailing newline). */
export function writeManifest(root: string, manifest: CacheManifest): void {
  atomicWriteFileSync(join(root, MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * Reads and checks `<root>/manifest.json`.
 * @returns null when the file does not exist.
 * @throws InputError when it exists but is not a pointocc cache manifest of a version we read.
 */
export function readManifest(root: string): CacheManifest | null {
  const path = join(root, MANIFEST_NAME);
  if (!existsSync(path)) return null;
  let m: unknown;
  try {
    m = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new InputError('bad-header', path, `not valid JSON (${(e as Error).message})`);
  }
  const o = m as Partial<CacheManifest>;
  if (!o || typeof o !== 'object' || o.format !== CACHE_FORMAT_NAME)
    throw new InputError('bad-header', path, `not a ${CACHE_FORMAT_NAME} manifest`);
  if (o.version !== CACHE_FORMAT_VERSION) {
    throw new InputError(
      'unsupported',
      path,
      `cache format version ${String(o.version)}; this pointocc reads version ${CACHE_FORMAT_VERSION} (rebuild the cache)`,
    );
  }
  if (!Array.isArray(o.shapes) || !Array.isArray(o.failed) || !o.settings || typeof o.settings !== 'object') {
    throw new InputError('bad-header', path, 'manifest lacks settings, shapes or failed');
  }
  // Caches written before boxQueries existed have none.
  const settings = o.settings as unknown as Record<string, unknown>;
  if (settings.boxQueries === undefined) settings.boxQueries = 0;
  for (const k of Object.keys(DEFAULT_BUILD_SETTINGS)) {
    if (typeof settings[k] !== 'number') throw new InputError('bad-header', path, `manifest settings lack "${k}"`);
  }
  for (const s of o.shapes) {
    if (
      !s ||
      typeof s.category !== 'string' ||
      typeof s.id !== 'string' ||
      typeof s.file !== 'string' ||
      typeof s.sha256 !== 'string' ||
      !SPLITS.includes(s.split)
    ) {
      throw new InputError('bad-header', path, `malformed shape entry ${JSON.stringify(s).slice(0, 200)}`);
    }
    if (s.file.split('/').includes('..') || s.file.startsWith('/'))
      throw new InputError('bad-header', path, `shape file "${s.file}" leaves the cache folder`);
  }
  return o as CacheManifest;
}
