/**
 * `pointocc experiment NAME`: the paper's evaluations on the ProcShapes test split with fixed
 * inputs — table1 (methods × metrics), table2 (per class), table3 (density × noise), rotation
 * (IoU vs input rotation), generalisation (unseen classes) — as a markdown report with tables
 * and PNG figures under reports/NAME/.
 */
import { DEFAULT_SMOOTH_ITERATIONS } from '../../recon/smooth.ts';
import type { Command } from 'commander';
import { SUMMARIES } from './summaries.ts';
import { existsSync } from 'node:fs';
import { SingleBar, Presets } from 'cli-progress';
import { UsageError } from '../../errors.ts';
import { EXPERIMENTS, runExperiment, type ExperimentName } from '../../eval/experiments/runExperiment.ts';
import { parseChoice, parseIntOption, parseNumberList } from '../../eval/parseOptions.ts';
import type { MethodContext } from '../../eval/reconMethods.ts';
import { DEFAULT_METHOD, REFERENCE_BASELINE, baselineMethods, defaultModelDir, learnedMethods } from '../../methods/index.ts';

interface ExperimentCliOptions {
  data?: string;
  methods?: string;
  limit?: string;
  out?: string;
  work?: string;
  meshes?: string;
  seed: string;
  samples: string;
  tau: string;
  workers: string;
  resolution: string;
  smooth: string;
  tiles?: boolean;
  rotations: string;
  force?: boolean;
  gallery: string;
  densities?: string;
  noises?: string;
  densityModels?: string;
  angles?: string;
  holdout?: string;
  heldoutModel?: string;
  trainRun?: string;
  trainArgs?: string;
  progress: boolean;
  /** Each learned method's model folder option (`--model`, `--onet-model`: the registry's `experimentFlag`). */
  [modelFlag: string]: string | boolean | undefined;
}

/** Methods run when --methods is not given (registry names). */
function defaultMethods(name: ExperimentName): string[] {
  switch (name) {
    case 'table1':
    case 'table2':
      return [DEFAULT_METHOD.name, ...baselineMethods().map((m) => m.name)];
    case 'table3':
      return [DEFAULT_METHOD.name];
    case 'rotation':
    case 'generalisation':
      return [DEFAULT_METHOD.name, REFERENCE_BASELINE.name];
  }
}

/** The key commander gives a long option (`--onet-model` → `onetModel`). */
function optionKey(flag: string): string {
  return flag.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Each learned method's model folder: its `experimentFlag` option, or its packaged model. */
function modelDirs(o: ExperimentCliOptions): Pick<MethodContext, 'modelDir' | 'onetModelDir'> {
  const dirs: Pick<MethodContext, 'modelDir' | 'onetModelDir'> = {};
  for (const m of learnedMethods()) {
    const given = o[optionKey(m.experimentFlag)];
    dirs[m.contextKey] = typeof given === 'string' ? given : defaultModelDir(m.name);
  }
  return dirs;
}

function parseDensityModels(v: string): Map<number, string> {
  const m = new Map<number, string>();
  for (const part of v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq < 1) throw new UsageError(`--density-models: expected POINTS=DIR, got "${part}"`);
    m.set(parseIntOption('density-models', part.slice(0, eq), 1), part.slice(eq + 1));
  }
  return m;
}

