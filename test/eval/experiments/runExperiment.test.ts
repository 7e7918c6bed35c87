// The experiment framework end to end on a tiny cache (a sphere class and a box class, one
// test shape each), with stand-in methods whose scores are known analytically:
// - `aabb`: the axis-aligned bounding box of the input — on a sphere IoU → π/6 (cube around a
//   ball), and not rotation-equivariant;
// - `obb`: the box spanned by the input along its principal axes — rotation-equivariant, ≈ the
//   box itself on the box class; rotating the input and the mesh back must not change its score;
// - `broken`: throws; `empty`: returns no faces — both must be counted and score IoU 0.
// Sizes are reduced (4000 IoU/eval points, 4000 prediction samples) to keep the file fast.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCache } from '../../../src/data/buildCache.ts';
import { readMesh, readPointCloud, writeMesh, writePointCloud } from '../../../src/io/registry.ts';
import type { Mesh } from '../../../src/geometry/Mesh.ts';
import { runExperiment, type RunExperimentOptions } from '../../../src/eval/experiments/runExperiment.ts';
import type { ReconFunction } from '../../../src/eval/reconMethods.ts';
import { gridBox, uvSphere } from '../../geometry/shapes.ts';

/** A box mesh with centre c and orthonormal axes (rows of `axes`) scaled by half extents h. */
function orientedBox(c: number[], axes: number[][], lo: number[], hi: number[]): Mesh {
  const unit = gridBox([lo[0], lo[1], lo[2]], [hi[0], hi[1], hi[2]], 1);
  const p = new Float32Array(unit.positions.length);
  for (let i = 0; i < p.length; i += 3) {
    for (let a = 0; a < 3; a++)
      p[i + a] = c[a] + unit.positions[i] * axes[0][a] + unit.positions[i + 1] * axes[1][a] + unit.positions[i + 2] * axes[2][a];
  }
  // An odd permutation / reflection of the axes would turn the faces inside out; parity does not care.
  return { positions: p, faces: unit.faces };
}

const aabb: ReconFunction = async (cloud) => {
  const lo = [Infinity, Infinity, Infinity],
    hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < cloud.length; i += 3)
    for (let a = 0; a < 3; a++) {
      lo[a] = Math.min(lo[a], cloud[i + a]);
      hi[a] = Math.max(hi[a], cloud[i + a]);
    }
  return orientedBox(
    [0, 0, 0],
    [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ],
    lo,
    hi,
  );
};

/** Eigenvectors of a symmetric 3×3 matrix by cyclic Jacobi rotations (rows of the result). */
function eigenvectors(m: number[][]): number[][] {
  const a = m.map((r) => [...r]);
  const v = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];
  for (let sweep = 0; sweep < 50; sweep++) {
    for (const [p, q] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ]) {
      if (Math.abs(a[p][q]) < 1e-15) continue;
      const th = 0.5 * Math.atan2(2 * a[p][q], a[q][q] - a[p][p]);
      const c = Math.cos(th),
        s = Math.sin(th);
      for (let k = 0; k < 3; k++) {
        const x = a[k][p],
          y = a[k][q];
        a[k][p] = c * x - s * y;
        a[k][q] = s * x + c * y;
      }
      for (let k = 0; k < 3; k++) {
        const x = a[p][k],
          y = a[q][k];
        a[p][k] = c * x - s * y;
        a[q][k] = s * x + c * y;
      }
      for (let k = 0; k < 3; k++) {
        const x = v[k][p],
          y = v[k][q];
        v[k][p] = c * x - s * y;
        v[k][q] = s * x + c * y;
      }
    }
  }
  return [0, 1, 2].map((j) => [v[0][j], v[1][j], v[2][j]]);
}

const obb: ReconFunction = async (cloud) => {
  const n = cloud.length / 3,
    mean = [0, 0, 0];
  for (let i = 0; i < cloud.length; i += 3) for (let a = 0; a < 3; a++) mean[a] += cloud[i + a] / n;
  const cov = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  for (let i = 0; i < cloud.length; i += 3)
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) cov[a][b] += (cloud[i + a] - mean[a]) * (cloud[i + b] - mean[b]);
  const axes = eigenvectors(cov);
  const lo = [Infinity, Infinity, Infinity],
    hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < cloud.length; i += 3) {
    for (let k = 0; k < 3; k++) {
      const t = (cloud[i] - mean[0]) * axes[k][0] + (cloud[i + 1] - mean[1]) * axes[k][1] + (cloud[i + 2] - mean[2]) * axes[k][2];
      lo[k] = Math.min(lo[k], t);
      hi[k] = Math.max(hi[k], t);
    }
  }
  return orientedBox(mean, axes, lo, hi);
};

let root = '';
let calls = 0;

