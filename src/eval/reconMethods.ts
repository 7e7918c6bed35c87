/**
 * The reconstruction methods an experiment can run, by name, each as one function
 * `(cloud in the unit-cube frame) → mesh in the same frame`:
 *
 * - `pointocc`: the trained PCNN occupancy model (`--model DIR`) through `reconstruct()` (MISE +
 *   marching cubes), the network on worker threads;
 * - `onet`: the same pipeline with the trained ONet baseline (`--onet-model DIR`, default
 *   models/onet-procshapes);
 * - any other name: the baseline registry `src/recon/methods.ts` (`getMethod(name)`: poisson,
 *   bpa, hull, …), loaded on demand so the experiments run (and say what is missing) before
 *   that registry exists;
 * - extra functions given by the caller (tests use a convex-hull stand-in).
 *
 * A method that cannot run (no model, no registry, unknown name) is returned as unavailable
 * with the reason, never silently dropped.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Mesh } from '../geometry/Mesh.ts';

/** Options passed to every method call. */
export interface MethodCallOptions {
  /** Seed for any randomness of the method (e.g. input subsets of a large cloud). */
  seed: number;
}

/** A reconstruction: unit-cube cloud (xyz, length 3·N) → mesh in the same frame. */
export type ReconFunction = (cloud: Float32Array, opts: MethodCallOptions) => Promise<Mesh>;

/** A method ready to run. */
export interface ReconMethod {
  name: string;
  /** One line for the report: what ran (model folder, settings). */
  description: string;
  /** Identifies the outputs (model files' sizes and dates, settings): cached meshes made under
   *  another identity are redone. */
  identity: string;
  run: ReconFunction;
  /** Frees threads or memory; called once when the experiment ends. */
  close?: () => Promise<void>;
}

/** What `resolveMethod` found. */
export type MethodResolution = { name: string; available: true; method: ReconMethod } | { name: string; available: false; reason: string };

/** Where the methods come from. */
export interface MethodContext {
  /** Model folder of `pointocc` (config.json + weights.safetensors). */
  modelDir?: string;
  /** Model folder of `onet` (an ONet model folder: config.json with method "onet" + weights.safetensors). */
  onetModelDir?: string;
  /** Final grid resolution of `pointocc` (default 128, ONet's setting; the paper uses 256). */
  resolution?: number;
  /** Worker threads of the network (default: the number of cores). */
  workers?: number;
  /** Extra methods by name (take precedence over the registries). */
  extra?: Record<string, { run: ReconFunction; description?: string }>;
  /** Specifier of the baseline registry module (default '../recon/methods.ts'; tests override). */
  registry?: string;
}

function fileStamp(path: string): string {
  const s = statSync(path);
  return `${s.size}:${Math.round(s.mtimeMs)}`;
}

/** How the learned methods differ: their folder, its flag, the network it must hold. */
interface LearnedMethod {
  dir: string | undefined;
  flag: string;
  /** The `method` the folder's config must name; undefined: any network (pointocc takes either). */
  requires?: 'onet';
  /** Prefix of the cache identity. */
  id: string;
  train: string;
}

