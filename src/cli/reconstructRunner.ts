/**
 * Reconstructing one input file into one output file, as `pointocc reconstruct` does: the
 * options → settings parsing, model-folder choice, the runners (learned model or baseline) and
 * the JSON report. Shared by the command (single and --batch runs, ./commands/reconstruct.ts) and
 * the queue's sandboxed processor (src/cli/queue/processor.ts), so that a mesh made by a queue worker
 * is byte-identical to the command's with the same options (same settings, same seed, same code).
 */
import type { Command } from 'commander';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeMesh, type ReadInfo } from '../io/registry.ts';
import { extensionOf } from '../io/format.ts';
import { InputError, UsageError } from '../errors.ts';
import type { PointCloud } from '../geometry/PointCloud.ts';
import type { OccupancyPredictor } from '../nn/serve/occupancy.ts';
import { readOccupancyNetConfig } from '../nn/serve/modelIo.ts';
import { DEFAULT_SMOOTH_ITERATIONS, reconstruct, type ReconstructProgress, type ReconstructStats } from '../recon/reconstruct.ts';
import type { CloudBinder } from '../recon/OccupancyModel.ts';
import { checkMesh } from '../geometry/meshChecks.ts';
import { runInUnitCube } from '../recon/baselines.ts';
import { DEFAULT_TILE_OVERLAP, TILE_OVERLAP_RANGE } from '../recon/tiles.ts';
import { DEFAULT_METHOD, getMethod, learnedMethods, methodsHelp, resolveModelDir, type Method } from '../methods/index.ts';
import { intOption, resolutionOption, thresholdOption } from './options.ts';
import { openPredictor, readInputCloud } from './modelInput.ts';
import { trainedRangeText } from '../recon/inputSubsets.ts';

/**
 * The model folder of a learned method: `--model` or the method's default, checked to hold a
 * model of that method when `--method` was given (a pcnn-occ folder is no ONet and vice versa).
 * @param o the command line (`--model`). @param s its settings (`method`, `methodGiven`).
 */
export function modelDirFor(o: ReconstructCliOptions, s: Settings): string {
  const dir = resolveModelDir(o.model, s.method.name);
  if (s.methodGiven) {
    const held = readOccupancyNetConfig(dir).method;
    if (held !== s.method.name)
      throw new UsageError(
        `--method ${s.method.name}: the model at ${dir} is a ${held} model (leave out --method to use it, or pass a ${s.method.name} folder to --model)`,
      );
  }
  return dir;
}

export const MESH_EXTENSIONS = ['ply', 'obj', 'off', 'stl', 'glb'];
/** Extensions read as clouds in --batch mode. */
export const CLOUD_EXTENSIONS = new Set(['ply', 'xyz', 'txt', 'pts', 'csv', 'npy', 'npz', 'pcd', 'obj', 'off', 'stl']);

export function checkMeshOutput(path: string): void {
  const ext = extensionOf(path);
  if (!MESH_EXTENSIONS.includes(ext))
    throw new UsageError(`${path}: cannot write a mesh with extension '.${ext}' (use .ply, .obj, .off, .stl or .glb)`);
}

export interface ReconstructCliOptions {
  output?: string;
  batch?: string[];
  format: string;
  model?: string;
  resolution?: string;
  threshold?: string;
  method?: string;
  trim?: string;
  seed?: string;
  subsets?: string;
  tiles?: boolean;
  tileOverlap?: string;
  rotations?: string;
  smooth?: boolean | string;
  keepCavities?: boolean;
  simplify?: string;
  dropInvalid?: boolean;
  workers?: string;
  json?: boolean;
  progress: boolean;
}

/** Settings common to every input of one command line. */
export interface Settings {
  resolution: number;
  threshold?: number;
  seed: number;
  maxSubsets: number;
  /** Density models above maxPoints: overlapping spatial tiles instead of averaged subsets, and
   *  their overlap (tiles.ts). */
  tiles: boolean;
  tileOverlap?: number;
  /** Test-time rotations (cloudOccupancy.ts `rotations`); undefined: the model's own default. */
  rotations?: number;
  smoothIterations: number;
  /** Keep sealed voids no input point supports (default: fill them; recon/fillCavities.ts). */
  keepCavities: boolean;
  simplifyFaces?: number;
  dropInvalid: boolean;
  /** The registry's method: learned (a model folder) or a baseline function. */
  method: Method;
  /** Whether --method was given (else the model folder decides which learned network runs). */
  methodGiven: boolean;
  /** poisson: trim faces farther than this many mean sample spacings from the input. */
  trim?: number;
}

