import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { Mesh } from '../../geometry/Mesh.ts';
import { Random } from '../../geometry/Random.ts';
import { applyNormalization, computeNormalization, invertNormalization } from '../../geometry/normalize.ts';
import { deriveSeed } from '../../data/shapeSeed.ts';
import type { ShapeRef } from '../../data/ShapeDataset.ts';
import { atomicWriteFileSync } from '../../io/atomicWrite.ts';
import { readPointCloud, writeMesh, writePointCloud } from '../../io/registry.ts';
import type { EvalSettings, EvalTask } from '../evaluateTask.ts';
import { evaluateTasks } from '../evaluateTasks.ts';
import { metricKeys } from '../metricKeys.ts';
import type { MethodResolution } from '../reconMethods.ts';
import { summarize, type ShapeRecord, type Summary } from '../summarize.ts';
import type { ExperimentSetup } from './ExperimentSetup.ts';
import { drawInput, inputSpecName, type InputSpec } from './drawInput.ts';
import { axisAngleMatrix, randomAxis, rotatePoints } from '../../geometry/rotation3d.ts';

/** One input condition of an experiment. */
export interface Variant {
  /** Input density and noise. */
  input: InputSpec;
  /** Rotate each input by this many degrees about its shape's fixed random axis; the
   *  reconstruction is rotated back before scoring. Default none. */
  rotationDeg?: number;
}

/** Folder-safe name of a variant, e.g. `p300-n0.005` or `p300-n0.005-rot45`. */
export function variantName(v: Variant): string {
  return inputSpecName(v.input) + (v.rotationDeg ? `-rot${v.rotationDeg}` : '');
}

/** One method's results on one variant. */
export interface MethodRun {
  method: string;
  available: boolean;
  /** Why the method could not run. */
  reason?: string;
  description?: string;
  records: ShapeRecord[];
  summary: Summary | null;
  /** Seconds per reconstruction (shapes reconstructed in earlier runs included, from their records). */
  seconds: number[];
  /** Folder of the reconstructions. */
  meshDir?: string;
}

/** Key of a shape. */
export const shapeKeyOf = (r: { category: string; id: string }): string => `${r.category}/${r.id}`;

/** The fixed random rotation axis of a shape (same for every angle, so curves are per-shape smooth). */
export function shapeAxis(seed: number, key: string): [number, number, number] {
  return randomAxis(new Random(deriveSeed(seed, `axis/${key}`)));
}

const inputCache = new Map<string, Float32Array>();

/**
 * The fixed input cloud of a shape under an input spec, saved once as
 * `<out>/inputs/<spec>/<category>/<id>.ply` (float32, binary) and read back from there on later
 * runs (inputs are drawn once and kept, docs/design.md §6).
 */
export async function inputCloud(setup: ExperimentSetup, ref: ShapeRef, spec: InputSpec): Promise<Float32Array> {
  const key = shapeKeyOf(ref);
  const folder = join(setup.out, 'inputs', inputSpecName(spec));
  const path = join(folder, ref.category, `${ref.id}.ply`);
  checkInputSource(setup, folder);
  const cached = inputCache.get(path);
  if (cached) return cached;
  let cloud: Float32Array;
  if (existsSync(path) && !setup.force) {
    cloud = readPointCloud(path).positions;
  } else {
    const s = await setup.dataset.load(ref, { uniform: false, eval: false, normals: false });
    cloud = drawInput(s.surfacePoints, spec, key);
    mkdirSync(dirname(path), { recursive: true });
    writePointCloud(path, { positions: cloud });
  }
  inputCache.set(path, cloud);
  return cloud;
}

/**
 * Saved inputs are read back only when they were drawn from the same data (a report folder
 * re-run on another dataset with the same category/id names, e.g. ProcShapes-13 and the corpus,
 * read the old dataset's clouds): `<inputs>/<spec>/source.json` names the data folder; when it
 * is missing or names another, the folder's clouds are deleted and drawn again.
 */
function checkInputSource(setup: ExperimentSetup, folder: string): void {
  const marker = join(folder, 'source.json');
  const source = JSON.stringify({ data: realpathSync(setup.dataRoot), seed: setup.seed });
  const same = existsSync(marker) && readFileSync(marker, 'utf8').trim() === source;
  if (!same) {
    rmSync(folder, { recursive: true, force: true });
    for (const k of [...inputCache.keys()]) if (k.startsWith(folder)) inputCache.delete(k);
    mkdirSync(folder, { recursive: true });
    atomicWriteFileSync(marker, source + '\n');
  }
}

/** Fingerprint of an input cloud (a cached mesh is reused only for the same input). */
function inputHash(cloud: Float32Array): string {
  return createHash('sha256')
    .update(new Uint8Array(cloud.buffer, cloud.byteOffset, cloud.byteLength))
    .digest('hex')
    .slice(0, 16);
}

/** Per-shape record of a reconstruction: its time, or why there is no mesh file. */
interface Sidecar {
  /** inputHash of the (unrotated) input the mesh was made from; absent in caches older than it. */
  input?: string;
  seconds?: number;
  error?: string;
  empty?: boolean;
}

function mapMesh(m: Mesh, f: (p: Float32Array) => Float32Array): Mesh {
  return { positions: f(m.positions), faces: m.faces };
}

/**
 * Reconstructs every shape of the setup with one method under one variant (reusing cached
 * meshes of the same method identity), then scores them (ONet protocol, reusing a cached
 * scoring when no mesh changed and the settings are the same).
 *
 * Each input is rotated (if the variant says so), normalised to the unit cube by its bounding
 * box (as `reconstruct` does for any input), reconstructed, mapped back and rotated back, so
 * the mesh is in the dataset's frame. A method that throws on a shape leaves no mesh: the shape
 * scores as missing and the error is kept in its record.
 */
