/**
 * An ONet model's weights as safetensors bytes, and the parsing of a model from bytes
 * (config.json text + weights.safetensors bytes). Every parameter and every buffer (batch-norm
 * running statistics) is stored as F32 under its name (`encoder.fc_pos.W` [3, 2h], …,
 * `decoder.block_0.bn_0.runningMean` [H], …), `__metadata__` holding `format: pointocc-model`,
 * `formatVersion: 1`, `method: onet`. No Node imports (usable in the browser worker);
 * `onetModelIo.ts` adds the directory layer.
 */
import { encodeSafetensors, decodeSafetensors, type SafeTensor } from '../../io/safetensors.ts';
import { InputError } from '../../io/errors.ts';
import type { Engine } from '../Engine.ts';
import type { Tensor } from '../Tensor.ts';
import { OnetOcc } from './OnetOcc.ts';
import { validateOnetConfig, type OnetConfig } from './OnetConfig.ts';

/** Version written into the safetensors metadata (`formatVersion`). */
export const ONET_WEIGHTS_FORMAT_VERSION = '1';

/** Parameters then buffers: every tensor a model file holds. */
function storedTensors(model: OnetOcc): Tensor[] {
  return [...model.params, ...model.buffers];
}

/**
 * Encode the model's parameters and buffers as safetensors bytes.
 * @param metadata extra string metadata for the header.
 */
export function encodeOnetWeights(model: OnetOcc, metadata: Record<string, string> = {}): Uint8Array {
  const tensors: Record<string, SafeTensor> = {};
  for (const p of storedTensors(model)) tensors[p.name] = { data: p.data.slice(), shape: p.shape.slice() };
  return encodeSafetensors(tensors, { ...metadata, format: 'pointocc-model', formatVersion: ONET_WEIGHTS_FORMAT_VERSION, method: 'onet' });
}

/**
 * Copy decoded weights into the model's parameters and buffers, checking names and shapes
 * (missing, extra, mis-shaped or non-float tensors are InputErrors). Bit-exact.
 * @param file for error messages.
 */
export function loadOnetWeightsInto(model: OnetOcc, bytes: Uint8Array, file = 'weights.safetensors'): void {
  const { tensors, metadata } = decodeSafetensors(bytes, file);
  if (metadata.formatVersion !== undefined && metadata.formatVersion !== ONET_WEIGHTS_FORMAT_VERSION) {
    throw new InputError('unsupported', file, `weights format version ${metadata.formatVersion} is not supported (this build reads ${ONET_WEIGHTS_FORMAT_VERSION})`);
  }
  if (metadata.method !== undefined && metadata.method !== 'onet') {
    throw new InputError('bad-header', file, `holds weights of method "${metadata.method}", the config says "onet"`);
  }
  const all = storedTensors(model);
  for (const p of all) {
    const t = tensors[p.name];
    if (!t) throw new InputError('bad-header', file, `tensor ${p.name} is missing (does config.json match these weights?)`);
    if (t.shape.length !== p.shape.length || t.shape.some((d, i) => d !== p.shape[i])) {
      throw new InputError('bad-header', file, `tensor ${p.name} has shape [${t.shape.join(', ')}], the config needs [${p.shape.join(', ')}]`);
    }
    if (!(t.data instanceof Float32Array)) throw new InputError('unsupported', file, `tensor ${p.name} is not floating point`);
  }
  const known = new Set(all.map((p) => p.name));
  const extra = Object.keys(tensors).filter((n) => !known.has(n));
  if (extra.length) throw new InputError('bad-header', file, `unexpected tensors ${extra.slice(0, 5).join(', ')} (does config.json match these weights?)`);
  for (const p of all) p.data.set(tensors[p.name].data as Float32Array);
}

/** Parse and validate the text of an ONet `config.json`. @param file for error messages. */
export function parseOnetConfig(text: string, file = 'config.json'): OnetConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError('bad-header', file, `is not valid JSON: ${(e as Error).message}`);
  }
  return validateOnetConfig(json, file);
}

/**
 * A new OnetOcc on `engine` from the `config.json` text and the `weights.safetensors` bytes
 * (allocated persistently, so no arena mark may be live). Bit-exact.
 * @param source name of the model for messages (e.g. its directory).
 */
export function loadOnetFromBytes(engine: Engine, configText: string, weights: Uint8Array, source = 'model'): OnetOcc {
  const model = new OnetOcc(engine, parseOnetConfig(configText, `${source}/config.json`));
  loadOnetWeightsInto(model, weights, `${source}/weights.safetensors`);
  return model;
}
