import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CacheDataset } from '../data/CacheDataset.ts';
import { OnetDataset } from '../data/OnetDataset.ts';
import type { ShapeDataset } from '../data/ShapeDataset.ts';

/** Which layout a dataset folder has. */
export type DatasetFormat = 'cache' | 'onet';

/** `'cache'` when the folder holds a builder `manifest.json`, else `'onet'` (ONet's preprocessed layout). */
export function detectDatasetFormat(root: string): DatasetFormat {
  return existsSync(join(root, 'manifest.json')) ? 'cache' : 'onet';
}

/**
 * Opens an evaluation data folder: a `pointocc data build` cache or ONet's preprocessed
 * ShapeNet layout (both give `uniformPoints`/`uniformOccupancies` and `evalPoints`/`evalNormals`).
 * @param root the folder.
 * @param format layout; default detected by {@link detectDatasetFormat}.
 * @throws InputError when the folder is neither.
 */
export function openEvalDataset(root: string, format: DatasetFormat = detectDatasetFormat(root)): ShapeDataset {
  return format === 'cache' ? CacheDataset.open(root, { verify: false }) : OnetDataset.open(root);
}