export function register(program: Command): void {
  const command = program
    .command('experiment')
    .argument('<name>', `one of ${EXPERIMENTS.join(', ')}`)
    .description(SUMMARIES.experiment)
    .option('--data <dir>', 'evaluation data: a pointocc cache or ONet folder (default: data/procshapes-cache)');
  for (const m of learnedMethods()) {
    command.option(`${m.experimentFlag} <dir>`, `trained ${m.name} model (default: models/${m.modelFolder} in the package)`);
  }
  command
    .option(
      '--methods <list>',
      `comma-separated methods (learned: ${learnedMethods()
        .map((m) => m.name)
        .join(', ')}; baselines: ${baselineMethods()
        .map((m) => m.name)
        .join(', ')}); default per experiment: ${EXPERIMENTS.map((e) => `${e} ${defaultMethods(e).join(',')}`).join('; ')}`,
    )
    .option('--limit <n>', 'test shapes per class (default: all)')
    .option('--out <dir>', 'report folder (default: reports/NAME)')
    .option('--work <dir>', 'cache of reconstructions shared by experiments (default: <out>/../.cache, git-ignored)')
    .option(
      '--meshes <dir>',
      'ground-truth meshes the cache was built from, for error colours (default: <data>/../procshapes when it matches)',
    )
    .option('--seed <s>', 'seed of inputs, rotation axes and evaluation sampling', '0')
    .option('--samples <n>', 'surface samples per prediction for Chamfer/NC/F', '100000')
    .option('--tau <list>', 'F-score thresholds, unit-cube units', '0.01')
    .option('--workers <n>', 'evaluation worker threads', '2')
    .option('--resolution <r>', 'pointocc MISE final grid (128 as ONet; 256 as the paper)', '128')
    .option(
      '--smooth <iterations>',
      'Taubin smoothing iterations after marching cubes for the learned methods (as reconstruct --smooth N; 0 = none)',
      String(DEFAULT_SMOOTH_ITERATIONS),
    )
    .option('--rotations <k>', "learned methods: test-time rotations (as reconstruct --rotations k; default: the model's own)")
    .option('--tiles', 'density models above their one-pass size: spatial tiles instead of averaged subsets (as reconstruct --tiles)')
    .option('--force', 'redo cached reconstructions and redraw inputs')
    .option('--gallery <rows>', 'gallery rows (one shape per class), 0 for none', '6')
    .option('--densities <list>', 'table3: input densities', '150,300,600,1000')
    .option('--noises <list>', 'table3: noise std levels (unit cube; 0: clean points)', '0.0025,0.005')
    .option('--density-models <list>', 'table3: per-density models, e.g. 150=runs/p150/best,1000=runs/p1000/best')
    .option('--angles <list>', 'rotation: angles in degrees', '0,15,30,45,60,90,120,150,180')
    .option('--holdout <list>', 'generalisation: held-out classes', 'lamp,rifle,vessel')
    .option('--heldout-model <dir>', 'generalisation: model trained without the held-out classes')
    .option('--train-run <dir>', 'generalisation: train that model now into this run folder (pointocc train on a class-subset view)')
    .option('--train-args <args>', 'generalisation: extra `pointocc train` arguments, space-separated (e.g. "--steps 20000")')
    .option('--no-progress', 'no progress bar')
    .action(async (nameArg: string, o: ExperimentCliOptions) => {
      const name = parseChoice('experiment name', nameArg, EXPERIMENTS);
      const data = o.data ?? 'data/procshapes-cache';
      if (!existsSync(data)) throw new UsageError(`no data folder ${data}: pass --data DIR (a cache from \`pointocc data build\`)`);
      const methods =
        o.methods !== undefined
          ? o.methods
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          : defaultMethods(name);
      if (methods.length === 0) throw new UsageError('--methods is empty');
      const resolution = parseIntOption('resolution', o.resolution, 16);
      if (resolution % 4 !== 0) throw new UsageError(`--resolution must be a multiple of 4, got ${resolution}`);
      const angles = parseNumberList('angles', o.angles ?? '0,15,30,45,60,90,120,150,180', true);
      let bar: SingleBar | undefined;
      let label = '';
      const onProgress =
        o.progress && process.stderr.isTTY
          ? (l: string, done: number, total: number) => {
              if (l !== label) {
                bar?.stop();
                bar = new SingleBar(
                  { format: `${l} {bar} {value}/{total} | ETA {eta}s`, stream: process.stderr, hideCursor: true },
                  Presets.shades_classic,
                );
                bar.start(total, done);
                label = l;
              } else bar?.update(done);
            }
          : undefined;
      try {
        const r = await runExperiment({
          name,
          data,
          out: o.out,
          work: o.work,
          meshes: o.meshes,
          methods,
          methodContext: {
            ...modelDirs(o),
            resolution,
            smoothIterations: parseIntOption('smooth', o.smooth, 0),
            tiles: o.tiles ?? false,
            rotations: o.rotations === undefined ? undefined : parseIntOption('rotations', o.rotations, 1),
          },
          limit: o.limit !== undefined ? parseIntOption('limit', o.limit, 1) : undefined,
          seed: parseIntOption('seed', o.seed, 0),
          samples: parseIntOption('samples', o.samples, 1),
          taus: parseNumberList('tau', o.tau),
          evalWorkers: parseIntOption('workers', o.workers, 1),
          force: o.force ?? false,
          galleryRows: parseIntOption('gallery', o.gallery, 0),
          table3: {
            densities: parseNumberList('densities', o.densities ?? '150,300,600,1000').map((d) =>
              parseIntOption('densities', String(d), 1),
            ),
            noises: parseNumberList('noises', o.noises ?? '0.0025,0.005', true),
            densityModels: o.densityModels ? parseDensityModels(o.densityModels) : undefined,
          },
          angles: name === 'rotation' ? angles : undefined,
          generalisation: {
            holdout: (o.holdout ?? 'lamp,rifle,vessel')
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
            heldOutModel: o.heldoutModel,
            trainRun: o.trainRun,
            trainArgs: o.trainArgs ? o.trainArgs.split(/\s+/).filter(Boolean) : undefined,
          },
          onProgress,
          log: (l) => process.stderr.write(`${l}\n`),
        });
        bar?.stop();
        process.stdout.write(`wrote ${r.reportPath} and ${r.resultsPath}\n`);
      } finally {
        bar?.stop();
      }
    });
}
