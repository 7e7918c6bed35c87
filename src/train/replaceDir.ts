/**
 * Atomic replacement of a whole output folder (checkpoint/, best/): the new content is written
 * into a temporary sibling folder, then swapped in by renames. A crash at any moment leaves
 * either the old or the new folder complete under its name, or the old one under `.NAME.old`
 * (between the two renames), which {@link recoverDir} puts back.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** A fresh temporary sibling folder of `target` (`.NAME.tmp-PID-RANDOM`), created empty. */
export function tempDirFor(target: string): string {
  const dir = join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 10)}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The name an old folder has between the two renames of {@link replaceDir}. */
function oldName(target: string): string {
  return join(dirname(target), `.${basename(target)}.old`);
}

/**
 * Moves the complete folder `tmp` to `target`, replacing any folder there.
 * Steps: (1) remove a stale `.NAME.old`, (2) rename target → `.NAME.old`, (3) rename tmp →
 * target, (4) remove `.NAME.old`.
 */
export function replaceDir(tmp: string, target: string): void {
  const old = oldName(target);
  rmSync(old, { recursive: true, force: true });
  if (existsSync(target)) renameSync(target, old);
  renameSync(tmp, target);
  rmSync(old, { recursive: true, force: true });
}

/**
 * Repairs what an interrupted {@link replaceDir} or writer left: puts `.NAME.old` back when
 * `target` is missing, and removes `.NAME.old` and any `.NAME.tmp-*` folders (partial writes).
 */
export function recoverDir(target: string): void {
  const old = oldName(target);
  if (!existsSync(target) && existsSync(old)) renameSync(old, target);
  rmSync(old, { recursive: true, force: true });
  const parent = dirname(target),
    prefix = `.${basename(target)}.tmp-`;
  if (!existsSync(parent)) return;
  for (const name of readdirSync(parent)) if (name.startsWith(prefix)) rmSync(join(parent, name), { recursive: true, force: true });
}
