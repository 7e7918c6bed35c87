/**
 * Starting worker threads whether the code runs compiled (dist/*.js, the installed package) or
 * from its TypeScript sources (src/*.ts through tsx, in development and tests).
 *
 * Node 20 ignores `--import tsx` in a Worker's execArgv, so a worker that runs a `.ts` entry
 * starts from tsWorkerBoot.mjs, which registers tsx and then imports the entry. Compiled code
 * needs no boot file and no transpiler: the worker runs the `.js` entry directly, which saves the
 * ~0.3 s that registering tsx costs each thread.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** Whether this build runs from compiled JavaScript (true in the installed package). */
export const COMPILED = import.meta.url.endsWith('.js');

/**
 * URL of the module `name` (relative, without extension, e.g. `./occupancyWorker`) next to the
 * module whose `import.meta.url` is `base`, with the extension of the build that is running.
 */
export function moduleUrl(name: string, base: string | URL): URL {
  return new URL(`${name}${COMPILED ? '.js' : '.ts'}`, base);
}

/**
 * A worker thread running the module at `entry` (from {@link moduleUrl}); `workerData` reaches
 * the entry as usual (the boot file reads only its `entry` field).
 */
export function startWorker(entry: URL, workerData: Record<string, unknown> = {}, options: WorkerOptions = {}): Worker {
  if (entry.pathname.endsWith('.js')) return new Worker(entry, { ...options, workerData });
  const boot = new URL('./tsWorkerBoot.mjs', import.meta.url);
  return new Worker(boot, { ...options, workerData: { ...workerData, entry: entry.href } });
}
