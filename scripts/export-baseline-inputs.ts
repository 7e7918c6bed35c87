/**
 * Writes the inputs of the baseline comparison (reports/baselines): for every shape of one split
 * of a pointocc cache, `points` of its surface samples chosen at random plus Gaussian noise of std
 * `noise` (unit-cube units, docs/design.md §2), as `<out>/<category>/<id>.xyz`, in the cache's unit-cube
 * frame (so the meshes made from them are scored by `pointocc eval --data` without moving them).
 * One Random(seed) draws all clouds in the cache's shape order, so the same arguments always
 * give the same files. Also writes `<out>/inputs.json` (settings and the shape list).
 *
 *   node --import tsx scripts/export-baseline-inputs.ts --cache DIR --out DIR
 *     [--split test] [--points 300] [--noise 0.005] [--seed 20240601] [--limit N per class]
 */
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CacheDataset } from '../src/data/CacheDataset.ts';
import type { Split } from '../src/data/ShapeDataset.ts';
import { Random } from '../src/geometry/Random.ts';
import { writePointCloud } from '../src/io/registry.ts';
import { atomicWriteFileSync } from '../src/io/atomicWrite.ts';

const { values: a } = parseArgs({
  options: {
    cache: { type: 'string' },
    out: { type: 'string' },
    split: { type: 'string', default: 'test' },
    points: { type: 'string', default: '300' },
    noise: { type: 'string', default: '0.005' },
    seed: { type: 'string', default: '20240601' },
    limit: { type: 'string' },
  },
});
if (!a.cache || !a.out) {
  console.error(
    'usage: export-baseline-inputs.ts --cache DIR --out DIR [--split test] [--points 300] [--noise 0.005] [--seed S] [--limit N]',
  );
  process.exit(2);
}
const points = Number(a.points),
  noise = Number(a.noise),
  seed = Number(a.seed);
const limit = a.limit === undefined ? Infinity : Number(a.limit);
const ds = CacheDataset.open(a.cache);
const rng = new Random(seed);
const perClass = new Map<string, number>();
const shapes: { category: string; id: string; file: string }[] = [];
for (const ref of ds.shapes(a.split as Split)) {
  const seen = perClass.get(ref.category) ?? 0;
  if (seen >= limit) continue;
  perClass.set(ref.category, seen + 1);
  const s = await ds.load(ref, { uniform: false, eval: false, normals: false });
  const nS = s.surfacePoints.length / 3;
  const pick = rng.choose(nS, Math.min(points, nS));
  const cloud = new Float32Array(3 * pick.length);
  for (let i = 0; i < pick.length; i++) {
    for (let c = 0; c < 3; c++) cloud[3 * i + c] = s.surfacePoints[3 * pick[i] + c] + rng.normal(0, noise);
  }
  mkdirSync(join(a.out, ref.category), { recursive: true });
  const file = join(ref.category, `${ref.id}.xyz`);
  writePointCloud(join(a.out, file), { positions: cloud });
  shapes.push({ category: ref.category, id: ref.id, file });
}
atomicWriteFileSync(
  join(a.out, 'inputs.json'),
  JSON.stringify({ cache: a.cache, split: a.split, points, noise, seed, frame: 'unit cube of the cache', shapes }, null, 2) + '\n',
);
console.log(`wrote ${shapes.length} clouds to ${a.out}`);
