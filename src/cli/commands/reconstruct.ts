/**
 * `pointocc reconstruct INPUT -o OUTPUT`: a watertight mesh from a point cloud with a trained
 * occupancy model (docs/design.md §2, §5): pcnn-occ (default) or the ONet baseline (`--method onet`);
 * any model folder runs, its `config.json` `method` names the network. `--batch IN_DIR OUT_DIR` does a whole folder. The pipeline
 * itself is `reconstruct()` in src/recon/reconstruct.ts; this file reads, loads, reports and
 * writes. Also exports the option parsing and model loading that `pointocc upsample` shares.
 */
import type { Command } from 'commander';
import { SUMMARIES } from './summaries.ts';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import cliProgress from 'cli-progress';
import { readPointCloud, writeMesh, type ReadInfo } from '../../io/registry.ts';
import { extensionOf } from '../../io/format.ts';
import { InputError, UsageError } from '../../io/errors.ts';
import type { PointCloud } from '../../geometry/PointCloud.ts';
import { OccupancyPredictor, createEvaluator } from '../../nn/serve/occupancy.ts';
import { readOccupancyNetConfig } from '../../nn/serve/modelIo.ts';
import { MIN_INPUT_POINTS } from '../../nn/models/pcnnOcc/PcnnOccConfig.ts';
import { reconstruct, type ReconstructProgress, type ReconstructStats } from '../../recon/reconstruct.ts';
import type { CloudBinder } from '../../recon/OccupancyModel.ts';
import { checkMesh } from '../../geometry/meshChecks.ts';
import { getMethod, hasMethod, listMethods, runMethod } from '../../recon/methods.ts';

/**
 * The learned methods of `--method` and their model folders under `models/` in the package
 * (used when `--model` is not given). Every other method is a classical baseline of
 * src/recon/methods.ts.
 */
export const LEARNED_METHODS: Readonly<Record<string, { folder: string; what: string }>> = {
  'pcnn-occ': { folder: 'pcnn-occ-procshapes', what: 'pcnn-occ' },
  onet: { folder: 'onet-procshapes', what: 'ONet' },
};

/** Whether `--method name` runs a trained model (pcnn-occ, onet). */
export function isLearnedMethod(name: string): boolean {
  return Object.hasOwn(LEARNED_METHODS, name);
}

/**
 * The model used when `--model` is not given: `models/pcnn-occ-procshapes/` in the package, or
 * the folder of another learned method (`models/onet-procshapes/` for onet).
 * @param method a key of {@link LEARNED_METHODS}. Default 'pcnn-occ'.
 */
export function defaultModelDir(method = 'pcnn-occ'): string {
  const m = LEARNED_METHODS[method];
  if (!m) throw new RangeError(`defaultModelDir: '${method}' is not a learned method`);
  return fileURLToPath(new URL(`../../../models/${m.folder}/`, import.meta.url));
}

/** Parses an integer option in [min, max], naming it in the error. */
export function intOption(name: string, v: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (v === undefined) return undefined;
  const s = v.trim();
  if (!/^-?\d+$/.test(s) || Number(s) < min || Number(s) > max) {
    throw new UsageError(`--${name} must be an integer ${max < Number.MAX_SAFE_INTEGER ? `in [${min}, ${max}]` : `≥ ${min}`}, got "${v}"`);
  }
  return Number(s);
}

/** Parses --threshold: a probability strictly between 0 and 1. */
export function thresholdOption(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const t = Number(v);
  if (v.trim() === '' || !(t > 0 && t < 1)) throw new UsageError(`--threshold must be a probability in (0, 1), got "${v}"`);
  return t;
}

/** Parses --resolution: 128 (default) or 256; any multiple of 4 in [16, 1024] for previews or finer grids. */
export function resolutionOption(v: string | undefined): number {
  const r = intOption('resolution', v, 16, 1024) ?? 128;
  if (r % 4 !== 0) throw new UsageError(`--resolution must be a multiple of 4 (128 or 256 usually), got "${v}"`);
  return r;
}

/**
 * The model directory to use, checked to exist (UsageError with what to do otherwise).
 * @param dir `--model`, or undefined for the method's default folder.
 * @param method the learned method whose default folder to use. Default 'pcnn-occ'.
 */
