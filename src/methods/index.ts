/**
 * The method registry: the one list of the reconstruction methods pointocc knows (as ONet's
 * `im2mesh/config.py` `method_dict`). Every entry has its name, a description, whether it is
 * learned, and either its model folder, network and training kit (learned) or its function
 * (baselines); see types.ts. The CLI, the experiments and training ask this list instead of
 * naming methods themselves.
 *
 * Floor plan: above nn, train and recon (it points into them), below eval and cli. Code below it
 * that must build a network from a config in a fresh thread uses nn/models/networks.ts, the
 * same network objects this registry's learned entries hold.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors.ts';
import { networkOf } from '../nn/models/networks.ts';
import { pcnnOccMethod } from './pcnnOcc.ts';
import { onetMethod } from './onet.ts';
import { BASELINE_METHODS } from './baselines.ts';
import type { BaselineMethod, LearnedMethod, Method } from './types.ts';

export type { BaselineMethod, LearnedMethod, Method } from './types.ts';

/** All methods; the first is the default of `--method`. */
export const METHODS: readonly Method[] = [pcnnOccMethod, onetMethod, ...BASELINE_METHODS];

/** The default method (`pointocc reconstruct` without `--method`). */
export const DEFAULT_METHOD: LearnedMethod = pcnnOccMethod;

/**
 * Old names still accepted, each mapped to its method here and nowhere else: the experiments
 * called pcnn-occ `pointocc` (their tests and older reports use it).
 */
const ALIASES: Readonly<Record<string, string>> = { pointocc: pcnnOccMethod.name };

/** The method of that name (or old alias), or undefined. */
export function findMethod(name: string): Method | undefined {
  const n = Object.hasOwn(ALIASES, name) ? ALIASES[name] : name;
  return METHODS.find((m) => m.name === n);
}

/**
 * The method of that name.
 * @param what how the caller names the option, for the message (e.g. '--method').
 * @throws UsageError naming the methods when there is none.
 */
export function getMethod(name: string, what = 'method'): Method {
  const m = findMethod(name);
  if (!m) throw new UsageError(`${what} ${name} is not available (methods: ${METHODS.map((x) => x.name).join(', ')})`);
  return m;
}

/**
 * The baseline the experiments compare with when `--methods` is not given (rotation,
 * generalisation): screened Poisson, the strongest closed one.
 */
export const REFERENCE_BASELINE: BaselineMethod = BASELINE_METHODS[0];

/**
 * The methods for `--method` / `--methods` help, learned ones first, the default marked
 * ("learned: pcnn-occ (default), onet; baselines: poisson, bpa, hull"), so no command lists
 * methods by hand.
 */
export function methodsHelp(): string {
  const names = (learned: boolean) =>
    METHODS.filter((m) => m.learned === learned)
      .map((m) => (m === DEFAULT_METHOD ? `${m.name} (default)` : m.name))
      .join(', ');
  return `learned: ${names(true)}; baselines: ${names(false)}`;
}

export function learnedMethods(): LearnedMethod[] {
  return METHODS.filter((m): m is LearnedMethod => m.learned);
}

export function baselineMethods(): BaselineMethod[] {
  return METHODS.filter((m): m is BaselineMethod => !m.learned);
}

/**
 * The model used when `--model` is not given: `models/<modelFolder>/` in the package (the same
 * relative path from src/methods/ and dist/methods/).
 * @param method a learned method's name. Default: the default method.
 */
export function defaultModelDir(method = DEFAULT_METHOD.name): string {
  const m = findMethod(method);
  if (!m?.learned) throw new RangeError(`defaultModelDir: '${method}' is not a learned method`);
  return fileURLToPath(new URL(`../../models/${m.modelFolder}/`, import.meta.url));
}

/**
 * The model directory to use, checked to hold config.json and weights.safetensors (UsageError
 * with what to do otherwise).
 * @param dir `--model`, or undefined for the method's default folder.
 * @param method the learned method whose default folder and wording to use.
 */
export function resolveModelDir(dir: string | undefined, method = DEFAULT_METHOD.name): string {
  const m = findMethod(method);
  const d = dir ?? defaultModelDir(method);
  if (!existsSync(join(d, 'config.json')) || !existsSync(join(d, 'weights.safetensors'))) {
    const what = m?.learned && m.title ? `${m.title} ` : '';
    const train = m?.learned ? m.trainCommand : DEFAULT_METHOD.trainCommand;
    throw new UsageError(
      `no ${what}model at ${d}; train one with \`${train}\` (its best/ folder is a model) or pass --model DIR (a folder with config.json and weights.safetensors)`,
    );
  }
  return d;
}

/**
 * The learned method a training config trains: its model's `method` (the default network's when
 * absent).
 * @param json parsed config file (`{"model": {…}, "train": …}` or model fields beside "train"),
 *   or undefined (defaults). @param source file name, for messages.
 */
export function methodOfTrainConfig(json: unknown, source = 'config'): LearnedMethod {
  let model: unknown;
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
    const o = json as Record<string, unknown>;
    model = o.model !== undefined ? o.model : o;
  }
  const learned = learnedMethods();
  const m = typeof model === 'object' && model !== null ? (model as Record<string, unknown>).method : undefined;
  if (m !== undefined && !learned.some((x) => x.name === m)) {
    throw new UsageError(`${source}: model method must be ${learned.map((x) => `"${x.name}"`).join(' or ')}, got ${JSON.stringify(m)}`);
  }
  const net = networkOf(model, source);
  return learned.find((x) => x.network === net)!;
}
