/**
 * An ONet model directory: `config.json` (the OnetConfig, pretty-printed, `method: "onet"`),
 * `weights.safetensors` (parameters and batch-norm running statistics, see onetWeights.ts) and
 * optional `metrics.json` — the layout of a pcnn-occ model directory. Every file is written
 * atomically.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { atomicWriteFileSync } from '../../io/atomicWrite.ts';
import { UsageError } from '../../io/errors.ts';
import type { Engine } from '../Engine.ts';
import { OnetOcc } from './OnetOcc.ts';
import { encodeOnetWeights, loadOnetWeightsInto, parseOnetConfig } from './onetWeights.ts';

export interface SaveOnetOptions {
  /** Written as `metrics.json` when given (e.g. validation IoU, step). */
  metrics?: Record<string, unknown>;
  /** Extra string metadata for the safetensors header. */
  metadata?: Record<string, string>;
}

/**
 * Write `dir/weights.safetensors`, `dir/config.json` (and `dir/metrics.json`), each atomically;
 * the directory is created if needed.
 */
export function saveOnetModel(dir: string, model: OnetOcc, opts: SaveOnetOptions = {}): void {
  atomicWriteFileSync(join(dir, 'weights.safetensors'), encodeOnetWeights(model, opts.metadata));
  atomicWriteFileSync(join(dir, 'config.json'), JSON.stringify(model.config, null, 2) + '\n');
  if (opts.metrics) atomicWriteFileSync(join(dir, 'metrics.json'), JSON.stringify(opts.metrics, null, 2) + '\n');
}

/**
 * Load an ONet model directory into a new OnetOcc on `engine` (no arena mark may be live).
 * Bit-exact. Throws UsageError when `dir` is not a model directory, InputError for bad files.
 */
export function loadOnetModel(engine: Engine, dir: string): OnetOcc {
  const cpath = join(dir, 'config.json'), wpath = join(dir, 'weights.safetensors');
  if (!existsSync(cpath)) throw new UsageError(`${dir} is not a model directory (no config.json)`);
  if (!existsSync(wpath)) throw new UsageError(`${dir} has no weights.safetensors`);
  const model = new OnetOcc(engine, parseOnetConfig(readFileSync(cpath, 'utf8'), cpath));
  loadOnetWeightsInto(model, new Uint8Array(readFileSync(wpath)), wpath);
  return model;
}
