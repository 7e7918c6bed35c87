import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { InputError, UsageError } from '../errors.ts';
import { resolveBuildSettings, sameSettings, type BuildSettings } from './BuildSettings.ts';
import { scanMeshFolder, type MeshEntry } from './scanMeshFolder.ts';
import {
  makeManifest,
  readManifest,
  writeManifest,
  sha256Hex,
  type CacheManifest,
  type ManifestFailure,
  type ManifestShape,
} from './CacheManifest.ts';
import type { BuildTask, BuildTaskResult } from './buildTask.ts';
import { fileSha256 } from './buildTask.ts';
import { runBuildPool } from './BuildWorkerPool.ts';
import { shapeKey } from './ShapeDataset.ts';

/** Options of {@link buildCache}. */
export interface BuildCacheOptions {
  /** Mesh folder: one sub-folder per category. */
  meshes: string;
  /** Cache folder to create or resume. */
  out: string;
  /** Worker threads; default = available cores; ≥ 1. */
  workers?: number;
  /** Overrides of the default build settings (seed, counts, std devs). */
  settings?: Partial<BuildSettings>;
  /** Show a progress bar with ETA on stderr. Default: when stderr is a terminal. */
  progress?: boolean;
  /** Receives human-readable messages (warnings, broken meshes); default: stderr lines. */
  log?: (line: string) => void;
  /** Rewrite the manifest after every this many finished meshes, so an interrupted run
   *  resumes from there. Default 16. */
  manifestEvery?: number;
}

/** What a build did. */
export interface BuildCacheResult {
  manifest: CacheManifest;
  /** Meshes processed in this run (built or failed). */
  processed: number;
  /** Shapes built in this run. */
  built: number;
  /** Shapes reused from an earlier run (checksums verified). */
  skipped: number;
  /** Shapes whose cached file was missing or corrupt and was rebuilt. */
  repaired: number;
  /** Broken meshes (all of them, including those that failed in earlier runs and again now). */
  failed: ManifestFailure[];
  /** Built shapes (in total) that are not watertight and were labelled by winding number. */
  notWatertight: number;
  warnings: string[];
  seconds: number;
}

/**
 * Builds (or resumes) a training-data cache from a mesh folder (docs/design.md §3; format in
 * docs/cache-format.md). Work is spread over worker threads, one whole mesh per task; the main
 * thread only hashes, schedules, and writes the manifest. A shape from an earlier run is
 * reused when its settings, source bytes (SHA-256) and `.npz` bytes (SHA-256) all still match;
 * anything else is rebuilt. Broken meshes are reported and recorded in the manifest, never
 * fatal. Output bytes depend only on (settings, mesh bytes, relative path), not on the worker
 * count or order.
 *
 * @throws InputError when the mesh folder cannot be read; UsageError for bad options.
 */
