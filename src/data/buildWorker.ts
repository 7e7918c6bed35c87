/**
 * Worker-thread entry of the sample builder: receives `BuildTask`s one at a time from
 * `buildCache`, processes whole meshes, and posts a `BuildTaskResult` for each. Spawned with
 * tsx registered (see `spawnBuildWorker`), since it imports TypeScript.
 */
import { parentPort } from 'node:worker_threads';
import { runBuildTask, type BuildTask } from './buildTask.ts';

if (!parentPort) throw new Error('buildWorker.ts must run in a worker thread');
const port = parentPort;
port.on('message', (task: BuildTask) => {
  void runBuildTask(task).then((r) => port.postMessage(r));
});
