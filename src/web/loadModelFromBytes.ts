/**
 * Loading a pcnn-occ model from fetched bytes (the browser has no model directory): the
 * `config.json` text and the `weights.safetensors` bytes, validated and copied into a new
 * PcnnOcc exactly as `loadModel` does from a directory (same checks, same messages).
 */
import type { Engine } from '../nn/Engine.ts';
import { PcnnOcc } from '../nn/PcnnOcc.ts';
import { validateConfig } from '../nn/PcnnOccConfig.ts';
import { loadWeightsInto } from '../nn/modelIo.ts';

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
    throw new Error(`${source}/config.json is not valid JSON: ${(e as Error).message}`);
  }
  const config = validateConfig(json, `${source}/config.json`);
  const model = new PcnnOcc(engine, config);
  loadWeightsInto(model, weights, `${source}/weights.safetensors`);
  return model;
}
