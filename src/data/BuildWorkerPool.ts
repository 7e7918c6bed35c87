import { Worker } from 'node:worker_threads';
import type { BuildTask, BuildTaskResult } from './buildTask.ts';

/**
 * Starts one builder worker thread. Node 20 does not apply `--import tsx` from a Worker's
 * `execArgv` (nodejs/node#47747), so the thread starts from the plain-JS `tsWorkerBoot.mjs`,
 * which registers tsx in that thread and then imports `buildWorker.ts`.
 */
export function spawnBuildWorker(): Worker {
  return new Worker(new URL('./tsWorkerBoot.mjs', import.meta.url), {
    workerData: { entry: new URL('./buildWorker.ts', import.meta.url).href },
  });
}

/** First message of a worker whose code loaded. */
export interface WorkerReady {
  ready: true;
}

/**
 * Runs build tasks on `n` worker threads, each taking whole meshes, in task order as workers
 * free up. A worker that dies while working (e.g. out of memory on a huge mesh) fails its
 * current task and is replaced, so one bad mesh never stops the run. A worker that cannot
 * even start rejects the whole run (that is a broken installation, not a broken mesh).
 * Results arrive in completion order through `onResult`.
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
  await new Promise<void>((resolve, reject) => {
    // Set once the run is abandoned (a worker could not start, or recording a result failed).
    let stopped = false;
    const live = new Set<Worker>();
    const abort = (e: Error): void => {
      stopped = true;
      for (const x of live) void x.terminate();
      reject(e);
    };
    const start = (): void => {
      if (stopped) return;
      const w = spawnBuildWorker();
      live.add(w);
      w.on('exit', () => live.delete(w));
      let current: BuildTask | null = null;
      let finished = false;
      let ready = false;
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
        try {
          onResult(r);
        } catch (e) {
          // The caller could not record the result (e.g. the disk is full): stop everything.
          abort(e instanceof Error ? e : new Error(String(e)));
          return;
        }
        done++;
        if (done === tasks.length) resolve();
      };
      w.on('message', (r: BuildTaskResult | WorkerReady) => {
        if (stopped) return;
        if ('ready' in r) {
          ready = true;
          feed();
          return;
        }
        complete(r);
        feed();
      });
      w.on('error', (e) => {
        if (!ready) {
          finished = true;
          abort(new Error(`a sample-builder worker thread failed to start: ${e instanceof Error ? e.message : String(e)}`));
          return;
        }
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
        if (!ready) {
          abort(new Error(`a sample-builder worker thread exited with code ${code} before starting`));
          return;
        }
        const t = current;
        current = null;
        if (t) complete({ ok: false, relPath: t.relPath, reason: `worker exited with code ${code}` });
        if (next < tasks.length) start();
      });
    };
    for (let i = 0; i < count; i++) start();
  });
}
