/**
 * Chooses how a density model takes a cloud larger than some pass size P: one pass of all N
 * points (P ≥ N), or min(4, ⌈N/P⌉) random subsets of P points with their probabilities averaged
 * (what `reconstruct` does above the model's `density.maxPoints`; inputSubsets.ts). Measured on
 * the validation split (the trainer's own `buildValidationSet`: fixed noisy inputs of N points,
 * a fixed subset of each shape's uniform IoU points), mean IoU at the model's threshold, for
 * every (N, noise, P). Never on a test set.
 *
 *   node --import tsx scripts/choose-pass-size.ts --model DIR --data CACHE [--shapes 78]
 *     [--points 20000] [--seed 1] [--input-points 1000,2000,3000] [--noises 0.0025,0.005,0.01]
 *     [--pass-sizes 1000,1500,3000] [--out FILE.json]
 */
import { parseArgs } from 'node:util';
import { OccupancyPredictor } from '../src/nn/serve/occupancy.ts';
import { openTrainingDataset } from '../src/train/openTrainingDataset.ts';
import { buildValidationSet } from '../src/train/ValidationSet.ts';
import { chooseInputSubsets } from '../src/recon/inputSubsets.ts';
import { passMean } from '../src/recon/passMean.ts';
import { iou } from '../src/eval/iou.ts';
import { Random } from '../src/geometry/Random.ts';
import { atomicWriteFileSync } from '../src/io/atomicWrite.ts';

const { values } = parseArgs({
  options: {
    model: { type: 'string' },
    data: { type: 'string' },
    shapes: { type: 'string', default: '78' },
    points: { type: 'string', default: '20000' },
    seed: { type: 'string', default: '1' },
    'input-points': { type: 'string', default: '1000,2000,3000' },
    noises: { type: 'string', default: '0.0025,0.005,0.01' },
    'pass-sizes': { type: 'string', default: '1000,1500,3000' },
    out: { type: 'string' },
  },
});
if (!values.model || !values.data) {
  console.error('usage: choose-pass-size --model DIR --data CACHE');
  process.exit(2);
}
const list = (s: string): number[] => s.split(',').map(Number);
const predictor = await OccupancyPredictor.create(values.model);
const threshold = predictor.threshold;
const { dataset } = openTrainingDataset(values.data) as any;
const rows: { inputPoints: number; noise: number; passSize: number; subsets: number; meanIoU: number }[] = [];
const t0 = performance.now();
for (const inputPoints of list(values['input-points']!))
  for (const noise of list(values.noises!)) {
    const val = await buildValidationSet(dataset, {
      split: 'val',
      shapes: Number(values.shapes),
      points: Number(values.points),
      inputPoints,
      noise,
      seed: Number(values.seed),
    });
    for (const P of list(values['pass-sizes']!)) {
      if (P > inputPoints && rows.some((r) => r.inputPoints === inputPoints && r.noise === noise && r.passSize >= inputPoints)) continue;
      let sum = 0,
        k = 1;
      for (const s of val.shapes) {
        const { subsets } = chooseInputSubsets(s.input, Math.min(P, inputPoints), 4, new Random(0));
        k = subsets.length;
        const mean = await passMean(
          subsets.map((sub) => (q: Float32Array) => predictor.predict(sub, q)),
          s.points,
        );
        sum += iou(
          Uint8Array.from(mean, (v) => (v >= threshold ? 1 : 0)),
          Uint8Array.from(s.labels, (l) => (l === 1 ? 1 : 0)),
        );
      }
      rows.push({ inputPoints, noise, passSize: Math.min(P, inputPoints), subsets: k, meanIoU: sum / val.shapes.length });
      console.log(
        `N ${inputPoints}, noise ${noise}: pass ${Math.min(P, inputPoints)} × ${k} → mean val IoU ${(sum / val.shapes.length).toFixed(4)}`,
      );
    }
  }
await predictor.close();
const result = {
  model: values.model,
  data: values.data,
  threshold,
  valSet: `${values.shapes} val shapes, ${values.points} uniform points each, seed ${values.seed}`,
  rows,
  seconds: (performance.now() - t0) / 1000,
};
if (values.out) atomicWriteFileSync(values.out, JSON.stringify(result, null, 2) + '\n');
