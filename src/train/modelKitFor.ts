/**
 * The built-in kit a run folder trains with, found again from its stored model's `method` on
 * resume (train.ts: `kitOfRun`), and which refs are built in (`isBuiltInKit`: those are not
 * stored, as their URL is absolute and goes stale when the repository moves).
 *
 * A run folder never decides which code runs: a kit ref stored in its config.json (a test's
 * stand-in kit) is never imported; such a run resumes only when the caller passes the kit in
 * code (`train({ kit })`). New runs get their kit from the method registry
 * (src/methods/: `methodOfTrainConfig(json).trainKit()`). This file stays in train/ because
 * train.ts, below the registry in the floor plan, needs the lookup on resume; the kits are matched
 * by their network object, so no method is named here.
 */
import { UsageError } from '../errors.ts';
import { networkOf } from '../nn/models/networks.ts';
import { pcnnOccNetwork } from '../nn/models/pcnnOcc/network.ts';
import { onetNetwork } from '../nn/models/onet/network.ts';
import type { OccupancyNetwork } from '../nn/models/OccupancyNet.ts';
import { PCNN_OCC_KIT } from './pcnnOccKit.ts';
import { ONET_KIT } from './onetKit.ts';
import type { ModelKitRef } from './TrainableModel.ts';

/** The built-in kits, by the network they train and the file name of their module without
 *  extension (stable when the repository moves, and the same for src/…/x.ts and dist/…/x.js). */
const BUILT_IN: ReadonlyArray<{ file: string; ref: ModelKitRef; network: OccupancyNetwork }> = [
  { file: 'pcnnOccKit', ref: PCNN_OCC_KIT, network: pcnnOccNetwork as OccupancyNetwork },
  { file: 'onetKit', ref: ONET_KIT, network: onetNetwork as OccupancyNetwork },
];

/**
 * Whether `ref` names one of the built-in kits — also when its URL points into a repository
 * that has since moved (a run folder written by an older build may hold such an absolute URL):
 * matched by module file name and export name.
 */
export function isBuiltInKit(ref: ModelKitRef): boolean {
  return BUILT_IN.some((b) => b.ref.exportName === ref.exportName && (ref.url === b.ref.url || /\/(?:src|dist)\/train\/([A-Za-z]+)\.[jt]s$/.exec(ref.url)?.[1] === b.file));
}

/**
 * The built-in kit of a run folder's config: by the stored model's `method` (the default
 * network's when absent). A stored stand-in ref is refused, never imported.
 * @param run the run's `config.json` (`model` and `kit` are read).
 * @param source file name, for messages.
 */
export function kitOfRun(run: { model: unknown; kit: ModelKitRef | null }, source = 'config.json'): ModelKitRef {
  if (run.kit && !isBuiltInKit(run.kit)) {
    throw new UsageError(`${source}: this run was trained with the stand-in kit ${run.kit.exportName}; a run folder does not choose code, so pass that kit to train() to resume it`);
  }
  let net: OccupancyNetwork;
  try {
    net = networkOf(run.model, source);
  } catch (e) {
    if (e instanceof UsageError) throw new UsageError(e.message.replace(': method must be', ': model method must be'));
    throw e;
  }
  return BUILT_IN.find((b) => b.network === net)!.ref;
}
