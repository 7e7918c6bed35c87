import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { InputError } from '../errors.ts';
import { readManifest } from './CacheManifest.ts';
import { fileSha256 } from './buildTask.ts';

/** Outcome of {@link verifyCache}. */
export interface CacheVerification {
  /** Shapes whose file matches its manifest checksum. */
  ok: number;
  /** Manifest files that do not exist. */
  missing: string[];
  /** Files whose SHA-256 differs from the manifest's. */
  corrupt: string[];
}

/**
 * Checks every shape file of a cache folder against the SHA-256 in its manifest.
 * @param root cache folder.
 * @throws InputError 'not-found' when there is no manifest.
 */
export function verifyCache(root: string): CacheVerification {
  const m = readManifest(root);
  if (!m) throw new InputError('not-found', join(root, 'manifest.json'), 'no cache manifest here');
  const out: CacheVerification = { ok: 0, missing: [], corrupt: [] };
  for (const s of m.shapes) {
    const path = join(root, s.file);
    if (!existsSync(path)) out.missing.push(s.file);
    else if (fileSha256(path) !== s.sha256) out.corrupt.push(s.file);
    else out.ok++;
  }
  return out;
}
