/**
 * Runs pointocc's classical baselines (src/recon/baselines.ts, named in the registry src/methods/) — and, for
 * comparison on the same clouds, a learned method with its model (`--model DIR`, default the
 * bundled default model; `reconstruct` defaults) — on the clouds written by
 * scripts/export-baseline-inputs.ts and writes `<out>/<method>/<category>/<id>.ply` (unit-cube
 * frame, as the inputs) and `<out>/<method>-timings.json`. The clouds are already in the unit-cube
 * frame of the ground truth, so they go to the methods as they are (no re-normalisation).
 * Score with `pointocc eval --pred <out>/<method> --data <cache>`.
 *
 *   node --import tsx scripts/run-baselines.ts --inputs DIR --out DIR [--methods poisson,bpa,hull,pcnn-occ]
 *     [--resolution 128] [--model DIR]
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { readPointCloud, writeMesh } from '../src/io/registry.ts';
import { atomicWriteFileSync } from '../src/io/atomicWrite.ts';
import { checkMesh } from '../src/geometry/meshChecks.ts';
import { getMethod } from '../src/methods/index.ts';
import { DEFAULT_MODEL_DIR, loadModel, reconstructCloud } from '../src/index.ts';

const { values: a } = parseArgs({
  options: {
    inputs: { type: 'string' },
    out: { type: 'string' },
    methods: { type: 'string', default: 'poisson,bpa,hull' },
    resolution: { type: 'string' },
    smoothing: { type: 'string' },
    screening: { type: 'string' },
    tag: { type: 'string' },
    model: { type: 'string' },
  },
});
if (!a.inputs || !a.out) {
  console.error(
    'usage: run-baselines.ts --inputs DIR --out DIR [--methods poisson,bpa,hull] [--resolution R] [--smoothing S] [--screening A] [--tag NAME]',
  );
  process.exit(2);
}
const meta = JSON.parse(readFileSync(join(a.inputs, 'inputs.json'), 'utf8')) as {
  shapes: { category: string; id: string; file: string }[];
};
const opts = {
  resolution: a.resolution === undefined ? undefined : Number(a.resolution),
  smoothing: a.smoothing === undefined ? undefined : Number(a.smoothing),
  screening: a.screening === undefined ? undefined : Number(a.screening),
};
for (const name of a.methods.split(',')) {
  const method = getMethod(name);
  const model = method.learned ? await loadModel(a.model ?? DEFAULT_MODEL_DIR) : null;
  if (model && model.config.method !== name) throw new Error(`--model ${a.model} holds a ${model.config.method} model, not ${name}`);
  const folder = a.tag ? `${name}-${a.tag}` : name;
  const timings: Record<string, { seconds: number; faces: number; watertight: boolean }> = {};
  let total = 0;
  for (const s of meta.shapes) {
    const cloud = readPointCloud(join(a.inputs, s.file)).positions;
    const t = performance.now();
    const mesh = method.learned
      ? (await reconstructCloud(cloud, model!, { resolution: opts.resolution, seed: 0 })).mesh
      : await method.reconstruct(cloud, { ...opts, seed: 0 });
    const seconds = (performance.now() - t) / 1000;
    total += seconds;
    mkdirSync(join(a.out, folder, s.category), { recursive: true });
    writeMesh(join(a.out, folder, s.category, `${s.id}.ply`), { positions: mesh.positions, faces: mesh.faces });
    const c = checkMesh(mesh);
    timings[`${s.category}/${s.id}`] = { seconds, faces: c.faces, watertight: c.watertight };
  }
  const n = meta.shapes.length;
  const wt = Object.values(timings).filter((t) => t.watertight).length;
  atomicWriteFileSync(
    join(a.out, `${folder}-timings.json`),
    JSON.stringify({ method: name, options: opts, meanSeconds: total / n, watertight: wt, shapes: timings }, null, 1) + '\n',
  );
  console.log(`${folder}: ${n} shapes, mean ${(total / n).toFixed(2)} s, watertight ${wt}/${n}`);
  await model?.close();
}
