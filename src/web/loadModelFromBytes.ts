/**
 * Loading a pcnn-occ model from fetched bytes (the browser has no model directory): the
 * `config.json` text and the `weights.safetensors` bytes, validated and copied into a new
 * PcnnOcc with the same checks and messages as `loadModel` / `loadWeightsInto` in
 * src/nn/modelIo.ts.
 *
 * Why not import `loadWeightsInto` from modelIo.ts: that module imports `node:fs` (and
 * atomicWrite.ts) at the top, and Vite's dev server turns a browser import of `node:fs` into a
 * module that throws as soon as it is evaluated, which kills the worker. Once the weight
 * (de)serialisation moves into a browser-safe file of src/nn, this file should import it.
 */
import type { Engine } from '../nn/Engine.ts';
import { PcnnOcc } from '../nn/PcnnOcc.ts';
import { validateConfig } from '../nn/PcnnOccConfig.ts';
import { decodeSafetensors } from '../io/safetensors.ts';
import { InputError } from '../io/errors.ts';

/** The weights format version this loader reads (modelIo.ts WEIGHTS_FORMAT_VERSION). */
const WEIGHTS_FORMAT_VERSION = '1';

/**
 * @param engine the worker's engine (no arena mark may be live: parameters are persistent).
 * @param configText the text of config.json.
 * @param weights the bytes of weights.safetensors.
 * @param source name for messages (default 'model').
 * @throws UsageError (bad config) or InputError (weights that do not match it).
 */
export function loadModelFromBytes(engine: Engine, configText: string, weights: Uint8Array, source = 'model'): PcnnOcc {
  let json: unknown;
  try {
    json = JSON.parse(configText);
  } catch (e) {
    throw new InputError('bad-header', `${source}/config.json`, `is not valid JSON: ${(e as Error).message}`);
  }
  const config = validateConfig(json, `${source}/config.json`);
  const model = new PcnnOcc(engine, config);
  loadWeights(model, weights, `${source}/weights.safetensors`);
  return model;
}

/** Copy decoded safetensors into the model's parameters, checking names, shapes and dtype. */
function loadWeights(model: PcnnOcc, bytes: Uint8Array, file: string): void {
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
