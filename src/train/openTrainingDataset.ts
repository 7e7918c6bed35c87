/**
 * Opens a training data folder: a cache built by `pointocc data build` (has `manifest.json`) or
 * an Occupancy Networks preprocessed root (has `metadata.yaml`).
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.ts';
import { CacheDataset } from '../data/CacheDataset.ts';
import { OnetDataset } from '../data/OnetDataset.ts';
import type { ShapeDataset } from '../data/ShapeDataset.ts';

/** The opened dataset and which kind it is. */
export interface OpenedDataset {
  dataset: ShapeDataset;
  kind: 'cache' | 'onet';
}

/**
 * @param root the data folder.
 * @throws UsageError when it is neither kind.
 */
export function openTrainingDataset(root: string): OpenedDataset {
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`--data ${root}: not a folder`);
  if (existsSync(join(root, 'manifest.json'))) return { dataset: CacheDataset.open(root), kind: 'cache' };
  if (existsSync(join(root, 'metadata.yaml'))) return { dataset: OnetDataset.open(root), kind: 'onet' };
  throw new UsageError(
    `--data ${root}: neither a pointocc cache (manifest.json; build one with \`pointocc data build\`) nor an ONet dataset root (metadata.yaml)`,
  );
}
