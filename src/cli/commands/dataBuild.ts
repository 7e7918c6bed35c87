/**
 * `pointocc data build`: turns a mesh folder (one sub-folder per category, OBJ/OFF/PLY/STL)
 * into a training-data cache (docs/design.md §3, docs/cache-format.md): normalised surface samples,
 * labelled near/far queries, labelled uniform IoU points, evaluation samples. Resumes, spreads
 * whole meshes over worker threads, shows a progress bar with ETA on stderr, and reports broken
 * meshes without stopping. `--verify` only checks an existing cache's checksums.
 */
import type { Command } from 'commander';
import { availableParallelism } from 'node:os';
import { UsageError, InputError } from '../../errors.ts';
import { buildCache, type BuildCacheResult } from '../../data/buildCache.ts';
import { DEFAULT_BUILD_SETTINGS } from '../../data/BuildSettings.ts';
import { verifyCache } from '../../data/verifyCache.ts';
import { distanceOption, intOption } from '../options.ts';

interface DataBuildOptions {
  meshes?: string;
  out: string;
  workers?: string;
  surface?: string;
  near?: string;
  far?: string;
  nearStd?: string;
  farStd?: string;
  boxQueries?: string;
  uniform?: string;
  eval?: string;
  seed?: string;
  verify?: boolean;
  json?: boolean;
  progress?: boolean;
}

/** Human-readable summary of a build, several lines. */
export function formatBuildSummary(r: BuildCacheResult, out: string): string {
  const s = r.manifest.summary;
  const lines = [
    `cache ${out}: ${s.shapes} shapes (train ${s.splits.train}, val ${s.splits.val}, test ${s.splits.test})`,
    `  this run: built ${r.built}, reused ${r.skipped} (checksums verified), repaired ${r.repaired}, broken ${r.failed.length}; ${r.seconds.toFixed(1)} s` +
      (r.processed > 0 ? `, ${(r.processed / r.seconds).toFixed(2)} meshes/s` : ''),
    `  not watertight (labelled by generalised winding number): ${s.notWatertight}`,
  ];
  for (const f of r.failed) lines.push(`  broken: ${f.source}: ${f.reason}`);
  if (r.warnings.length > 0) lines.push(`  ${r.warnings.length} warning(s), printed on stderr above`);
  return lines.join('\n');
}

/** Adds `build` to the `data` command group. */
export function register(data: Command): void {
  data
    .command('build')
    .description('sample and label a mesh folder into a training-data cache (resumable, multi-threaded)')
    .option('--meshes <dir>', 'mesh folder: one sub-folder per category; {train,val,test}.lst per category are used if present')
    .requiredOption('--out <dir>', 'cache folder to create or resume')
    .option('--workers <n>', `worker threads (default: cores = ${availableParallelism()})`)
    .option('--surface <n>', `surface samples per shape that inputs are drawn from (default ${DEFAULT_BUILD_SETTINGS.surfacePoints})`)
    .option(
      '--near <n>',
      `labelled training queries per shape offset from the surface by N(0, σ²) per axis, σ = --near-std (default ${DEFAULT_BUILD_SETTINGS.nearQueries})`,
    )
    .option(
      '--far <n>',
      `labelled training queries per shape offset by N(0, σ²) per axis, σ = --far-std (default ${DEFAULT_BUILD_SETTINGS.farQueries})`,
    )
    .option(
      '--near-std <d>',
      `std of the near queries' offset per axis, unit-cube units, in [0, 10] (default ${DEFAULT_BUILD_SETTINGS.nearStd}); smaller puts more training queries at the surface`,
    )
    .option(
      '--far-std <d>',
      `std of the far queries' offset per axis, unit-cube units, in [0, 10] (default ${DEFAULT_BUILD_SETTINGS.farStd})`,
    )
    .option(
      '--box-queries <n>',
      `labelled training queries per shape uniform in [-0.55,0.55]³, drawn apart from the IoU points (default ${DEFAULT_BUILD_SETTINGS.boxQueries})`,
    )
    .option(
      '--uniform <n>',
      `labelled points uniform in [-0.55,0.55]³ per shape, for IoU (default ${DEFAULT_BUILD_SETTINGS.uniformPoints})`,
    )
    .option('--eval <n>', `surface samples with normals per shape, for Chamfer/NC/F-score (default ${DEFAULT_BUILD_SETTINGS.evalPoints})`)
    .option('--seed <s>', 'seed of all sampling and of the fallback 80/10/10 split (default 0)')
    .option('--verify', 'only check the checksums of the cache in --out; build nothing')
    .option('--no-progress', 'no progress bar')
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  $ pointocc data build --meshes procshapes/ --out cache/ --workers 2\n  $ pointocc data build --out cache/ --verify',
    )
    .action(async (opts: DataBuildOptions) => {
      if (opts.verify) {
        const v = verifyCache(opts.out);
        if (opts.json) process.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
        else process.stdout.write(`cache ${opts.out}: ${v.ok} files ok, ${v.missing.length} missing, ${v.corrupt.length} corrupt\n`);
        const bad = [...v.missing.map((f) => `missing ${f}`), ...v.corrupt.map((f) => `corrupt ${f}`)];
        if (bad.length > 0)
          throw new InputError(
            'bad-value',
            opts.out,
            `${bad.length} cache file(s) failed verification (${bad.slice(0, 5).join(', ')}${bad.length > 5 ? ', …' : ''}); rerun \`pointocc data build\` to rebuild them`,
          );
        return;
      }
      if (!opts.meshes) throw new UsageError('--meshes <dir> is required (unless --verify)');
      const r = await buildCache({
        meshes: opts.meshes,
        out: opts.out,
        workers: intOption('workers', opts.workers, 1),
        settings: {
          surfacePoints: intOption('surface', opts.surface, 1),
          nearQueries: intOption('near', opts.near, 0),
          farQueries: intOption('far', opts.far, 0),
          nearStd: distanceOption('near-std', opts.nearStd),
          farStd: distanceOption('far-std', opts.farStd),
          boxQueries: intOption('box-queries', opts.boxQueries, 0),
          uniformPoints: intOption('uniform', opts.uniform, 0),
          evalPoints: intOption('eval', opts.eval, 0),
          seed: intOption('seed', opts.seed, 0),
        },
        progress: opts.progress === false ? false : undefined,
      });
      if (opts.json) {
        const { manifest, ...rest } = r;
        process.stdout.write(`${JSON.stringify({ ...rest, summary: manifest.summary }, null, 2)}\n`);
      } else process.stdout.write(`${formatBuildSummary(r, opts.out)}\n`);
    });
}
