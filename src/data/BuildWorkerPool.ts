import type { BuildTask, BuildTaskResult } from './buildTask.ts';
import { runTaskPool } from './taskPool.ts';
import { moduleUrl } from './workerScript.ts';

/**
 * Runs build tasks on `n` worker threads (`buildWorker.ts`), each taking whole meshes, in task
 * order as workers free up (the shared `runTaskPool`). A worker that dies while working (e.g. out
 * of memory on a huge mesh) fails its current task and is replaced, so one bad mesh never stops
 * the run; a worker that cannot even start rejects the whole run (a broken installation, not a
 * broken mesh). Results arrive in completion order through `onResult`; if `onResult` throws
 * (e.g. the disk is full) the run stops.
 *
 * @param tasks the meshes to build.
 * @param n worker threads, ≥ 1 (capped at the number of tasks).
 * @param onResult called on the main thread once per task, in completion order.
 */
export async function runBuildPool(tasks: readonly BuildTask[], n: number, onResult: (r: BuildTaskResult) => void): Promise<void> {
  await runTaskPool<BuildTask, BuildTaskResult>(
    moduleUrl('./buildWorker', import.meta.url),
    tasks,
    n,
    (_index, r) => onResult(r),
    (task, reason) => ({ ok: false, relPath: task.relPath, reason }),
  );
}
