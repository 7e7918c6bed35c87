import { existsSync, mkdirSync, readlinkSync, rmSync, symlinkSync, lstatSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makeManifest, readManifest, writeManifest } from '../../data/CacheManifest.ts';
import { InputError } from '../../errors.ts';
import type { DatasetFormat } from '../openEvalDataset.ts';

function linkInto(dst: string, target: string): void {
  if (existsSync(dst) || isLink(dst)) {
    if (isLink(dst) && readlinkSync(dst) === target) return;
    rmSync(dst, { recursive: true, force: true });
  }
  symlinkSync(target, dst, 'dir');
}

function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * A view of a data folder restricted to some classes, without copying data: a folder whose
 * category sub-folders are symbolic links to the source's, plus (for a cache) a manifest
 * listing only those classes' shapes or (for ONet's layout) a link to `metadata.yaml`. Any
 * reader of the format — `pointocc train --data`, `CacheDataset`, `OnetDataset` — then sees only
 * those classes. Used to train on 10 classes and test on the 3 held out.
 *
 * @param src the data folder. @param format its layout. @param dst the view to (re)write.
 * @param classes categories to keep (each must exist in `src`).
 * @throws InputError when a class is not in the source.
 */
export function writeClassSubset(src: string, format: DatasetFormat, dst: string, classes: readonly string[]): void {
  const absSrc = resolve(src);
  mkdirSync(dst, { recursive: true });
  if (format === 'cache') {
    const m = readManifest(absSrc);
    if (!m) throw new InputError('not-found', join(absSrc, 'manifest.json'), 'no cache manifest');
    const have = new Set(m.shapes.map((s) => s.category));
    for (const c of classes)
      if (!have.has(c)) throw new InputError('not-found', absSrc, `no class '${c}' in the cache (classes: ${[...have].sort().join(', ')})`);
    const keep = new Set(classes);
    for (const c of classes) linkInto(join(dst, c), join(absSrc, c));
    writeManifest(
      dst,
      makeManifest(
        m.settings,
        m.shapes.filter((s) => keep.has(s.category)),
        m.failed.filter((f) => keep.has(f.category)),
      ),
    );
    return;
  }
  for (const c of classes) {
    if (!existsSync(join(absSrc, c))) throw new InputError('not-found', absSrc, `no class folder '${c}'`);
    linkInto(join(dst, c), join(absSrc, c));
  }
  const meta = join(absSrc, 'metadata.yaml');
  if (existsSync(meta) && !existsSync(join(dst, 'metadata.yaml'))) symlinkSync(meta, join(dst, 'metadata.yaml'), 'file');
}
