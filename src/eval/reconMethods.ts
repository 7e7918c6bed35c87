/**
 * The reconstruction methods an experiment can run, by name, each as one function
 * `(cloud in the unit-cube frame) → mesh in the same frame`. Which names exist and what they are
 * is the method registry's (src/methods/): a learned method runs its trained model
 * (`--model DIR` for pcnn-occ, `--onet-model DIR` for onet; the registry entry says which)
 * through `reconstruct()` (MISE + marching cubes, the network on worker threads); a baseline
 * runs its function. Extra functions given by the caller come first (tests use stand-ins).
 *
 * A method that cannot run (no model, unknown name) is returned as unavailable with the reason,
 * never silently dropped.
 */
import { DEFAULT_SMOOTH_ITERATIONS } from '../recon/smooth.ts';
import { pointsPerPass, testRotationsOf, trainedRangeText, type InputPolicyConfig } from '../recon/inputSubsets.ts';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Mesh } from '../geometry/Mesh.ts';
import { METHODS, findMethod, type LearnedMethod } from '../methods/index.ts';

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

/** The input a learned model takes, for the method descriptions of reports. */
function inputText(config: InputPolicyConfig): string {
  const pass = pointsPerPass(config);
  return pass > config.inputPoints
    ? `inputs of up to ${pass} points in one pass (trained on ${trainedRangeText(config)})`
    : `${config.inputPoints}-point input`;
}

/** What `resolveMethod` found. */
export type MethodResolution = { name: string; available: true; method: ReconMethod } | { name: string; available: false; reason: string };

/** Where the methods come from. */
export interface MethodContext {
  /** Model folder of the default method, pcnn-occ (config.json + weights.safetensors). */
  modelDir?: string;
  /** Model folder of `onet` (an ONet model folder: config.json with method "onet" + weights.safetensors). */
  onetModelDir?: string;
  /** Final grid resolution of the learned methods (default 128, ONet's setting; the paper uses 256). */
  resolution?: number;
  /** Taubin smoothing iterations after marching cubes for the learned methods (as `reconstruct
   *  --smooth N`), ≥ 0. Default DEFAULT_SMOOTH_ITERATIONS (10). */
  smoothIterations?: number;
  /** Density models above their one-pass size: spatial tiles instead of averaged subsets
   *  (`reconstruct --tiles`). Default false. */
  tiles?: boolean;
  /** Test-time rotations of the learned methods (`reconstruct --rotations K`). Default: each
   *  model's own (config `testRotations`, else 1). */
  rotations?: number;
  /** Worker threads of the network (default: the number of cores). */
  workers?: number;
  /** Extra methods by name (take precedence over the registries). */
  extra?: Record<string, { run: ReconFunction; description?: string }>;
}

function fileStamp(path: string): string {
  const s = statSync(path);
  return `${s.size}:${Math.round(s.mtimeMs)}`;
}

/**
 * @param l the registry entry; its model folder is `ctx[l.contextKey]`. The default method takes
 * any model folder (an ONet one too), the others only their own network's.
 */
async function resolveLearned(ctx: MethodContext, name: string, l: LearnedMethod, requireOwn: boolean): Promise<MethodResolution> {
  const dir = ctx[l.contextKey];
  if (!dir) return { name, available: false, reason: `no model folder given (${l.experimentFlag} DIR)` };
  if (!existsSync(join(dir, 'config.json')) || !existsSync(join(dir, 'weights.safetensors'))) {
    return {
      name,
      available: false,
      reason: `no trained model at ${dir} (needs config.json + weights.safetensors; train one with \`${l.trainCommand}\`)`,
    };
  }
  const resolution = ctx.resolution ?? 128;
  const smoothIterations = ctx.smoothIterations ?? DEFAULT_SMOOTH_ITERATIONS;
  const tiles = ctx.tiles ?? false;
  try {
    const [{ OccupancyPredictor, evaluatorBinder }, { reconstruct }] = await Promise.all([
      import('../nn/serve/occupancy.ts'),
      import('../recon/reconstruct.ts'),
    ]);
    const predictor = await OccupancyPredictor.create(dir, ctx.workers === undefined ? {} : { workers: ctx.workers });
    const held = predictor.config.method;
    const rotations = ctx.rotations ?? testRotationsOf(predictor.config);
    if (requireOwn && held !== l.name) {
      await predictor.close();
      return { name, available: false, reason: `the model at ${dir} is a ${held} model, not ${l.name} (${l.experimentFlag} DIR)` };
    }
    let trainedOn = '';
    try {
      trainedOn = String((JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { trainedOn?: string }).trainedOn ?? '');
    } catch {
      /* optional */
    }
    return {
      name,
      available: true,
      method: {
        name,
        description: `${findMethod(held)?.learned && (findMethod(held) as LearnedMethod).title ? `${(findMethod(held) as LearnedMethod).title} model` : 'PCNN occupancy model'} ${dir}${trainedOn ? ` (trained on ${trainedOn})` : ''}, ${inputText(predictor.config)}, threshold ${predictor.threshold}, MISE to ${resolution}³${rotations > 1 ? `, each cloud read in ${rotations} poses (probabilities averaged)` : ''}${smoothIterations > 0 ? `, Taubin smoothing ${smoothIterations} iterations` : ''}`,
        identity: `${l.cacheId}:${fileStamp(join(dir, 'config.json'))}:${fileStamp(join(dir, 'weights.safetensors'))}:r${resolution}${smoothIterations > 0 ? `:s${smoothIterations}` : ''}${tiles ? ':tiles' : ''}${rotations > 1 ? `:rot${rotations}` : ''}`,
        run: async (cloud, opts) =>
          (
            await reconstruct(cloud, predictor, {
              resolution,
              smoothIterations,
              tiles,
              rotations,
              seed: opts.seed,
              bind: evaluatorBinder(predictor),
            })
          ).mesh,
        close: () => predictor.close(),
      },
    };
  } catch (e) {
    return { name, available: false, reason: `cannot load the model at ${dir}: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/**
 * Resolves one method name.
 * @param name a registry method name (or its old alias), or a key of `ctx.extra`.
 * @param ctx see {@link MethodContext}.
 */
export async function resolveMethod(name: string, ctx: MethodContext): Promise<MethodResolution> {
  const extra = ctx.extra?.[name];
  if (extra)
    return { name, available: true, method: { name, description: extra.description ?? name, identity: `extra:${name}`, run: extra.run } };
  const m = findMethod(name);
  if (!m) return { name, available: false, reason: `unknown method '${name}' (available: ${METHODS.map((x) => x.name).join(', ')})` };
  if (m.learned) return resolveLearned(ctx, name, m, m !== METHODS[0]);
  const run = m.reconstruct;
  return {
    name,
    available: true,
    method: {
      name,
      description: `${m.description} (src/recon/baselines.ts, default settings)`,
      identity: `baseline:${m.name}`,
      run: async (cloud, opts) => run(cloud, { seed: opts.seed }),
    },
  };
}
