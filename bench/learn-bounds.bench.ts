// What IoU can `bench:learn` hope for on its 8 shapes? Two references, no network involved, on the
// very points and labels bench:learn scores (its validation set: 20 000 uniform points per shape,
// seed 0):
//  - boundary precision: the ground truth with its surface moved inwards (erode) or outwards
//    (dilate) by δ — the IoU of a reconstruction whose surface is everywhere δ off;
//  - label lookup: each point takes the label of the nearest of the shape's labelled training
//    queries (the IoU of memorising the training labels and nothing else); by default docs/design.md §3's
//    6144 near + 2048 far, other counts with --near/--far/--box-queries.
// Run: npm run bench:learn-bounds [-- --result FILE --near 6144 --far 2048 --box-queries 0]
//   → bench/results/learn-bounds.json
// Meshes and data: generated and built in a temp folder (learnShapes.ts), or BENCH_LEARN_CACHE
// with BENCH_LEARN_MESHES.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { atomicWriteFileSync } from '../src/io/atomicWrite.ts';
import { readMesh } from '../src/io/registry.ts';
import { Bvh } from '../src/geometry/Bvh.ts';
import { KdTree } from '../src/geometry/KdTree.ts';
import { buildValidationSet } from '../src/train/ValidationSet.ts';
import { labelCounts, openLearnData } from './learnShapes.ts';
import { machineInfo } from './machineInfo.ts';

const { values: args } = parseArgs({
  options: {
    result: { type: 'string' },
    near: { type: 'string', default: '6144' },
    far: { type: 'string', default: '2048' },
    'box-queries': { type: 'string', default: '0' },
  },
});
const DELTAS = [0.001, 0.0025, 0.005, 0.01];

const tmp = mkdtempSync(join(tmpdir(), 'pointocc-bench-learn-bounds-'));
try {
  const { ds, source, meshes, queries } = await openLearnData(tmp, labelCounts(args));
  if (!meshes) throw new Error('bench:learn-bounds needs the meshes of the cached shapes: set BENCH_LEARN_MESHES');
  // the same validation set as bench:learn's trainer builds (train.ts: valSplit 'val', seed 0)
  const vs = await buildValidationSet(ds, { split: 'val', shapes: 8, points: 20000, inputPoints: 300, noise: 0.005, seed: 0 });
  const shapes: {
    shape: string;
    insidePoints: number;
    erode: Record<string, number>;
    dilate: Record<string, number>;
    labelLookup: number;
    trainingQueries: number;
  }[] = [];
  for (const [j, v] of vs.shapes.entries()) {
    const ref = vs.refs[j];
    const bvh = new Bvh(readMesh(join(meshes, ref.category, `${ref.id}.ply`)));
    const dist = bvh.unsignedDistances(v.points);
    const U = v.labels.length;
    let inside = 0;
    for (let i = 0; i < U; i++) inside += v.labels[i];
    const erode: Record<string, number> = {},
      dilate: Record<string, number> = {};
    for (const d of DELTAS) {
      let kept = 0,
        added = 0;
      for (let i = 0; i < U; i++) {
        if (v.labels[i] && dist[i] > d) kept++;
        if (!v.labels[i] && dist[i] < d) added++;
      }
      erode[d] = round(kept / inside);
      dilate[d] = round(inside / (inside + added));
    }
    const sample = await ds.load(ref, { uniform: false, eval: false, normals: false });
    const { indices } = new KdTree(sample.queryPoints).knnAll(v.points, 1);
    let inter = 0,
      union = 0;
    for (let i = 0; i < U; i++) {
      const p = sample.queryOccupancies[indices[i]],
        g = v.labels[i];
      if (p && g) inter++;
      if (p || g) union++;
    }
    shapes.push({
      shape: `${ref.category}/${ref.id}`,
      insidePoints: inside,
      erode,
      dilate,
      labelLookup: round(inter / union),
      trainingQueries: sample.queryOccupancies.length,
    });
    process.stderr.write(
      `${ref.id.padEnd(18)} inside ${String(inside).padStart(5)}  erode ${DELTAS.map((d) => erode[d].toFixed(3)).join(' ')}  dilate ${DELTAS.map((d) => dilate[d].toFixed(3)).join(' ')}  label lookup ${round(inter / union).toFixed(3)}\n`,
    );
  }
  const mean = (f: (s: (typeof shapes)[number]) => number): number => round(shapes.reduce((t, s) => t + f(s), 0) / shapes.length);
  const result = {
    date: new Date().toISOString(),
    machine: machineInfo(),
    data: source,
    labelledQueriesPerShape: queries,
    deltas: DELTAS,
    mean: {
      erode: Object.fromEntries(DELTAS.map((d) => [d, mean((s) => s.erode[d])])),
      dilate: Object.fromEntries(DELTAS.map((d) => [d, mean((s) => s.dilate[d])])),
      labelLookup: mean((s) => s.labelLookup),
    },
    shapes,
  };
  const path = args.result ?? join(dirname(fileURLToPath(import.meta.url)), 'results', 'learn-bounds.json');
  atomicWriteFileSync(path, JSON.stringify(result, null, 2) + '\n');
  process.stderr.write(
    `mean: erode ${DELTAS.map((d) => `${d}: ${result.mean.erode[d]}`).join(', ')}; dilate ${DELTAS.map((d) => `${d}: ${result.mean.dilate[d]}`).join(', ')}; label lookup ${result.mean.labelLookup}; written to ${path}\n`,
  );
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
