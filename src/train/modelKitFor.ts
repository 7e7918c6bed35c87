/**
 * Picks the model kit of a training config by its model's `method`: "pcnn-occ" (or none: the
 * default) → pcnnOccKit, "onet" → onetKit. A run folder's `config.json` names no built-in kit
 * (its `kit` is null): on resume the kit is found again from the stored model's `method`, so a
 * run stays resumable after the repository moves (a kit's ref is an absolute module URL).
 */
import { UsageError } from '../io/errors.ts';
import { pcnnOccKit, PCNN_OCC_KIT } from './pcnnOccKit.ts';
import { onetKit, ONET_KIT } from './onetKit.ts';
import type { ModelKit, ModelKitRef } from './TrainableModel.ts';

/** The built-in kits, by the file name of their module without extension (stable when the
 *  repository moves, and the same for the sources, src/…/x.ts, and the compiled dist/…/x.js). */
const BUILT_IN: ReadonlyArray<{ file: string; ref: ModelKitRef }> = [
  { file: 'pcnnOccKit', ref: PCNN_OCC_KIT },
  { file: 'onetKit', ref: ONET_KIT },
];

/**
 * @param json parsed config file (`{"model": {…}, "train": …}` or model fields beside "train"),
 *   or undefined (defaults: pcnn-occ).
 * @param source file name, for messages.
 * @returns the kit (to validate the config here) and its ref (for the worker threads).
 */
export function modelKitFor(json: unknown, source = 'config'): { kit: ModelKit; ref: ModelKitRef } {
  let method: unknown;
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
    const o = json as Record<string, unknown>;
    const m = o.model !== undefined ? o.model : o;
    if (typeof m === 'object' && m !== null) method = (m as Record<string, unknown>).method;
  }
  if (method === undefined || method === 'pcnn-occ') return { kit: pcnnOccKit as ModelKit, ref: PCNN_OCC_KIT };
  if (method === 'onet') return { kit: onetKit as ModelKit, ref: ONET_KIT };
  throw new UsageError(`${source}: model method must be "pcnn-occ" or "onet", got ${JSON.stringify(method)}`);
}

/**
 * Whether `ref` names one of the built-in kits — also when its URL points into a repository
 * that has since moved (a run folder written by an older build may hold such an absolute URL):
 * matched by module file name and export name.
 */
export function isBuiltInKit(ref: ModelKitRef): boolean {
  return BUILT_IN.some((b) => b.ref.exportName === ref.exportName && (ref.url === b.ref.url || /\/(?:src|dist)\/train\/([A-Za-z]+)\.[jt]s$/.exec(ref.url)?.[1] === b.file));
}

/**
 * The kit a run folder's config trains with: a stored non-built-in ref (a test's stand-in kit)
 * as it is, otherwise the built-in kit of the stored model's `method` (pcnn-occ when absent).
 * @param run the run's `config.json` (`model` and `kit` are read).
 * @param source file name, for messages.
 */
export function kitOfRun(run: { model: unknown; kit: ModelKitRef | null }, source = 'config.json'): ModelKitRef {
  if (run.kit && !isBuiltInKit(run.kit)) return run.kit;
  return modelKitFor({ model: run.model }, source).ref;
}
