/**
 * Worker-thread entry of the sample builder: receives `BuildTask`s one at a time from
 * `buildCache`, processes whole meshes, and posts a `BuildTaskResult` for each. Posts
 * `{ ready: true }` first, once its modules have loaded. Started through `tsWorkerBoot.mjs`
 * (see `src/data/taskPool.ts`), which registers tsx in the thread.
 */
import { parentPort } from 'node:worker_threads';
import { runBuildTask, type BuildTask } from './buildTask.ts';

if (!parentPort) throw new Error('buildWorker.ts must run in a worker thread');
const port = parentPort;
port.on('message', (m: { index: number; task: BuildTask }) => {
  void runBuildTask(m.task).then((result) => port.postMessage({ index: m.index, result }));
});
port.postMessage({ ready: true });
