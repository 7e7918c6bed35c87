import type { Worker } from 'node:worker_threads';
import { startWorker } from './workerScript.ts';

/** Message from a pool worker: first `{ ready: true }`, then one `{ index, result }` per task. */
export type PoolMessage<R> = { ready: true } | { index: number; result: R };

/**
 * Runs independent tasks on `n` worker threads (each takes the next task when it finishes one)
 * and hands each result to `onResult` on the calling thread, in completion order.
 *
 * The worker module (`entry`, a TypeScript file) must answer `{ index, task }` messages with
 * `{ index, result }` and post `{ ready: true }` once loaded (see `buildWorker.ts`, `src/eval/evalWorker.ts`). It starts
 * through `src/data/tsWorkerBoot.mjs`, which registers tsx in the thread (Node 20 does not pass
 * `--import tsx` on to workers). A worker that dies mid-task fails that task through `onCrash`
 * and is replaced; one that cannot start rejects the run (a broken installation).
 *
 * @param entry file URL of the worker module.
 * @param tasks structured-cloneable task descriptions.
 * @param n worker threads, ≥ 1 (capped at the number of tasks).
 * @param onResult receives (task index, result).
 * @param onCrash turns a crashed task into a result: (task, reason) → result.
 */
export async function runTaskPool<T, R>(
  entry: URL,
  tasks: readonly T[],
  n: number,
  onResult: (index: number, result: R) => void,
  onCrash: (task: T, reason: string) => R,
): Promise<void> {
  if (tasks.length === 0) return;
  const count = Math.max(1, Math.min(Math.floor(n), tasks.length));
  let next = 0,
    done = 0;
  await new Promise<void>((resolve, reject) => {
    let stopped = false;
    const live = new Set<Worker>();
    const abort = (e: Error): void => {
      stopped = true;
      for (const x of live) void x.terminate();
      reject(e);
    };
    const complete = (index: number, r: R): void => {
      try {
        onResult(index, r);
      } catch (e) {
        abort(e instanceof Error ? e : new Error(String(e)));
        return;
      }
      if (++done === tasks.length) resolve();
    };
    const start = (): void => {
      if (stopped) return;
      const w = startWorker(entry);
      live.add(w);
      let current = -1,
        ready = false,
        finished = false;
      const feed = (): void => {
        if (next < tasks.length) {
          current = next++;
          w.postMessage({ index: current, task: tasks[current] });
        } else {
          current = -1;
          finished = true;
          void w.terminate();
        }
      };
      const lost = (why: string): void => {
        if (finished) return;
        finished = true;
        live.delete(w);
        if (!ready) {
          abort(new Error(`a worker thread failed to start: ${why}`));
          return;
        }
        const t = current;
        current = -1;
        if (t >= 0) complete(t, onCrash(tasks[t], `worker crashed: ${why}`));
        if (!stopped && next < tasks.length) start();
      };
      w.on('message', (m: PoolMessage<R>) => {
        if (stopped) return;
        if ('ready' in m) {
          ready = true;
          feed();
          return;
        }
        current = -1;
        complete(m.index, m.result);
        if (!stopped) feed();
      });
      w.on('error', (e) => lost(e instanceof Error ? e.message : String(e)));
      w.on('exit', (code) => {
        live.delete(w);
        lost(`exited with code ${code}`);
      });
    };
    for (let i = 0; i < count; i++) start();
  });
}
