import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CacheDataset } from '../../data/CacheDataset.ts';
import { InputError, UsageError } from '../../errors.ts';
import { atomicWriteFileSync } from '../../io/atomicWrite.ts';
import { MethodPool } from '../methodPool.ts';
import { detectDatasetFormat, openEvalDataset } from '../openEvalDataset.ts';
import type { MethodContext } from '../reconMethods.ts';
import type { ExperimentSetup } from './ExperimentSetup.ts';
import { generalisation, type GeneralisationOptions } from './generalisation.ts';
import { setupSection, type ExperimentResult } from './reportParts.ts';
import { rotation } from './rotation.ts';
import { standardVariant } from './table1.ts';
import { table1 } from './table1.ts';
import { table2 } from './table2.ts';
import { table3, type Table3Options } from './table3.ts';
import type { Variant } from './runVariant.ts';

/** The experiments by name. */
export const EXPERIMENTS = ['table1', 'table2', 'table3', 'rotation', 'generalisation'] as const;
export type ExperimentName = (typeof EXPERIMENTS)[number];

/** Options of {@link runExperiment}. */
export interface RunExperimentOptions {
  name: ExperimentName;
  /** Data folder (cache or ONet layout). */
  data: string;
  /** Report folder. Default `reports/<name>`. */
  out?: string;
  /** Cached reconstructions, shared between experiments. Default `<dirname(out)>/.cache` (git-ignored). */
  work?: string;
  /** Methods (see `reconMethods.ts`). */
  methods: string[];
  /** Where methods come from (model folder, grid resolution, workers, extra methods). */
  methodContext: MethodContext;
  /** Test shapes per class (default all). */
  limit?: number;
  /** Ground-truth mesh folder; default: `<dirname(data)>/procshapes` when it holds the cache's source meshes. */
  meshes?: string;
  seed?: number;
  samples?: number;
  taus?: number[];
  evalWorkers?: number;
  force?: boolean;
  galleryRows?: number;
  table3?: Table3Options;
  angles?: number[];
  generalisation?: GeneralisationOptions;
  onProgress?: ExperimentSetup['onProgress'];
  log?: (line: string) => void;
}

/** The report and where it was written. */
export interface ExperimentOutput {
  result: ExperimentResult;
  reportPath: string;
  resultsPath: string;
}

/** Guesses the mesh folder a cache was built from: `<dirname(data)>/procshapes` holding its first source mesh. */
function guessMeshes(data: string, ds: CacheDataset): string | null {
  const first = ds.manifest.shapes[0];
  if (!first) return null;
  const cand = join(dirname(resolve(data)), 'procshapes');
  return existsSync(join(cand, first.source)) ? cand : null;
}

/**
 * Runs one experiment on the test split and writes `<out>/report.md` and `<out>/results.json`
 * (+ figures, inputs, coloured meshes). Methods that cannot run are reported as unavailable.
 * @throws UsageError / InputError for bad options or data.
 */
export async function runExperiment(o: RunExperimentOptions): Promise<ExperimentOutput> {
  if (!(EXPERIMENTS as readonly string[]).includes(o.name))
    throw new UsageError(`unknown experiment '${o.name}' (one of ${EXPERIMENTS.join(', ')})`);
  if (!existsSync(o.data)) throw new InputError('not-found', o.data, 'no such data folder');
  const format = detectDatasetFormat(o.data);
  const dataset = openEvalDataset(o.data, format);
  let refs = dataset.shapes('test');
  if (o.limit !== undefined) {
    const n = new Map<string, number>();
    refs = refs.filter((r) => {
      const k = n.get(r.category) ?? 0;
      n.set(r.category, k + 1);
      return k < o.limit!;
    });
  }
  if (refs.length === 0) throw new InputError('no-geometry', o.data, 'no test shapes');
  const out = o.out ?? join('reports', o.name);
  // `.cache/` is git-ignored: cached meshes stay out of the repository, the reports go in.
  const work = o.work ?? join(dirname(out), '.cache');
  mkdirSync(out, { recursive: true });
  let meshesRoot: string | null = o.meshes ?? null;
  if (meshesRoot !== null && !existsSync(meshesRoot)) throw new InputError('not-found', meshesRoot, 'no such mesh folder');
  if (meshesRoot === null && dataset instanceof CacheDataset) meshesRoot = guessMeshes(o.data, dataset);
  const setup: ExperimentSetup = {
    dataRoot: o.data,
    dataFormat: format,
    dataset,
    refs,
    out,
    work,
    meshesRoot,
    seed: o.seed ?? 0,
    samples: o.samples ?? 100_000,
    taus: o.taus ?? [0.01],
    evalWorkers: o.evalWorkers ?? 2,
    force: o.force ?? false,
    galleryRows: o.galleryRows ?? 6,
    onProgress: o.onProgress,
    log: o.log,
  };
  const pool = new MethodPool(o.methodContext);
  let result: ExperimentResult;
  let variants: Variant[] = [standardVariant(setup.seed)];
  try {
    switch (o.name) {
      case 'table1':
        result = await table1(setup, pool, o.methods);
        break;
      case 'table2':
        result = await table2(setup, pool, o.methods);
        break;
      case 'table3': {
        const d = o.table3?.densities ?? [150, 300, 600, 1000],
          nz = o.table3?.noises ?? [0.0025, 0.005];
        variants = d.flatMap((points) => nz.map((noise) => ({ input: { points, noise, seed: setup.seed } })));
        result = await table3(setup, pool, o.methods, o.table3);
        break;
      }
      case 'rotation':
        result = await rotation(setup, pool, o.methods, o.angles);
        break;
      case 'generalisation':
        result = await generalisation(setup, pool, o.methods, o.generalisation);
        break;
    }
  } finally {
    await pool.closeAll();
  }
  const header = [
    `# ${result.title}`,
    '',
    `Generated by \`pointocc experiment ${o.name}\`. Reconstructions are cached in \`${work}\`.`,
    '',
    '## Setup',
    '',
    setupSection(setup, variants),
  ];
  if (meshesRoot === null)
    header.push('Ground-truth meshes not found (pass --meshes DIR): galleries show ground-truth surface samples and no error colours.', '');
  const reportPath = join(out, 'report.md'),
    resultsPath = join(out, 'results.json');
  atomicWriteFileSync(reportPath, header.join('\n') + '\n' + result.markdown + '\n');
  atomicWriteFileSync(
    resultsPath,
    JSON.stringify(
      {
        experiment: o.name,
        data: o.data,
        split: 'test',
        limit: o.limit ?? null,
        seed: setup.seed,
        samples: setup.samples,
        taus: setup.taus,
        methods: o.methods,
        units: 'unit-cube',
        results: result.data,
      },
      null,
      1,
    ) + '\n',
  );
  return { result, reportPath, resultsPath };
}
