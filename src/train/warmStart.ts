/**
 * Warm start: a fresh run's parameters taken from a model folder's `weights.safetensors`
 * instead of the random initialisation (e.g. to go on from the committed model when a training
 * machine was replaced, or to start a new data/augmentation regime from the shipped weights).
 * Every parameter of the run's model must be in the file under its name with the same number of
 * values (the shapes of one architecture); Adam's moments start at zero as in any fresh run.
 */
import { createHash } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.ts';
import { decodeSafetensors } from '../io/safetensors.ts';
import type { ReplicaState } from './Replica.ts';

/** Where a run's initial weights came from (stored in its config.json). */
export interface WarmStartRecord {
  /** The model folder, as given. */
  dir: string;
  /** sha256 of its weights.safetensors, so the run says exactly which weights it started from. */
  weightsSha256: string;
}

/**
 * The parameters of `state` replaced by those of the model folder `dir`, in `state`'s order.
 * @throws UsageError when the folder has no weights, or a parameter is missing or sized differently.
 */
export function warmStartParams(
  dir: string,
  state: Pick<ReplicaState, 'names' | 'params'>,
): { params: Float32Array[]; record: WarmStartRecord } {
  const file = join(dir, 'weights.safetensors');
  if (!existsSync(file)) throw new UsageError(`--init: ${dir} has no weights.safetensors`);
  const bytes = new Uint8Array(readFileSync(file));
  const { tensors } = decodeSafetensors(bytes, file);
  const params = state.names.map((name, i) => {
    const t = tensors[name];
    if (!t) throw new UsageError(`--init: ${file} has no parameter ${name} (is it a model of the same architecture?)`);
    if (!(t.data instanceof Float32Array) || t.data.length !== state.params[i].length) {
      throw new UsageError(`--init: ${name} has ${t.data.length} values in ${file}, the run's model has ${state.params[i].length}`);
    }
    return Float32Array.from(t.data);
  });
  return { params, record: { dir, weightsSha256: createHash('sha256').update(bytes).digest('hex') } };
}
