import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { InputError } from '../errors.ts';
import type { NpyArray } from '../io/npy.ts';
import { readNpzMembers } from './shapeNpz.ts';
import { readSplitLists } from './scanMeshFolder.ts';
import { unpackBits } from './packBits.ts';
import { SPLITS, type LoadOptions, type ShapeDataset, type ShapeRef, type ShapeSample, type Split } from './ShapeDataset.ts';

/** Options of {@link OnetDataset.open}. */
export interface OnetDatasetOptions {
  /** Only these category ids (default: every sub-folder of the root). */
  categories?: string[];
}

/**
 * The Occupancy Networks preprocessed ShapeNet layout (docs/design.md §3) as a {@link ShapeDataset}:
 * `<root>/metadata.yaml` (optional: category id → {id, name}), `<root>/<category>/{train,val,test}.lst`,
 * `<root>/<category>/<model>/points.npz` (`points` [N,3] usually float16, `occupancies`
 * np.packbits, `loc`, `scale`) and `pointcloud.npz` (`points`, `normals`).
 *
 * As in ONet, `points.npz` is both the training query set and the IoU set (its points are
 * uniform in the padded box), and `pointcloud.npz` is both the input surface set and the
 * evaluation set. Coordinates are returned as stored: ONet stores normalised coordinates, and
 * `loc`/`scale` map them back to the mesh (original = point · scale + loc).
 */
export class OnetDataset implements ShapeDataset {
  readonly root: string;
  /** Category id → human name from metadata.yaml (absent when there is none). */
  readonly names: Map<string, string>;
  private readonly cats: string[];
  private readonly lists: Map<string, Record<Split, string[]>>;

  private constructor(root: string, cats: string[], names: Map<string, string>, lists: Map<string, Record<Split, string[]>>) {
    this.root = root;
    this.cats = cats;
    this.names = names;
    this.lists = lists;
  }

  /**
   * Opens a dataset root: reads metadata.yaml (if any) and every category's split lists.
   * @throws InputError 'not-found' when the root is not a folder or a requested category is
   *   missing; 'bad-header' for unreadable metadata.yaml.
   */
  static open(root: string, options: OnetDatasetOptions = {}): OnetDataset {
    if (!existsSync(root) || !statSync(root).isDirectory()) throw new InputError('not-found', root, 'not a folder');
    const names = new Map<string, string>();
    const metaPath = join(root, 'metadata.yaml');
    if (existsSync(metaPath)) {
      let meta: unknown;
      try {
        // The failsafe schema keeps every scalar a string: ids such as 02691156 must not become numbers.
        meta = parseYaml(readFileSync(metaPath, 'utf8'), { schema: 'failsafe' });
      } catch (e) {
        throw new InputError('bad-header', metaPath, `cannot parse YAML (${(e as Error).message})`);
      }
      if (meta && typeof meta === 'object') {
        for (const [id, v] of Object.entries(meta as Record<string, unknown>)) {
          const name = v && typeof v === 'object' ? (v as Record<string, unknown>).name : undefined;
          names.set(id, typeof name === 'string' ? name : id);
        }
      }
    }
    const present = readdirSync(root, { withFileTypes: true })
      .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
      .map((d) => d.name)
      .sort();
    let cats = present;
    if (options.categories) {
      for (const c of options.categories)
        if (!present.includes(c)) throw new InputError('not-found', join(root, c), 'category folder not found');
      cats = [...options.categories].sort();
    }
    const lists = new Map<string, Record<Split, string[]>>();
    for (const c of cats) lists.set(c, readSplitLists(join(root, c)) ?? { train: [], val: [], test: [] });
    return new OnetDataset(root, cats, names, lists);
  }

  categories(): string[] {
    return [...this.cats];
  }

  shapes(split?: Split): ShapeRef[] {
    const out: ShapeRef[] = [];
    for (const c of this.cats) {
      const l = this.lists.get(c)!;
      for (const s of split ? [split] : SPLITS) for (const id of l[s]) out.push({ category: c, id, split: s });
    }
    return out;
  }