export function resolveModelDir(dir: string | undefined, method = 'pcnn-occ'): string {
  const d = dir ?? defaultModelDir(method);
  if (!existsSync(join(d, 'config.json')) || !existsSync(join(d, 'weights.safetensors'))) {
    // pcnn-occ keeps its plain wording ("no model at"); other methods name themselves.
    const what = method === 'pcnn-occ' ? '' : `${LEARNED_METHODS[method]?.what ?? method} `;
    const train = method === 'onet' ? 'pointocc train --config configs/onet-procshapes.json' : 'pointocc train';
    throw new UsageError(`no ${what}model at ${d}; train one with \`${train}\` (its best/ folder is a model) or pass --model DIR (a folder with config.json and weights.safetensors)`);
  }
  return d;
}

/**
 * The model folder of a learned method: `--model` or the method's default, checked to hold a
 * model of that method when `--method` was given (a pcnn-occ folder is no ONet and vice versa).
 * @param o the command line (`--model`). @param s its settings (`method`, `methodGiven`).
 */
function modelDirFor(o: ReconstructCliOptions, s: Settings): string {
  const dir = resolveModelDir(o.model, s.method);
  if (s.methodGiven) {
    const held = readOccupancyNetConfig(dir).method;
    if (held !== s.method) throw new UsageError(`--method ${s.method}: the model at ${dir} is a ${held} model (leave out --method to use it, or pass a ${s.method} folder to --model)`);
  }
  return dir;
}

/** Loads the predictor (worker threads) and its per-cloud binder. */
export async function openPredictor(dir: string, workers: number | undefined): Promise<{ predictor: OccupancyPredictor; bind: CloudBinder }> {
  const predictor = await OccupancyPredictor.create(dir, workers === undefined ? {} : { workers });
  return { predictor, bind: (cloud) => createEvaluator(predictor, cloud) };
}

/**
 * Reads a point cloud (any supported format; mesh files give their vertices) for
 * reconstruction: at least 16 points; NaN/Inf coordinates are an error naming the count unless
 * `dropInvalid`.
 */
export function readInputCloud(path: string, dropInvalid: boolean): { cloud: PointCloud; info: ReadInfo } {
  const info: ReadInfo = {};
  try {
    return { cloud: readPointCloud(path, { dropInvalid, minPoints: MIN_INPUT_POINTS, info }), info };
  } catch (e) {
    if (e instanceof InputError && e.code === 'invalid-coordinates') {
      throw new InputError(e.code, e.file, e.reason.replace('pass dropInvalid to skip them', 'pass --drop-invalid to skip them'), { line: e.line, offset: e.offset });
    }
    throw e;
  }
}

const MESH_EXTENSIONS = ['ply', 'obj', 'off', 'stl', 'glb'];
/** Extensions read as clouds in --batch mode. */
const CLOUD_EXTENSIONS = new Set(['ply', 'xyz', 'txt', 'pts', 'csv', 'npy', 'npz', 'pcd', 'obj', 'off', 'stl']);

function checkMeshOutput(path: string): void {
  const ext = extensionOf(path);
  if (!MESH_EXTENSIONS.includes(ext)) throw new UsageError(`${path}: cannot write a mesh with extension '.${ext}' (use .ply, .obj, .off, .stl or .glb)`);
}

interface ReconstructCliOptions {
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
  smooth?: boolean | string;
  simplify?: string;
  dropInvalid?: boolean;
  workers?: string;
  json?: boolean;
  progress: boolean;
}

/** Settings common to every input of one command line. */
interface Settings {
  resolution: number;
  threshold?: number;
  seed: number;
  maxSubsets: number;
  smoothIterations: number;
  simplifyFaces?: number;
  dropInvalid: boolean;
  /** A learned method ('pcnn-occ', 'onet': a model folder) or a method of src/recon/methods.ts (poisson, bpa, hull). */
  method: string;
  /** Whether --method was given (else the model folder decides between pcnn-occ and onet). */
  methodGiven: boolean;
  /** poisson: trim faces farther than this many mean sample spacings from the input. */
  trim?: number;
}

