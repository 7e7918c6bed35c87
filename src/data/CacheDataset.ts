import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors.ts';
import { readManifest, sha256Hex, type CacheManifest, type ManifestShape } from './CacheManifest.ts';
import { decodeShapeNpz } from './shapeNpz.ts';
import { shapeKey, type LoadOptions, type ShapeDataset, type ShapeRef, type ShapeSample, type Split } from './ShapeDataset.ts';

/** Options of {@link CacheDataset.open}. */
export interface CacheDatasetOptions {
  /** Check each file's SHA-256 against the manifest when loading it (≈ 5 ms per 2 MB file).
   *  Default true. */
  verify?: boolean;
}

/**
 * The builder's cache folder (`pointocc data build`, docs/cache-format.md) as a
 * {@link ShapeDataset}. Shapes are listed from the manifest; failed meshes are not listed.
 */
export class CacheDataset implements ShapeDataset {
  readonly root: string;
  readonly manifest: CacheManifest;
  private readonly verify: boolean;
  private readonly byKey: Map<string, ManifestShape>;

  private constructor(root: string, manifest: CacheManifest, verify: boolean) {
    this.root = root;
    this.manifest = manifest;
    this.verify = verify;
    this.byKey = new Map(manifest.shapes.map((s) => [shapeKey(s), s]));
  }

  /**
   * Opens a cache folder.
   * @param root folder holding `manifest.json`.
   * @throws InputError when there is no manifest or it is not one this version reads.
   */
  static open(root: string, options: CacheDatasetOptions = {}): CacheDataset {
    const m = readManifest(root);
    if (!m) throw new InputError('not-found', join(root, 'manifest.json'), 'no cache manifest here (build one with `pointocc data build`)');
    return new CacheDataset(root, m, options.verify ?? true);
  }

  categories(): string[] {
    return [...new Set(this.manifest.shapes.map((s) => s.category))].sort();
  }

  shapes(split?: Split): ShapeRef[] {
    return this.manifest.shapes
      .filter((s) => split === undefined || s.split === split)
      .map((s) => ({ category: s.category, id: s.id, split: s.split }));
  }

  /** Number of near-surface queries at the start of `queryPoints` (the rest are far queries). */
  get nearQueries(): number {
    return this.manifest.settings.nearQueries;
  }

  /**
   * Reads one shape.
   * @throws InputError 'not-found' for an unknown shape or missing file, 'bad-value' for a
   *   checksum mismatch (when verifying), or any decoding error of a damaged file.
   */
  async load(ref: ShapeRef, options: LoadOptions = {}): Promise<ShapeSample> {
    const entry = this.byKey.get(shapeKey(ref));
    if (!entry) throw new InputError('not-found', this.root, `no shape ${shapeKey(ref)} in the cache`);
    const path = join(this.root, entry.file);
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch (e) {
      throw new InputError('not-found', path, `cannot read cache file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    if (this.verify) {
      const h = sha256Hex(bytes);
      if (h !== entry.sha256)
        throw new InputError(
          'bad-value',
          path,
          `checksum mismatch (SHA-256 ${h.slice(0, 12)}…, manifest ${entry.sha256.slice(0, 12)}…): the file is corrupt; rerun \`pointocc data build\` to repair it`,
        );
    }
    const d = decodeShapeNpz(bytes, path, options);
    return {
      category: entry.category,
      id: entry.id,
      surfacePoints: d.surfacePoints,
      surfaceNormals: d.surfaceNormals,
      queryPoints: d.queryPoints,
      queryOccupancies: d.queryOccupancies,
      uniformPoints: d.uniformPoints,
      uniformOccupancies: d.uniformOccupancies,
      evalPoints: d.evalPoints,
      evalNormals: d.evalNormals,
      loc: d.loc,
      scale: d.scale,
    };
  }
}
