// Sample-builder benchmark: builds a small mesh set (ProcShapes when its generator is there,
// otherwise generated analytic meshes) into a cache with the default settings (2048 surface,
// 8192 labelled queries, 100k labelled uniform points, 100k eval samples per shape), with 2
// worker threads and with 1, and times the per-mesh stages in-process.
// Run: npm run bench:data  →  bench/results/data.json (+ a summary on stdout).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { atomicWriteFileSync } from '../src/io/atomicWrite.ts';
import { writeMesh, readMesh } from '../src/io/registry.ts';
import type { Mesh } from '../src/geometry/Mesh.ts';
import { Random } from '../src/geometry/Random.ts';
import { buildCache } from '../src/data/buildCache.ts';
import { buildShapeSample } from '../src/data/buildShapeSample.ts';
import { encodeShapeNpz } from '../src/data/shapeNpz.ts';
import { resolveBuildSettings } from '../src/data/BuildSettings.ts';
import { scanMeshFolder } from '../src/data/scanMeshFolder.ts';
import { machineInfo } from './machineInfo.ts';

// Meshes per ProcShapes class (or 7 × this many analytic meshes); override with BENCH_PER_CLASS.
const PER_CLASS = Number(process.env.BENCH_PER_CLASS ?? 4);

const machine = machineInfo();
const date = new Date().toISOString();

/** ProcShapes meshes, PER_CLASS per class; null when the generator cannot be loaded. */
async function procShapes(dir: string): Promise<{ count: number; faces: number } | null> {
  try {
    const { loadManifold } = await import('../src/data/procshapes/manifoldKernel.ts');
    const { generateShape } = await import('../src/data/procshapes/generateShape.ts');
    const { PROCSHAPES_CLASSES } = await import('../src/data/procshapes/classes/index.ts');
    const k = await loadManifold();
    let count = 0,
      faces = 0;
    for (const cls of PROCSHAPES_CLASSES) {
      for (let i = 0; i < PER_CLASS; i++) {
        const s = generateShape(k, cls, i, 0);
        writeMesh(join(dir, cls.name, `${s.id}.ply`), s.mesh);
        count++;
        faces += s.mesh.faces.length / 3;
      }
    }
    return { count, faces };
  } catch (e) {
    process.stderr.write(`ProcShapes not usable (${(e as Error).message}); using generated analytic meshes\n`);
    return null;
  }
}

/** Fallback: tori and UV spheres with random proportions, ~8k faces each. */
function analytic(dir: string): { count: number; faces: number } {
  const rng = new Random(1);
  let faces = 0;
  const n = 7 * PER_CLASS;
  for (let m = 0; m < n; m++) {
    const nu = 64,
      nv = 64;
    const pos: number[] = [],
      f: number[] = [];
    const R = rng.uniform(0.2, 0.4),
      r = rng.uniform(0.05, 0.15),
      sz = rng.uniform(0.5, 2);
    for (let i = 0; i < nu; i++)
      for (let j = 0; j < nv; j++) {
        const u = (2 * Math.PI * i) / nu,
          w = (2 * Math.PI * j) / nv;
        pos.push((R + r * Math.cos(w)) * Math.cos(u), (R + r * Math.cos(w)) * Math.sin(u), sz * r * Math.sin(w));
      }
    const v = (i: number, j: number) => (i % nu) * nv + (j % nv);
    for (let i = 0; i < nu; i++)
      for (let j = 0; j < nv; j++) f.push(v(i, j), v(i + 1, j), v(i + 1, j + 1), v(i, j), v(i + 1, j + 1), v(i, j + 1));
    const mesh: Mesh = { positions: Float32Array.from(pos), faces: Uint32Array.from(f) };
    writeMesh(join(dir, `class${m % 7}`, `m${m}.ply`), mesh);
    faces += f.length / 3;
  }
  return { count: n, faces };
}

const root = mkdtempSync(join(tmpdir(), 'pointocc-bench-data-'));
try {
  const meshes = join(root, 'meshes');
  mkdirSync(meshes, { recursive: true });
  const made = (await procShapes(meshes)) ?? analytic(meshes);
  const source = existsSync(join(meshes, 'airplane')) ? 'procshapes' : 'analytic';
  const settings = resolveBuildSettings();

  const runs: { workers: number; seconds: number; meshesPerSecond: number }[] = [];
  for (const workers of [2, 1]) {
    const out = join(root, `cache${workers}`);
    const r = await buildCache({ meshes, out, workers, settings, progress: false, log: () => {} });
    if (r.failed.length > 0)
      process.stderr.write(`${r.failed.length} meshes failed: ${r.failed.map((f) => `${f.source}: ${f.reason}`).join('; ')}\n`);
    runs.push({ workers, seconds: Number(r.seconds.toFixed(3)), meshesPerSecond: Number((r.built / r.seconds).toPrecision(4)) });
  }

  // Per-stage times in this thread: read + sample + label, and npz encoding (deflate).
  let tBuild = 0,
    tEncode = 0,
    bytes = 0,
    notWatertight = 0;
  const scan = scanMeshFolder(meshes, 0);
  for (const m of scan.meshes) {
    const mesh = readMesh(m.path);
    const t0 = performance.now();
    const b = buildShapeSample(mesh, m.relPath, settings);
    const t1 = performance.now();
    const z = encodeShapeNpz(b);
    tEncode += performance.now() - t1;
    tBuild += t1 - t0;
    bytes += z.length;
    if (!b.watertight) notWatertight++;
  }
  const n = scan.meshes.length;
  const result = {
    benchmark: 'data build',
    date,
    machine,
    source,
    meshes: made.count,
    meanFaces: Math.round(made.faces / made.count),
    notWatertight,
    settings,
    runs,
    speedup2vs1: Number((runs[0].meshesPerSecond / runs[1].meshesPerSecond).toFixed(2)),
    perMeshMs: { sampleAndLabel: Number((tBuild / n).toFixed(1)), encodeNpz: Number((tEncode / n).toFixed(1)) },
    meanFileBytes: Math.round(bytes / n),
    note: 'meshesPerSecond counts whole meshes (read, normalise, sample, label 108k points, encode, write, hash), worker start-up included.',
  };
  const outPath = join(dirname(fileURLToPath(import.meta.url)), 'results', 'data.json');
  atomicWriteFileSync(outPath, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
