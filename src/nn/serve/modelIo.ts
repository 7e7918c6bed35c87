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
import { atomicWriteFileSync } from '../../io/atomicWrite.ts';
import { UsageError } from '../../errors.ts';
import { encodeWeights, loadWeightsInto, parseModelConfig } from '../models/pcnnOcc/modelWeights.ts';
import { createOccupancyNet, parseOccupancyNetConfig } from '../models/networks.ts';
import type { Engine } from '../engine/Engine.ts';
import { PcnnOcc } from '../models/pcnnOcc/PcnnOcc.ts';
import type { PcnnOccConfig } from '../models/pcnnOcc/PcnnOccConfig.ts';
import type { OccupancyNet, OccupancyNetConfig } from '../models/OccupancyNet.ts';

export { WEIGHTS_FORMAT_VERSION, encodeWeights, loadWeightsInto, loadModelFromBytes } from '../models/pcnnOcc/modelWeights.ts';
export { createOccupancyNet, loadOccupancyNetFromBytes, occupancyNetMethod, parseOccupancyNetConfig } from '../models/networks.ts';

export interface SaveModelOptions {
  /** Written as `metrics.json` when given (e.g. validation IoU, step). */
  metrics?: Record<string, unknown>;
  /** Extra string metadata for the safetensors header. */
  metadata?: Record<string, string>;
}

/**
 * Write `dir/weights.safetensors`, `dir/config.json` (and `dir/metrics.json` when given), each
 * atomically; the directory is created if needed. The layout of every network's model folder.
 * @param config the validated config, written pretty-printed.
 * @param weights the encoded `weights.safetensors` bytes (e.g. `encodeWeights`).
 * @param metrics written as `metrics.json` when given.
 */
export function saveModelFolder(dir: string, config: OccupancyNetConfig, weights: Uint8Array, metrics?: Record<string, unknown>): void {
  atomicWriteFileSync(join(dir, 'weights.safetensors'), weights);
  atomicWriteFileSync(join(dir, 'config.json'), JSON.stringify(config, null, 2) + '\n');
  if (metrics) atomicWriteFileSync(join(dir, 'metrics.json'), JSON.stringify(metrics, null, 2) + '\n');
}

/** The parsed `config.json` and the `weights.safetensors` bytes of a model folder. */
export interface ModelFolderFiles<C> {
  config: C;
  weights: Uint8Array;
  /** The weights' path, for messages. */
  weightsPath: string;
}

/**
 * Read and parse `dir/config.json`. Throws UsageError when the directory is not a model.
 * @param parse the config parser (text, file name for messages).
 */
function readConfigFile<C>(dir: string, parse: (text: string, file: string) => C): C {
  const path = join(dir, 'config.json');
  if (!existsSync(path)) throw new UsageError(`${dir} is not a model directory (no config.json)`);
  return parse(readFileSync(path, 'utf8'), path);
}

/**
 * Read a model folder: `config.json` parsed by `parse` (UsageError when missing, whatever `parse`
 * throws when bad), then the `weights.safetensors` bytes (UsageError when missing).
 * @param parse the config parser (text, file name for messages), e.g. `parseModelConfig`.
 */
export function readModelFolder<C>(dir: string, parse: (text: string, file: string) => C): ModelFolderFiles<C> {
  const config = readConfigFile(dir, parse);
  const weightsPath = join(dir, 'weights.safetensors');
  if (!existsSync(weightsPath)) throw new UsageError(`${dir} has no weights.safetensors`);
  return { config, weights: new Uint8Array(readFileSync(weightsPath)), weightsPath };
}

/**
 * Write `dir/config.json`, `dir/weights.safetensors` (and `dir/metrics.json` when given), each
 * atomically; the directory is created if needed.
 */
export function saveModel(dir: string, model: PcnnOcc, opts: SaveModelOptions = {}): void {
  saveModelFolder(dir, model.config, encodeWeights(model, opts.metadata), opts.metrics);
}

/** Read and validate `dir/config.json`. Throws UsageError when the directory is not a model. */
export function readModelConfig(dir: string): PcnnOccConfig {
  return readConfigFile(dir, parseModelConfig);
}

/**
 * Load a model directory into a new PcnnOcc on `engine` (parameters allocated persistently, so
 * no arena mark may be live). Bit-exact: every parameter gets the stored float32 bytes.
 */
export function loadModel(engine: Engine, dir: string): PcnnOcc {
  const f = readModelFolder(dir, parseModelConfig);
  const model = new PcnnOcc(engine, f.config);
  loadWeightsInto(model, f.weights, f.weightsPath);
  return model;
}

/**
 * Read and validate `dir/config.json` of any model (pcnn-occ or ONet, by its `method`; absent:
 * pcnn-occ). Throws UsageError when the directory is not a model (one line, naming it).
 */
export function readOccupancyNetConfig(dir: string): OccupancyNetConfig {
  return readConfigFile(dir, parseOccupancyNetConfig);
}

/**
 * Load any model directory (pcnn-occ or ONet) into a new network on `engine` (no arena mark may
 * be live). Bit-exact: every parameter and buffer gets the stored float32 bytes.
 */
export function loadOccupancyNet(engine: Engine, dir: string): OccupancyNet {
  const f = readModelFolder(dir, parseOccupancyNetConfig);
  return createOccupancyNet(engine, f.config, f.weights, f.weightsPath);
}
