/**
 * A pcnn-occ model directory: `config.json` (the PcnnOccConfig, pretty-printed) and
 * `weights.safetensors` (standard safetensors, every parameter as F32 under its name —
 * block1.W [27, J, K], block1.b [K], …, fc2.b [2] — with `__metadata__` holding
 * `format: pointocc-model`, `formatVersion: 1`, `method: pcnn-occ`), plus optional `metrics.json`.
 * Python reads the weights with `safetensors.numpy.load_file`. Every file is written atomically.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { atomicWriteFileSync } from '../io/atomicWrite.ts';
import { encodeSafetensors, decodeSafetensors, type SafeTensor } from '../io/safetensors.ts';
import { InputError, UsageError } from '../io/errors.ts';
import type { Engine } from './Engine.ts';
import { PcnnOcc } from './PcnnOcc.ts';
import { validateConfig, type PcnnOccConfig } from './PcnnOccConfig.ts';

/** Version written into the safetensors metadata (`formatVersion`). */
export const WEIGHTS_FORMAT_VERSION = '1';

export interface SaveModelOptions {
  /** Written as `metrics.json` when given (e.g. validation IoU, step). */
  metrics?: Record<string, unknown>;
  /** Extra string metadata for the safetensors header. */
  metadata?: Record<string, string>;
}

/** Encode the model's parameters as safetensors bytes (names as in `model.params`). */
export function encodeWeights(model: PcnnOcc, metadata: Record<string, string> = {}): Uint8Array {
  const tensors: Record<string, SafeTensor> = {};
  for (const p of model.params) tensors[p.name] = { data: p.data.slice(), shape: p.shape.slice() };
  return encodeSafetensors(tensors, { ...metadata, format: 'pointocc-model', formatVersion: WEIGHTS_FORMAT_VERSION, method: 'pcnn-occ' });
}

/**
 * Copy decoded weights into the model's parameters, checking names and shapes.
 * @param file for error messages.
 */
export function loadWeightsInto(model: PcnnOcc, bytes: Uint8Array, file = 'weights.safetensors'): void {
  const { tensors, metadata } = decodeSafetensors(bytes, file);
  if (metadata.formatVersion !== undefined && metadata.formatVersion !== WEIGHTS_FORMAT_VERSION) {
    throw new InputError('unsupported', file, `weights format version ${metadata.formatVersion} is not supported (this build reads ${WEIGHTS_FORMAT_VERSION})`);
  }
  for (const p of model.params) {
    const t = tensors[p.name];
    if (!t) throw new InputError('bad-header', file, `tensor ${p.name} is missing (does config.json match these weights?)`);
    if (t.shape.length !== p.shape.length || t.shape.some((d, i) => d !== p.shape[i])) {
      throw new InputError('bad-header', file, `tensor ${p.name} has shape [${t.shape.join(', ')}], the config needs [${p.shape.join(', ')}]`);
    }
    if (!(t.data instanceof Float32Array)) throw new InputError('unsupported', file, `tensor ${p.name} is not floating point`);
    p.data.set(t.data);
  }
  const known = new Set(model.params.map((p) => p.name));
  const extra = Object.keys(tensors).filter((n) => !known.has(n));
  if (extra.length) throw new InputError('bad-header', file, `unexpected tensors ${extra.slice(0, 5).join(', ')} (does config.json match these weights?)`);
}

/**
 * Write `dir/config.json`, `dir/weights.safetensors` (and `dir/metrics.json` when given), each
 * atomically; the directory is created if needed.
 */
export function saveModel(dir: string, model: PcnnOcc, opts: SaveModelOptions = {}): void {
  atomicWriteFileSync(join(dir, 'weights.safetensors'), encodeWeights(model, opts.metadata));
  atomicWriteFileSync(join(dir, 'config.json'), JSON.stringify(model.config, null, 2) + '\n');
  if (opts.metrics) atomicWriteFileSync(join(dir, 'metrics.json'), JSON.stringify(opts.metrics, null, 2) + '\n');
}

/** Read and validate `dir/config.json`. Throws UsageError when the directory is not a model. */
export function readModelConfig(dir: string): PcnnOccConfig {
  const path = join(dir, 'config.json');
  if (!existsSync(path)) throw new UsageError(`${dir} is not a model directory (no config.json)`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new InputError('bad-header', path, `not valid JSON: ${(e as Error).message}`);
  }
  return validateConfig(json, path);
}

/**
 * Load a model directory into a new PcnnOcc on `engine` (parameters allocated persistently, so
 * no arena mark may be live). Bit-exact: every parameter gets the stored float32 bytes.
 */
export function loadModel(engine: Engine, dir: string): PcnnOcc {
  const config = readModelConfig(dir);
  const wpath = join(dir, 'weights.safetensors');
  if (!existsSync(wpath)) throw new UsageError(`${dir} has no weights.safetensors`);
  const model = new PcnnOcc(engine, config);
  loadWeightsInto(model, new Uint8Array(readFileSync(wpath)), wpath);
  return model;
}
