/**
 * An ONet model's weights as safetensors bytes, and the parsing of a model from bytes
 * (config.json text + weights.safetensors bytes). Every parameter and every buffer (batch-norm
 * running statistics) is stored as F32 under its name (`encoder.fc_pos.W` [3, 2h], …,
 * `decoder.block_0.bn_0.runningMean` [H], …), `__metadata__` holding `format: pointocc-model`,
 * `formatVersion: 1`, `method: onet`. No Node imports (usable in the browser worker);
 * `onetModelIo.ts` adds the directory layer.
 */
import { encodeNamedTensors, loadNamedTensors } from '../namedTensors.ts';
import { parseConfigJson } from '../parseConfigJson.ts';
import type { Engine } from '../../engine/Engine.ts';
import type { Tensor } from '../../engine/Tensor.ts';
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
  return encodeNamedTensors(storedTensors(model), { formatVersion: ONET_WEIGHTS_FORMAT_VERSION, method: 'onet' }, metadata);
}

/**
 * Copy decoded weights into the model's parameters and buffers, checking names and shapes
 * (missing, extra, mis-shaped or non-float tensors, another method's weights are InputErrors;
 * see `loadNamedTensors`). Bit-exact.
 * @param file for error messages.
 */
export function loadOnetWeightsInto(model: OnetOcc, bytes: Uint8Array, file = 'weights.safetensors'): void {
  loadNamedTensors(storedTensors(model), bytes, file, { formatVersion: ONET_WEIGHTS_FORMAT_VERSION, method: 'onet' });
}

/** Parse and validate the text of an ONet `config.json`. @param file for error messages. */
export function parseOnetConfig(text: string, file = 'config.json'): OnetConfig {
  return validateOnetConfig(parseConfigJson(text, file), file);
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
