/**
 * Job ids that make `queue submit` idempotent: the id is a hash of what determines the output
 * (the input's bytes, the reconstruction settings after parsing, the model's bytes, and where the
 * mesh goes), so submitting the same dataset again names the same jobs, and BullMQ adds no job
 * whose id it already holds (waiting, active, completed or failed). A changed input, other
 * options or another model give new ids, hence new jobs.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Settings } from '../reconstructRunner.ts';

/** SHA-256 (hex) of a file's bytes. */
export function fileSha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** The files of a model folder that decide its predictions: the network, its weights, and the
 *  decision threshold stored with it. */
const MODEL_FILES = ['config.json', 'weights.safetensors', 'threshold.json'];

/** SHA-256 over a model folder's files (name and bytes of each one present); about 30 ms for
 *  the default 7 MB model. */
export function modelSha256(dir: string): string {
  const h = createHash('sha256');
  for (const f of MODEL_FILES) {
    const p = join(dir, f);
    if (!existsSync(p)) continue;
    h.update(`${f}\0`).update(readFileSync(p)).update('\0');
  }
  return h.digest('hex');
}

/** The settings as a canonical object: what the options mean, not how they were typed
 *  (`--seed 0` is the default seed; `--resolution 128` is the default resolution). */
function canonicalSettings(s: Settings): Record<string, unknown> {
  return {
    method: s.method.name,
    resolution: s.resolution,
    threshold: s.threshold ?? null,
    seed: s.seed,
    maxSubsets: s.maxSubsets,
    smoothIterations: s.smoothIterations,
    ...(s.keepCavities ? { keepCavities: true } : {}),
    ...(s.tiles ? { tiles: true, tileOverlap: s.tileOverlap ?? null } : {}),
    // absent = the model's default, which the model hash covers; given = exactly that K
    ...(s.rotations !== undefined ? { rotations: s.rotations } : {}),
    simplifyFaces: s.simplifyFaces ?? null,
    dropInvalid: s.dropInvalid,
    trim: s.trim ?? null,
  };
}

/**
 * The job id: `pc-` and 40 hex digits of SHA-256 over the input hash, the settings, the model
 * hash and the output path (BullMQ ids must not be bare integers nor contain ':'). The output path
 * is part of it: the same cloud submitted into another OUT_DIR is another job.
 */
export function jobIdFor(inputSha256: string, s: Settings, modelSha: string | null, output: string): string {
  const key = JSON.stringify({ v: 1, input: inputSha256, settings: canonicalSettings(s), model: modelSha, output });
  return `pc-${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
}
