// What the reconstruction pipeline itself allows: each ground-truth mesh reconstructed from its
// *exact* occupancy, through the same `reconstruct` a cloud goes through (MISE 32³ → 128³,
// marching cubes on the log-odds, 10 Taubin iterations, cavity filling, mesh checks), and scored
// by the same protocol as the benchmarks (100 000 uniform points in [-0.55, 0.55]³ labelled by
// ray parity, 100 000 surface samples; src/eval/README.md). No network and no noise: the gap
// between this and a model's score is the model's; the gap between this and 1 is the grid's.
//
// The oracle's P(inside) is σ(−d/τ), d the signed distance to the mesh (negative inside), so its
// log-odds −d/τ are linear in d and marching cubes on them places each vertex where the linear
// interpolation of the distance between two grid nodes crosses 0 (the best a 128³ grid of
// exact values can do). τ = 0.002 (unit-cube units) keeps P within float32 over a voxel.
//
//   node --import tsx scripts/oracle-ceiling.ts --meshes ../shared/realval/meshes \
//     [--resolution 128] [--out bench/results/oracle-ceiling-realval.json]
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { atomicWriteFileSync } from '../src/io/atomicWrite.ts';
import { readMesh } from '../src/io/registry.ts';
import { applyNormalization, computeNormalization } from '../src/geometry/normalize.ts';
import { Bvh } from '../src/geometry/Bvh.ts';
import { insideMesh } from '../src/geometry/inside.ts';
import { sampleSurface } from '../src/geometry/sampleSurface.ts';
import { Random } from '../src/geometry/Random.ts';
import type { Mesh } from '../src/geometry/Mesh.ts';
import { reconstruct } from '../src/recon/reconstruct.ts';
import type { OccupancyModel } from '../src/recon/OccupancyModel.ts';
import { evaluateShape } from '../src/eval/evaluateShape.ts';
import { fscoreKey } from '../src/eval/metricKeys.ts';
import { machineInfo } from '../bench/machineInfo.ts';

const { values } = parseArgs({
  options: {
    meshes: { type: 'string' },
    resolution: { type: 'string', default: '128' },
    out: { type: 'string' },
    tau: { type: 'string', default: '0.002' },
  },
});
if (!values.meshes) {
  console.error('usage: oracle-ceiling.ts --meshes DIR [--resolution 128] [--out FILE]');
  process.exit(2);
}
const resolution = Number(values.resolution);
const tau = Number(values.tau);
const files = readdirSync(values.meshes)
  .filter((f) => /\.(ply|obj|off|stl)$/i.test(f))
  .sort();

/** P(inside) = σ(−d/τ) of the exact signed distance d to `gt` (unit-cube frame). */
function oracle(gt: Mesh): OccupancyModel {
  const bvh = new Bvh(gt);
  return {
    threshold: 0.5,
    config: { inputPoints: 300 },
    predict(_input, queries) {
      const inside = insideMesh(gt, queries, { bvh });
      const d = bvh.unsignedDistances(queries);
      const p = new Float32Array(d.length);
      for (let i = 0; i < d.length; i++) p[i] = 1 / (1 + Math.exp((inside[i] ? -d[i] : d[i]) / tau));
      return p;
    },
  };
}

const rows: { shape: string; iou: number; chamferL1: number; normalConsistency: number; f001: number; faces: number }[] = [];
for (const f of files) {
  const raw = readMesh(join(values.meshes, f));
  // The unit cube of the benchmarks' caches: centre of the bounding box at 0, longest side 1.
  const gt: Mesh = { positions: applyNormalization(raw.positions, computeNormalization(raw.positions)), faces: raw.faces };
  const rng = new Random(1);
  const uniformPoints = new Float32Array(3 * 100_000);
  for (let i = 0; i < uniformPoints.length; i++) uniformPoints[i] = rng.uniform(-0.55, 0.55);
  const uniformOccupancies = insideMesh(gt, uniformPoints);
  const s = sampleSurface(gt, 100_000, new Random(2));
  // The GT vertices as the "cloud": their box is the unit cube, so reconstruct's own normalisation
  // is the identity (up to rounding) and the mesh comes back in the GT's frame.
  const r = await reconstruct(gt.positions, oracle(gt), { resolution });
  const e = evaluateShape(
    r.mesh,
    { uniformPoints, uniformOccupancies, surface: { points: s.positions, normals: s.normals } },
    { rng: new Random(3) },
  );
  const m = e.metrics;
  rows.push({
    shape: basename(f).replace(/\.[^.]+$/, ''),
    iou: m.iou!,
    chamferL1: m.chamferL1!,
    normalConsistency: m.normalConsistency!,
    f001: m[fscoreKey(0.01)]!,
    faces: r.mesh.faces.length / 3,
  });
  const row = rows[rows.length - 1];
  console.log(
    `${row.shape.padEnd(16)} IoU ${row.iou.toFixed(4)}  Chamfer-L1 ${row.chamferL1.toFixed(5)}  NC ${row.normalConsistency.toFixed(4)}`,
  );
}
const mean = (k: 'iou' | 'chamferL1' | 'normalConsistency' | 'f001') => rows.reduce((a, r) => a + r[k], 0) / rows.length;
const summary = { iou: mean('iou'), chamferL1: mean('chamferL1'), normalConsistency: mean('normalConsistency'), f001: mean('f001') };
console.log(
  `mean over ${rows.length}: IoU ${summary.iou.toFixed(4)}, Chamfer-L1 ${summary.chamferL1.toFixed(5)}, NC ${summary.normalConsistency.toFixed(4)}, F@0.01 ${summary.f001.toFixed(4)}`,
);
if (values.out)
  atomicWriteFileSync(
    values.out,
    JSON.stringify(
      {
        what: 'each mesh reconstructed from its exact occupancy σ(−d/τ) by the default reconstruct pipeline, scored by the benchmark protocol (scripts/oracle-ceiling.ts)',
        date: new Date().toISOString(),
        machine: machineInfo(),
        command: `node --import tsx scripts/oracle-ceiling.ts ${process.argv.slice(2).join(' ')}`,
        meshes: values.meshes,
        resolution,
        tau,
        mean: summary,
        perShape: rows,
      },
      null,
      1,
    ) + '\n',
  );