export function settingsFrom(o: ReconstructCliOptions): Settings {
  const method = o.method === undefined ? DEFAULT_METHOD : getMethod(o.method, '--method');
  const trim = o.trim === undefined ? undefined : Number(o.trim);
  if (trim !== undefined && !(trim > 0 && Number.isFinite(trim)))
    throw new UsageError(`--trim must be a number > 0 (mean sample spacings), got "${o.trim}"`);
  const tileOverlap = o.tileOverlap === undefined ? undefined : Number(o.tileOverlap);
  if (tileOverlap !== undefined && !(tileOverlap >= TILE_OVERLAP_RANGE[0] && tileOverlap <= TILE_OVERLAP_RANGE[1])) {
    throw new UsageError(`--tile-overlap must be a number in [${TILE_OVERLAP_RANGE[0]}, ${TILE_OVERLAP_RANGE[1]}], got "${o.tileOverlap}"`);
  }
  // --no-smooth: false; --smooth without a number, or neither flag: the default
  const smoothIterations =
    o.smooth === false
      ? 0
      : o.smooth === undefined || o.smooth === true
        ? DEFAULT_SMOOTH_ITERATIONS
        : intOption('smooth', o.smooth, 0, 1000)!;
  return {
    resolution: resolutionOption(o.resolution),
    threshold: thresholdOption(o.threshold),
    seed: intOption('seed', o.seed, 0, 2 ** 32 - 1) ?? 0,
    maxSubsets: intOption('subsets', o.subsets, 1, 64) ?? 4,
    tiles: !!o.tiles,
    tileOverlap,
    rotations: intOption('rotations', o.rotations, 1, 64),
    smoothIterations,
    keepCavities: !!o.keepCavities,
    simplifyFaces: intOption('simplify', o.simplify, 4),
    dropInvalid: !!o.dropInvalid,
    method,
    methodGiven: o.method !== undefined,
    trim,
  };
}

/** What one reconstruction reports (the --json object). */
export interface ReconstructReport extends Omit<ReconstructStats, 'seconds'> {
  input: string;
  output: string;
  fromMesh: boolean;
  droppedInvalid: number;
  model: { dir: string; method: string; inputPoints: number; threshold: number; trainedOn?: string };
  /** How to read `transform`. */
  transformMeaning: string;
  seconds: ReconstructStats['seconds'] & { read: number; write: number; command: number };
}

export interface LoadedInput {
  cloud: PointCloud;
  info: ReadInfo;
  read: number;
}

export function loadInput(input: string, s: Settings): LoadedInput {
  const t = performance.now();
  const { cloud, info } = readInputCloud(input, s.dropInvalid);
  return { cloud, info, read: (performance.now() - t) / 1000 };
}

/** Reconstructs and writes one cloud read by `loadInput`. `log` gets progress lines (or nothing). */
async function reconstructFile(
  input: string,
  loaded: LoadedInput,
  output: string,
  s: Settings,
  predictor: OccupancyPredictor,
  bind: CloudBinder,
  modelDir: string,
  log: (line: string) => void,
  t0: number,
): Promise<ReconstructReport> {
  const { cloud, info, read } = loaded;
  const n = cloud.positions.length / 3;
  log(
    `read ${input}: ${n} points${info.fromMesh ? ' (the vertices of a mesh file)' : ''}${info.dropped ? `, dropped ${info.dropped} with NaN/Inf coordinates` : ''} (${read.toFixed(2)} s)`,
  );
  let lastRound = 0;
  const onProgress = (p: ReconstructProgress): void => {
    if (p.phase === 'normalize') {
      const t = p.tiles;
      if (t)
        log(
          `input: ${p.points} points in ${t.count} overlapping tiles (${t.active} with points, ${t.minPoints}–${t.maxPoints} points each${t.thinned ? `, ${t.thinned} thinned` : ''}; overlap ${Math.round(100 * t.overlap)} %), each in one pass in its own frame, probabilities blended; far field: one pass over ${t.farFieldPoints} of the points`,
        );
      else
        log(
          `input: ${p.subsets === 1 ? `all ${p.subsetSize} points in one pass` : `${p.subsets} random subsets of ${p.subsetSize} points, probabilities averaged`}${p.poses > 1 ? `; ${p.subsets === 1 ? 'read in' : 'the subsets spread over'} ${p.poses} poses (test-time rotations, probabilities averaged; --rotations 1 for one)` : ''}`,
        );
    } else if (p.phase === 'mise' && p.round !== lastRound) {
      lastRound = p.round;
      log(`MISE round ${p.round}: ${p.points} grid points${p.total > p.points ? ` (${p.total} model queries)` : ''}`);
    } else if (p.phase === 'marching-cubes') log(`marching cubes on the ${p.resolution}³ grid`);
    else if (p.phase === 'smooth') log(`Taubin smoothing, ${p.iterations} iterations`);
    else if (p.phase === 'simplify') log(`simplifying to ${p.targetFaces} faces`);
  };
  let tileStep = 0;
  const onTileProgress = (p: { done: number; total: number; queries: number }): void => {
    // about ten lines however many tiles
    const step = Math.floor((10 * p.done) / p.total);
    if (step === tileStep && p.done < p.total) return;
    tileStep = step;
    log(`tiles: ${p.done} of ${p.total} done (${p.queries} model queries)`);
  };
  const { mesh, stats } = await reconstruct(cloud.positions, predictor, {
    resolution: s.resolution,
    threshold: s.threshold,
    seed: s.seed,
    maxSubsets: s.maxSubsets,
    tiles: s.tiles,
    tileOverlap: s.tileOverlap,
    rotations: s.rotations,
    smoothIterations: s.smoothIterations,
    fillCavities: !s.keepCavities,
    simplifyFaces: s.simplifyFaces,
    source: input,
    onProgress,
    onTileProgress,
    bind,
  });
  if (stats.faces === 0) {
    throw new InputError(
      'no-geometry',
      input,
      `the model found no surface: P(inside) is ${stats.maxProbability <= stats.threshold ? `at most ${stats.maxProbability.toFixed(3)}` : `at least ${stats.minProbability.toFixed(3)}`} everywhere, threshold ${stats.threshold}; try another --threshold or model`,
    );
  }
  for (const w of stats.warnings) log(`warning: ${w}`);
  log(`write ${output}`);
  const t = performance.now();
  writeMesh(output, mesh);
  const write = (performance.now() - t) / 1000;
  const { seconds, ...rest } = stats;
  const cfg = predictor.config;
  return {
    input,
    output,
    fromMesh: !!info.fromMesh,
    droppedInvalid: info.dropped ?? 0,
    model: {
      dir: modelDir,
      method: cfg.method,
      inputPoints: cfg.inputPoints,
      threshold: predictor.threshold,
      ...(cfg.trainedOn ? { trainedOn: cfg.trainedOn } : {}),
    },
    ...rest,
    transformMeaning: 'normalised = (p − center)·scale; the mesh is in the input coordinates p = normalised / scale + center',
    seconds: { ...seconds, read, write, command: (performance.now() - t0) / 1000 },
  };
}

