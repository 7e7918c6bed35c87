import { spawnSync } from 'node:child_process';
import { COMPILED, moduleUrl } from '../../data/workerScript.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../../errors.ts';
import { DEFAULT_METHOD, findMethod } from '../../methods/index.ts';
import type { MethodPool } from '../methodPool.ts';
import { formatMetric, markdownTable } from '../markdownTable.ts';
import { headlineKeys, metricTitle } from '../metricKeys.ts';
import type { ExperimentSetup } from './ExperimentSetup.ts';
import { writeClassSubset } from './classSubset.ts';
import { writeExperimentGallery } from './experimentGallery.ts';
import { figure, methodsSection, methodTable, type ExperimentResult } from './reportParts.ts';
import { runMethodOnVariant, type MethodRun } from './runVariant.ts';
import { standardVariant } from './table1.ts';

/** Default held-out classes (3 of the 13): varied part structure, none needed by the others. */
export const DEFAULT_HOLDOUT = ['lamp', 'rifle', 'vessel'];

/** Options of {@link generalisation}. */
export interface GeneralisationOptions {
  /** Classes held out of training and tested. Default {@link DEFAULT_HOLDOUT}. */
  holdout?: string[];
  /** A model trained on the other classes only (e.g. a run's `best/`). */
  heldOutModel?: string;
  /** Train that model now (runs `pointocc train` on the class-subset view) into this run folder. */
  trainRun?: string;
  /** Arguments passed on to `pointocc train` (e.g. ['--steps', '20000', '--config', 'f.json']). */
  trainArgs?: string[];
}

/**
 * Paper Fig. 9 on ProcShapes: generalisation to unseen classes. A class-subset view of the
 * data (all classes but the held-out ones) is written to `<work>/train-without-<holdout>/`;
 * a model trained on it (`heldOutModel`, or trained now with `trainRun`) is compared on the
 * held-out classes' test shapes with the default model (trained on all classes: the "seen"
 * reference) and the baselines.
 */
export async function generalisation(
  setup: ExperimentSetup,
  pool: MethodPool,
  methods: readonly string[],
  o: GeneralisationOptions = {},
): Promise<ExperimentResult> {
  const classes = setup.dataset.categories();
  const holdout = o.holdout ?? DEFAULT_HOLDOUT;
  for (const c of holdout)
    if (!classes.includes(c)) throw new UsageError(`--holdout: no class '${c}' in ${setup.dataRoot} (classes: ${classes.join(', ')})`);
  const trainClasses = classes.filter((c) => !holdout.includes(c));
  if (trainClasses.length === 0) throw new UsageError('--holdout leaves no class to train on');
  const view = join(setup.work, `train-without-${[...holdout].sort().join('-')}`);
  writeClassSubset(setup.dataRoot, setup.dataFormat, view, trainClasses);
  let heldOutModel = o.heldOutModel;
  const md: string[] = [];
  const trainCommand = ['pointocc', 'train', '--data', view, '--out', o.trainRun ?? 'runs/generalisation', ...(o.trainArgs ?? [])].join(
    ' ',
  );
  if (!heldOutModel && o.trainRun) {
    const main = fileURLToPath(moduleUrl('../../cli/main', import.meta.url));
    setup.log?.(`training on ${trainClasses.length} classes: ${trainCommand}`);
    const r = spawnSync(
      process.execPath,
      [...(COMPILED ? [] : ['--import', 'tsx']), main, 'train', '--data', view, '--out', o.trainRun, ...(o.trainArgs ?? [])],
      { stdio: 'inherit' },
    );
    if (r.status !== 0) md.push(`**Training failed** (exit ${r.status}): \`${trainCommand}\``, '');
    if (existsSync(join(o.trainRun, 'best', 'weights.safetensors'))) heldOutModel = join(o.trainRun, 'best');
  }
  const heldRefs = setup.refs.filter((r) => holdout.includes(r.category));
  const sub: ExperimentSetup = { ...setup, refs: heldRefs };
  const variant = standardVariant(setup.seed);
  const runs: MethodRun[] = [];
  runs.push(
    await runMethodOnVariant(
      sub,
      variant,
      heldOutModel
        ? await pool.get(DEFAULT_METHOD.name, heldOutModel, 'pointocc-unseen')
        : {
            name: 'pointocc-unseen',
            available: false,
            reason: `no model trained without ${holdout.join(', ')}: train one with \`${trainCommand}\` (the view lists only the ${trainClasses.length} training classes), then pass --heldout-model <run>/best — or run this experiment with --train-run DIR`,
          },
    ),
  );
  for (const name of methods) {
    const as = findMethod(name) === DEFAULT_METHOD ? 'pointocc-seen' : name;
    runs.push(await runMethodOnVariant(sub, variant, await pool.get(name, undefined, as)));
  }
  md.push(
    `Held out: **${holdout.join(', ')}** (${heldRefs.length} test shapes). Training classes of the unseen-class model: ${trainClasses.join(', ')}; data view \`${view}\` (symbolic links + a manifest of those classes only).`,
    '',
  );
  md.push(
    '- `pointocc-unseen`: trained without the held-out classes — the generalisation measurement;',
    '- `pointocc-seen`: the default model, which saw these classes in training — the reference it is compared with;',
    '- other rows: baselines (no training).',
    '',
  );
  md.push('## Methods', '', methodsSection(runs));
  md.push('## Results on the held-out classes (mean of class means)', '', methodTable(runs, setup.taus));
  const keys = headlineKeys(setup.taus);
  for (const key of keys.slice(0, 2)) {
    md.push(`### ${metricTitle(key)} per held-out class`, '');
    md.push(
      markdownTable(
        ['method', ...holdout],
        runs.map((r) => [
          r.method,
          ...holdout.map((c) => (r.summary ? formatMetric(key, r.summary.classes.find((x) => x.category === c)?.means[key]) : 'n/a')),
        ]),
      ),
    );
  }
  const gallery = await writeExperimentGallery(sub, variant, runs, 'gallery-unseen');
  if (gallery) md.push('## Gallery (held-out classes)', '', figure(setup, gallery.file, 'unseen classes'));
  return {
    name: 'generalisation',
    title: 'Generalisation to unseen classes (paper Fig. 9)',
    markdown: md.join('\n'),
    data: { holdout, trainClasses, view, heldOutModel: heldOutModel ?? null, runs },
  };
}
