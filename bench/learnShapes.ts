// The eight shapes of `bench:learn` (one training shape from each of the first 8 ProcShapes
// classes), shared by bench/learn.bench.ts and bench/learn-bounds.bench.ts.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeMesh } from '../src/io/registry.ts';
import { buildCache } from '../src/data/buildCache.ts';
import { CacheDataset } from '../src/data/CacheDataset.ts';
import type { LoadOptions, ShapeDataset, ShapeRef, ShapeSample, Split } from '../src/data/ShapeDataset.ts';
import { drawInput } from '../src/eval/experiments/drawInput.ts';
import { shapeKey } from '../src/data/ShapeDataset.ts';

/** The 8 training shapes as both the train and the val split (the benchmark measures fitting). */
export class EightShapes implements ShapeDataset {
  /** With `fixedInputs`, each shape's surface samples are replaced by its one fixed input. */
  constructor(readonly base: ShapeDataset, readonly refs: ShapeRef[], readonly fixedInputs: Map<string, Float32Array> | null = null) {}
  categories(): string[] { return [...new Set(this.refs.map((r) => r.category))].sort(); }
  shapes(split?: Split): ShapeRef[] {
    if (split === 'test') return [];
    return this.refs.map((r) => ({ ...r, split: split ?? 'train' }));
  }
  async load(ref: ShapeRef, o?: LoadOptions): Promise<ShapeSample> {
    const s = await this.base.load(ref, o);
    const fixed = this.fixedInputs?.get(shapeKey(ref));
    return fixed ? { ...s, surfacePoints: fixed, surfaceNormals: new Float32Array(0) } : s;
  }
}

/** One noisy input per shape, drawn as the experiments draw their test inputs (`drawInput`). */
export async function drawFixedInputs(ds: ShapeDataset, refs: ShapeRef[], points: number, noise: number): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  for (const ref of refs) {
    const s = await ds.load(ref, { uniform: false, eval: false, normals: false });
    out.set(shapeKey(ref), drawInput(s.surfacePoints, { points, noise, seed: 0 }, shapeKey(ref)));
  }
  return out;
}

/** One training shape from each of the first 8 classes (sorted), the first listed per class. */
export function pickEight(ds: ShapeDataset): ShapeRef[] {
  const train = ds.shapes('train');
  const out: ShapeRef[] = [];
  for (const c of ds.categories()) {
    const r = train.find((t) => t.category === c);
    if (r) out.push(r);
    if (out.length === 8) break;
  }
  if (out.length < 8) out.push(...train.filter((t) => !out.includes(t)).slice(0, 8 - out.length));
  return out;
}

export async function openData(tmp: string): Promise<{ ds: ShapeDataset; source: string; meshes: string | null }> {
  const cached = process.env.BENCH_LEARN_CACHE ?? '/work/data/procshapes-cache';
  if (existsSync(join(cached, 'manifest.json'))) {
    const meshes = process.env.BENCH_LEARN_MESHES ?? '/work/data/procshapes';
    return { ds: CacheDataset.open(cached), source: cached, meshes: existsSync(meshes) ? meshes : null };
  }
  // Generate one shape of each of 8 classes and build a cache with the default settings.
  const { loadManifold } = await import('../src/data/procshapes/manifoldKernel.ts');
  const { generateShape } = await import('../src/data/procshapes/generateShape.ts');
  const { PROCSHAPES_CLASSES } = await import('../src/data/procshapes/classes/index.ts');
  const k = await loadManifold();
  for (const cls of PROCSHAPES_CLASSES.slice(0, 8)) {
    const s = generateShape(k, cls, 0, 0);
    writeMesh(join(tmp, 'meshes', cls.name, `${s.id}.ply`), s.mesh);
  }
  const out = join(tmp, 'cache');
  await buildCache({ meshes: join(tmp, 'meshes'), out, workers: 2, progress: false, log: () => {} });
  const ds = CacheDataset.open(out);
  // Tiny per-class folders are split 1/0/0 or similar; use every shape for training.
  const all = ds.shapes().map((r) => ({ ...r, split: 'train' as Split }));
  return { ds: new EightShapes(ds, all), source: 'generated (ProcShapes seed 0, index 0 of 8 classes)', meshes: join(tmp, 'meshes') };
}
