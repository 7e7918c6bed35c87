import { writeFileSync, renameSync, unlinkSync, mkdirSync, readdirSync } from 'node:fs';
import { writeFile, rename, unlink, mkdir } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';

/**
 * Write a file atomically: the bytes go to a temporary file in the same folder, which is then
 * renamed over the target. A failed or interrupted write never leaves a partial output; at worst
 * a `.<name>.tmp-<pid>-<random>` file, which is removed on failure, when the process exits
 * (`process.exit`, e.g. the CLI's SIGINT/SIGTERM handler; a SIGKILL cannot be caught), and, when
 * left by a process that has died, by the next write of the same target.
 */
export function atomicWriteFileSync(path: string, data: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  removeStaleTemps(path);
  const tmp = tempName(path);
  live.add(tmp);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    throw e;
  } finally {
    live.delete(tmp);
  }
}

export async function atomicWriteFile(path: string, data: Uint8Array | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  removeStaleTemps(path);
  const tmp = tempName(path);
  live.add(tmp);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    try {
      await unlink(tmp);
    } catch {
      /* already gone */
    }
    throw e;
  } finally {
    live.delete(tmp);
  }
}

/** Temporary files this process is writing now; removed by the exit hook below. */
const live = new Set<string>();
let hooked = false;

function tempName(path: string): string {
  if (!hooked) {
    hooked = true;
    // 'exit' handlers must be synchronous: unlinkSync. Runs on a normal end and on
    // process.exit(), which the CLI's signal handler calls (src/cli/main.ts).
    process.on('exit', () => {
      for (const t of live) {
        try {
          unlinkSync(t);
        } catch {
          /* already gone */
        }
      }
    });
  }
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 10)}`);
}

/** Whether process `pid` exists on this machine (signal 0 tests without sending anything). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes `.<name>.tmp-<pid>-*` files beside `path` whose writer (pid) is no longer running:
 * leftovers of a process killed mid-write. Temp files of live processes (another writer of the
 * same target now) are kept. Best effort: errors are ignored.
 *
 * @returns the number of files removed.
 */
export function removeStaleTemps(path: string): number {
  const prefix = `.${basename(path)}.tmp-`;
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(\d+)-[a-z0-9]*$/.exec(name.slice(prefix.length));
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || processAlive(pid)) continue;
    try {
      unlinkSync(join(dirname(path), name));
      removed++;
    } catch {
      /* gone or not ours */
    }
  }
  return removed;
}
