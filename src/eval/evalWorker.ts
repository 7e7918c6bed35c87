/**
 * Worker-thread entry of `evaluateTasks`: answers `{ index, task: { task, settings } }` with
 * `{ index, result: ShapeRecord | { failed: message } }`. Started through `tsWorkerBoot.mjs`.
 */
import { parentPort } from 'node:worker_threads';
import { evaluateTask, type EvalSettings, type EvalTask } from './evaluateTask.ts';

if (!parentPort) throw new Error('evalWorker.ts must run in a worker thread');
const port = parentPort;
port.on('message', (m: { index: number; task: { task: EvalTask; settings: EvalSettings } }) => {
  evaluateTask(m.task.task, m.task.settings).then(
    (result) => port.postMessage({ index: m.index, result }),
    (e: unknown) => port.postMessage({ index: m.index, result: { failed: e instanceof Error ? e.message : String(e) } }),
  );
});
port.postMessage({ ready: true });
