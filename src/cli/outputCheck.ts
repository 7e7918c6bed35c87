/**
 * Checks that an output can be written BEFORE any work: a run that loads a model and
 * reconstructs for seconds must not fail at the very end on a path mistake (and leave a temp
 * file). Each failure is a UsageError (exit 2, one line naming the output).
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../errors.ts';

function statOrNull(p: string): ReturnType<typeof statSync> | null {
  try {
    return statSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new UsageError(`cannot write ${p}: ${(e as Error).message}`);
  }
}

/** Whether the folder may be written (root passes `access` everywhere, so tests use other cases). */
function checkWritableFolder(dir: string, output: string): void {
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new UsageError(`cannot write ${output}: no permission to write in ${dir}`);
  }
}

/** A file output (`-o FILE`): not a folder; its folder exists, is a folder, and is writable. */
export function checkOutputFile(output: string): void {
  const s = statOrNull(output);
  if (s?.isDirectory()) throw new UsageError(`cannot write ${output}: it is a folder (give a file name, e.g. ${output.replace(/[\\/]+$/, '')}/mesh.ply)`);
  const dir = dirname(resolve(output));
  const d = statOrNull(dir);
  if (!d) {
    // ENOENT, or ENOTDIR when a path component is a file: say which.
    let up = dirname(dir);
    while (up !== dirname(up) && !statOrNull(up)) up = dirname(up);
    const u = statOrNull(up);
    if (u && !u.isDirectory()) throw new UsageError(`cannot write ${output}: ${up} is a file, not a folder`);
    throw new UsageError(`cannot write ${output}: the folder ${dir} does not exist`);
  }
  if (!d.isDirectory()) throw new UsageError(`cannot write ${output}: ${dir} is a file, not a folder`);
  checkWritableFolder(dir, output);
}

/** An output folder (`--batch … OUT_DIR`, created when missing): a folder, or creatable in a writable folder. */
export function checkOutputFolder(outDir: string): void {
  const s = statOrNull(outDir);
  if (s) {
    if (!s.isDirectory()) throw new UsageError(`cannot write into ${outDir}: it is a file, not a folder`);
    checkWritableFolder(outDir, outDir);
    return;
  }
  let up = dirname(resolve(outDir));
  while (up !== dirname(up) && !statOrNull(up)) up = dirname(up);
  const u = statOrNull(up);
  if (u && !u.isDirectory()) throw new UsageError(`cannot write into ${outDir}: ${up} is a file, not a folder`);
  checkWritableFolder(up, outDir);
}
