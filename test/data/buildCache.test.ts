import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCache } from '../../src/data/buildCache.ts';
import { CacheDataset } from '../../src/data/CacheDataset.ts';
import { verifyCache } from '../../src/data/verifyCache.ts';
import { writeMesh } from '../../src/io/registry.ts';
import type { BuildSettings } from '../../src/data/BuildSettings.ts';
import { uvSphere, box, torus, sdSphere, sdBox, sdTorusZ, tessellationError } from './analyticMeshes.ts';

const SETTINGS: Partial<BuildSettings> = {
  seed: 5,
  surfacePoints: 300,
  nearQueries: 900,
  farQueries: 300,
  uniformPoints: 3000,
  evalPoints: 400,
};
const quiet = { progress: false, log: () => {} };

const SPHERE = { c: [0.5, 1, -2] as [number, number, number], r: 1.5 };
const BOX = { c: [10, 0, 0] as [number, number, number], h: [3, 1, 2] as [number, number, number] };
const TORUS = { c: [0, 0, 0] as [number, number, number], R: 0.3, r: 0.1 };

/** A mesh folder with three good meshes in two categories and three broken files. */
function makeMeshFolder(): string {
  const root = mkdtempSync(join(tmpdir(), 'pointocc-build-'));
  mkdirSync(join(root, 'meshes/round'), { recursive: true });
  mkdirSync(join(root, 'meshes/blocky/sub'), { recursive: true });
  writeMesh(join(root, 'meshes/round/ball.obj'), uvSphere(SPHERE.r, SPHERE.c, 64, 32));
  writeMesh(join(root, 'meshes/round/ring.ply'), torus(TORUS.R, TORUS.r, TORUS.c, 48, 24));
  writeMesh(join(root, 'meshes/blocky/sub/brick.off'), box(BOX.c, BOX.h));
  writeFileSync(join(root, 'meshes/blocky/garbage.obj'), 'v 1 2\nf 1 2 3\n');
  writeFileSync(join(root, 'meshes/blocky/empty.stl'), '');
  writeFileSync(join(root, 'meshes/round/flat.off'), 'OFF\n3 1 0\n0 0 0\n1 1 1\n2 2 2\n3 0 1 2\n'); // zero area
  return root;
}

