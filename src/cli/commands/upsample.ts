/**
 * `pointocc upsample INPUT -o OUT -n 100000`: a denser cloud on the surface the model predicts
 * (paper §III-C: points found by bisection where the occupancy crosses the decision threshold),
 * in the input's coordinates, with approximate outward normals. The library function is
 * `upsampleCloud` (src/recon/upsampleCloud.ts).
 */
import type { Command } from 'commander';
import { SUMMARIES } from './summaries.ts';
import { writePointCloud } from '../../io/registry.ts';
import { extensionOf } from '../../io/format.ts';
import { InputError, UsageError } from '../../errors.ts';
import { upsampleCloud } from '../../recon/upsampleCloud.ts';
import { intOption, resolutionOption, thresholdOption } from '../options.ts';
import { openPredictor, readInputCloud } from '../modelInput.ts';
import { DEFAULT_METHOD, resolveModelDir } from '../../methods/index.ts';

interface UpsampleCliOptions {
  output: string;
  n: string;
  model?: string;
  resolution?: string;
  threshold?: string;
  seed?: string;
  subsets?: string;
  normals: boolean;
  dropInvalid?: boolean;
  workers?: string;
  json?: boolean;
  progress: boolean;
}

const CLOUD_EXTENSIONS = ['ply', 'xyz', 'txt', 'pts', 'csv', 'npy'];

export function register(program: Command): void {
  program
    .command('upsample')
    .description(SUMMARIES.upsample)
    .argument('<input>', 'point cloud: PLY, XYZ/TXT/CSV, NPY, NPZ (points), PCD; a mesh file gives its vertices')
    .requiredOption('-o, --output <file>', 'cloud to write: .ply (with normals), .xyz/.txt/.pts, .csv or .npy (written atomically)')
    .option('-n, --n <points>', 'number of points to sample', '100000')
    .option('--model <dir>', `model folder (default: models/${DEFAULT_METHOD.modelFolder} in the package)`)
    .option('--resolution <r>', 'MISE grid that locates the surface before bisection: 128 (default) or 256')
    .option('--threshold <t>', "decision threshold on P(inside), in (0, 1) (default: the model's)")
    .option('--seed <s>', 'seed of the input subsets and of the sampling (default 0)')
    .option('--subsets <k>', 'at most k input subsets averaged for large clouds (default 4; see `reconstruct --help`)')
    .option('--no-normals', 'do not write the (approximate, outward) normals')
    .option('--drop-invalid', 'skip points with NaN/Inf coordinates instead of failing')
    .option('--workers <n>', 'worker threads for the network (default: the number of cores; 0 = main thread)')
    .option('--json', 'print a JSON report on stdout')
    .option('--no-progress', 'no progress on stderr')
    .addHelpText('after', '\nExample:\n  $ pointocc upsample scan_300.xyz -o scan_dense.ply -n 100000')
    .action(async (input: string, o: UpsampleCliOptions) => {
      const t0 = performance.now();
      const ext = extensionOf(o.output);
      if (!CLOUD_EXTENSIONS.includes(ext))
        throw new UsageError(`${o.output}: cannot write a point cloud with extension '.${ext}' (use .ply, .xyz, .csv or .npy)`);
      const n = intOption('n', o.n, 1, 50_000_000)!;
      const resolution = resolutionOption(o.resolution);
      const threshold = thresholdOption(o.threshold);
      const seed = intOption('seed', o.seed, 0, 2 ** 32 - 1) ?? 0;
      const maxSubsets = intOption('subsets', o.subsets, 1, 64) ?? 4;
      const workers = intOption('workers', o.workers, 0, 256);
      const modelDir = resolveModelDir(o.model);
      const log = o.progress
        ? (l: string): void => {
            process.stderr.write(`${l}\n`);
          }
        : (): void => {};
      const { cloud, info } = readInputCloud(input, !!o.dropInvalid);
      log(
        `read ${input}: ${cloud.positions.length / 3} points${info.fromMesh ? ' (the vertices of a mesh file)' : ''}${info.dropped ? `, dropped ${info.dropped} with NaN/Inf coordinates` : ''}`,
      );
      const { predictor, bind } = await openPredictor(modelDir, workers);
      try {
        log(`model ${modelDir}; sampling ${n} points on the decision boundary`);
        let res;
        try {
          res = await upsampleCloud(cloud.positions, predictor, n, { resolution, threshold, seed, maxSubsets, bind, source: input });
        } catch (e) {
          if (e instanceof Error && /never crosses the threshold/.test(e.message)) {
            throw new InputError(
              'no-geometry',
              input,
              'the model found no surface (P(inside) never crosses the threshold); try another --threshold or model',
            );
          }
          throw e;
        }
        for (const w of res.stats.warnings) log(`warning: ${w}`);
        writePointCloud(o.output, o.normals ? { positions: res.points, normals: res.normals } : { positions: res.points });
        const secs = (performance.now() - t0) / 1000;
        const line = `wrote ${o.output} (${n} points within ${res.stats.tolerance.toPrecision(2)} input units of the decision boundary) in ${secs.toFixed(2)} s`;
        if (o.json) {
          process.stdout.write(
            `${JSON.stringify(
              {
                input,
                output: o.output,
                ...res.stats,
                transformMeaning:
                  'normalised = (p − center)·scale; the points are in the input coordinates p = normalised / scale + center',
                seconds: { upsample: res.stats.seconds, command: secs },
              },
              null,
              2,
            )}\n`,
          );
          log(line);
        } else process.stdout.write(`${line}\n`);
      } finally {
        await predictor.close();
      }
    });
}
