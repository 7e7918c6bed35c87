import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Mesh } from '../../geometry/Mesh.ts';
import { applyNormalization } from '../../geometry/normalize.ts';
import { CacheDataset } from '../../data/CacheDataset.ts';
import { sha256Hex } from '../../data/CacheManifest.ts';
import type { ShapeRef } from '../../data/ShapeDataset.ts';
import { readMesh, writeMesh } from '../../io/registry.ts';
import { writePng } from '../../render/writePng.ts';
import { colorByError } from '../errorColors.ts';
import { renderGallery, type GalleryCell, type GalleryRow } from '../gallery.ts';
import type { ExperimentSetup } from './ExperimentSetup.ts';
import { inputCloud, shapeKeyOf, variantName, type MethodRun, type Variant } from './runVariant.ts';

/**
 * The ground-truth mesh of a cached shape in the cache's unit-cube frame, when the mesh folder
 * is known and holds the very file the cache was built from (SHA-256 checked); else null.
 */
export async function groundTruthMesh(setup: ExperimentSetup, ref: ShapeRef): Promise<Mesh | null> {
  if (!setup.meshesRoot || !(setup.dataset instanceof CacheDataset)) return null;
  const entry = setup.dataset.manifest.shapes.find((s) => s.category === ref.category && s.id === ref.id);
  if (!entry) return null;
  const path = join(setup.meshesRoot, entry.source);
  if (!existsSync(path)) return null;
  const bytes = readFileSync(path);
  if (sha256Hex(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)) !== entry.sourceSha256) return null;
  const mesh = readMesh(path);
  const s = await setup.dataset.load(ref, { uniform: false, eval: false, normals: false });
  return { positions: applyNormalization(mesh.positions, { center: s.loc, scale: 1 / s.scale }), faces: mesh.faces };
}

/** Shapes shown in galleries: the first test shape of each class, up to `n`. */
export function galleryRefs(refs: readonly ShapeRef[], n: number): ShapeRef[] {
  const seen = new Set<string>();
  const out: ShapeRef[] = [];
  for (const r of refs) {
    if (out.length >= n) break;
    if (seen.has(r.category)) continue;
    seen.add(r.category);
    out.push(r);
  }
  return out;
}

/** What a gallery shows and what it could not. */
export interface GalleryResult {
  /** The PNG, relative to the report folder. */
  file: string;
  /** Error-coloured PLY files written, under `<work>/colored/` (kept out of the report folder:
   *  full-resolution meshes are megabytes each). */
  colored: string[];
  /** True when ground-truth meshes were found (error colours); false: plain meshes and GT samples. */
  errorColored: boolean;
}

/**
 * Renders a variant's gallery to `<out>/<name>.png` (rows: input | methods | ground truth) and
 * writes each shown reconstruction with per-vertex error colours to
 * `<work>/colored/<variant>/<method>/<category>/<id>.ply`.
 */
export async function writeExperimentGallery(
  setup: ExperimentSetup,
  variant: Variant,
  runs: readonly MethodRun[],
  name: string,
): Promise<GalleryResult | null> {
  const refs = galleryRefs(setup.refs, setup.galleryRows);
  if (refs.length === 0 || runs.length === 0) return null;
  const vname = variantName(variant);
  const rows: GalleryRow[] = [];
  const colored: string[] = [];
  let errorColored = true;
  for (const ref of refs) {
    const key = shapeKeyOf(ref);
    const gtMesh = await groundTruthMesh(setup, ref);
    if (!gtMesh) errorColored = false;
    let gt: Mesh | Float32Array | null = gtMesh;
    if (!gt) {
      const s = await setup.dataset.load(ref, { uniform: false, eval: true, normals: false });
      gt = s.evalPoints ? s.evalPoints.subarray(0, 3 * Math.min(20_000, s.evalPoints.length / 3)) : null;
    }
    const cells: GalleryCell[] = runs.map((run) => {
      if (!run.available) return { label: `${run.method}: n/a`, mesh: null, missingText: 'unavailable' };
      const rec = run.records.find((r) => shapeKeyOf(r) === key);
      const p = join(run.meshDir!, ref.category, `${ref.id}.ply`);
      const mesh = existsSync(p) ? readMesh(p) : null;
      const iou = rec?.metrics.iou;
      const label = `${run.method} IoU ${iou === null || iou === undefined ? '-' : iou.toFixed(3)}`;
      if (!mesh || mesh.faces.length === 0) return { label, mesh: null, missingText: rec?.error ? 'failed' : 'empty' };
      if (!gtMesh) return { label, mesh };
      const c = colorByError(mesh, gtMesh);
      const file = join(setup.work, 'colored', vname, run.method, ref.category, `${ref.id}.ply`);
      mkdirSync(dirname(file), { recursive: true });
      writeMesh(file, c.mesh);
      colored.push(file);
      return { label: `${label} +-${c.range.toFixed(3)}`, mesh: c.mesh };
    });
    rows.push({
      label: `${ref.id} (${variant.input.points} pts)`,
      input: await inputCloud(setup, ref, variant.input),
      cells,
      gt,
      gtLabel: gtMesh ? 'ground truth' : 'ground truth (samples)',
    });
  }
  const img = renderGallery(rows, { tile: 176 });
  const file = `${name}.png`;
  writePng(join(setup.out, file), img.data, img.width, img.height);
  return { file, colored, errorColored };
}
