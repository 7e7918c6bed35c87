import { Worker } from 'node:worker_threads';
import type { BuildTask, BuildTaskResult } from './buildTask.ts';

/**
 * Starts one builder worker thread with tsx registered, so the worker can import the
 * TypeScript sources. tsx is resolved from this module (not the current directory), so the
 * CLI works from any folder.
 */
export function spawnBuildWorker(): Worker {
  const tsx = import.meta.resolve('tsx');
  return new Worker(new URL('./buildWorker.ts', import.meta.url), { execArgv: ['--import', tsx] });
}

/**
 * Runs build tasks on `n` worker threads, each taking whole meshes, in task order as workers
 * free up. A worker that dies (e.g. out of memory) fails its current task and is replaced,
 * so one bad mesh never stops the run. Results arrive in completion order through `onResult`.
 *
 * @param tasks the meshes to build.
 * @param n worker threads, ≥ 1 (capped at the number of tasks).
 * @param onResult called on the main thread once per task, in completion order.
 */
export async function runBuildPool(tasks: readonly BuildTask[], n: number, onResult: (r: BuildTaskResult) => void): Promise<void> {
  if (tasks.length === 0) return;
  const count = Math.max(1, Math.min(Math.floor(n), tasks.length));
  let next = 0;
  let done = 0;
  await new Promise<void>((resolve) => {
    const start = (): void => {
      const w = spawnBuildWorker();
      let current: BuildTask | null = null;
      let finished = false;
      const feed = (): void => {
        if (next < tasks.length) {
          current = tasks[next++];
          w.postMessage(current);
        } else {
          current = null;
          finished = true;
          void w.terminate();
        }
      };
      const complete = (r: BuildTaskResult): void => {
        onResult(r);
        done++;
        if (done === tasks.length) resolve();
      };
      w.on('message', (r: BuildTaskResult) => {
        complete(r);
        feed();
      });
      w.on('error', (e) => {
        // The thread is gone: fail its task, replace it if work remains.
        const t = current;
        current = null;
        finished = true;
        if (t) complete({ ok: false, relPath: t.relPath, reason: `worker crashed: ${e instanceof Error ? e.message : String(e)}` });
        if (next < tasks.length) start();
      });
      w.on('exit', (code) => {
        if (finished) return;
        finished = true;
        const t = current;
        current = null;
        if (t) complete({ ok: false, relPath: t.relPath, reason: `worker exited with code ${code}` });
        if (next < tasks.length) start();
      });
      feed();
    };
    for (let i = 0; i < count; i++) start();
  });
}