export async function runMethodOnVariant(setup: ExperimentSetup, variant: Variant, res: MethodResolution): Promise<MethodRun> {
  const vname = variantName(variant);
  if (!res.available) return { method: res.name, available: false, reason: res.reason, records: [], summary: null, seconds: [] };
  const m = res.method;
  const dir = join(setup.work, vname, m.name);
  const idPath = join(dir, 'identity.txt');
  const identity = `${m.identity}\n`;
  if (existsSync(dir) && (setup.force || !existsSync(idPath) || readFileSync(idPath, 'utf8') !== identity))
    rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  atomicWriteFileSync(idPath, identity);
  let redone = 0;
  const seconds: number[] = [];
  const errors = new Map<string, string>();
  // Shapes whose reconstruction has no faces: no file is written (mesh formats cannot hold an
  // empty mesh); they are scored as 'empty'.
  const empties = new Set<string>();
  for (let i = 0; i < setup.refs.length; i++) {
    const ref = setup.refs[i],
      key = shapeKeyOf(ref);
    setup.onProgress?.(`${vname} ${m.name}: reconstruct`, i, setup.refs.length);
    const meshPath = join(dir, ref.category, `${ref.id}.ply`),
      carPath = join(dir, ref.category, `${ref.id}.json`);
    const input = await inputCloud(setup, ref, variant.input);
    const hash = inputHash(input);
    if (existsSync(carPath)) {
      const car = JSON.parse(readFileSync(carPath, 'utf8')) as Sidecar;
      // a mesh made from another input (another dataset's clouds) is made again
      if ((car.input === undefined || car.input === hash) && (car.error !== undefined || car.empty || existsSync(meshPath))) {
        if (car.error !== undefined) errors.set(key, car.error);
        if (car.empty) empties.add(key);
        if (car.seconds !== undefined) seconds.push(car.seconds);
        continue;
      }
    }
    let cloud = input;
    const R = variant.rotationDeg ? axisAngleMatrix(shapeAxis(setup.seed, key), variant.rotationDeg) : null;
    if (R) cloud = rotatePoints(cloud, R);
    const t = computeNormalization(cloud, { source: key });
    const t0 = performance.now();
    let car: Sidecar;
    try {
      let mesh = await m.run(applyNormalization(cloud, t), { seed: deriveSeed(setup.seed, `method/${key}`) });
      const secs = (performance.now() - t0) / 1000;
      mesh = mapMesh(mesh, (p) => invertNormalization(p, t));
      if (R) mesh = mapMesh(mesh, (p) => rotatePoints(p, R, true));
      if (mesh.faces.length === 0) {
        car = { input: hash, seconds: secs, empty: true };
        empties.add(key);
      } else {
        mkdirSync(dirname(meshPath), { recursive: true });
        writeMesh(meshPath, mesh);
        car = { input: hash, seconds: secs };
      }
      seconds.push(secs);
    } catch (e) {
      car = { input: hash, error: e instanceof Error ? e.message : String(e) };
      errors.set(key, car.error!);
    }
    mkdirSync(dirname(carPath), { recursive: true });
    atomicWriteFileSync(carPath, JSON.stringify(car) + '\n');
    redone++;
  }
  setup.onProgress?.(`${vname} ${m.name}: reconstruct`, setup.refs.length, setup.refs.length);
  const settings: EvalSettings = {
    samples: setup.samples,
    uniformPoints: 100_000,
    taus: setup.taus,
    seed: setup.seed,
    missing: 'exclude',
    frame: 'normalized',
  };
  const tasks: EvalTask[] = setup.refs.map((ref) => {
    const p = join(dir, ref.category, `${ref.id}.ply`);
    return {
      category: ref.category,
      id: ref.id,
      pred: existsSync(p) ? p : null,
      gt: { kind: 'dataset', root: setup.dataRoot, format: setup.dataFormat, split: ref.split },
    };
  });
  const evalPath = join(dir, 'eval.json');
  const evalKey = JSON.stringify({ settings, data: setup.dataRoot, shapes: tasks.map((t) => shapeKeyOf(t) + (t.pred ? '' : '!')) });
  let records: ShapeRecord[] | null = null;
  if (redone === 0 && existsSync(evalPath)) {
    const c = JSON.parse(readFileSync(evalPath, 'utf8')) as { key: string; records: ShapeRecord[] };
    if (c.key === evalKey) records = c.records;
  }
  if (!records) {
    records = await evaluateTasks(tasks, settings, {
      workers: setup.evalWorkers,
      onProgress: (d, n) => setup.onProgress?.(`${vname} ${m.name}: evaluate`, d, n),
    });
    for (const r of records) {
      const err = errors.get(shapeKeyOf(r));
      if (err !== undefined) {
        r.error = err;
        r.status = 'error';
      }
      if (empties.has(shapeKeyOf(r))) r.status = 'empty';
    }
    atomicWriteFileSync(evalPath, JSON.stringify({ key: evalKey, records }) + '\n');
  }
  return {
    method: m.name,
    available: true,
    description: m.description,
    records,
    summary: summarize(records, metricKeys(setup.taus)),
    seconds,
    meshDir: dir,
  };
}

/** Runs every method on a variant (in the order given). */
export async function runVariant(setup: ExperimentSetup, variant: Variant, methods: readonly MethodResolution[]): Promise<MethodRun[]> {
  const out: MethodRun[] = [];
  for (const m of methods) out.push(await runMethodOnVariant(setup, variant, m));
  return out;
}
