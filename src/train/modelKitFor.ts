/**
 * Picks the model kit of a training config file by its model's `method`: "pcnn-occ" (or none:
 * the default) → pcnnOccKit, "onet" → onetKit.
 */
import { UsageError } from '../io/errors.ts';
import { pcnnOccKit, PCNN_OCC_KIT } from './pcnnOccKit.ts';
import { onetKit, ONET_KIT } from './onetKit.ts';
import type { ModelKit, ModelKitRef } from './TrainableModel.ts';

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