function npzFiles(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${rel}${e.name}/`);
      else if (e.name.endsWith('.npz')) out.set(rel + e.name, readFileSync(join(d, e.name)));
    }
  };
  walk(dir, '');
  return out;
}

test('builds labelled shapes that match the analytic solids; broken meshes reported and skipped', async () => {
  const root = makeMeshFolder();
  try {
    const r = await buildCache({ meshes: join(root, 'meshes'), out: join(root, 'cache'), workers: 2, settings: SETTINGS, ...quiet });
    assert.equal(r.built, 3);
    assert.deepEqual(r.failed.map((f) => f.source).sort(), ['blocky/empty.stl', 'blocky/garbage.obj', 'round/flat.off']);
    for (const f of r.failed) assert.ok(f.reason.length > 0);
    assert.equal(r.notWatertight, 0);
    const m = r.manifest;
    assert.deepEqual(
      m.shapes.map((s) => `${s.category}/${s.id}`),
      ['blocky/sub/brick', 'round/ball', 'round/ring'],
    );
    assert.ok(m.shapes.every((s) => s.watertight && s.method === 'parity' && /^[0-9a-f]{64}$/.test(s.sha256)));

    const ds = CacheDataset.open(join(root, 'cache'));
    assert.deepEqual(ds.categories(), ['blocky', 'round']);
    assert.equal(ds.shapes().length, 3);
    const cases = [
      { id: 'sub/brick', category: 'blocky', sd: sdBox(BOX.c, BOX.h), mesh: box(BOX.c, BOX.h), loc: BOX.c, scale: 6 },
      {
        id: 'ball',
        category: 'round',
        sd: sdSphere(SPHERE.r, SPHERE.c),
        mesh: uvSphere(SPHERE.r, SPHERE.c, 64, 32),
        loc: SPHERE.c,
        scale: 3,
      },
      {
        id: 'ring',
        category: 'round',
        sd: sdTorusZ(TORUS.R, TORUS.r, TORUS.c),
        mesh: torus(TORUS.R, TORUS.r, TORUS.c, 48, 24),
        loc: TORUS.c,
        scale: 0.8,
      },
    ];
    for (const c of cases) {
      const s = await ds.load({ category: c.category, id: c.id, split: 'train' });
      for (let k = 0; k < 3; k++) assert.ok(Math.abs(s.loc[k] - c.loc[k]) < 1e-5 * c.scale, `${c.id} loc ${s.loc} vs ${c.loc}`);
      assert.ok(Math.abs(s.scale - c.scale) < 1e-5 * c.scale, `${c.id} scale ${s.scale}`);
      assert.equal(s.surfacePoints.length, 900);
      assert.equal(s.queryPoints.length, 3600);
      assert.equal(s.uniformPoints!.length, 9000);
      assert.equal(s.evalPoints!.length, 1200);
      const band = tessellationError(c.mesh, c.sd);
      for (const [pts, occ] of [
        [s.queryPoints, s.queryOccupancies],
        [s.uniformPoints!, s.uniformOccupancies!],
      ] as const) {
        let compared = 0;
        for (let i = 0; i < occ.length; i++) {
          const x = pts[3 * i] * s.scale + s.loc[0],
            y = pts[3 * i + 1] * s.scale + s.loc[1],
            z = pts[3 * i + 2] * s.scale + s.loc[2];
          const d = c.sd(x, y, z);
          if (Math.abs(d) <= band) continue;
          compared++;
          assert.equal(occ[i], d < 0 ? 1 : 0, `${c.id} point ${i} sd ${d}`);
        }
        assert.ok(compared > 0.7 * occ.length, `${c.id}: only ${compared} of ${occ.length} points compared (band ${band})`);
      }
      for (let i = 0; i < 300; i++) {
        const x = s.surfacePoints[3 * i] * s.scale + s.loc[0],
          y = s.surfacePoints[3 * i + 1] * s.scale + s.loc[1],
          z = s.surfacePoints[3 * i + 2] * s.scale + s.loc[2];
        assert.ok(Math.abs(c.sd(x, y, z)) <= band, `${c.id} surface sample off the surface`);
        assert.ok(Math.abs(Math.hypot(s.surfaceNormals[3 * i], s.surfaceNormals[3 * i + 1], s.surfaceNormals[3 * i + 2]) - 1) < 1e-5);
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('deterministic whatever the worker count; resumes, rebuilds a corrupted or changed shape', async () => {
  const root = makeMeshFolder();
  try {
    const meshes = join(root, 'meshes');
    const a = join(root, 'a'),
      b = join(root, 'b');
    await buildCache({ meshes, out: a, workers: 2, settings: SETTINGS, ...quiet });
    await buildCache({ meshes, out: b, workers: 1, settings: SETTINGS, ...quiet });
    const fa = npzFiles(a),
      fb = npzFiles(b);
    assert.deepEqual([...fa.keys()].sort(), ['blocky/sub/brick.npz', 'round/ball.npz', 'round/ring.npz']);
    for (const [k, v] of fa) assert.ok(v.equals(fb.get(k)!), `${k} differs between 2 workers and 1`);
    assert.equal(readFileSync(join(a, 'manifest.json'), 'utf8'), readFileSync(join(b, 'manifest.json'), 'utf8'));

    // Second run: everything reused (only the broken meshes are tried again).
    const again = await buildCache({ meshes, out: a, workers: 2, settings: SETTINGS, ...quiet });
    assert.equal(again.skipped, 3);
    assert.equal(again.built, 0);
    assert.equal(again.failed.length, 3);

    // Corrupt one file: it is detected and rebuilt to the same bytes.
    const ball = join(a, 'round/ball.npz');
    const bytes = readFileSync(ball);
    bytes[bytes.length >> 1] ^= 0xff;
    writeFileSync(ball, bytes);
    assert.deepEqual(verifyCache(a).corrupt, ['round/ball.npz']);
    await assert.rejects(CacheDataset.open(a).load({ category: 'round', id: 'ball', split: 'train' }), { name: 'InputError' });
    const repaired = await buildCache({ meshes, out: a, workers: 2, settings: SETTINGS, ...quiet });
    assert.equal(repaired.repaired, 1);
    assert.equal(repaired.built, 1);
    assert.equal(repaired.skipped, 2);
    assert.ok(readFileSync(ball).equals(fa.get('round/ball.npz')!));
    assert.deepEqual(verifyCache(a), { ok: 3, missing: [], corrupt: [] });

    // A changed source mesh is rebuilt; a deleted output too.
    writeMesh(join(meshes, 'round/ball.obj'), uvSphere(SPHERE.r, SPHERE.c, 24, 12));
    rmSync(join(a, 'blocky/sub/brick.npz'));
    const changed = await buildCache({ meshes, out: a, workers: 2, settings: SETTINGS, ...quiet });
    assert.equal(changed.built, 2);
    assert.equal(changed.skipped, 1);
    assert.ok(!readFileSync(ball).equals(fa.get('round/ball.npz')!));

    // Other settings: nothing is reused.
    const reseeded = await buildCache({ meshes, out: a, workers: 2, settings: { ...SETTINGS, seed: 6 }, ...quiet });
    assert.equal(reseeded.built, 3);
    assert.equal(reseeded.skipped, 0);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('split lists in a category folder decide the splits; otherwise the seeded 80/10/10 rule', async () => {
  const root = mkdtempSync(join(tmpdir(), 'pointocc-split-'));
  try {
    const cat = join(root, 'meshes/c');
    mkdirSync(cat, { recursive: true });
    const small = box([0, 0, 0], [1, 1, 1]);
    for (let i = 0; i < 4; i++) writeMesh(join(cat, `m${i}.off`), small);
    writeFileSync(join(cat, 'train.lst'), 'm0\nm2\n');
    writeFileSync(join(cat, 'val.lst'), 'm1\n');
    writeFileSync(join(cat, 'test.lst'), 'm3\n\n');
    const r = await buildCache({
      meshes: join(root, 'meshes'),
      out: join(root, 'cache'),
      workers: 1,
      settings: { ...SETTINGS, uniformPoints: 100, evalPoints: 10 },
      ...quiet,
    });
    assert.deepEqual(
      r.manifest.shapes.map((s) => `${s.id}:${s.split}`),
      ['m0:train', 'm1:val', 'm2:train', 'm3:test'],
    );
    const ds = CacheDataset.open(join(root, 'cache'));
    assert.deepEqual(
      ds.shapes('val').map((s) => s.id),
      ['m1'],
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
