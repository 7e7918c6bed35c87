/**
 * The resolved configuration of a training run, written to `RUN_DIR/config.json`: the model
 * config (validated by the model kit), the `train` settings, the data folder and, for a stand-in
 * kit only, the model kit.
 *
 * A config *file* (`--config`) is either that same object (`{"model": {…}, "train": {…}}`) or
 * a model config with a `train` section beside its fields (`{"widths": […], …, "train": {…}}`).
 */
import type { WarmStartRecord } from './warmStart.ts';
import { existsSync, readFileSync } from 'node:fs';
import { InputError, UsageError } from '../errors.ts';
import { validateTrainSettings, type TrainSettings } from './TrainSettings.ts';
import type { ModelKit, ModelKitRef } from './TrainableModel.ts';

export interface TrainRunConfig {
  format: 'pointocc-train';
  version: 1;
  /** The validated model config. */
  model: unknown;
  train: TrainSettings;
  /** Data folder (absent when the run was given an opened dataset). */
  data: string | null;
  /**
   * A stand-in model kit (tests); null = a kit of the method registry, picked by the model's
   * `method` (the default network's when absent; see trainKitOfRun in src/methods/trainKits.ts). Built-in kits are not stored
   * as refs: their module URLs are absolute and would break a run folder once the repository
   * moves.
   */
  kit: ModelKitRef | null;
  /** The model folder a fresh run took its initial weights from (`train --init`); absent: random. */
  init?: WarmStartRecord;
}

/**
 * Splits a parsed config file into its model part and train part, validates both, applies the
 * `overrides` (CLI flags) to the train part, and keeps the model's `inputPoints` equal to
 * `train.inputPoints` when the model config has that field. A pcnn-occ model also records the
 * range of input sizes it is trained on (`trainPoints` = `train.inputPointsRange` when that is
 * a true range; absent otherwise), and a network that needs one input size refuses a range:
 * the kit's `fitInputRange` says which.
 * @param json parsed config file (undefined: all defaults).
 * @param kit validates the model part.
 * @param overrides train settings given on the command line.
 * @param source file name, for messages.
 */
export function resolveTrainConfig(
  json: unknown,
  kit: ModelKit,
  overrides: Partial<TrainSettings> = {},
  source = 'config',
): { model: unknown; train: TrainSettings } {
  let modelJson: unknown = {};
  let trainJson: unknown;
  if (json !== undefined) {
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new UsageError(`${source}: expected a JSON object`);
    const o = json as Record<string, unknown>;
    trainJson = o.train;
    if (o.model !== undefined) {
      modelJson = o.model;
      // a run folder's config.json also records its data, kit and warm start (`init`): records of
      // that run, not settings of this one (the command line's --data and --init decide)
      const extra = Object.keys(o).filter((k) => !['model', 'train', 'format', 'version', 'data', 'kit', 'init'].includes(k));
      if (extra.length)
        throw new UsageError(`${source}: unexpected top-level field "${extra[0]}" beside "model" (model fields go inside "model")`);
    } else {
      const rest: Record<string, unknown> = { ...o };
      delete rest.train;
      modelJson = rest;
    }
  }
  let model = kit.validate(modelJson, source);
  const modelInput = (model as { inputPoints?: unknown }).inputPoints;
  const trainObj = trainJson === undefined ? {} : trainJson;
  if (typeof trainObj !== 'object' || trainObj === null || Array.isArray(trainObj))
    throw new UsageError(`${source}: "train" must be a JSON object`);
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const train = validateTrainSettings({ ...(trainObj as object), ...defined }, typeof modelInput === 'number' ? modelInput : 300, source);
  const range = train.inputPointsRange;
  const variable = range !== null && range[0] < range[1] ? range : null;
  // one re-validation with every change, so a stale trainPoints never meets the new inputPoints
  let patch: Record<string, unknown> = { ...(model as object) };
  let changed = false;
  if (typeof modelInput === 'number' && modelInput !== train.inputPoints) {
    patch.inputPoints = train.inputPoints;
    changed = true;
  }
  if (kit.fitInputRange) {
    // the network's own rule for per-item input sizes (its kit: the method's package, not train/)
    const fitted = kit.fitInputRange(patch, variable, source);
    if (fitted !== patch) {
      patch = fitted;
      changed = true;
    }
  }
  if (changed) model = kit.validate(patch, source);
  return { model, train };
}

/** Reads a JSON file for `resolveTrainConfig`. @throws InputError when unreadable or not JSON. */
export function readJsonFile(path: string): unknown {
  if (!existsSync(path)) throw new InputError('not-found', path, 'file not found');
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new InputError('bad-header', path, `not valid JSON: ${(e as Error).message}`);
  }
}

/** Reads `RUN_DIR/config.json`. @throws InputError / UsageError when it is not a run config. */
export function readRunConfig(path: string): TrainRunConfig {
  const j = readJsonFile(path) as TrainRunConfig;
  if (!j || j.format !== 'pointocc-train' || j.version !== 1)
    throw new InputError('unsupported', path, 'not a version-1 pointocc training config');
  return j;
}
