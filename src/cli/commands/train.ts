/**
 * `pointocc train`: trains a pcnn-occ model on a data cache (`pointocc data build`) or an ONet
 * dataset root, with data-parallel worker threads, validation IoU, best-model keeping, atomic
 * checkpoints (every few minutes and on Ctrl-C / SIGTERM) and exact `--resume`.
 */
import type { Command } from 'commander';
import { SUMMARIES } from './summaries.ts';
import { availableParallelism } from 'node:os';
import { UsageError } from '../../errors.ts';
import { train, type ResumeOverrides } from '../../train/train.ts';
import { readJsonFile, resolveTrainConfig } from '../../train/TrainRunConfig.ts';
import { DEFAULT_METHOD, learnedMethods, methodOfTrainConfig } from '../../methods/index.ts';
import { trainKitOfRun } from '../../methods/trainKits.ts';
import type { TrainSettings } from '../../train/TrainSettings.ts';
import { checkInputPointsDistribution } from '../../data/TrainingSampler.ts';

interface TrainCliOptions {
  init?: string;
  data?: string;
  config?: string;
  out: string;
  resume?: boolean;
  steps?: string;
  batch?: string;
  lr?: string;
  workers?: string;
  valEvery?: string;
  valShapes?: string;
  checkpointMinutes?: string;
  seed?: string;
  inputPointsRange?: string;
  inputPointsDistribution?: string;
  noiseRange?: string;
  scaleRange?: string;
  rotate?: boolean;
  progress: boolean;
}

function intFlag(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(Number(v)) || Number(v) < min)
    throw new UsageError(`--${name} must be an integer ≥ ${min}, got "${v}"`);
  return Number(v);
}

function posFlag(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x) || x <= 0) throw new UsageError(`--${name} must be a number > 0, got "${v}"`);
  return x;
}

/** "lo,hi" → [lo, hi] (the settings' validation checks the values' ranges and order). */
function pairFlag(name: string, v: string | undefined, integer: boolean): [number, number] | undefined {
  if (v === undefined) return undefined;
  const parts = v.split(',').map((x) => x.trim());
  const nums = parts.map(Number);
  if (parts.length !== 2 || parts.some((x) => x === '') || nums.some((x) => !Number.isFinite(x) || (integer && !Number.isInteger(x)))) {
    throw new UsageError(`--${name} must be two ${integer ? 'integers' : 'numbers'} "lo,hi", got "${v}"`);
  }
  return [nums[0], nums[1]];
}