function settingsFrom(o: ReconstructCliOptions): Settings {
  const method = o.method ?? 'pcnn-occ';
  if (!isLearnedMethod(method) && !hasMethod(method)) throw new UsageError(`--method ${method} is not available (methods: ${Object.keys(LEARNED_METHODS).join(', ')}, ${listMethods().map((m) => m.name).join(', ')})`);
  const trim = o.trim === undefined ? undefined : Number(o.trim);
  if (trim !== undefined && !(trim > 0 && Number.isFinite(trim))) throw new UsageError(`--trim must be a number > 0 (mean sample spacings), got "${o.trim}"`);
  let smoothIterations = 0;
  if (o.smooth !== undefined && o.smooth !== false) smoothIterations = o.smooth === true ? 10 : intOption('smooth', o.smooth, 1, 1000)!;
  return {
    resolution: resolutionOption(o.resolution),
    threshold: thresholdOption(o.threshold),
    seed: intOption('seed', o.seed, 0, 2 ** 32 - 1) ?? 0,
    maxSubsets: intOption('subsets', o.subsets, 1, 64) ?? 4,
    smoothIterations,
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

interface LoadedInput { cloud: PointCloud; info: ReadInfo; read: number }

function loadInput(input: string, s: Settings): LoadedInput {
  const t = performance.now();
  const { cloud, info } = readInputCloud(input, s.dropInvalid);
  return { cloud, info, read: (performance.now() - t) / 1000 };
}

/** Reconstructs and writes one cloud read by `loadInput`. `log` gets progress lines (or nothing). */
async function reconstructFile(
  input: string, loaded: LoadedInput, output: string, s: Settings, predictor: OccupancyPredictor, bind: CloudBinder, modelDir: string,
  log: (line: string) => void, t0: number,
): Promise<ReconstructReport> {
  const { cloud, info, read } = loaded;
  const n = cloud.positions.length / 3;
  log(`read ${input}: ${n} points${info.fromMesh ? ' (the vertices of a mesh file)' : ''}${info.dropped ? `, dropped ${info.dropped} with NaN/Inf coordinates` : ''} (${read.toFixed(2)} s)`);
  let lastRound = 0;
  const onProgress = (p: ReconstructProgress): void => {
    if (p.phase === 'normalize') {
      log(`input: ${p.subsets === 1 ? `all ${p.subsetSize} points in one pass` : `${p.subsets} random subsets of ${p.subsetSize} points, probabilities averaged`}`);
    } else if (p.phase === 'mise' && p.round !== lastRound) {
      lastRound = p.round;
      log(`MISE round ${p.round}: ${p.points} grid points${p.total > p.points ? ` (${p.total} model queries)` : ''}`);
    } else if (p.phase === 'marching-cubes') log(`marching cubes on the ${p.resolution}³ grid`);
    else if (p.phase === 'smooth') log(`Taubin smoothing, ${p.iterations} iterations`);
    else if (p.phase === 'simplify') log(`simplifying to ${p.targetFaces} faces`);
  };
  const { mesh, stats } = await reconstruct(cloud.positions, predictor, {
    resolution: s.resolution, threshold: s.threshold, seed: s.seed, maxSubsets: s.maxSubsets,
    smoothIterations: s.smoothIterations, simplifyFaces: s.simplifyFaces, bind, source: input, onProgress,
  });
  if (stats.faces === 0) {
    throw new InputError('no-geometry', input,
      `the model found no surface: P(inside) is ${stats.maxProbability <= stats.threshold ? `at most ${stats.maxProbability.toFixed(3)}` : `at least ${stats.minProbability.toFixed(3)}`} everywhere, threshold ${stats.threshold}; try another --threshold or model`);
  }
  for (const w of stats.warnings) log(`warning: ${w}`);
  log(`write ${output}`);
  const t = performance.now();
  writeMesh(output, mesh);
  const write = (performance.now() - t) / 1000;
  const { seconds, ...rest } = stats;
  const cfg = predictor.config;
  return {
    input, output, fromMesh: !!info.fromMesh, droppedInvalid: info.dropped ?? 0,
    model: { dir: modelDir, method: cfg.method, inputPoints: cfg.inputPoints, threshold: predictor.threshold, ...(cfg.trainedOn ? { trainedOn: cfg.trainedOn } : {}) },
    ...rest,
    transformMeaning: 'normalised = (p − center)·scale; the mesh is in the input coordinates p = normalised / scale + center',
    seconds: { ...seconds, read, write, command: (performance.now() - t0) / 1000 },
  };
}

const summary = (r: ReconstructReport): string =>
  `wrote ${r.output} (${r.faces} faces; ${r.meshChecks.description}) in ${r.seconds.command.toFixed(2)} s`;

/** Inputs of a --batch folder: readable cloud/mesh files, sorted by name. */
function batchInputs(dir: string): string[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new UsageError(`--batch: ${dir} is not a folder`);
    names = readdirSync(dir);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`--batch: cannot read the folder ${dir}`);
  }
  return names.filter((n) => CLOUD_EXTENSIONS.has(extensionOf(n)) && !n.startsWith('.')).sort().map((n) => join(dir, n));
}