async function resolveLearned(ctx: MethodContext, name: string, l: LearnedMethod): Promise<MethodResolution> {
  const dir = l.dir;
  if (!dir) return { name, available: false, reason: `no model folder given (${l.flag} DIR)` };
  if (!existsSync(join(dir, 'config.json')) || !existsSync(join(dir, 'weights.safetensors'))) {
    return { name, available: false, reason: `no trained model at ${dir} (needs config.json + weights.safetensors; train one with \`${l.train}\`)` };
  }
  const resolution = ctx.resolution ?? 128;
  try {
    const [{ OccupancyPredictor, createEvaluator }, { reconstruct }] = await Promise.all([
      import('../nn/serve/occupancy.ts'), import('../recon/reconstruct.ts'),
    ]);
    const predictor = await OccupancyPredictor.create(dir, ctx.workers === undefined ? {} : { workers: ctx.workers });
    const held = predictor.config.method;
    if (l.requires && held !== l.requires) {
      await predictor.close();
      return { name, available: false, reason: `the model at ${dir} is a ${held} model, not ${l.requires} (${l.flag} DIR)` };
    }
    let trainedOn = '';
    try { trainedOn = String((JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { trainedOn?: string }).trainedOn ?? ''); } catch { /* optional */ }
    return {
      name, available: true,
      method: {
        name,
        description: `${held === 'onet' ? 'ONet model' : 'PCNN occupancy model'} ${dir}${trainedOn ? ` (trained on ${trainedOn})` : ''}, ${predictor.config.inputPoints}-point input, threshold ${predictor.threshold}, MISE to ${resolution}³`,
        identity: `${l.id}:${fileStamp(join(dir, 'config.json'))}:${fileStamp(join(dir, 'weights.safetensors'))}:r${resolution}`,
        run: async (cloud, opts) => (await reconstruct(cloud, predictor, { resolution, seed: opts.seed, bind: (c) => createEvaluator(predictor, c) })).mesh,
        close: () => predictor.close(),
      },
    };
  } catch (e) {
    return { name, available: false, reason: `cannot load the model at ${dir}: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Loads the baseline registry, or says why it cannot. */
async function loadRegistry(spec: string): Promise<{ getMethod: (name: string) => unknown } | string> {
  try {
    const mod = (await import(spec)) as { getMethod?: (name: string) => unknown };
    if (typeof mod.getMethod !== 'function') return `${spec} has no getMethod(name)`;
    return { getMethod: mod.getMethod };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND') return 'the baseline registry src/recon/methods.ts does not exist yet';
    return `cannot load ${spec}: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/**
 * Resolves one method name.
 * @param name `pointocc`, `onet`, a baseline name of `src/recon/methods.ts`, or a key of `ctx.extra`.
 * @param ctx see {@link MethodContext}.
 */
export async function resolveMethod(name: string, ctx: MethodContext): Promise<MethodResolution> {
  const extra = ctx.extra?.[name];
  if (extra) return { name, available: true, method: { name, description: extra.description ?? name, identity: `extra:${name}`, run: extra.run } };
  if (name === 'pointocc' || name === 'pcnn-occ') return resolveLearned(ctx, name, { dir: ctx.modelDir, flag: '--model', id: 'pointocc', train: 'pointocc train' });
  if (name === 'onet') {
    return resolveLearned(ctx, name, { dir: ctx.onetModelDir, flag: '--onet-model', requires: 'onet', id: 'onet', train: 'pointocc train --config configs/onet-procshapes.json' });
  }
  const reg = await loadRegistry(ctx.registry ?? '../recon/methods.ts');
  if (typeof reg === 'string') return { name, available: false, reason: reg };
  let found: unknown;
  try {
    found = reg.getMethod(name);
  } catch (e) {
    return { name, available: false, reason: e instanceof Error ? e.message : String(e) };
  }
  // The registry's entries are objects { name, description, watertight, reconstruct(points, options) };
  // a bare function (cloud, options) → mesh is accepted too.
  const entry = found as { description?: string; reconstruct?: (cloud: Float32Array, opts: Record<string, unknown>) => Promise<Mesh> | Mesh } | undefined;
  const call = typeof found === 'function'
    ? (found as (cloud: Float32Array, opts: Record<string, unknown>) => Promise<Mesh> | Mesh)
    : typeof entry?.reconstruct === 'function' ? entry.reconstruct.bind(entry) : null;
  if (!call) return { name, available: false, reason: `src/recon/methods.ts has no method '${name}'` };
  const what = typeof entry?.description === 'string' ? entry.description : `baseline '${name}'`;
  return {
    name, available: true,
    method: { name, description: `${what} (src/recon/methods.ts, default settings)`, identity: `baseline:${name}`, run: async (cloud, opts) => call(cloud, { seed: opts.seed }) },
  };
}
