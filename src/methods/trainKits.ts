/**
 * Which training kit a run trains with, answered by the method registry: train/ sits below the
 * registry in the floor plan and names no method, so its callers (the `train` command, tests)
 * ask here and hand the kit to `train()` (`kit` for a new run, `kitOf` for a resumed one).
 *
 * A run folder never decides which code runs: a kit ref stored in its config.json (a test's
 * stand-in kit) is never imported; such a run resumes only when the caller passes that kit in
 * code. The registry's kits are not stored (their module URLs are absolute and go stale when the
 * repository moves): a resumed run finds its kit again by its model's `method`.
 */
import { UsageError } from '../errors.ts';
import type { ModelKitRef } from '../train/TrainableModel.ts';
import type { TrainRunConfig } from '../train/TrainRunConfig.ts';
import { learnedMethods, methodOfTrainConfig } from './index.ts';
import type { LearnedMethod } from './types.ts';

/** The module file name of a kit URL without extension (the same for src/…/x.ts and dist/…/x.js). */
function kitFile(url: string): string | undefined {
  return /\/(?:src|dist)\/train\/([A-Za-z]+)\.[jt]s$/.exec(url)?.[1];
}

/**
 * The learned method whose training kit `ref` names — also when its URL points into a repository
 * that has since moved (a run folder written by an older build may hold such an absolute URL):
 * matched by module file name and export name. Undefined for a stand-in kit.
 */
export async function methodOfKit(ref: ModelKitRef): Promise<LearnedMethod | undefined> {
  for (const m of learnedMethods()) {
    const own = (await m.trainKit()).ref;
    if (
      own.exportName === ref.exportName &&
      (own.url === ref.url || (kitFile(ref.url) !== undefined && kitFile(ref.url) === kitFile(own.url)))
    )
      return m;
  }
  return undefined;
}

/**
 * The registry's kit of a run folder's config: by the stored model's `method` (the default
 * network's when absent). A stored stand-in ref is refused, never imported.
 * @param run the run's `config.json` (`model` and `kit` are read). @param source file name, for messages.
 */
export async function trainKitOfRun(run: Pick<TrainRunConfig, 'model' | 'kit'>, source = 'config.json'): Promise<ModelKitRef> {
  if (run.kit && !(await methodOfKit(run.kit))) {
    throw new UsageError(
      `${source}: this run was trained with the stand-in kit ${run.kit.exportName}; a run folder does not choose code, so pass that kit to train() to resume it`,
    );
  }
  return (await methodOfTrainConfig({ model: run.model }, source).trainKit()).ref;
}