async function setup(): Promise<void> {
  if (root) return;
  root = mkdtempSync(join(tmpdir(), 'pointocc-exp-'));
  mkdirSync(join(root, 'm', 'ball'), { recursive: true });
  mkdirSync(join(root, 'm', 'crate'), { recursive: true });
  for (let i = 0; i < 3; i++) {
    writeMesh(join(root, 'm', 'ball', `b${i}.ply`), uvSphere(1, 32, 64));
    writeMesh(join(root, 'm', 'crate', `c${i}.ply`), gridBox([-1, -0.6, -0.4], [1, 0.6, 0.4], 2));
  }
  await buildCache({
    meshes: join(root, 'm'),
    out: join(root, 'cache'),
    workers: 1,
    settings: { surfacePoints: 1200, nearQueries: 100, farQueries: 100, uniformPoints: 4000, evalPoints: 4000 },
    progress: false,
    log: () => {},
  });
}

function options(name: RunExperimentOptions['name'], methods: string[], extra: Partial<RunExperimentOptions> = {}): RunExperimentOptions {
  const counted =
    (f: ReconFunction): ReconFunction =>
    async (c, o) => {
      calls++;
      return f(c, o);
    };
  return {
    name,
    data: join(root, 'cache'),
    out: join(root, 'reports', name),
    meshes: join(root, 'm'),
    methods,
    methodContext: {
      modelDir: join(root, 'no-model'),
      extra: {
        aabb: { run: counted(aabb) },
        obb: { run: counted(obb) },
        broken: {
          run: async () => {
            throw new Error('stand-in failure');
          },
        },
        empty: { run: async () => ({ positions: new Float32Array(0), faces: new Uint32Array(0) }) },
      },
    },
    samples: 4000,
    evalWorkers: 1,
    galleryRows: 2,
    ...extra,
  };
}

test('table1: analytic stand-in scores, missing methods and failures reported, inputs and galleries written, cache reused', async () => {
  await setup();
  calls = 0;
  const r = await runExperiment(options('table1', ['aabb', 'broken', 'empty', 'pointocc']));
  const runs = (
    r.result.data as {
      runs: {
        method: string;
        available: boolean;
        reason?: string;
        summary: {
          classes: { category: string; means: Record<string, number | null> }[];
          meanOfClassMeans: Record<string, number | null>;
          errors: string[];
          empty: string[];
        } | null;
      }[];
    }
  ).runs;
  const a = runs.find((x) => x.method === 'aabb')!;
  const ball = a.summary!.classes.find((c) => c.category === 'ball')!.means.iou!;
  const crate = a.summary!.classes.find((c) => c.category === 'crate')!.means.iou!;
  // Ball of radius 0.5 in the box around 300 noisy samples: side ≈ 1 (±1.5 % from the extreme
  // samples and the noise), so IoU ≈ (π/6)/side³ within ~5 %; MC error at 4000 points ≈ 0.02.
  assert.ok(Math.abs(ball - Math.PI / 6) < 0.05, `ball IoU ${ball}`);
  assert.ok(crate > 0.9, `crate IoU ${crate}`);
  assert.equal(calls, 2);
  const broken = runs.find((x) => x.method === 'broken')!.summary!;
  assert.equal(broken.errors.length, 2);
  assert.equal(broken.meanOfClassMeans.iou, 0);
  assert.equal(broken.meanOfClassMeans.chamferL1, null);
  assert.equal(runs.find((x) => x.method === 'empty')!.summary!.empty.length, 2);
  const p = runs.find((x) => x.method === 'pointocc')!;
  assert.equal(p.available, false);
  assert.match(p.reason!, /no trained model/);
  const md = readFileSync(r.reportPath, 'utf8');
  assert.match(md, /\*\*pointocc: unavailable\*\*/);
  assert.match(md, /\| aabb \| 0\.\d{3} \|/);
  assert.match(md, /\| broken \| 0\.000 \| – \| – \| – \| 2\/2 \|/);
  assert.ok(existsSync(join(root, 'reports', 'table1', 'gallery.png')));
  // Inputs: 300 points each, saved once.
  const inputs = join(root, 'reports', 'table1', 'inputs', 'p300-n0.005', 'ball');
  const saved = readPointCloud(join(inputs, readdirOne(inputs)));
  assert.equal(saved.positions.length, 900);
  // Error-coloured PLY: the box around the ball lies outside it, so no vertex is bluish.
  const cdir = join(root, 'reports', '.cache', 'colored', 'p300-n0.005', 'aabb', 'ball');
  const colored = readMesh(join(cdir, readdirOne(cdir)));
  assert.ok(colored.colors && colored.colors.length === colored.positions.length);
  for (let i = 0; i < colored.colors.length; i += 3) assert.ok(colored.colors[i] >= colored.colors[i + 2]);
  // A second run reuses the cached meshes (no method calls) and gives the same numbers.
  calls = 0;
  const again = await runExperiment(options('table2', ['aabb']));
  assert.equal(calls, 0);
  const a2 = (again.result.data as { runs: { summary: { meanOfClassMeans: Record<string, number> } }[] }).runs[0];
  assert.equal(a2.summary.meanOfClassMeans.iou, a.summary!.meanOfClassMeans.iou);
  assert.match(readFileSync(again.reportPath, 'utf8'), /\| aabb \| [01]\.\d{3} \| [01]\.\d{3} \|/);
  // Inputs saved from another dataset (same class and shape names) are not read back: the
  // folder's source.json names the data it was drawn from; here it names another, and a cloud
  // was replaced: the folder is drawn again from this data, identical to the first draw, so
  // the cached meshes (made from that input) stay valid.
  const file = join(inputs, readdirOne(inputs));
  const original = readFileSync(file);
  writeFileSync(join(root, 'reports', 'table1', 'inputs', 'p300-n0.005', 'source.json'), '{"data":"/elsewhere","seed":0}\n');
  writePointCloud(file, { positions: new Float32Array(900).fill(0.25) });
  calls = 0;
  await runExperiment(options('table1', ['aabb']));
  assert.deepEqual(readFileSync(file), original);
  assert.equal(calls, 0);
  // A cached mesh made from another input is made again.
  const car = join(root, 'reports', '.cache', 'p300-n0.005', 'aabb', 'ball', readdirOne(inputs).replace('.ply', '.json'));
  writeFileSync(car, JSON.stringify({ ...JSON.parse(readFileSync(car, 'utf8')), input: 'another-input' }));
  await runExperiment(options('table1', ['aabb']));
  assert.equal(calls, 1);
});

