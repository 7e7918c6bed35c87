/**
 * The occupancy networks a model folder may hold, and the loaders of *any* of them: they dispatch
 * on the config's `method` (absent: the first network, pcnn-occ, as in every folder written
 * before ONet existed). No Node imports: the browser worker can use it.
 *
 * Why a list here as well as the method registry (src/methods/): the predictor's worker threads
 * and the web worker build a network from a config in a fresh thread, and they sit below the
 * registry in the floor plan (nn may not import methods/). The registry's learned entries point at
 * these same network objects (`entry.network`), so a method is still named in one place: its
 * package's network.ts.
 */
import { UsageError } from '../../errors.ts';
import type { Engine } from '../engine/Engine.ts';
import { parseConfigJson } from './parseConfigJson.ts';
import type { OccupancyNet, OccupancyNetConfig, OccupancyNetMethod, OccupancyNetwork } from './OccupancyNet.ts';
import { pcnnOccNetwork } from './pcnnOcc/network.ts';
import { onetNetwork } from './onet/network.ts';

/** The networks, the default (a config.json without `method`) first. */
export const NETWORKS: readonly OccupancyNetwork[] = [pcnnOccNetwork as OccupancyNetwork, onetNetwork as OccupancyNetwork];

/**
 * The network a parsed `config.json` describes: its `method`, the first network's when absent.
 * @param json the parsed JSON value. @param file for messages.
 * @throws UsageError for an unknown method.
 */
export function networkOf(json: unknown, file = 'config.json'): OccupancyNetwork {
  const m = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>).method : undefined;
  if (m === undefined) return NETWORKS[0];
  const net = NETWORKS.find((n) => n.method === m);
  if (net) return net;
  throw new UsageError(`${file}: method must be one of ${NETWORKS.map((x) => `"${x.method}"`).join(', ')}, got ${JSON.stringify(m)}`);
}

/** The `method` of a parsed `config.json` (see {@link networkOf}). */
export function occupancyNetMethod(json: unknown, file = 'config.json'): OccupancyNetMethod {
  return networkOf(json, file).method;
}

/**
 * Parse and validate the text of any model's `config.json`, by its `method`.
 * @param file for error messages.
 */
export function parseOccupancyNetConfig(text: string, file = 'config.json'): OccupancyNetConfig {
  const json = parseConfigJson(text, file);
  return networkOf(json, file).validate(json, file);
}

/**
 * A new network of the config's kind on `engine` with the given `weights.safetensors` bytes
 * (allocated persistently, so no arena mark may be live). Bit-exact.
 * @param config a validated config (e.g. from `parseOccupancyNetConfig`; a structured clone of
 *   one, as posted to a worker thread, is fine). @param file the weights' name for messages.
 */
export function createOccupancyNet(engine: Engine, config: OccupancyNetConfig, weights: Uint8Array, file = 'weights.safetensors'): OccupancyNet {
  return networkOf(config).create(engine, config, weights, file);
}

/**
 * Any model (by the config's `method`) from the `config.json` text and the `weights.safetensors`
 * bytes. @param source name of the model for messages (e.g. its directory).
 */
export function loadOccupancyNetFromBytes(engine: Engine, configText: string, weights: Uint8Array, source = 'model'): OccupancyNet {
  return createOccupancyNet(engine, parseOccupancyNetConfig(configText, `${source}/config.json`), weights, `${source}/weights.safetensors`);
}