async function runSingle(input: string, o: ReconstructCliOptions, t0: number): Promise<void> {
  if (!o.output) throw new UsageError('-o, --output FILE is required (or use --batch IN_DIR OUT_DIR)');
  checkMeshOutput(o.output);
  if (resolve(o.output) === resolve(input)) throw new UsageError(`${o.output} is the input; refusing to overwrite it`);
  const s = settingsFrom(o);
  if (!isLearnedMethod(s.method)) return runBaseline([input], [o.output], s, o, t0, null);
  const modelDir = modelDirFor(o, s);
  const workers = intOption('workers', o.workers, 0, 256);
  const log = o.progress ? (l: string): void => { process.stderr.write(`${l}\n`); } : (): void => {};
  // Read first: a bad input fails before the model's workers start.
  const loaded = loadInput(input, s);
  const tm = performance.now();
  const { predictor, bind } = await openPredictor(modelDir, workers);
  try {
    const c = predictor.config;
    log(`model ${modelDir}: ${c.method}, trained on ${c.inputPoints}-point clouds${c.trainedOn ? ` (${c.trainedOn})` : ''}, threshold ${s.threshold ?? predictor.threshold}${s.threshold !== undefined ? ' (from --threshold)' : ''}, ${predictor.workers || 'no'} worker thread${predictor.workers === 1 ? '' : 's'} (${((performance.now() - tm) / 1000).toFixed(2)} s)`);
    const r = await reconstructFile(input, loaded, o.output, s, predictor, bind, modelDir, log, t0);
    if (o.json) {
      process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
      if (o.progress) process.stderr.write(`${summary(r)}\n`);
    } else process.stdout.write(`${summary(r)}\n`);
  } finally {
    await predictor.close();
  }
}

async function runBatch(dirs: string[], o: ReconstructCliOptions, t0: number): Promise<void> {
  if (dirs.length !== 2) throw new UsageError(`--batch takes two folders, IN_DIR OUT_DIR (got ${dirs.length})`);
  if (o.output) throw new UsageError('--batch writes into OUT_DIR; do not also pass -o');
  const [inDir, outDir] = dirs;
  const fmt = o.format.replace(/^\./, '').toLowerCase();
  if (!MESH_EXTENSIONS.includes(fmt)) throw new UsageError(`--format must be one of ${MESH_EXTENSIONS.join(', ')}, got "${o.format}"`);
  const s = settingsFrom(o);
  const modelDir = isLearnedMethod(s.method) ? modelDirFor(o, s) : '';
  const workers = intOption('workers', o.workers, 0, 256);
  const inputs = batchInputs(inDir);
  if (inputs.length === 0) throw new UsageError(`--batch: no point-cloud files in ${inDir} (looked for .${[...CLOUD_EXTENSIONS].join(' .')})`);
  const outName = (p: string): string => join(outDir, `${basename(p, extname(p))}.${fmt}`);
  const outs = inputs.map(outName);
  const dup = outs.find((p, i) => outs.indexOf(p) !== i);
  if (dup) throw new UsageError(`--batch: two inputs would both be written to ${dup} (same name, different extension)`);
  const clash = outs.find((p) => inputs.some((q) => resolve(q) === resolve(p)));
  if (clash) throw new UsageError(`--batch: ${clash} is an input and would be overwritten; choose another OUT_DIR or --format`);

  if (!isLearnedMethod(s.method)) return runBaseline(inputs, outs, s, o, t0, outDir);
  const { predictor, bind } = await openPredictor(modelDir, workers);
  const bar = o.progress && process.stderr.isTTY
    ? new cliProgress.SingleBar({ stream: process.stderr, format: 'reconstructing {bar} {value}/{total} clouds | {file} | ETA {eta_formatted}', hideCursor: true }, cliProgress.Presets.shades_classic)
    : null;
  const say = (l: string): void => { if (o.progress && !bar) process.stderr.write(`${l}\n`); };
  const reports: ReconstructReport[] = [];
  const failed: string[] = [];
  try {
    bar?.start(inputs.length, 0, { file: basename(inputs[0]) });
    for (let i = 0; i < inputs.length; i++) {
      bar?.update(i, { file: basename(inputs[i]) });
      const ts = performance.now();
      try {
        const r = await reconstructFile(inputs[i], loadInput(inputs[i], s), outs[i], s, predictor, bind, modelDir, () => {}, ts);
        reports.push(r);
        say(`[${i + 1}/${inputs.length}] ${summary(r)}`);
      } catch (e) {
        if (!(e instanceof InputError || e instanceof UsageError)) throw e;
        failed.push(e.message);
        // Failures are printed even without progress (after the bar, when there is one).
        if (!bar) process.stderr.write(`pointocc: ${e.message}\n`);
      }
    }
    bar?.update(inputs.length, { file: 'done' });
  } finally {
    bar?.stop();
    await predictor.close();
  }
  const secs = (performance.now() - t0) / 1000;
  if (o.json) process.stdout.write(`${JSON.stringify({ inputDir: inDir, outputDir: outDir, written: reports, failed, seconds: secs }, null, 2)}\n`);
  else process.stdout.write(`reconstructed ${reports.length} of ${inputs.length} clouds into ${outDir} in ${secs.toFixed(2)} s (${(secs / inputs.length).toFixed(2)} s per cloud)\n`);
  if (failed.length > 0) {
    if (bar) for (const f of failed) process.stderr.write(`pointocc: ${f}\n`);
    throw new UsageError(`${failed.length} of ${inputs.length} clouds failed (see above)`);
  }
}

