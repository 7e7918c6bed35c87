import { InputError } from '../errors.ts';
import { evaluateTask, type EvalSettings, type EvalTask } from './evaluateTask.ts';
import type { ShapeRecord } from './summarize.ts';
import { runTaskPool } from '../data/taskPool.ts';
import { moduleUrl } from '../data/workerScript.ts';

/** Options of {@link evaluateTasks}. */
export interface EvaluateTasksOptions {
  /** Worker threads; 0 or 1 evaluates on the calling thread. Default 1. */
  workers?: number;
  /** Called after each shape with (shapes done, total, the record). */
  onProgress?: (done: number, total: number, r: ShapeRecord) => void;
}

/**
 * Scores many shapes, optionally on worker threads (each shape is independent; about a second
 * of CPU per shape at 100 000 samples). Results come back in task order and do not depend on
 * the worker count (every random stream is derived from the seed and the shape's name).
 *
 * @param tasks the shapes.
 * @param settings shared settings (see {@link EvalSettings}).
 * @param options see {@link EvaluateTasksOptions}.
 * @throws InputError when a ground truth cannot be loaded.
 */
export async function evaluateTasks(
  tasks: readonly EvalTask[],
  settings: EvalSettings,
  options: EvaluateTasksOptions = {},
): Promise<ShapeRecord[]> {
  const workers = options.workers ?? 1;
  const out: ShapeRecord[] = new Array(tasks.length);
  let done = 0;
  if (workers <= 1 || tasks.length < 2) {
    for (let i = 0; i < tasks.length; i++) {
      out[i] = await evaluateTask(tasks[i], settings);
      options.onProgress?.(++done, tasks.length, out[i]);
    }
    return out;
  }
  const failures: string[] = [];
  type Reply = ShapeRecord | { failed: string };
  await runTaskPool<{ task: EvalTask; settings: EvalSettings }, Reply>(
    moduleUrl('./evalWorker', import.meta.url),
    tasks.map((task) => ({ task, settings })),
    workers,
    (i, r) => {
      if ('failed' in r) {
        failures.push(`${tasks[i].category}/${tasks[i].id}: ${r.failed}`);
        return;
      }
      out[i] = r;
      options.onProgress?.(++done, tasks.length, r);
    },
    (t, reason) => ({ failed: reason + ` (${t.task.category}/${t.task.id})` }),
  );
  if (failures.length > 0) {
    throw new InputError(
      'bad-value',
      tasks[0].gt.kind === 'dataset' ? tasks[0].gt.root : tasks[0].gt.path,
      `cannot evaluate ${failures.length} shape(s): ${failures.slice(0, 3).join('; ')}${failures.length > 3 ? '; …' : ''}`,
    );
  }
  return out;
}
