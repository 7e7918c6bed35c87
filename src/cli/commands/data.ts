/**
 * `pointocc data …`: dataset commands. Each subcommand registers itself on the `data` group;
 * adding one is one entry in `SUBCOMMANDS`.
 */
import type { Command } from 'commander';
import { SUMMARIES } from './summaries.ts';
import { SingleBar, Presets } from 'cli-progress';
import { join } from 'node:path';
import { generateProcShapes } from '../../data/procshapes/generateProcShapes.ts';
import { CORPUS_FAMILIES, FAMILY_KINDS, familyKind, resolveFamilies } from '../../data/procshapes/corpus.ts';
import { UsageError } from '../../errors.ts';
import { MeshContactSheet } from '../../render/meshContactSheet.ts';
import { register as registerBuild } from './dataBuild.ts';

/** View of the contact sheets: front-right three-quarter view from slightly above. */
const SHEET_VIEW = { azimuth: 35, elevation: 25 };

/** Registers `data procshapes`. */
export function registerProcshapes(data: Command): void {
  data
    .command('procshapes')
    .description(
      'generate ProcShapes-13 (watertight part-based shapes in 13 ShapeNet-like classes) or, with --families, the training corpus of 26 families (PLY, splits, manifest, contact sheets)',
    )
    .requiredOption('--out <dir>', 'output folder')
    .option('--per-class <n>', 'shapes per class', '16')
    .option('--seed <s>', 'dataset seed (same seed, same bytes)', '0')
    .option('--classes <list>', 'comma-separated class (family) names (default: the 13 of ProcShapes-13)')
    .option(
      '--families <spec>',
      'families to generate (one folder each): procshapes13 (the default: the 13 classes alone, same bytes), all, new (the corpus families alone), a kind, or comma-separated family names; listed below',
    )
    .option('--no-contact-sheets', 'skip the PNG contact sheets')
    .option('--no-progress', 'no progress bar')
    .addHelpText('after', familiesHelp)
    .action(
      async (o: {
        out: string;
        perClass: string;
        seed: string;
        classes?: string;
        families?: string;
        contactSheets: boolean;
        progress: boolean;
      }) => {
        const perClass = intOption('per-class', o.perClass, 1);
        const seed = intOption('seed', o.seed, 0);
        if (o.classes !== undefined && o.families !== undefined) throw new UsageError('give --families or --classes, not both');
        let classes = o.classes
          ? o.classes
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          : undefined;
        if (o.families !== undefined) {
          try {
            classes = resolveFamilies(o.families);
          } catch (e) {
            throw new UsageError(`--families: ${(e as Error).message}`);
          }
        }
        const bar = o.progress
          ? new SingleBar(
              { format: 'procshapes {bar} {value}/{total} shapes | {id} | ETA {eta}s', stream: process.stderr, hideCursor: true },
              Presets.shades_classic,
            )
          : undefined;
        let started = false;
        const t0 = performance.now();
        // contact sheets: a step of this command (data/ does not import render/), one per class
        const sheet = o.contactSheets ? new MeshContactSheet({ tile: 160, columns: 4, view: SHEET_VIEW }) : undefined;
        const sheetDir = join(o.out, 'contact-sheets');
        try {
          const res = await generateProcShapes({
            out: o.out,
            perClass,
            seed,
            classes,
            onShape: sheet && ((shape) => sheet.add(shape.mesh, shape.variant)),
            onClassDone: sheet && ((className) => sheet.write(sheetDir, className)),
            onProgress: (done, total, id) => {
              if (!bar) return;
              if (!started) {
                bar.start(total, 0, { id });
                started = true;
              }
              bar.update(done, { id });
            },
          });
          bar?.stop();
          const n = res.manifest.classes.reduce((a, c) => a + c.count, 0);
          const secs = (performance.now() - t0) / 1000;
          process.stdout.write(
            `wrote ${n} shapes in ${res.manifest.classes.length} classes to ${o.out} (${secs.toFixed(1)} s, ${((1000 * secs) / n).toFixed(0)} ms/shape)\n`,
          );
        } catch (e) {
          bar?.stop();
          if (e instanceof RangeError) throw new UsageError(e.message);
          throw e;
        }
      },
    );
}

/** `--help` text listing the families by kind (`--families` accepts any of these words). */
function familiesHelp(): string {
  const lines = FAMILY_KINDS.map(
    (k) =>
      `  ${k.padEnd(12)} ${CORPUS_FAMILIES.filter((c) => familyKind(c.name) === k)
        .map((c) => c.name)
        .join(', ')}`,
  );
  return `\nFamilies (${CORPUS_FAMILIES.length}; "furniture" is ProcShapes-13), by kind:\n${lines.join('\n')}\n\nExamples:\n  $ pointocc data procshapes --out data/procshapes --per-class 200\n  $ pointocc data procshapes --out data/corpus --families all --per-class 200\n  $ pointocc data procshapes --out data/rings --families knot,chain,flange --per-class 50`;
}

/** Parses an integer option ≥ min, naming it in the error. */
function intOption(name: string, v: string, min: number): number {
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(Number(v)) || Number(v) < min)
    throw new UsageError(`--${name} must be an integer ≥ ${min}, got "${v}"`);
  return Number(v);
}

/** `data` subcommands, each `(data: Command) => void`. */
const SUBCOMMANDS: ((data: Command) => void)[] = [registerProcshapes, registerBuild];

export function register(program: Command): void {
  const data = program.command('data').description(SUMMARIES.data);
  for (const add of SUBCOMMANDS) add(data);
}