/**
 * `--method poisson | bpa | hull | …`: the classical baselines of src/recon/methods.ts (no model).
 * Each cloud is normalised to the unit cube, reconstructed and mapped back (`runMethod`).
 * @param outDir the --batch output folder, or null for a single input.
 */
async function runBaseline(inputs: string[], outputs: string[], s: Settings, o: ReconstructCliOptions, t0: number, outDir: string | null): Promise<void> {
  const method = getMethod(s.method);
  const say = (l: string): void => { if (o.progress) process.stderr.write(`${l}\n`); };
  const reports: Record<string, unknown>[] = [];
  const failed: string[] = [];
  for (let i = 0; i < inputs.length; i++) {
    const ts = performance.now();
    try {
      const { cloud, info, read } = loadInput(inputs[i], s);
      const run = await runMethod(method.name, cloud.positions, { seed: s.seed, resolution: s.resolution, trim: s.trim }, inputs[i]);
      if (run.mesh.faces.length === 0) throw new InputError('no-geometry', inputs[i], `${method.name} made no surface from ${cloud.positions.length / 3} points`);
      const tw = performance.now();
      writeMesh(outputs[i], { positions: run.mesh.positions, faces: run.mesh.faces });
      const c = checkMesh(run.mesh);
      const r = {
        input: inputs[i], output: outputs[i], method: method.name, description: method.description,
        points: cloud.positions.length / 3, fromMesh: !!info.fromMesh, droppedInvalid: info.dropped ?? 0,
        faces: c.faces, vertices: c.vertices, watertight: c.watertight, boundaryEdges: c.boundaryEdges, transform: run.transform,
        transformMeaning: 'normalised = (p − center)·scale; the mesh is in the input coordinates p = normalised / scale + center',
        seconds: { read, method: run.seconds, write: (performance.now() - tw) / 1000, command: (performance.now() - (outDir ? ts : t0)) / 1000 },
      };
      reports.push(r);
      const line = `wrote ${r.output} (${method.name}, ${r.faces} faces, ${r.watertight ? 'closed, edge-manifold, consistently oriented; self-intersections not checked' : `NOT closed, edge-manifold and consistently oriented: ${r.boundaryEdges} boundary edges`}) in ${r.seconds.command.toFixed(2)} s`;
      if (!outDir) {
        if (o.json) { process.stdout.write(`${JSON.stringify(r, null, 2)}\n`); say(line); } else process.stdout.write(`${line}\n`);
        return;
      }
      say(`[${i + 1}/${inputs.length}] ${line}`);
    } catch (e) {
      if (!outDir || !(e instanceof InputError || e instanceof UsageError)) throw e;
      failed.push(e.message);
      process.stderr.write(`pointocc: ${e.message}\n`);
    }
  }
  const secs = (performance.now() - t0) / 1000;
  if (o.json) process.stdout.write(`${JSON.stringify({ inputDir: dirname(inputs[0]), outputDir: outDir, method: method.name, written: reports, failed, seconds: secs }, null, 2)}\n`);
  else process.stdout.write(`reconstructed ${reports.length} of ${inputs.length} clouds into ${outDir} with ${method.name} in ${secs.toFixed(2)} s\n`);
  if (failed.length > 0) throw new UsageError(`${failed.length} of ${inputs.length} clouds failed (see above)`);
}

