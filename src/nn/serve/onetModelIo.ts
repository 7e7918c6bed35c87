/**
 * An ONet model directory: `config.json` (the OnetConfig, pretty-printed, `method: "onet"`),
 * `weights.safetensors` (parameters and batch-norm running statistics, see onetWeights.ts) and
 * optional `metrics.json` — the layout of a pcnn-occ model directory. Every file is written
 * atomically.
 */
import type { Engine } from '../engine/Engine.ts';
import { readModelFolder, saveModelFolder, type SaveModelOptions } from './modelIo.ts';
import { OnetOcc } from '../models/onet/OnetOcc.ts';
import { encodeOnetWeights, loadOnetWeightsInto, parseOnetConfig } from '../models/onet/onetWeights.ts';

/** As for a pcnn-occ model (`metrics` → `metrics.json`, `metadata` → the safetensors header). */
export type SaveOnetOptions = SaveModelOptions;

/**
 * Write `dir/weights.safetensors`, `dir/config.json` (and `dir/metrics.json`), each atomically;
 * the directory is created if needed.
 */
export function saveOnetModel(dir: string, model: OnetOcc, opts: SaveOnetOptions = {}): void {
  saveModelFolder(dir, model.config, encodeOnetWeights(model, opts.metadata), opts.metrics);
}

/**
 * Load an ONet model directory into a new OnetOcc on `engine` (no arena mark may be live).
 * Bit-exact. Throws UsageError when `dir` is not a model directory, InputError for bad files.
 */
export function loadOnetModel(engine: Engine, dir: string): OnetOcc {
  const f = readModelFolder(dir, parseOnetConfig);
  const model = new OnetOcc(engine, f.config);
  loadOnetWeightsInto(model, f.weights, f.weightsPath);
  return model;
}
