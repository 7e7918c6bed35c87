/**
 * Chooses a model's decision threshold on the validation split (issue: "choose the decision
 * threshold on the validation split and record it"): P(inside) is predicted once for a seeded
 * validation set (the trainer's own `buildValidationSet`: fixed 300-point noisy inputs, a fixed
 * subset of each shape's uniform IoU points), then the mean IoU is computed for every threshold
 * on a grid, and the best one is written into the model's `config.json` (atomically) with the
 * sweep saved as `threshold.json` beside it.
 *
 * A density model is swept at several input sizes (`--input-points 300,1000,3000`; default the
 * model's `inputPoints`): the chosen threshold maximises the mean IoU over all of them, and the
 * sweep of each size is saved too.
 *
 *   node --import tsx scripts/choose-threshold.ts --model DIR --data CACHE [--shapes 130] [--points 20000] [--seed 1] [--input-points 300,3000]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { OccupancyPredictor } from '../src/nn/serve/occupancy.ts';
import { openTrainingDataset } from '../src/train/openTrainingDataset.ts';
import { buildValidationSet } from '../src/train/ValidationSet.ts';
import { atomicWriteFileSync } from '../src/io/atomicWrite.ts';

const { values } = parseArgs({
  options: {
    model: { type: 'string' },
    data: { type: 'string' },
    shapes: { type: 'string', default: '130' },
    points: { type: 'string', default: '20000' },
    seed: { type: 'string', default: '1' },
    noise: { type: 'string', default: '0.005' },
    'input-points': { type: 'string' },
  },
});
if (!values.model || !values.data) {
  console.error('usage: choose-threshold --model DIR --data CACHE');
  process.exit(2);
}
const predictor = await OccupancyPredictor.create(values.model);
const { dataset } = openTrainingDataset(values.data) as any;
const sizes = (values['input-points'] ?? String(predictor.config.inputPoints)).split(',').map(Number);
const thresholds = Array.from({ length: 17 }, (_, i) => 0.1 + 0.05 * i);
const iouSum = new Float64Array(thresholds.length);
const perSize: { inputPoints: number; sweep: { threshold: number; meanIoU: number }[] }[] = [];
let shapes = 0;
const t0 = performance.now();
for (const inputPoints of sizes) {
  const val = await buildValidationSet(dataset, {
    split: 'val',
    shapes: Number(values.shapes),
    points: Number(values.points),
    inputPoints,
    noise: Number(values.noise),
    seed: Number(values.seed),
  });
  const sum = new Float64Array(thresholds.length);
  for (const s of val.shapes) {
    const p = await predictor.predict(s.input, s.points);
    thresholds.forEach((t, k) => {
      let inter = 0,
        union = 0;
      for (let i = 0; i < s.labels.length; i++) {
        const a = p[i] >= t,
          b = s.labels[i] === 1;
        if (a && b) inter++;
        if (a || b) union++;
      }
      sum[k] += union === 0 ? 1 : inter / union;
    });
  }
  sum.forEach((v, k) => {
    iouSum[k] += v;
  });
  shapes += val.shapes.length;
  perSize.push({
    inputPoints,
    sweep: thresholds.map((t, k) => ({ threshold: Number(t.toFixed(2)), meanIoU: sum[k] / val.shapes.length })),
  });
  console.log(`${inputPoints} points: best ${JSON.stringify(perSize.at(-1)!.sweep.reduce((a, b) => (b.meanIoU > a.meanIoU ? b : a)))}`);
}
await predictor.close();
const sweep = thresholds.map((t, k) => ({ threshold: Number(t.toFixed(2)), meanIoU: iouSum[k] / shapes }));
const best = sweep.reduce((a, b) => (b.meanIoU > a.meanIoU ? b : a));
const cfgPath = join(values.model, 'config.json');
const cfg = JSON.parse(readFileSync(cfgPath, 'utf8'));
cfg.threshold = best.threshold;
atomicWriteFileSync(cfgPath, JSON.stringify(cfg, null, 2) + '\n');
atomicWriteFileSync(
  join(values.model, 'threshold.json'),
  JSON.stringify(
    {
      chosenOn: `val split of ${values.data}: ${shapes / sizes.length} shapes, ${values.points} uniform points each, ${sizes.join(', ')}-point inputs with noise ${values.noise}, seed ${values.seed}`,
      best,
      sweep,
      perInputPoints: sizes.length > 1 ? perSize : undefined,
      seconds: (performance.now() - t0) / 1000,
    },
    null,
    2,
  ) + '\n',
);
console.log(`threshold ${best.threshold} (mean val IoU ${best.meanIoU.toFixed(4)}) written to ${cfgPath}`);
for (const r of sweep) console.log(`  ${r.threshold.toFixed(2)}  ${r.meanIoU.toFixed(4)}`);