export function register(program: Command): void {
  program
    .command('reconstruct')
    .description(SUMMARIES.reconstruct)
    .argument('[input]', 'point cloud: PLY, XYZ/TXT/CSV, NPY, NPZ (points), PCD; a mesh file gives its vertices')
    .option('-o, --output <file>', 'mesh to write: .ply, .obj, .off, .stl or .glb (written atomically)')
    .option('--batch <dirs...>', 'reconstruct every cloud in IN_DIR into OUT_DIR (two folders)')
    .option('--format <ext>', 'mesh format of --batch outputs', 'ply')
    .option('--model <dir>', 'model folder (config.json + weights.safetensors; pcnn-occ or ONet, its config says which); default: models/pcnn-occ-procshapes in the package, models/onet-procshapes with --method onet')
    .option('--resolution <r>', 'final grid: 128 (MISE 32³ + 2 refinements, default) or 256 (64³ + 2, the paper\'s); any multiple of 4 in [16, 1024]')
    .option('--threshold <t>', 'decision threshold on P(inside), in (0, 1) (default: the one stored with the model)')
    .option('--method <name>', 'pcnn-occ (the learned model, default), onet (the ONet baseline model), or a classical baseline: poisson (screened Poisson, estimated normals), bpa (ball pivoting), hull (convex hull)')
    .option('--trim <spacings>', 'poisson: remove faces farther than this many mean sample spacings from the input (opens the mesh)')
    .option('--seed <s>', 'seed of the random input subsets (only used above the model\'s input size; default 0)')
    .option('--subsets <k>', 'at most k input subsets averaged for large clouds (default 4)')
    .option('--smooth [iterations]', 'Taubin smoothing after marching cubes (default 10 iterations when given)')
    .option('--simplify <faces>', 'simplify to at most this many faces (quadric edge collapse that keeps the mesh watertight and its topology)')
    .option('--drop-invalid', 'skip points with NaN/Inf coordinates instead of failing')
    .option('--workers <n>', 'worker threads for the network (default: the number of cores; 0 = main thread)')
    .option('--json', 'print a JSON report (transform, counts, timings) on stdout')
    .option('--no-progress', 'no progress on stderr')
    .addHelpText('after', `
Input size: the model was trained on clouds of a fixed size P (300 for the default model).
  N > P points: min(k, ⌈N/P⌉) random subsets of P points (seeded by --seed; disjoint where
    possible, all points used when k·P ≥ N) are evaluated and their P(inside) averaged;
    k = --subsets (default 4), each subset costs one more network pass.
  N ≤ P points: all of them in one pass; below P/2 a warning (coarser surface); below 16 an error.
The cloud is normalised to the unit cube (bounding box centred, longest side 1), reconstructed in
[-0.55, 0.55]³, and the mesh is mapped back to the input's coordinates (--json reports the transform).

Examples:
  $ pointocc reconstruct scan.ply -o scan_mesh.obj
  $ pointocc reconstruct scan.xyz -o scan.ply --resolution 256 --smooth --simplify 20000 --json
  $ pointocc reconstruct --batch clouds/ meshes/ --format obj`)
    .action(async (input: string | undefined, o: ReconstructCliOptions) => {
      const t0 = performance.now();
      if (o.batch) {
        if (input) throw new UsageError('give either INPUT or --batch IN_DIR OUT_DIR, not both');
        await runBatch(o.batch, o, t0);
        return;
      }
      if (!input) throw new UsageError('missing INPUT (a point-cloud file), or --batch IN_DIR OUT_DIR');
      await runSingle(input, o, t0);
    });
}
