/**
 * Writes a ProcShapes dataset (docs/design.md §3): ProcShapes-13 by default, or any selection of
 * the corpus families (`corpus.ts`), each family a "class" with its own folder:
 *
 * ```
 * DIR/<class>/<class>_NNNN.ply        binary PLY, normalised to the unit cube (§2)
 * DIR/<class>/{train,val,test}.lst    ids, one per line (80/10/10, seeded)
 * DIR/manifest.json                   generator version, seed, per-class counts, per-shape variant
 *                                     (and, for corpus families that state one, thickness)
 * ```
 *
 * (`pointocc data procshapes` adds DIR/contact-sheets/<class>.png, the first 16 shapes of each
 * class rendered by src/render, through `onShape` and `onClassDone`: data/ does not draw.)
 *
 * Every file is written atomically. All outputs depend only on (seed, per-class count, class
 * list, generator version): no timings, dates or host names go into them.
 */
import { join } from 'node:path';
import { atomicWriteFileSync } from '../../io/atomicWrite.ts';
import { writeMesh } from '../../io/registry.ts';
import { PROCSHAPES_CLASSES } from './classes/index.ts';
import { CORPUS_FAMILIES, corpusFamily, generatorVersion } from './corpus.ts';
import { generateShape, shapeId, type GeneratedShape } from './generateShape.ts';
import { loadManifold } from './manifoldKernel.ts';
import type { ShapeClass } from './ShapeClass.ts';
import { splitIndices } from './splits.ts';

export interface ProcShapesOptions {
  /** Output folder (created if missing). */
  out: string;
  /** Shapes per class (integer ≥ 1; default 16). */
  perClass?: number;
  /** Dataset seed (integer ≥ 0; default 0). */
  seed?: number;
  /** Class (family) names to generate, from the whole corpus (default the 13 of ProcShapes-13). */
  classes?: string[];
  /** Called after each shape's mesh is written. */
  onShape?: (shape: GeneratedShape) => void;
  /** Called after each class's meshes and split lists are written. */
  onClassDone?: (className: string) => void;
  /** Called after each shape: shapes done, total, the id just written. */
  onProgress?: (done: number, total: number, id: string) => void;
}

export interface ProcShapesManifestShape {
  id: string;
  variant: string;
  split: 'train' | 'val' | 'test';
  vertices: number;
  faces: number;
  genus: number;
  /** Thinnest designed wall / fin / wire, unit-cube units (corpus families that state one). */
  thickness?: number;
}

export interface ProcShapesManifest {
  generator: string;
  seed: number;
  perClass: number;
  /** Coordinate convention of every mesh. */
  frame: string;
  classes: {
    name: string;
    count: number;
    splits: { train: number; val: number; test: number };
    variants: string[];
    shapes: ProcShapesManifestShape[];
  }[];
}

export interface ProcShapesResult {
  manifest: ProcShapesManifest;
  /** Wall-clock seconds per class for building + writing its meshes (not in the manifest). */
  secondsPerClass: Record<string, number>;
}

/**
 * Generates the dataset. Shapes are independent of generation order (see `shapeSeed.ts`), so a
 * class subset or a larger `perClass` reproduces the same shapes for the same indices.
 * @throws RangeError for a bad option value or an unknown class name.
 */
export async function generateProcShapes(opts: ProcShapesOptions): Promise<ProcShapesResult> {
  const perClass = opts.perClass ?? 16;
  const seed = opts.seed ?? 0;
  if (!(Number.isSafeInteger(perClass) && perClass >= 1)) throw new RangeError(`perClass must be an integer ≥ 1, got ${perClass}`);
  if (!(Number.isSafeInteger(seed) && seed >= 0)) throw new RangeError(`seed must be an integer ≥ 0, got ${seed}`);
  const classes: ShapeClass[] = (opts.classes ?? PROCSHAPES_CLASSES.map((c) => c.name)).map((n) => {
    const c = corpusFamily(n);
    if (!c) throw new RangeError(`unknown ProcShapes class "${n}" (known: ${CORPUS_FAMILIES.map((k) => k.name).join(', ')})`);
    return c;
  });
  const k = await loadManifold();
  const total = perClass * classes.length;
  let done = 0;
  const manifest: ProcShapesManifest = {
    generator: generatorVersion(classes.map((c) => c.name)),
    seed,
    perClass,
    frame: 'y up, front towards +z; bounding box centred at the origin, longest side 1',
    classes: [],
  };
  const secondsPerClass: Record<string, number> = {};

  for (const cls of classes) {
    const t0 = performance.now();
    const split = splitIndices(perClass, seed, cls.name);
    const splitOf = new Map<number, 'train' | 'val' | 'test'>();
    for (const s of ['train', 'val', 'test'] as const) for (const i of split[s]) splitOf.set(i, s);
    const shapes: ProcShapesManifestShape[] = [];
    for (let i = 0; i < perClass; i++) {
      const g = generateShape(k, cls, i, seed);
      writeMesh(join(opts.out, cls.name, `${g.id}.ply`), g.mesh);
      shapes.push({
        id: g.id,
        variant: g.variant,
        split: splitOf.get(i)!,
        vertices: g.mesh.positions.length / 3,
        faces: g.mesh.faces.length / 3,
        genus: g.genus,
      });
      // Rounded to 1e-5 (0.001 % of the unit cube) so the manifest does not carry float noise.
      if (g.thickness !== undefined) shapes[shapes.length - 1].thickness = Math.round(g.thickness * 1e5) / 1e5;
      opts.onShape?.(g);
      done++;
      opts.onProgress?.(done, total, g.id);
    }
    for (const s of ['train', 'val', 'test'] as const) {
      atomicWriteFileSync(
        join(opts.out, cls.name, `${s}.lst`),
        split[s].map((i) => shapeId(cls.name, i)).join('\n') + (split[s].length ? '\n' : ''),
      );
    }
    opts.onClassDone?.(cls.name);
    manifest.classes.push({
      name: cls.name,
      count: perClass,
      splits: { train: split.train.length, val: split.val.length, test: split.test.length },
      variants: cls.variants.map((v) => v.name),
      shapes,
    });
    secondsPerClass[cls.name] = (performance.now() - t0) / 1000;
  }
  atomicWriteFileSync(join(opts.out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return { manifest, secondsPerClass };
}
