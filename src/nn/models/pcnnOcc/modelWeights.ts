/**
 * A pcnn-occ model's weights as safetensors bytes, and the parsing of a model from bytes
 * (config.json text + weights.safetensors bytes). No Node imports: the browser worker uses this
 * directly; `modelIo.ts` adds the directory (fs) layer on top.
 *
 * The loaders of *any* occupancy network are in ../networks.ts.
 */
import { encodeNamedTensors, loadNamedTensors } from '../namedTensors.ts';
import { parseConfigJson } from '../parseConfigJson.ts';
import type { Engine } from '../../engine/Engine.ts';
import { PcnnOcc } from './PcnnOcc.ts';
import { validateConfig, type PcnnOccConfig } from './PcnnOccConfig.ts';

/** Version written into the safetensors metadata (`formatVersion`). */
export const WEIGHTS_FORMAT_VERSION = '1';

/** Encode the model's parameters as safetensors bytes (names as in `model.params`). */
export function encodeWeights(model: PcnnOcc, metadata: Record<string, string> = {}): Uint8Array {
  return encodeNamedTensors(model.params, { formatVersion: WEIGHTS_FORMAT_VERSION, method: 'pcnn-occ' }, metadata);
}

/**
 * Copy decoded weights into the model's parameters, checking names and shapes (see
 * `loadNamedTensors`: on an error no parameter has changed).
 * @param file for error messages.
 */
export function loadWeightsInto(model: PcnnOcc, bytes: Uint8Array, file = 'weights.safetensors'): void {
  // no method check (as always for pcnn-occ): another network's weights fail on the tensor names
  loadNamedTensors(model.params, bytes, file, { formatVersion: WEIGHTS_FORMAT_VERSION });
}

/** Parse and validate the text of a `config.json`. @param file for error messages. */
export function parseModelConfig(text: string, file = 'config.json'): PcnnOccConfig {
  return validateConfig(parseConfigJson(text, file), file);
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