  /**
   * Reads `points.npz` and `pointcloud.npz` of one model. `options.uniform`/`eval` only decide
   * whether the same arrays are also offered as `uniformPoints`/`evalPoints`; `normals: false`
   * skips decoding the normals.
   * @throws InputError for missing files or arrays, or inconsistent array sizes.
   */
  async load(ref: ShapeRef, options: LoadOptions = {}): Promise<ShapeSample> {
    const dir = join(this.root, ref.category, ref.id);
    const wantNormals = options.normals ?? true;
    const [pts, pc] = await Promise.all([
      this.readNpz(join(dir, 'points.npz'), () => true),
      this.readNpz(join(dir, 'pointcloud.npz'), (n) => n === 'points' || (n === 'normals' && (wantNormals || (options.eval ?? true)))),
    ]);
    const pFile = join(dir, 'points.npz');
    const cFile = join(dir, 'pointcloud.npz');
    const queryPoints = points(pts, 'points', pFile);
    const nq = queryPoints.length / 3;
    const occ = need(pts, 'occupancies', pFile);
    let queryOccupancies: Uint8Array;
    const packedLen = Math.ceil(nq / 8);
    if (occ.dtype !== 'bool' && occ.data.length === packedLen) queryOccupancies = unpackBits(occ.data as Uint8Array, nq);
    else if (occ.data.length === nq) queryOccupancies = Uint8Array.from(occ.data, (v) => (v ? 1 : 0));
    else
      throw new InputError(
        'bad-value',
        pFile,
        `'occupancies' has ${occ.data.length} elements for ${nq} points (expected ${packedLen} packed bytes or ${nq} values)`,
      );
    const surfacePoints = points(pc, 'points', cFile);
    const normals = pc.has('normals') ? points(pc, 'normals', cFile) : new Float32Array(0);
    if (pc.has('normals') && normals.length !== surfacePoints.length)
      throw new InputError('bad-value', cFile, "'normals' and 'points' differ in length");
    const locA = pts.get('loc') ?? pc.get('loc');
    const scaleA = pts.get('scale') ?? pc.get('scale');
    const sample: ShapeSample = {
      category: ref.category,
      id: ref.id,
      surfacePoints,
      surfaceNormals: wantNormals ? normals : new Float32Array(0),
      queryPoints,
      queryOccupancies,
      loc: locA && locA.data.length === 3 ? [Number(locA.data[0]), Number(locA.data[1]), Number(locA.data[2])] : [0, 0, 0],
      scale: scaleA && scaleA.data.length === 1 ? Number(scaleA.data[0]) : 1,
    };
    if (options.uniform ?? true) {
      sample.uniformPoints = queryPoints;
      sample.uniformOccupancies = queryOccupancies;
    }
    if ((options.eval ?? true) && normals.length > 0) {
      sample.evalPoints = surfacePoints;
      sample.evalNormals = normals;
    }
    return sample;
  }

  private async readNpz(path: string, keep: (name: string) => boolean): Promise<Map<string, NpyArray>> {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch (e) {
      throw new InputError('not-found', path, `cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    return readNpzMembers(bytes, path, keep);
  }
}

function need(m: Map<string, NpyArray>, name: string, file: string): NpyArray {
  const a = m.get(name);
  if (!a) throw new InputError('no-geometry', file, `no '${name}' array (it has: ${[...m.keys()].join(', ') || 'nothing'})`);
  return a;
}

function points(m: Map<string, NpyArray>, name: string, file: string): Float32Array {
  const a = need(m, name, file);
  if (a.shape.length !== 2 || a.shape[1] !== 3)
    throw new InputError('bad-value', file, `'${name}' has shape (${a.shape.join(', ')}), expected (N, 3)`);
  return a.data instanceof Float32Array ? a.data : Float32Array.from(a.data);
}
