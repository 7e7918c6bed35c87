/**
 * A pcnn-occ model's weights as safetensors bytes, and the parsing of a model from bytes
 * (config.json text + weights.safetensors bytes). No Node imports: the browser worker uses this
 * directly; `modelIo.ts` adds the directory (fs) layer on top.
 */
import { encodeSafetensors, decodeSafetensors, type SafeTensor } from '../io/safetensors.ts';
import { InputError } from '../io/errors.ts';
import type { Engine } from './Engine.ts';
import { PcnnOcc } from './PcnnOcc.ts';
import { validateConfig, type PcnnOccConfig } from './PcnnOccConfig.ts';

/** Version written into the safetensors metadata (`formatVersion`). */
export const WEIGHTS_FORMAT_VERSION = '1';

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

/** Parse and validate the text of a `config.json`. @param file for error messages. */
export function parseModelConfig(text: string, file = 'config.json'): PcnnOccConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError('bad-header', file, `is not valid JSON: ${(e as Error).message}`);
  }
  return validateConfig(json, file);
}

/**
 * A new PcnnOcc on `engine` from the `config.json` text and the `weights.safetensors` bytes
 * (parameters allocated persistently, so no arena mark may be live). Bit-exact.
 * @param source name of the model for messages (e.g. its directory).
 */
export function loadModelFromBytes(engine: Engine, configText: string, weights: Uint8Array, source = 'model'): PcnnOcc {
  const model = new PcnnOcc(engine, parseModelConfig(configText, `${source}/config.json`));
  loadWeightsInto(model, weights, `${source}/weights.safetensors`);
  return model;
}