export async function buildCache(options: BuildCacheOptions): Promise<BuildCacheResult> {
  const t0 = performance.now();
  const settings = resolveBuildSettings(options.settings);
  const workers = options.workers ?? availableParallelism();
  if (!Number.isInteger(workers) || workers < 1 || workers > 256)
    throw new UsageError(`workers must be an integer in [1, 256], got ${workers}`);
  const log = options.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const out = resolve(options.out);
  const meshRoot = resolve(options.meshes);
  if (out === meshRoot) throw new UsageError('the cache folder must differ from the mesh folder');

  const scan = scanMeshFolder(meshRoot, settings.seed);
  const warnings = [...scan.warnings];
  for (const w of warnings) log(`warning: ${w}`);
  if (scan.meshes.length === 0)
    throw new InputError('no-geometry', meshRoot, 'no mesh files (OBJ/OFF/PLY/STL) found in any category sub-folder');

  let previous: CacheManifest | null = null;
  try {
    previous = readManifest(out);
  } catch (e) {
    const msg = `existing manifest ignored, rebuilding everything: ${(e as Error).message}`;
    warnings.push(msg);
    log(`warning: ${msg}`);
  }
  if (previous && !sameSettings(previous.settings, settings)) {
    const msg = 'existing cache was built with other settings: rebuilding every shape';
    warnings.push(msg);
    log(`warning: ${msg}`);
    previous = null;
  }
  const old = new Map<string, ManifestShape>();
  for (const s of previous?.shapes ?? []) old.set(shapeKey(s), s);

  // Decide per mesh: reuse (verified) or rebuild.
  const done = new Map<string, ManifestShape>();
  const tasks: BuildTask[] = [];
  const pending = new Map<string, { entry: MeshEntry; sourceSha256: string }>();
  const failed = new Map<string, ManifestFailure>();
  let repaired = 0;
  for (const m of scan.meshes) {
    const key = shapeKey(m);
    let src: Uint8Array;
    try {
      src = readFileSync(m.path);
    } catch (e) {
      failed.set(key, {
        category: m.category,
        id: m.id,
        source: m.relPath,
        reason: `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
      });
      continue;
    }
    const sourceSha256 = sha256Hex(src);
    const file = `${m.category}/${m.id}.npz`;
    const prev = old.get(key);
    if (prev && prev.source === m.relPath && prev.sourceSha256 === sourceSha256 && prev.file === file) {
      const path = join(out, file);
      if (existsSync(path) && fileSha256(path) === prev.sha256) {
        done.set(key, { ...prev, split: m.split });
        continue;
      }
      repaired++;
    }
    pending.set(m.relPath, { entry: m, sourceSha256 });
    tasks.push({ path: m.path, relPath: m.relPath, outFile: join(out, file), settings });
  }
  const skipped = done.size;

  const bar =
    (options.progress ?? Boolean(process.stderr.isTTY))
      ? new cliProgress.SingleBar(
          {
            stream: process.stderr,
            format: 'building {bar} {percentage}% | {value}/{total} meshes | {rate} meshes/s | ETA {eta_formatted} | {failed} broken',
            hideCursor: true,
            etaBuffer: 32,
          },
          cliProgress.Presets.shades_classic,
        )
      : null;
  // With a bar on screen, messages wait until it is done (the bar redraws its own line).
  const deferred: string[] = [];
  const say = (l: string): void => {
    if (bar) deferred.push(l);
    else log(l);
  };
  let processed = 0;
  let built = 0;
  let nFailedNow = 0;
  const tStart = performance.now();
  const rate = (): string => (processed > 0 ? (processed / ((performance.now() - tStart) / 1000)).toFixed(2) : '-');
  const manifestEvery = Math.max(1, options.manifestEvery ?? 16);
  const snapshot = (): CacheManifest => makeManifest(settings, [...done.values()], [...failed.values()]);
  bar?.start(tasks.length, 0, { failed: 0, rate: '-' });

  await runBuildPool(tasks, workers, (r: BuildTaskResult) => {
    processed++;
    const p = pending.get(r.relPath)!;
    const m = p.entry;
    const key = shapeKey(m);
    if (r.ok) {
      built++;
      done.set(key, {
        category: m.category,
        id: m.id,
        split: m.split,
        source: m.relPath,
        sourceSha256: p.sourceSha256,
        file: `${m.category}/${m.id}.npz`,
        sha256: r.sha256,
        bytes: r.bytes,
        watertight: r.watertight,
        method: r.method,
        flippedNormals: r.flippedNormals,
        vertices: r.vertices,
        faces: r.faces,
      });
    } else {
      nFailedNow++;
      failed.set(key, { category: m.category, id: m.id, source: m.relPath, reason: r.reason });
      say(`broken mesh skipped: ${m.relPath}: ${r.reason}`);
    }
    bar?.update(processed, { failed: nFailedNow, rate: rate() });
    if (processed % manifestEvery === 0) writeManifest(out, snapshot());
  });
  bar?.stop();
  for (const l of deferred) log(l);

  const manifest = snapshot();
  writeManifest(out, manifest);
  return {
    manifest,
    processed,
    built,
    skipped,
    repaired,
    failed: manifest.failed,
    notWatertight: manifest.summary.notWatertight,
    warnings,
    seconds: (performance.now() - t0) / 1000,
  };
}
