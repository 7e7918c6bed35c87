/**
 * `pointocc eval`: scores predicted meshes against ground truth by the ONet protocol
 * (docs/design.md §6): IoU, Chamfer-L1, normal consistency, F-scores; per shape, per class and as the
 * mean of class means; JSON and markdown.
 */
import type { Command } from 'commander';
import { SUMMARIES } from './summaries.ts';
import { availableParallelism } from 'node:os';
import { SingleBar, Presets } from 'cli-progress';
import { atomicWriteFileSync } from '../../io/atomicWrite.ts';
import { evaluateFolder } from '../../eval/evaluateFolder.ts';
import { classTable, evalMarkdown } from '../../eval/evalMarkdown.ts';
import { headlineKeys } from '../../eval/metricKeys.ts';
import { parseChoice, parseIntOption, parseNumberList } from '../../eval/parseOptions.ts';
import type { Split } from '../../data/ShapeDataset.ts';

interface EvalCliOptions {
  pred: string;
  gt?: string;
  data?: string;
  split?: string;
  out?: string;
  md?: string;
  tau: string;
  seed: string;
  workers?: string;
  samples: string;
  limit?: string;
  missing: string;
  frame?: string;
  progress: boolean;
}

export function register(program: Command): void {
  program
    .command('eval')
    .description(SUMMARIES.eval)
    .requiredOption('--pred <dir>', 'predicted meshes, named <category>/<id>.<ext> or <id>.<ext> (ply, obj, off, stl)')
    .option('--gt <dir>', 'ground-truth meshes (one sub-folder per category, or flat); normalised to the unit cube here')
    .option('--data <dir>', 'ground truth from a pointocc cache or an ONet-layout folder (its uniform labels and surface samples)')
    .option('--split <split>', 'train | val | test | all (default: test with --data, all with --gt)')
    .option('--out <file.json>', 'write all results as JSON')
    .option('--md <file.md>', 'write a markdown report')
    .option('--tau <list>', 'F-score thresholds, unit-cube units, comma-separated', '0.01')
    .option('--seed <s>', 'seed of the surface sampling', '0')
    .option('--samples <n>', 'surface samples per prediction (and per mesh ground truth)', '100000')
    .option('--workers <n>', 'worker threads (default: the number of cores)')
    .option('--limit <n>', 'only the first n shapes of each class')
    .option(
      '--missing <policy>',
      'exclude | penalty: how shapes without a surface enter Chamfer/NC/F means (IoU is 0 either way)',
      'exclude',
    )
    .option('--frame <frame>', 'normalized | source: frame of the prediction files (default: normalized with --data, source with --gt)')
    .option('--no-progress', 'no progress bar')
    .action(async (o: EvalCliOptions) => {
      const taus = parseNumberList('tau', o.tau);
      const seed = parseIntOption('seed', o.seed, 0);
      const samples = parseIntOption('samples', o.samples, 1);
      const workers = o.workers !== undefined ? parseIntOption('workers', o.workers, 1) : Math.max(1, availableParallelism());
      const limit = o.limit !== undefined ? parseIntOption('limit', o.limit, 1) : undefined;
      const missing = parseChoice('missing', o.missing, ['exclude', 'penalty'] as const);
      const frame = o.frame !== undefined ? parseChoice('frame', o.frame, ['normalized', 'source'] as const) : undefined;
      const split = o.split !== undefined ? parseChoice('split', o.split, ['train', 'val', 'test', 'all'] as const) : undefined;
      const bar =
        o.progress && process.stderr.isTTY
          ? new SingleBar(
              { format: 'eval {bar} {value}/{total} shapes | {shape} | ETA {eta}s', stream: process.stderr, hideCursor: true },
              Presets.shades_classic,
            )
          : undefined;
      let started = false;
      try {
        const r = await evaluateFolder({
          pred: o.pred,
          gt: o.gt,
          data: o.data,
          split: split as Split | 'all' | undefined,
          limit,
          workers,
          settings: { samples, uniformPoints: 100_000, taus, seed, missing, frame },
          onProgress: (done, total, rec) => {
            if (!bar) return;
            if (!started) {
              bar.start(total, 0, { shape: '' });
              started = true;
            }
            bar.update(done, { shape: `${rec.category}/${rec.id}` });
          },
        });
        bar?.stop();
        if (o.out) atomicWriteFileSync(o.out, JSON.stringify(r, null, 2) + '\n');
        if (o.md) atomicWriteFileSync(o.md, evalMarkdown(r));
        process.stdout.write(classTable(r.summary, headlineKeys(taus)));
        const lost = r.summary.missing.length + r.summary.empty.length + r.summary.errors.length;
        if (lost > 0)
          process.stdout.write(
            `${lost} of ${r.summary.shapes} shapes have no surface (missing ${r.summary.missing.length}, empty ${r.summary.empty.length}, unreadable ${r.summary.errors.length}): IoU 0; ${missing === 'exclude' ? 'left out of the Chamfer/NC/F means' : 'penalised in every mean'}\n`,
          );
        if (r.unmatched.length > 0)
          process.stdout.write(`${r.unmatched.length} prediction file(s) match no ground-truth shape (e.g. ${r.unmatched[0]})\n`);
        for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
      } finally {
        bar?.stop();
      }
    });
}
