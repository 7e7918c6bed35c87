/**
 * Chooses a model's decision threshold on the validation split (issue: "choose the decision
 * threshold on the validation split and record it"): P(inside) is predicted once for a seeded
 * validation set (the trainer's own `buildValidationSet`: fixed 300-point noisy inputs, a fixed
 * subset of each shape's uniform IoU points), then the mean IoU is computed for every threshold
 * on a grid, and the best one is written into the model's `config.json` (atomically) with the
 * sweep saved as `threshold.json` beside it.
 *
 *   node --import tsx scripts/choose-threshold.ts --model DIR --data CACHE [--shapes 130] [--points 20000] [--seed 1]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { OccupancyPredictor } from '../src/nn/serve/occupancy.ts';
import { openTrainingDataset } from '../src/train/openTrainingDataset.ts';
import { buildValidationSet } from '../src/train/ValidationSet.ts';
import { atomicWriteFileSync } from '../src/io/atomicWrite.ts';

const { values } = parseArgs({ options: {
  model: { type: 'string' }, data: { type: 'string' }, shapes: { type: 'string', default: '130' },
  points: { type: 'string', default: '20000' }, seed: { type: 'string', default: '1' }, noise: { type: 'string', default: '0.005' },
} });
if (!values.model || !values.data) { console.error('usage: choose-threshold --model DIR --data CACHE'); process.exit(2); }
const predictor = await OccupancyPredictor.create(values.model);
const { dataset } = openTrainingDataset(values.data) as any;
const val = await buildValidationSet(dataset, {
  split: 'val', shapes: Number(values.shapes), points: Number(values.points),
  inputPoints: predictor.config.inputPoints, noise: Number(values.noise), seed: Number(values.seed),
});
const thresholds = Array.from({ length: 17 }, (_, i) => 0.1 + 0.05 * i);
const iouSum = new Float64Array(thresholds.length);
const t0 = performance.now();
for (const s of val.shapes) {
  const p = await predictor.predict(s.input, s.points);
  thresholds.forEach((t, k) => {
    let inter = 0, union = 0;
    for (let i = 0; i < s.labels.length; i++) {
      const a = p[i] >= t, b = s.labels[i] === 1;
      if (a && b) inter++;
      if (a || b) union++;
    }
    iouSum[k] += union === 0 ? 1 : inter / union;
  });
}
await predictor.close();
const sweep = thresholds.map((t, k) => ({ threshold: Number(t.toFixed(2)), meanIoU: iouSum[k] / val.shapes.length }));
const best = sweep.reduce((a, b) => (b.meanIoU > a.meanIoU ? b : a));
const cfgPath = join(values.model, 'config.json');
const cfg = JSON.parse(readFileSync(cfgPath, 'utf8'));
cfg.threshold = best.threshold;
atomicWriteFileSync(cfgPath, JSON.stringify(cfg, null, 2) + '\n');
atomicWriteFileSync(join(values.model, 'threshold.json'), JSON.stringify({
  chosenOn: `val split of ${values.data}: ${val.shapes.length} shapes, ${values.points} uniform points each, 300-point inputs with noise ${values.noise}, seed ${values.seed}`,
  best, sweep, seconds: (performance.now() - t0) / 1000,
}, null, 2) + '\n');
console.log(`threshold ${best.threshold} (mean val IoU ${best.meanIoU.toFixed(4)}) written to ${cfgPath}`);
for (const r of sweep) console.log(`  ${r.threshold.toFixed(2)}  ${r.meanIoU.toFixed(4)}`);
