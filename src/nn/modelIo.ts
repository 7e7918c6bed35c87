/**
 * A model directory. Any network (`readOccupancyNetConfig` / `loadOccupancyNet`: pcnn-occ or
 * ONet, by `config.json`'s `method`), or pcnn-occ's own (`readModelConfig` / `loadModel`).
 *
 * A pcnn-occ model directory: `config.json` (the PcnnOccConfig, pretty-printed) and
 * `weights.safetensors` (standard safetensors, every parameter as F32 under its name —
 * block1.W [27, J, K], block1.b [K], …, fc2.b [2] — with `__metadata__` holding
 * `format: pointocc-model`, `formatVersion: 1`, `method: pcnn-occ`), plus optional `metrics.json`.
 * Python reads the weights with `safetensors.numpy.load_file`. Every file is written atomically.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { atomicWriteFileSync } from '../io/atomicWrite.ts';
import { UsageError } from '../io/errors.ts';
import { createOccupancyNet, encodeWeights, loadWeightsInto, parseModelConfig, parseOccupancyNetConfig } from './modelWeights.ts';
import type { Engine } from './Engine.ts';
import { PcnnOcc } from './PcnnOcc.ts';
import type { PcnnOccConfig } from './PcnnOccConfig.ts';
import type { OccupancyNet, OccupancyNetConfig } from './OccupancyNet.ts';

export {
  WEIGHTS_FORMAT_VERSION, encodeWeights, loadWeightsInto, loadModelFromBytes,
  createOccupancyNet, loadOccupancyNetFromBytes, occupancyNetMethod, parseOccupancyNetConfig,
} from './modelWeights.ts';

export interface SaveModelOptions {
  /** Written as `metrics.json` when given (e.g. validation IoU, step). */
  metrics?: Record<string, unknown>;
  /** Extra string metadata for the safetensors header. */
  metadata?: Record<string, string>;
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
  return parseModelConfig(readFileSync(path, 'utf8'), path);
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

/**
 * Read and validate `dir/config.json` of any model (pcnn-occ or ONet, by its `method`; absent:
 * pcnn-occ). Throws UsageError when the directory is not a model (one line, naming it).
 */
export function readOccupancyNetConfig(dir: string): OccupancyNetConfig {
  const path = join(dir, 'config.json');
  if (!existsSync(path)) throw new UsageError(`${dir} is not a model directory (no config.json)`);
  return parseOccupancyNetConfig(readFileSync(path, 'utf8'), path);
}

/**
 * Load any model directory (pcnn-occ or ONet) into a new network on `engine` (no arena mark may
 * be live). Bit-exact: every parameter and buffer gets the stored float32 bytes.
 */
export function loadOccupancyNet(engine: Engine, dir: string): OccupancyNet {
  const config = readOccupancyNetConfig(dir);
  const wpath = join(dir, 'weights.safetensors');
  if (!existsSync(wpath)) throw new UsageError(`${dir} has no weights.safetensors`);
  return createOccupancyNet(engine, config, new Uint8Array(readFileSync(wpath)), wpath);
}
