import type { MethodPool } from '../methodPool.ts';
import { markdownTable } from '../markdownTable.ts';
import type { ExperimentSetup } from './ExperimentSetup.ts';
import { writeExperimentGallery } from './experimentGallery.ts';
import { figure, methodsSection, methodTable, PAPER_TABLE1, type ExperimentResult } from './reportParts.ts';
import { runVariant, type Variant } from './runVariant.ts';

/** The standard condition of the paper's tables: 300 points, noise 0.005. */
export function standardVariant(seed: number): Variant {
  return { input: { points: 300, noise: 0.005, seed } };
}

/**
 * Paper Table I: every method on the test split at 300 points / noise 0.005; one row per
 * method with the mean-of-class-means metrics; a gallery with error colours (Fig. 5).
 */
export async function table1(setup: ExperimentSetup, pool: MethodPool, methods: readonly string[]): Promise<ExperimentResult> {
  const variant = standardVariant(setup.seed);
  const runs = await runVariant(setup, variant, await Promise.all(methods.map((m) => pool.get(m))));
  const gallery = await writeExperimentGallery(setup, variant, runs, 'gallery');
  const md: string[] = [];
  md.push('## Methods', '', methodsSection(runs));
  md.push('## Results (mean of class means)', '', methodTable(runs, setup.taus));
  md.push("For orientation only — the paper's Table I on ShapeNet-13 (a different, real dataset; converted to our units):", '');
  md.push(
    markdownTable(
      ['method (paper)', 'IoU', 'Chamfer-L1', 'NC'],
      PAPER_TABLE1.map((p) => [p.method, p.iou === null ? '–' : p.iou.toFixed(3), p.chamferL1.toFixed(4), p.nc.toFixed(3)]),
    ),
  );
  if (gallery) {
    md.push('## Gallery', '');
    md.push(
      gallery.errorColored
        ? `Rows: input points | each method | ground truth, one camera per row. Reconstructions are coloured by signed distance to the ground truth (jet: outside the ground truth red, inside blue, zero light green; the range +-r under each tile is per example, as in the paper\'s Fig. 5). The coloured meshes are PLY files with vertex colours under \`${setup.work}/colored/\`.`
        : 'Rows: input points | each method | ground-truth surface samples (the source meshes were not found, so no error colours; pass --meshes DIR).',
      '',
    );
    md.push(figure(setup, gallery.file, 'gallery'));
  }
  return {
    name: 'table1',
    title: 'Table I — reconstruction quality per method (300 points, noise 0.005)',
    markdown: md.join('\n'),
    data: { variant, runs, gallery },
  };
}
