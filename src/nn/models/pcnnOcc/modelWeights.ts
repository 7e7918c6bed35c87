/**
 * A pcnn-occ model's weights as safetensors bytes, and the parsing of a model from bytes
 * (config.json text + weights.safetensors bytes). No Node imports: the browser worker uses this
 * directly; `modelIo.ts` adds the directory (fs) layer on top.
 *
 * Also the loaders of *any* occupancy network (`OccupancyNet`): they dispatch on the config's
 * `method` — "pcnn-occ" (also when absent, as in every pcnn-occ folder written before ONet
 * existed) or "onet" (src/nn/models/onet/onetWeights.ts).
 */
import { UsageError } from '../../../io/errors.ts';
import { encodeNamedTensors, loadNamedTensors } from '../../serve/namedTensors.ts';
import { parseConfigJson } from '../../serve/parseConfigJson.ts';
import type { Engine } from '../../engine/Engine.ts';
import { PcnnOcc } from './PcnnOcc.ts';
import { validateConfig, type PcnnOccConfig } from './PcnnOccConfig.ts';
import { OnetOcc } from '../onet/OnetOcc.ts';
import { validateOnetConfig } from '../onet/OnetConfig.ts';
import { loadOnetWeightsInto } from '../onet/onetWeights.ts';
import { OCCUPANCY_NET_METHODS, type OccupancyNet, type OccupancyNetConfig, type OccupancyNetMethod } from '../../serve/OccupancyNet.ts';

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

/**
 * The network a parsed `config.json` describes: its `method`, "pcnn-occ" when absent.
 * @param json the parsed JSON value. @param file for messages.
 * @throws UsageError for an unknown method.
 */
export function occupancyNetMethod(json: unknown, file = 'config.json'): OccupancyNetMethod {
  const m = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>).method : undefined;
  if (m === undefined) return 'pcnn-occ';
  if ((OCCUPANCY_NET_METHODS as readonly unknown[]).includes(m)) return m as OccupancyNetMethod;
  throw new UsageError(`${file}: method must be one of ${OCCUPANCY_NET_METHODS.map((x) => `"${x}"`).join(', ')}, got ${JSON.stringify(m)}`);
}

/**
 * Parse and validate the text of any model's `config.json`, by its `method`.
 * @param file for error messages.
 */
export function parseOccupancyNetConfig(text: string, file = 'config.json'): OccupancyNetConfig {
  const json = parseConfigJson(text, file);
  return occupancyNetMethod(json, file) === 'onet' ? validateOnetConfig(json, file) : validateConfig(json, file);
}

/**
 * A new network of the config's kind on `engine` with the given `weights.safetensors` bytes
 * (allocated persistently, so no arena mark may be live). Bit-exact.
 * @param config a validated config (e.g. from `parseOccupancyNetConfig`; a structured clone of
 *   one, as posted to a worker thread, is fine). @param file the weights' name for messages.
 */
export function createOccupancyNet(engine: Engine, config: OccupancyNetConfig, weights: Uint8Array, file = 'weights.safetensors'): OccupancyNet {
  if (config.method === 'onet') {
    const net = new OnetOcc(engine, config);
    loadOnetWeightsInto(net, weights, file);
    return net;
  }
  const net = new PcnnOcc(engine, config);
  loadWeightsInto(net, weights, file);
  return net;
}

/**
 * Any model (pcnn-occ or ONet, by the config's `method`) from the `config.json` text and the
 * `weights.safetensors` bytes. See `loadModelFromBytes` for a pcnn-occ `PcnnOcc` itself.
 * @param source name of the model for messages (e.g. its directory).
 */
export function loadOccupancyNetFromBytes(engine: Engine, configText: string, weights: Uint8Array, source = 'model'): OccupancyNet {
  return createOccupancyNet(engine, parseOccupancyNetConfig(configText, `${source}/config.json`), weights, `${source}/weights.safetensors`);
}
