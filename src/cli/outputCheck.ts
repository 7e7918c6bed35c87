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

/** A file output (`-o FILE`): not a folder, and its folder exists and is writable or can be
 *  created (the atomic write creates missing folders, as `npm run demo` relies on for out/). */
export function checkOutputFile(output: string): void {
  const s = statOrNull(output);
  if (s?.isDirectory())
    throw new UsageError(`cannot write ${output}: it is a folder (give a file name, e.g. ${output.replace(/[\\/]+$/, '')}/mesh.ply)`);
  checkOutputFolder(dirname(resolve(output)), output);
}

/**
 * An output folder (`--batch … OUT_DIR`, or the folder of `-o FILE`; created when missing): a
 * folder, or creatable in a writable folder.
 * @param file the file to be written in it, named in messages instead of the folder.
 */
export function checkOutputFolder(outDir: string, file?: string): void {
  const what = file ? `write ${file}` : `write into ${outDir}`;
  const s = statOrNull(outDir);
  if (s) {
    if (!s.isDirectory()) throw new UsageError(`cannot ${what}: ${file ? `${outDir} is a file` : 'it is a file'}, not a folder`);
    checkWritableFolder(outDir, file ?? outDir);
    return;
  }
  let up = dirname(resolve(outDir));
  while (up !== dirname(up) && !statOrNull(up)) up = dirname(up);
  const u = statOrNull(up);
  if (u && !u.isDirectory()) throw new UsageError(`cannot ${what}: ${up} is a file, not a folder`);
  checkWritableFolder(up, file ?? outDir);
}