const summary = (r: ReconstructReport): string =>
  `wrote ${r.output} (${r.faces} faces; ${r.meshChecks.description}) in ${r.seconds.command.toFixed(2)} s`;

/** Inputs of a --batch folder: readable cloud/mesh files, sorted by name. */
export function batchInputs(dir: string): string[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new UsageError(`--batch: ${dir} is not a folder`);
    names = readdirSync(dir);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`--batch: cannot read the folder ${dir}`);
  }
  return names
    .filter((n) => CLOUD_EXTENSIONS.has(extensionOf(n)) && !n.startsWith('.'))
    .sort()
    .map((n) => join(dir, n));
}

/** One reconstruction's report and its one-line summary. */
export interface Done {
  report: object;
  line: string;
}

/**
 * How each input is reconstructed: a learned method's open predictor, or a baseline function.
 * Single runs, --batch runs and baselines all go through {@link runJobs} with one of these.
 */
export interface Runner {
  learned: boolean;
  /** @param log progress lines (single runs only). @param t0 start of what `seconds.command` counts. */
  run(input: string, output: string, log: (l: string) => void, t0: number, loaded?: LoadedInput): Promise<Done>;
  close(): Promise<void>;
}

/** The learned method's runner: the model loaded once (worker threads), every input through it. */
async function learnedRunner(o: ReconstructCliOptions, s: Settings, log: (l: string) => void, modelDir: string): Promise<Runner> {
  const workers = intOption('workers', o.workers, 0, 256);
  const tm = performance.now();
  const { predictor, bind } = await openPredictor(modelDir, workers);
  const c = predictor.config;
  log(
    `model ${modelDir}: ${c.method}, trained on ${trainedRangeText(c)}-point clouds${c.trainedOn ? ` (${c.trainedOn})` : ''}, threshold ${s.threshold ?? predictor.threshold}${s.threshold !== undefined ? ' (from --threshold)' : ''}, ${predictor.workers || 'no'} worker thread${predictor.workers === 1 ? '' : 's'} (${((performance.now() - tm) / 1000).toFixed(2)} s)`,
  );
  return {
    learned: true,
    async run(input, output, lg, t0, loaded) {
      const r = await reconstructFile(input, loaded ?? loadInput(input, s), output, s, predictor, bind, modelDir, lg, t0);
      return { report: r, line: summary(r) };
    },
    close: () => predictor.close(),
  };
}

/**
 * A baseline's runner (`--method poisson | bpa | hull | …`, no model): each cloud is normalised
 * to the unit cube, reconstructed and mapped back (`runInUnitCube`).
 */
