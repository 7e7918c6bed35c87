/**
 * `pointocc reconstruct INPUT -o OUTPUT`: a watertight mesh from a point cloud with a trained
 * occupancy model (docs/design.md §2, §5): pcnn-occ (default) or the ONet baseline (`--method onet`);
 * any model folder runs, its `config.json` `method` names the network. `--batch IN_DIR OUT_DIR` does a whole folder. The pipeline
 * itself is `reconstruct()` in src/recon/reconstruct.ts; this file reads, loads, reports and
 * writes: the methods come from the registry (src/methods/), option parsers from ../options.ts,
 * input and model loading (shared with `upsample`) from ../modelInput.ts, and reconstructing one
 * file into one output (shared with the queue's processor, src/queue/) from ../reconstructRunner.ts.
 */
import type { Command } from 'commander';
import { SUMMARIES } from './summaries.ts';
import { basename, dirname, extname, join, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { InputError, UsageError } from '../../errors.ts';
import { intOption } from '../options.ts';
import { checkOutputFile, checkOutputFolder } from '../outputCheck.ts';
import {
  CLOUD_EXTENSIONS,
  MESH_EXTENSIONS,
  batchInputs,
  checkMeshOutput,
  loadInput,
  modelDirFor,
  openRunner,
  settingsFrom,
  addReconstructOptions,
  type ReconstructCliOptions,
} from '../reconstructRunner.ts';

export type { ReconstructReport } from '../reconstructRunner.ts';

async function runSingle(input: string, o: ReconstructCliOptions, t0: number): Promise<void> {
  if (!o.output) throw new UsageError('-o, --output FILE is required (or use --batch IN_DIR OUT_DIR)');
  checkMeshOutput(o.output);
  if (resolve(o.output) === resolve(input)) throw new UsageError(`${o.output} is the input; refusing to overwrite it`);
  // Before any work: a bad output path fails now, not after the model has loaded and run.
  checkOutputFile(o.output);
  const s = settingsFrom(o);
  const log = o.progress
    ? (l: string): void => {
        process.stderr.write(`${l}\n`);
      }
    : (): void => {};
  // Checked and read first: a bad model folder or input fails before the model's workers start.
  const modelDir = s.method.learned ? modelDirFor(o, s) : '';
  const loaded = s.method.learned ? loadInput(input, s) : undefined;
  const runner = await openRunner(o, s, log, modelDir);
  try {
    const { report, line } = await runner.run(input, o.output, log, t0, loaded);
    if (o.json) {
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      if (o.progress) process.stderr.write(`${line}\n`);
    } else process.stdout.write(`${line}\n`);
  } finally {
    await runner.close();
  }
}

async function runBatch(dirs: string[], o: ReconstructCliOptions, t0: number): Promise<void> {
  if (dirs.length !== 2) throw new UsageError(`--batch takes two folders, IN_DIR OUT_DIR (got ${dirs.length})`);
  if (o.output) throw new UsageError('--batch writes into OUT_DIR; do not also pass -o');
  const [inDir, outDir] = dirs;
  const fmt = o.format.replace(/^\./, '').toLowerCase();
  if (!MESH_EXTENSIONS.includes(fmt)) throw new UsageError(`--format must be one of ${MESH_EXTENSIONS.join(', ')}, got "${o.format}"`);
  const s = settingsFrom(o);
  const modelDir = s.method.learned ? modelDirFor(o, s) : '';
  intOption('workers', o.workers, 0, 256);
  const inputs = batchInputs(inDir);
  if (inputs.length === 0)
    throw new UsageError(`--batch: no point-cloud files in ${inDir} (looked for .${[...CLOUD_EXTENSIONS].join(' .')})`);
  const outName = (p: string): string => join(outDir, `${basename(p, extname(p))}.${fmt}`);
  const outs = inputs.map(outName);
  const dup = outs.find((p, i) => outs.indexOf(p) !== i);
  if (dup) throw new UsageError(`--batch: two inputs would both be written to ${dup} (same name, different extension)`);
  const clash = outs.find((p) => inputs.some((q) => resolve(q) === resolve(p)));
  if (clash) throw new UsageError(`--batch: ${clash} is an input and would be overwritten; choose another OUT_DIR or --format`);
  checkOutputFolder(outDir);

  const runner = await openRunner(o, s, () => {}, modelDir);
  // The bar is for the learned methods' longer runs (as before the loops were merged).
  const bar =
    runner.learned && o.progress && process.stderr.isTTY
      ? new cliProgress.SingleBar(
          {
            stream: process.stderr,
            format: 'reconstructing {bar} {value}/{total} clouds | {file} | ETA {eta_formatted}',
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        )
      : null;
  const say = (l: string): void => {
    if (o.progress && !bar) process.stderr.write(`${l}\n`);
  };
  const reports: object[] = [];
  const failed: string[] = [];
  try {
    bar?.start(inputs.length, 0, { file: basename(inputs[0]) });
    for (let i = 0; i < inputs.length; i++) {
      bar?.update(i, { file: basename(inputs[i]) });
      try {
        const { report, line } = await runner.run(inputs[i], outs[i], () => {}, performance.now());
        reports.push(report);
        say(`[${i + 1}/${inputs.length}] ${line}`);
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
    await runner.close();
  }
  const secs = (performance.now() - t0) / 1000;
  const name = s.method.name;
  if (o.json) {
    const head = runner.learned
      ? { inputDir: inDir, outputDir: outDir }
      : { inputDir: dirname(inputs[0]), outputDir: outDir, method: name };
    process.stdout.write(`${JSON.stringify({ ...head, written: reports, failed, seconds: secs }, null, 2)}\n`);
  } else if (runner.learned) {
    process.stdout.write(
      `reconstructed ${reports.length} of ${inputs.length} clouds into ${outDir} in ${secs.toFixed(2)} s (${(secs / inputs.length).toFixed(2)} s per cloud)\n`,
    );
  } else
    process.stdout.write(
      `reconstructed ${reports.length} of ${inputs.length} clouds into ${outDir} with ${name} in ${secs.toFixed(2)} s\n`,
    );
  if (failed.length > 0) {
    if (bar) for (const f of failed) process.stderr.write(`pointocc: ${f}\n`);
    throw new UsageError(`${failed.length} of ${inputs.length} clouds failed (see above)`);
  }
}

export function register(program: Command): void {
  const cmd = program
    .command('reconstruct')
    .description(SUMMARIES.reconstruct)
    .argument('[input]', 'point cloud: PLY, XYZ/TXT/CSV, NPY, NPZ (points), PCD; a mesh file gives its vertices')
    .option('-o, --output <file>', 'mesh to write: .ply, .obj, .off, .stl or .glb (written atomically)')
    .option('--batch <dirs...>', 'reconstruct every cloud in IN_DIR into OUT_DIR (two folders)')
    .option('--format <ext>', 'mesh format of --batch outputs', 'ply');
  addReconstructOptions(cmd)
    .option('--workers <n>', 'worker threads for the network (default: the number of cores; 0 = main thread)')
    .option('--json', 'print a JSON report (transform, counts, timings) on stdout')
    .option('--no-progress', 'no progress on stderr')
    .addHelpText(
      'after',
      `
Input size: a model takes up to P points in one pass (the default model: P = 3000, its
  density-scaled levels follow N; a fixed-level model: its training size, 300).
  N > P points: min(k, ⌈N/P⌉) random subsets (seeded by --seed; disjoint where possible) are
    evaluated and their P(inside) averaged, k = --subsets (default 4), each subset one more
    network pass; a density model's subsets grow to ⌈N/k⌉ points so all are used, up to its
    one-pass maximum (default model: 3000). With --tiles (density models, experimental),
    overlapping spatial tiles of ≤ 3000 points instead, every tile at full density in its own
    frame, P(inside) blended (--tile-overlap); far from a tile's points a pass over a random
    subset of the whole cloud decides.
  N ≤ P points: all of them in one pass; below the model's smallest trained size / 2 a warning
    (coarser surface); below 16 an error.
The cloud is normalised to the unit cube (bounding box centred, longest side 1), reconstructed in
[-0.55, 0.55]³, and the mesh is mapped back to the input's coordinates (--json reports the transform).

Examples:
  $ pointocc reconstruct scan.ply -o scan_mesh.obj
  $ pointocc reconstruct scan.xyz -o scan.ply --resolution 256 --smooth --simplify 20000 --json
  $ pointocc reconstruct --batch clouds/ meshes/ --format obj`,
    )
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