function readdirOne(dir: string): string {
  return readdirSync(dir).filter((f) => f.endsWith('.ply'))[0];
}

test('rotation: an equivariant method scores the same at every angle (inputs rotated, meshes rotated back); a non-equivariant one does not', async () => {
  await setup();
  const r = await runExperiment(options('rotation', ['obb', 'aabb'], { angles: [0, 45, 90] }));
  const cells = (
    r.result.data as {
      cells: { angle: number; method: string; summary: { classes: { category: string; means: Record<string, number> }[] } }[];
    }
  ).cells;
  const iou = (m: string, a: number, c: string) =>
    cells.find((x) => x.method === m && x.angle === a)!.summary.classes.find((k) => k.category === c)!.means.iou;
  for (const a of [45, 90])
    assert.ok(
      Math.abs(iou('obb', a, 'crate') - iou('obb', 0, 'crate')) < 0.01,
      `obb crate at ${a}°: ${iou('obb', a, 'crate')} vs ${iou('obb', 0, 'crate')}`,
    );
  // PCA axes of 300 surface samples are close to, not exactly, the crate's axes.
  assert.ok(iou('obb', 0, 'crate') > 0.8);
  // The axis-aligned box of a crate turned 45° about a random axis is far larger than the crate.
  assert.ok(iou('aabb', 45, 'crate') < iou('aabb', 0, 'crate') - 0.2);
  assert.ok(existsSync(join(root, 'reports', 'rotation', 'rotation-iou.png')));
  assert.match(readFileSync(r.reportPath, 'utf8'), /\| obb \| 0\.\d{3} \| 0\.\d{3} \| 0\.\d{3} \|/);
});

test('table3 and generalisation: variants, charts, class-subset view, unavailable held-out model explained', async () => {
  await setup();
  const t3 = await runExperiment(options('table3', ['aabb'], { table3: { densities: [150, 300], noises: [0.005] } }));
  const md = readFileSync(t3.reportPath, 'utf8');
  assert.match(md, /\| aabb \| 150 \| 0\.005 \|/);
  assert.ok(existsSync(join(root, 'reports', 'table3', 'density-iou.png')));
  assert.equal(
    readPointCloud(
      join(
        root,
        'reports',
        'table3',
        'inputs',
        'p150-n0.005',
        'ball',
        readdirOne(join(root, 'reports', 'table3', 'inputs', 'p150-n0.005', 'ball')),
      ),
    ).positions.length,
    450,
  );
  const g = await runExperiment(options('generalisation', ['aabb'], { generalisation: { holdout: ['crate'] } }));
  const data = g.result.data as {
    view: string;
    trainClasses: string[];
    runs: { method: string; available: boolean; reason?: string; summary: { classes: { category: string }[] } | null }[];
  };
  assert.deepEqual(data.trainClasses, ['ball']);
  const view = JSON.parse(readFileSync(join(data.view, 'manifest.json'), 'utf8')) as { shapes: { category: string }[] };
  assert.ok(view.shapes.length === 3 && view.shapes.every((s) => s.category === 'ball'));
  assert.ok(existsSync(join(data.view, 'ball', 'b0.npz')));
  const unseen = data.runs.find((x) => x.method === 'pointocc-unseen')!;
  assert.equal(unseen.available, false);
  assert.match(unseen.reason!, /pointocc train --data/);
  assert.deepEqual(
    data.runs.find((x) => x.method === 'aabb')!.summary!.classes.map((c) => c.category),
    ['crate'],
  );
  rmSync(root, { recursive: true, force: true });
});