function baselineRunner(s: Settings): Runner {
  const method = s.method;
  if (method.learned) throw new RangeError('baselineRunner: a learned method');
  return {
    learned: false,
    async run(input, output, _log, t0) {
      const { cloud, info, read } = loadInput(input, s);
      const run = await runInUnitCube(method.reconstruct, cloud.positions, { seed: s.seed, resolution: s.resolution, trim: s.trim }, input);
      if (run.mesh.faces.length === 0)
        throw new InputError('no-geometry', input, `${method.name} made no surface from ${cloud.positions.length / 3} points`);
      const tw = performance.now();
      writeMesh(output, { positions: run.mesh.positions, faces: run.mesh.faces });
      const c = checkMesh(run.mesh);
      const r = {
        input,
        output,
        method: method.name,
        description: method.description,
        points: cloud.positions.length / 3,
        fromMesh: !!info.fromMesh,
        droppedInvalid: info.dropped ?? 0,
        faces: c.faces,
        vertices: c.vertices,
        watertight: c.watertight,
        boundaryEdges: c.boundaryEdges,
        transform: run.transform,
        transformMeaning: 'normalised = (p − center)·scale; the mesh is in the input coordinates p = normalised / scale + center',
        seconds: { read, method: run.seconds, write: (performance.now() - tw) / 1000, command: (performance.now() - t0) / 1000 },
      };
      const line = `wrote ${r.output} (${method.name}, ${r.faces} faces, ${r.watertight ? 'closed, edge-manifold, consistently oriented; self-intersections not checked' : `NOT closed, edge-manifold and consistently oriented: ${r.boundaryEdges} boundary edges`}) in ${r.seconds.command.toFixed(2)} s`;
      return { report: r, line };
    },
    close: async () => {},
  };
}

/** The runner of the settings' method. */
export function openRunner(o: ReconstructCliOptions, s: Settings, log: (l: string) => void, modelDir: string): Promise<Runner> {
  return s.method.learned ? learnedRunner(o, s, log, modelDir) : Promise.resolve(baselineRunner(s));
}

/**
 * The options that decide a reconstruction (model, grid, threshold, method, seed, subsets,
 * smoothing, simplification, invalid points): the same flags, help and parsing for
 * `pointocc reconstruct` and `pointocc queue submit`.
 */
export function addReconstructOptions(cmd: Command): Command {
  return cmd
    .option(
      '--model <dir>',
      `model folder (config.json + weights.safetensors; any learned method's, its config says which); default: the method's folder under models/ in the package (${learnedMethods()
        .map((m) => `${m.name}: ${m.modelFolder}`)
        .join(', ')})`,
    )
    .option(
      '--resolution <r>',
      "final grid: 128 (MISE 32³ + 2 refinements, default) or 256 (64³ + 2, the paper's); any multiple of 4 in [16, 1024]",
    )
    .option('--threshold <t>', 'decision threshold on P(inside), in (0, 1) (default: the one stored with the model)')
    .option('--method <name>', `reconstruction method (${methodsHelp()})`)
    .option('--trim <spacings>', 'poisson: remove faces farther than this many mean sample spacings from the input (opens the mesh)')
    .option('--seed <s>', "seed of the random input subsets (only used above the model's input size; default 0)")
    .option('--subsets <k>', 'at most k input subsets averaged for large clouds (default 4)')
    .option(
      '--rotations <k>',
      'also see the cloud in k − 1 seeded random poses and average P(inside) (test-time augmentation for models trained with rotations; k network passes, or one per subset when a large cloud has more subsets than k; default: the model’s config.json testRotations, else 1)',
    )
    .option(
      '--tiles',
      'models with density-scaled levels, clouds above their one-pass size (maxPoints): overlapping spatial tiles at full density instead of averaged random subsets (experimental)',
    )
    .option(
      '--tile-overlap <f>',
      `with --tiles: overlap of the spatial tiles, a fraction of a tile's size in [${TILE_OVERLAP_RANGE[0]}, ${TILE_OVERLAP_RANGE[1]}] (default ${DEFAULT_TILE_OVERLAP})`,
    )
    .option(
      '--smooth [iterations]',
      `Taubin smoothing iterations after marching cubes, 0 for none (default ${DEFAULT_SMOOTH_ITERATIONS}: it raised normal consistency without lowering IoU on validation)`,
    )
    .option('--no-smooth', 'no smoothing (as --smooth 0)')
    .option(
      '--keep-cavities',
      "keep sealed voids inside the surface that no input point lies on (default: fill them; they are the model's doubt deep inside a solid, not the object's)",
    )
    .option(
      '--simplify <faces>',
      'simplify to at most this many faces (quadric edge collapse that keeps the mesh watertight and its topology)',
    )
    .option('--drop-invalid', 'skip points with NaN/Inf coordinates instead of failing');
}
