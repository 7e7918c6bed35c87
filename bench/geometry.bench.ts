// Geometry-core benchmark: k-d tree build and k-NN throughput, BVH build, the two inside tests on
// a finely tessellated torus, surface sampling and farthest-point sampling. Single thread.
// Run: npm run bench:geometry  →  bench/results/geometry.json (+ a table on stdout).
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { atomicWriteFileSync } from '../src/io/atomicWrite.ts';
import { Bvh } from '../src/geometry/Bvh.ts';
import { farthestPointSampling } from '../src/geometry/farthestPointSampling.ts';
import { insideMesh } from '../src/geometry/inside.ts';
import { KdTree } from '../src/geometry/KdTree.ts';
import { createMesh, type Mesh } from '../src/geometry/Mesh.ts';
import { Random } from '../src/geometry/Random.ts';
import { sampleSurface } from '../src/geometry/sampleSurface.ts';
import { WindingNumber } from '../src/geometry/windingNumber.ts';
import { machineInfo } from './machineInfo.ts';

const machine = machineInfo();
const date = new Date().toISOString();

interface Figure {
  name: string;
  value: number;
  unit: string;
  detail: string;
  machine: typeof machine;
  date: string;
}
const figures: Figure[] = [];
function record(name: string, value: number, unit: string, detail: string): void {
  figures.push({ name, value: Number(value.toPrecision(4)), unit, detail, machine, date });
}

/** Median wall time (ms) of `reps` runs after one warm-up run. */
function time(reps: number, fn: () => void): number {
  fn();
  const t: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)];
}

/** Torus around z (major R, minor r) on an nu × nv grid: 2·nu·nv faces, closed and outward. */
function torus(R: number, r: number, nu: number, nv: number): Mesh {
  const v = new Float32Array(3 * nu * nv);
  for (let i = 0; i < nu; i++) {
    const u = (2 * Math.PI * i) / nu;
    for (let j = 0; j < nv; j++) {
      const w = (2 * Math.PI * j) / nv;
      const o = 3 * (i * nv + j);
      v[o] = (R + r * Math.cos(w)) * Math.cos(u);
      v[o + 1] = (R + r * Math.cos(w)) * Math.sin(u);
      v[o + 2] = r * Math.sin(w);
    }
  }
  const f = new Uint32Array(6 * nu * nv);
  let k = 0;
  for (let i = 0; i < nu; i++) {
    for (let j = 0; j < nv; j++) {
      const a = i * nv + j,
        b = ((i + 1) % nu) * nv + j,
        c = ((i + 1) % nu) * nv + ((j + 1) % nv),
        d = i * nv + ((j + 1) % nv);
      f.set([a, b, c, a, c, d], k);
      k += 6;
    }
  }
  return createMesh(v, f);
}

const rng = new Random(2024);

// --- k-d tree: 1M uniform points in the unit cube ---------------------------------------------
{
  const n = 1_000_000;
  const pts = new Float32Array(3 * n);
  for (let i = 0; i < pts.length; i++) pts[i] = rng.next();
  let tree!: KdTree;
  const build = time(3, () => {
    tree = new KdTree(pts);
  });
  record('kdtree.build', build, 'ms', `${n} uniform points, leafSize ${tree.leafSize}, median of 3`);
  const nq = 100_000;
  const q = new Float32Array(3 * nq);
  for (let i = 0; i < q.length; i++) q[i] = rng.next();
  const t16 = time(3, () => tree.knnAll(q, 16));
  record('kdtree.knn16', nq / (t16 / 1000), 'queries/s', `16-NN of ${nq} uniform queries among ${n} points (knnAll)`);
  const t1 = time(3, () => tree.nearestAll(q));
  record('kdtree.nearest', nq / (t1 / 1000), 'queries/s', `1-NN of ${nq} uniform queries among ${n} points (nearestAll)`);
}

// --- BVH and inside tests: torus with 51 200 faces ------------------------------------------------
{
  const mesh = torus(0.3, 0.1, 320, 80);
  const nf = mesh.faces.length / 3;
  let bvh!: Bvh;
  const tb = time(3, () => {
    bvh = new Bvh(mesh);
  });
  record('bvh.build', tb, 'ms', `${nf}-face torus, binned SAH`);
  let wn!: WindingNumber;
  const tw = time(3, () => {
    wn = new WindingNumber(bvh);
  });
  record('winding.prepare', tw, 'ms', `${nf}-face torus, expansion data per BVH node`);

  const nq = 100_000;
  // Uniform in the padded unit cube, and near-surface (surface samples + N(0, 0.02²) per axis,
  // docs/design.md §3's main query distribution).
  const uniform = new Float32Array(3 * nq);
  for (let i = 0; i < uniform.length; i++) uniform[i] = rng.uniform(-0.55, 0.55);
  const surf = sampleSurface(mesh, nq, rng);
  const near = new Float32Array(3 * nq);
  for (let i = 0; i < near.length; i++) near[i] = surf.positions[i] + rng.normal(0, 0.02);
  for (const [label, pts] of [
    ['uniform', uniform],
    ['near-surface', near],
  ] as const) {
    let par!: Uint8Array, win!: Uint8Array;
    const tp = time(3, () => {
      par = insideMesh(mesh, pts, { method: 'parity', bvh });
    });
    record(`inside.parity.${label}`, nq / (tp / 1000), 'points/s', `${nq} ${label} points, ${nf}-face torus (BVH prebuilt)`);
    const tq = time(3, () => {
      win = insideMesh(mesh, pts, { method: 'winding', winding: wn });
    });
    record(`inside.winding.${label}`, nq / (tq / 1000), 'points/s', `${nq} ${label} points, ${nf}-face torus, β = ${wn.beta} (prepared)`);
    let differ = 0;
    for (let i = 0; i < nq; i++) if (par[i] !== win[i]) differ++;
    record(`inside.disagreements.${label}`, differ, 'points', `of ${nq} on which parity and winding differ (closed mesh: expect 0)`);
  }
  const ts = time(3, () => sampleSurface(mesh, nq, rng));
  record('sampleSurface', nq / (ts / 1000), 'points/s', `${nq} area-weighted samples on the ${nf}-face torus`);
  const cloud = sampleSurface(mesh, 2048, rng).positions;
  const tf = time(5, () => farthestPointSampling(cloud, 256));
  record('fps', tf, 'ms', 'farthest-point sampling of 256 out of 2048 points');
}

const outDir = join(dirname(fileURLToPath(import.meta.url)), 'results');
mkdirSync(outDir, { recursive: true });
const file = join(outDir, 'geometry.json');
atomicWriteFileSync(file, JSON.stringify({ machine, date, figures }, null, 2) + '\n');

const w = Math.max(...figures.map((f) => f.name.length));
console.log(`geometry bench — ${machine.cpu}, ${machine.cores} cores, node ${machine.node}, ${date}`);
for (const f of figures) console.log(`${f.name.padEnd(w)}  ${String(f.value).padStart(10)} ${f.unit.padEnd(10)} ${f.detail}`);
console.log(`wrote ${file}`);
