import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';
import { InputError } from '../errors.ts';
import { Random } from '../geometry/Random.ts';
import { deriveSeed } from './shapeSeed.ts';
import { SPLITS, type Split } from './ShapeDataset.ts';

/** Mesh file extensions the builder picks up (lower case). */
export const MESH_EXTENSIONS: readonly string[] = ['.obj', '.off', '.ply', '.stl'];

/** One mesh found in a mesh folder. */
export interface MeshEntry {
  /** Category = name of the top-level sub-folder. */
  category: string;
  /** Path inside the category folder without extension, '/'-separated (e.g. "chair_0001"). */
  id: string;
  /** Path relative to the mesh root, '/'-separated, with extension; names the shape's random stream. */
  relPath: string;
  /** Absolute (or root-joined) file path. */
  path: string;
  split: Split;
  /** True when the split came from a `.lst` file, false when drawn by the seeded 80/10/10 rule. */
  listed: boolean;
}

/** What a scan found, with the problems worth telling the user. */
export interface MeshFolderScan {
  meshes: MeshEntry[];
  /** Human-readable notes: mesh files outside any category folder, duplicate ids, list entries without a file. */
  warnings: string[];
}

/**
 * Lists the meshes of a mesh folder: one sub-folder per category, mesh files (OBJ/OFF/PLY/STL)
 * anywhere below it. Splits come from `<category>/{train,val,test}.lst` (one id per line, as
 * ONet and ProcShapes write them) when present; meshes no list names are split by
 * {@link seededSplit}. The result is sorted by (category, id), independent of directory order.
 *
 * @param root the mesh folder.
 * @param seed seed of the fallback split.
 * @throws InputError `'not-found'` when `root` is not a readable folder.
 */
export function scanMeshFolder(root: string, seed: number): MeshFolderScan {
  let top: import('node:fs').Dirent[];
  try {
    top = readdirSync(root, { withFileTypes: true });
  } catch (e) {
    throw new InputError('not-found', root, `cannot read the mesh folder (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const warnings: string[] = [];
  const meshes: MeshEntry[] = [];
  const strays = top.filter((d) => d.isFile() && MESH_EXTENSIONS.includes(extname(d.name).toLowerCase()));
  if (strays.length > 0) {
    warnings.push(`${strays.length} mesh file(s) directly in ${root} ignored: meshes must be in one sub-folder per category`);
  }
  const categories = top
    .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
    .map((d) => d.name)
    .sort();
  for (const category of categories) {
    const catDir = join(root, category);
    const files: { id: string; rel: string }[] = [];
    walk(catDir, '', files);
    files.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.rel < b.rel ? -1 : 1));
    const byId = new Map<string, string>();
    for (const f of files) {
      const prev = byId.get(f.id);
      if (prev !== undefined) {
        warnings.push(`${category}/${f.rel} ignored: same id "${f.id}" as ${category}/${prev}`);
        continue;
      }
      byId.set(f.id, f.rel);
    }
    const lists = readSplitLists(catDir);
    const ids = [...byId.keys()];
    const listedSplit = new Map<string, Split>();
    if (lists) {
      for (const s of SPLITS) {
        for (const id of lists[s]) {
          if (!byId.has(id)) warnings.push(`${category}/${s}.lst names "${id}", which has no mesh file`);
          else if (!listedSplit.has(id)) listedSplit.set(id, s);
        }
      }
    }
    const unlisted = ids.filter((id) => !listedSplit.has(id));
    if (lists && unlisted.length > 0)
      warnings.push(`${category}: ${unlisted.length} mesh(es) in no split list, split by the seeded 80/10/10 rule`);
    const drawn = seededSplit(unlisted, deriveSeed(seed, `split:${category}`));
    for (const id of ids) {
      const rel = byId.get(id)!;
      const split = listedSplit.get(id) ?? drawn.get(id)!;
      meshes.push({ category, id, relPath: `${category}/${rel}`, path: join(catDir, rel), split, listed: listedSplit.has(id) });
    }
  }
  return { meshes, warnings };
}

/**
 * Deterministic 80/10/10 split: the ids are sorted, shuffled by a `Random(seed)`; the first
 * round(0.1·n) go to val, the next round(0.1·n) to test — at least one each when n ≥ 3, so no
 * split is empty (as ProcShapes does) — and the rest to train.
 *
 * @param ids model ids (any order; duplicates not allowed).
 * @param seed 32-bit seed.
 */
export function seededSplit(ids: readonly string[], seed: number): Map<string, Split> {
  const sorted = [...ids].sort();
  new Random(seed).shuffle(sorted);
  const n = sorted.length;
  let nVal = Math.round(0.1 * n),
    nTest = Math.round(0.1 * n);
  if (n >= 3) {
    nVal = Math.max(1, nVal);
    nTest = Math.max(1, nTest);
  }
  const out = new Map<string, Split>();
  sorted.forEach((id, i) => out.set(id, i < nVal ? 'val' : i < nVal + nTest ? 'test' : 'train'));
  return out;
}

/**
 * Reads `{train,val,test}.lst` of a folder: one id per line, blank lines and surrounding
 * whitespace ignored. Returns null when none of the three exists (a missing one is empty).
 */
export function readSplitLists(dir: string): Record<Split, string[]> | null {
  let any = false;
  const out = { train: [], val: [], test: [] } as Record<Split, string[]>;
  for (const s of SPLITS) {
    const p = join(dir, `${s}.lst`);
    if (!existsSync(p)) continue;
    any = true;
    out[s] = readFileSync(p, 'utf8')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l.length > 0);
  }
  return any ? out : null;
}

function walk(dir: string, prefix: string, out: { id: string; rel: string }[]): void {
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    if (d.name.startsWith('.')) continue;
    const rel = prefix ? `${prefix}/${d.name}` : d.name;
    if (d.isDirectory()) walk(join(dir, d.name), rel, out);
    // A symlink to a mesh file counts as the file (a benchmark links meshes it must not copy);
    // symlinked folders are not followed (no loops).
    else if (d.isFile() || (d.isSymbolicLink() && statSync(join(dir, d.name), { throwIfNoEntry: false })?.isFile())) {
      const ext = extname(d.name).toLowerCase();
      if (MESH_EXTENSIONS.includes(ext)) out.push({ id: rel.slice(0, rel.length - ext.length), rel });
    }
  }
}
