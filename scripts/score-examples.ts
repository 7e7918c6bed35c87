/**
 * Scores the bundled examples (examples/*.xyz against examples/ground-truth/*.ply) as a user
 * would make them: `reconstruct` defaults (128³, the model's threshold, sealed voids filled),
 * each mesh in the cloud's own units; metrics by evaluateMesh (the ground truth normalised to
 * the unit cube, IoU at 100 000 uniform points, Chamfer-L1 / NC / F@0.01 from 100 000 samples).
 * Prints a markdown table, one row per example, for each model given.
 *
 *   node --import tsx scripts/score-examples.ts [--model DIR …] [--rotations K (default: each model's testRotations)]
 */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_MODEL_DIR, evaluateMesh, loadModel, readMesh, readPointCloud, reconstructCloud } from '../src/index.ts';

const { values } = parseArgs({ options: { model: { type: 'string', multiple: true }, rotations: { type: 'string' } } });
const models = values.model?.length ? values.model : [DEFAULT_MODEL_DIR];
const names = readdirSync('examples')
  .filter((f) => f.endsWith('.xyz'))
  .map((f) => basename(f, '.xyz'))
  .sort();
const f3 = (x: number | null): string => (x === null ? 'n/a' : x.toFixed(3));
for (const dir of models) {
  const model = await loadModel(dir);
  console.log(`\n${dir}${values.rotations !== undefined ? `, --rotations ${values.rotations}` : ''}\n`);
  console.log('| example | points | IoU | Chamfer-L1 | NC | F@0.01 |\n|---|---|---|---|---|---|');
  let sum = 0;
  for (const name of names) {
    const cloud = readPointCloud(join('examples', `${name}.xyz`));
    const gt = readMesh(join('examples', 'ground-truth', `${name}.ply`));
    const { mesh } = await reconstructCloud(
      cloud.positions,
      model,
      values.rotations === undefined ? {} : { rotations: Number(values.rotations) },
    );
    const m = evaluateMesh(mesh, gt, {});
    sum += m.iou ?? 0;
    console.log(
      `| ${name} | ${cloud.positions.length / 3} | ${f3(m.iou)} | ${m.chamferL1?.toFixed(4)} | ${f3(m.normalConsistency)} | ${f3(m['fscore@0.01'])} |`,
    );
  }
  console.log(`| mean | | ${(sum / names.length).toFixed(3)} | | | |`);
  await model.close();
}
