import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../errors.ts';
import { processAlive } from '../io/atomicWrite.ts';

/** What a lock file holds (JSON). */
interface LockInfo {
  pid: number;
  host: string;
  started: string;
}

/** Name of the lock file in a run folder. */
export const RUN_LOCK = 'train.lock';

/**
 * Takes the lock of a training run folder, so two trainers never write one run (both would
 * "finish", each overwriting the other's checkpoints). The file is created with the `wx` flag
 * (fails if it exists: atomic on local file systems) and holds the holder's PID, host and start
 * time. A lock left by a dead process on this host (PID not running) is stale: it is removed and
 * taken. A lock of another host cannot be checked and is honoured.
 *
 * @param dir the run folder (exists).
 * @returns a release function (idempotent), also run on process exit.
 * @throws UsageError naming the holder when the run is locked by a live process.
 */
export function lockRunFolder(dir: string): () => void {
  const path = join(dir, RUN_LOCK);
  const me: LockInfo = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const held = readLock(path);
      if (attempt > 0 && !held) throw new UsageError(`${dir} is in use by another training run (lock file ${path} being taken now)`);
      if (held && (attempt > 0 || held.host !== me.host || processAlive(held.pid))) {
        throw new UsageError(
          `${dir} is in use by another training run (pid ${held.pid} on ${held.host}, since ${held.started}); wait for it to finish, stop it, or choose another --out${held.host !== me.host ? ` (if that run is gone, delete ${path})` : ''}`,
        );
      }
      // stale (dead PID on this host) or unreadable (a writer killed between create and write)
      try {
        unlinkSync(path);
      } catch {
        /* another trainer removed it first */
      }
      continue;
    }
    try {
      writeSync(fd, JSON.stringify(me) + '\n');
    } finally {
      closeSync(fd);
    }
    break;
  }
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.removeListener('exit', release);
    // remove only our own lock
    const held = readLock(path);
    if (held && held.pid === me.pid && held.host === me.host) {
      try {
        unlinkSync(path);
      } catch {
        /* gone */
      }
    }
  };
  process.on('exit', release);
  return release;
}

function readLock(path: string): LockInfo | null {
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
    return typeof v.pid === 'number' && typeof v.host === 'string' ? v : null;
  } catch {
    return null;
  }
}
