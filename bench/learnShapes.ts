// The eight shapes of `bench:learn` and `bench:learn-bounds` and the data made from them.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeMesh } from '../src/io/registry.ts';
import { buildCache } from '../src/data/buildCache.ts';
import type { BuildSettings } from '../src/data/BuildSettings.ts';
import { CacheDataset } from '../src/data/CacheDataset.ts';
import type { LoadOptions, ShapeDataset, ShapeRef, ShapeSample, Split } from '../src/data/ShapeDataset.ts';
import { drawInput } from '../src/eval/experiments/drawInput.ts';
import { shapeKey } from '../src/data/ShapeDataset.ts';
import { generateShape, shapeId } from '../src/data/procshapes/generateShape.ts';

/**
 * (class, index) of the eight shapes: the first training shape of each of the first 8 classes of
 * ProcShapes-13 with seed 0 (`pointocc data procshapes`), so the bench's shapes are byte for byte
 * those of the default dataset.
 */
export const LEARN_SHAPES: readonly (readonly [string, number])[] = [
  ['airplane', 2],
  ['bench', 0],
  ['cabinet', 0],
  ['car', 0],
  ['chair', 0],
  ['display', 1],
  ['lamp', 0],
  ['loudspeaker', 0],
];

/** The 8 training shapes as both the train and the val split (the benchmark measures fitting). */
export class EightShapes implements ShapeDataset {
  /** With `fixedInputs`, each shape's surface samples are replaced by its one fixed input. */
  constructor(
    readonly base: ShapeDataset,
    readonly refs: ShapeRef[],
    readonly fixedInputs: Map<string, Float32Array> | null = null,
  ) {}
  categories(): string[] {
    return [...new Set(this.refs.map((r) => r.category))].sort();
  }
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
export async function drawFixedInputs(
  ds: ShapeDataset,
  refs: ShapeRef[],
  points: number,
  noise: number,
): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  for (const ref of refs) {
    const s = await ds.load(ref, { uniform: false, eval: false, normals: false });
    out.set(shapeKey(ref), drawInput(s.surfacePoints, { points, noise, seed: 0 }, shapeKey(ref)));
  }
  return out;
}

export interface LearnData {
  /** The eight shapes (train = val = all eight). */
  ds: EightShapes;
  /** Where the data came from, for the result file. */
  source: string;
  /** The labelled training queries per shape (near, far, box). */
  queries: { near: number; far: number; box: number };
  /** Folder of the meshes (<class>/<id>.ply), or null when unknown (a given cache). */
  meshes: string | null;
}

/**
 * The eight shapes' data. By default the meshes are generated (ProcShapes, seed 0) into `tmp`
 * and a cache is built there with `labels` (counts of labelled training queries; the uniform
 * IoU points do not depend on them, so every label setting is scored on the same points).
 * `BENCH_LEARN_CACHE` names a prebuilt cache holding the eight shapes instead (its own label
 * counts; meshes from `BENCH_LEARN_MESHES` when set).
 */
/** The label counts of `--near/--far/--box-queries` (parsed with parseArgs, as strings). */
export function labelCounts(args: {
  near?: string;
  far?: string;
  'box-queries'?: string;
}): Pick<BuildSettings, 'nearQueries' | 'farQueries' | 'boxQueries'> {
  return { nearQueries: Number(args.near), farQueries: Number(args.far), boxQueries: Number(args['box-queries']) };
}

export async function openLearnData(
  tmp: string,
  labels: Pick<BuildSettings, 'nearQueries' | 'farQueries' | 'boxQueries'>,
): Promise<LearnData> {
  const given = process.env.BENCH_LEARN_CACHE;
  let cache: string, meshes: string | null, source: string;
  if (given) {
    if (!existsSync(join(given, 'manifest.json'))) throw new Error(`BENCH_LEARN_CACHE=${given} is not a pointocc cache (no manifest.json)`);
    cache = given;
    meshes = process.env.BENCH_LEARN_MESHES ?? null;
    source = given;
  } else {
    const { loadManifold } = await import('../src/data/procshapes/manifoldKernel.ts');
    const { PROCSHAPES_CLASSES } = await import('../src/data/procshapes/classes/index.ts');
    const k = await loadManifold();
    meshes = join(tmp, 'meshes');
    for (const [name, index] of LEARN_SHAPES) {
      const cls = PROCSHAPES_CLASSES.find((c) => c.name === name)!;
      const s = generateShape(k, cls, index, 0);
      writeMesh(join(meshes, cls.name, `${s.id}.ply`), s.mesh);
    }
    cache = join(tmp, 'cache');
    await buildCache({ meshes, out: cache, workers: 2, settings: labels, progress: false, log: () => {} });
    source = 'generated: ProcShapes seed 0, ' + LEARN_SHAPES.map(([c, i]) => `${c}#${i}`).join(', ');
  }
  const base = CacheDataset.open(cache);
  const all = base.shapes();
  const refs = LEARN_SHAPES.map(([c, i]) => {
    const id = shapeId(c, i);
    const r = all.find((s) => s.category === c && s.id === id);
    if (!r) throw new Error(`${source}: no shape ${c}/${id}`);
    return { ...r, split: 'train' as Split };
  });
  const st = base.manifest.settings;
  return { ds: new EightShapes(base, refs), source, queries: { near: st.nearQueries, far: st.farQueries, box: st.boxQueries }, meshes };
}