/** Registers `train` on the program. */
export function register(program: Command): void {
  program
    .command('train')
    .description(SUMMARIES.train)
    .option(
      '--data <dir>',
      "training data: a cache from `pointocc data build`, or an ONet dataset root (metadata.yaml); with --resume, default: the run's",
    )
    .option(
      '--config <file>',
      `JSON: model config fields ("method": ${learnedMethods()
        .map((m) => `"${m.name}"${m === DEFAULT_METHOD ? ' (default)' : ''}`)
        .join(
          ' or ',
        )}) plus a "train" section (batch, steps, lr, queries, inputPoints, inputPointsRange, noise, noiseRange, scaleRange, rotate, valEvery, valShapes, valPoints, valSplit, lrSchedule, …); default: paper model, default settings`,
    )
    .requiredOption('--out <dir>', 'run folder: config.json, checkpoint/, best/, train-log.jsonl, curves.png')
    .option('--resume', 'continue the run in --out exactly where its checkpoint left it')
    .option('--steps <n>', 'total optimiser steps (default 100000; with --resume: extend the run)')
    .option('--batch <b>', 'shapes per step (default 16)')
    .option(
      '--lr <x>',
      "Adam learning rate (default 1e-4); with --resume: the base rate from the checkpoint's step on (a manual step decay; the log records the rate of every step)",
    )
    .option('--workers <n>', `data-parallel worker threads (default 2; this machine has ${availableParallelism()} cores)`)
    .option('--val-every <n>', 'validate every n steps (default 1000; 0: only at the end)')
    .option('--val-shapes <n>', 'validation shapes (default 20; 0: none)')
    .option('--checkpoint-minutes <m>', 'minutes between checkpoints (default 5)')
    .option('--seed <s>', 'seed of initialisation, batches and validation inputs (default 0)')
    .option(
      '--input-points-range <min,max>',
      "each item draws its input size log-uniformly in [min, max] (e.g. 300,3000; pcnn-occ only; recorded as the model's trainPoints); the cache needs ≥ max surface samples per shape (data build --surface)",
    )
    .option(
      '--input-points-distribution <d>',
      'how --input-points-range is drawn: log-uniform (default: every octave the same share) or uniform (every N the same share: more dense items)',
    )
    .option('--noise-range <lo,hi>', 'each item draws its noise std uniformly in [lo, hi] (unit-cube units, e.g. 0,0.01)')
    .option(
      '--scale-range <lo,hi>',
      "each item's shape is scaled per axis by factors uniform in [lo, hi] (e.g. 0.7,1.3), then renormalised",
    )
    .option(
      '--init <model-dir>',
      "a new run starts from this model folder's weights (same architecture) instead of a random initialisation, e.g. the committed model after a machine change; recorded in config.json",
    )
    .option('--rotate', 'rotation augmentation: every item in a uniformly random orientation (train.rotate)')
    .option('--no-progress', 'no progress bar')
    .action(async (o: TrainCliOptions) => {
      const flags: Partial<TrainSettings> = {
        steps: intFlag('steps', o.steps, 0),
        batch: intFlag('batch', o.batch, 1),
        lr: posFlag('lr', o.lr),
        workers: intFlag('workers', o.workers, 1),
        valEvery: intFlag('val-every', o.valEvery, 0),
        valShapes: intFlag('val-shapes', o.valShapes, 0),
        checkpointMinutes: posFlag('checkpoint-minutes', o.checkpointMinutes),
        seed: intFlag('seed', o.seed, 0),
        inputPointsRange: pairFlag('input-points-range', o.inputPointsRange, true),
        inputPointsDistribution:
          o.inputPointsDistribution === undefined
            ? undefined
            : checkInputPointsDistribution(o.inputPointsDistribution, '--input-points-distribution'),
        noiseRange: pairFlag('noise-range', o.noiseRange, false),
        scaleRange: pairFlag('scale-range', o.scaleRange, false),
        rotate: o.rotate,
      };
      const given = (Object.keys(flags) as (keyof TrainSettings)[]).filter((k) => flags[k] !== undefined);
      let result;
      if (o.resume) {
        const allowed = new Set(['steps', 'lr', 'workers', 'valEvery', 'checkpointMinutes']);
        const bad = given.filter((k) => !allowed.has(k));
        if (bad.length)
          throw new UsageError(
            `--resume continues the stored run; only --steps, --lr, --workers, --val-every and --checkpoint-minutes may change (not ${bad.join(', ')})`,
          );
        if (o.config) throw new UsageError("--resume uses the run's stored config.json; leave out --config");
        if (o.init) throw new UsageError('--init starts a new run; a resumed run continues from its checkpoint');
        // the run's kit, found again by the registry from its stored model's method
        result = await train({
          out: o.out,
          resume: true,
          overrides: flags as ResumeOverrides,
          data: o.data,
          kitOf: trainKitOfRun,
          progress: o.progress && process.stderr.isTTY,
          signals: true,
        });
      } else {
        if (!o.data) throw new UsageError('--data is required (a cache from `pointocc data build` or an ONet dataset root)');
        const json = o.config ? readJsonFile(o.config) : undefined;
        // The model section's "method" picks the method, and the registry its kit.
        const { kit, ref } = await methodOfTrainConfig(json, o.config ?? 'default config').trainKit();
        const config = resolveTrainConfig(json, kit, flags, o.config ?? 'default config');
        result = await train({
          out: o.out,
          config,
          kit: ref,
          data: o.data,
          init: o.init,
          progress: o.progress && process.stderr.isTTY,
          signals: true,
        });
      }
      const b = result.best;
      process.stdout.write(
        `${result.status === 'done' ? 'finished' : 'stopped'} at step ${result.step} after ${result.elapsedSeconds.toFixed(0)} s` +
          (b ? `; best validation IoU ${b.iou.toFixed(4)} at step ${b.step} (${o.out}/best)` : '') +
          '\n',
      );
    });
}
