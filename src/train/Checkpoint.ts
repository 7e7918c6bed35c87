/**
 * A training checkpoint: `RUN_DIR/checkpoint/` holding
 *  - `state.json`: step, sampler position, Adam hyper-parameters and step, elapsed time, the
 *    byte length of train-log.jsonl at that step, the best validation so far, parameter order;
 *  - `params.safetensors`: the parameters (F32, by name), and the model's buffers (batch-norm
 *    running statistics) when it has any, by their names;
 *  - `optimizer.safetensors`: Adam's moments (`m.NAME`, `v.NAME`);
 *  - `model/`: a loadable model directory of the same weights (for reconstructing mid-run).
 * The folder is written as a whole into a temporary sibling and swapped in (replaceDir.ts), so a
 * reader never sees a partial checkpoint. Everything random in a run is derived from (seed,
 * names) by the sampler and the validation set, so (step, sampler position) are its whole RNG
 * state; there is no other generator to save.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { atomicWriteFileSync } from '../io/atomicWrite.ts';
import { InputError } from '../errors.ts';
import { decodeSafetensors, encodeSafetensors, type SafeTensor } from '../io/safetensors.ts';
import type { TrainingSamplerState } from '../data/TrainingSampler.ts';
import type { AdamState } from '../nn/engine/Adam.ts';
import { recoverDir, replaceDir, tempDirFor } from './replaceDir.ts';
import type { LoadableReplicaState, ReplicaState } from './Replica.ts';

/** Best validation result so far. */
export interface BestValidation {
  step: number;
  iou: number;
}

/** Contents of `state.json`. */
export interface CheckpointState {
  format: 'pointocc-checkpoint';
  version: 1;
  /** Optimiser steps taken. */
  step: number;
  /** Sampler position of the next batch to train on. */
  sampler: TrainingSamplerState;
  /** Adam scalars (the moments are in optimizer.safetensors). */
  adam: { step: number; lr: number; beta1: number; beta2: number; eps: number };
  /** Training wall time so far (seconds, over all sessions). */
  elapsedSeconds: number;
  /** Byte length of train-log.jsonl when the checkpoint was taken (resume truncates to it). */
  logBytes: number;
  best: BestValidation | null;
  /** Worker count of the run so far (gradient sums depend on it in the last bits). */
  workers: number;
  /** Parameter names and shapes in model order. */
  params: { name: string; shape: number[] }[];
  /** Buffer names and shapes in model order (absent for models without buffers). */
  buffers?: { name: string; shape: number[] }[];
  /** ISO time of writing. */
  savedAt: string;
}

/** What {@link readCheckpoint} returns. */
export interface Checkpoint {
  state: CheckpointState;
  replica: LoadableReplicaState;
}

/**
 * Writes a complete checkpoint folder atomically.
 * @param dir target folder (RUN_DIR/checkpoint).
 * @param state everything but the tensors. @param replica parameters and Adam state.
 * @param writeModel optional writer of a loadable model directory into the given folder.
 */
export async function writeCheckpoint(
  dir: string,
  state: Omit<CheckpointState, 'format' | 'version' | 'params' | 'buffers' | 'adam' | 'savedAt'>,
  replica: ReplicaState,
  writeModel?: (modelDir: string) => Promise<void>,
): Promise<void> {
  const tmp = tempDirFor(dir);
  try {
    const params: Record<string, SafeTensor> = {};
    const moments: Record<string, SafeTensor> = {};
    replica.names.forEach((name, i) => {
      params[name] = { data: replica.params[i], shape: replica.shapes[i] };
      moments[`m.${name}`] = { data: replica.adam.m[i], shape: replica.shapes[i] };
      moments[`v.${name}`] = { data: replica.adam.v[i], shape: replica.shapes[i] };
    });
    const buf = replica.buffers;
    buf?.names.forEach((name, i) => {
      if (params[name]) throw new Error(`checkpoint: buffer name "${name}" is also a parameter name`);
      params[name] = { data: buf.data[i], shape: buf.shapes[i] };
    });
    atomicWriteFileSync(join(tmp, 'params.safetensors'), encodeSafetensors(params, { format: 'pointocc-checkpoint' }));
    atomicWriteFileSync(
      join(tmp, 'optimizer.safetensors'),
      encodeSafetensors(moments, { format: 'pointocc-checkpoint', optimizer: 'adam' }),
    );
    if (writeModel) await writeModel(join(tmp, 'model'));
    const a = replica.adam;
    const full: CheckpointState = {
      format: 'pointocc-checkpoint',
      version: 1,
      ...state,
      adam: { step: a.step, lr: a.lr, beta1: a.beta1, beta2: a.beta2, eps: a.eps },
      params: replica.names.map((name, i) => ({ name, shape: replica.shapes[i] })),
      ...(buf ? { buffers: buf.names.map((name, i) => ({ name, shape: buf.shapes[i] })) } : {}),
      savedAt: new Date().toISOString(),
    };
    // state.json last: a folder with it is complete (the swap makes that moot, but it is cheap).
    atomicWriteFileSync(join(tmp, 'state.json'), JSON.stringify(full, null, 2) + '\n');
    replaceDir(tmp, dir);
  } catch (e) {
    recoverDir(dir);
    throw e;
  }
}

/** Whether `dir` (after {@link recoverDir}) holds a checkpoint. */
export function hasCheckpoint(dir: string): boolean {
  recoverDir(dir);
  return existsSync(join(dir, 'state.json'));
}

/**
 * Reads a checkpoint folder.
 * @throws InputError for a missing or damaged file.
 */
export function readCheckpoint(dir: string): Checkpoint {
  recoverDir(dir);
  const statePath = join(dir, 'state.json');
  if (!existsSync(statePath)) throw new InputError('not-found', statePath, 'no checkpoint here');
  let state: CheckpointState;
  try {
    state = JSON.parse(readFileSync(statePath, 'utf8')) as CheckpointState;
  } catch (e) {
    throw new InputError('bad-header', statePath, `not valid JSON: ${(e as Error).message}`);
  }
  if (state.format !== 'pointocc-checkpoint' || state.version !== 1)
    throw new InputError(
      'unsupported',
      statePath,
      `not a version-1 pointocc checkpoint (format ${String(state.format)}, version ${String(state.version)})`,
    );
  const read = (name: string): Record<string, SafeTensor> => {
    const p = join(dir, name);
    if (!existsSync(p)) throw new InputError('not-found', p, 'checkpoint file missing');
    return decodeSafetensors(new Uint8Array(readFileSync(p)), p).tensors;
  };
  const pt = read('params.safetensors'),
    ot = read('optimizer.safetensors');
  const names = state.params.map((p) => p.name);
  const f32 = (t: Record<string, SafeTensor>, key: string, file: string): Float32Array => {
    const v = t[key];
    if (!v || !(v.data instanceof Float32Array)) throw new InputError('bad-header', join(dir, file), `tensor ${key} missing or not F32`);
    return v.data;
  };
  const adam: AdamState = {
    ...state.adam,
    names,
    m: names.map((n) => f32(ot, `m.${n}`, 'optimizer.safetensors')),
    v: names.map((n) => f32(ot, `v.${n}`, 'optimizer.safetensors')),
  };
  const replica: LoadableReplicaState = { names, params: names.map((n) => f32(pt, n, 'params.safetensors')), adam };
  if (state.buffers) {
    const bn = state.buffers.map((b) => b.name);
    replica.buffers = { names: bn, shapes: state.buffers.map((b) => b.shape), data: bn.map((n) => f32(pt, n, 'params.safetensors')) };
  }
  return { state, replica };
}
