/**
 * Chooses how a density model takes a cloud larger than some pass size P: one pass of all N
 * points (P ≥ N), or min(4, ⌈N/P⌉) random subsets of P points with their probabilities averaged
 * (what `reconstruct` does above the model's `density.maxPoints`; inputSubsets.ts). Measured on
 * the validation split (the trainer's own `buildValidationSet`: fixed noisy inputs of N points,
 * a fixed subset of each shape's uniform IoU points), mean IoU at the model's threshold, for
 * every (N, noise, P) — and, with `--sigma-points`, every N_σ (`density.sigmaPoints`: the level
 * widths stop shrinking above N_σ points; `none` = σ follows every N; default: the model's own).
 * Never on a test set. The choice: the (P, N_σ) of the largest mean IoU over the cells with
 * N > 1000 (where the pass size matters), printed and written as `chosen`.
 *
 *   node --import tsx scripts/choose-pass-size.ts --model DIR --data CACHE [--shapes 78]
 *     [--points 20000] [--seed 1] [--input-points 1000,2000,3000] [--noises 0.0025,0.005,0.01]
 *     [--pass-sizes 1000,1500,3000] [--sigma-points none,1000,1500] [--out FILE.json]
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
    'sigma-points': { type: 'string' },
    out: { type: 'string' },
  },
});
if (!values.model || !values.data) {
  console.error('usage: choose-pass-size --model DIR --data CACHE');
  process.exit(2);
}
const list = (s: string): number[] => s.split(',').map(Number);
// N_σ candidates: undefined = the model's own setting, null = none (σ follows every N)
const sigmaList: Array<number | null | undefined> = values['sigma-points']
  ? values['sigma-points'].split(',').map((v) => (v === 'none' ? null : Number(v)))
  : [undefined];
const { dataset } = openTrainingDataset(values.data) as any;
type Row = { inputPoints: number; noise: number; passSize: number; subsets: number; sigmaPoints: number | null; meanIoU: number };
const rows: Row[] = [];
let threshold = NaN;
const t0 = performance.now();
for (const sigmaPoints of sigmaList) {
  const predictor = await OccupancyPredictor.create(values.model, sigmaPoints === undefined ? {} : { sigmaPoints });
  threshold = predictor.threshold;
  const nSigma = predictor.config.method === 'pcnn-occ' ? (predictor.config.density?.sigmaPoints ?? null) : null;
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
      const done = new Set<number>();
      for (const P of list(values['pass-sizes']!)) {
        const passSize = Math.min(P, inputPoints);
        if (done.has(passSize)) continue; // pass sizes ≥ N are all the one pass
        done.add(passSize);
        let sum = 0,
          k = 1;
        for (const s of val.shapes) {
          const { subsets } = chooseInputSubsets(s.input, passSize, 4, new Random(0));
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
        rows.push({ inputPoints, noise, passSize, subsets: k, sigmaPoints: nSigma, meanIoU: sum / val.shapes.length });
        console.log(
          `N ${inputPoints}, noise ${noise}, N_σ ${nSigma ?? 'none'}: pass ${passSize} × ${k} → mean val IoU ${(sum / val.shapes.length).toFixed(4)}`,
        );
      }
    }
  await predictor.close();
}
// the choice: over the cells with N > 1000, the (P, N_σ) with the largest mean; a P ≥ N of a cell
// counts as that cell's one pass
const dense = rows.filter((r) => r.inputPoints > 1000);
const keyOf = (P: number, nSigma: number | null): string => `${P}|${nSigma ?? 'none'}`;
const candidates = new Map<string, { passSize: number; sigmaPoints: number | null; sum: number; cells: number }>();
for (const P of list(values['pass-sizes']!))
  for (const r of dense) {
    if (r.passSize !== Math.min(P, r.inputPoints)) continue;
    const c = candidates.get(keyOf(P, r.sigmaPoints)) ?? { passSize: P, sigmaPoints: r.sigmaPoints, sum: 0, cells: 0 };
    c.sum += r.meanIoU;
    c.cells++;
    candidates.set(keyOf(P, r.sigmaPoints), c);
  }
const ranked = [...candidates.values()].map((c) => ({ ...c, mean: c.sum / c.cells })).sort((a, b) => b.mean - a.mean);
const chosen = ranked[0]
  ? {
      passSize: ranked[0].passSize,
      sigmaPoints: ranked[0].sigmaPoints,
      rule: `largest mean val IoU over the ${ranked[0].cells} (N, noise) cells with N > 1000: ${ranked
        .map((c) => `pass ${c.passSize}, N_σ ${c.sigmaPoints ?? 'none'} ${c.mean.toFixed(4)}`)
        .join('; ')}`,
    }
  : null;
if (chosen) console.log(`chosen: pass ${chosen.passSize}, N_σ ${chosen.sigmaPoints ?? 'none'} (${chosen.rule})`);
const result = {
  model: values.model,
  data: values.data,
  threshold,
  valSet: `${values.shapes} val shapes, ${values.points} uniform points each, seed ${values.seed}`,
  rows,
  chosen,
  seconds: (performance.now() - t0) / 1000,
};
if (values.out) atomicWriteFileSync(values.out, JSON.stringify(result, null, 2) + '\n');
