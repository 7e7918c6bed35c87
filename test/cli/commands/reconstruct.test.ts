import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readMesh } from '../../../src/io/registry.ts';
import { checkMesh } from '../../../src/geometry/meshChecks.ts';
import { IO_FIXTURES } from '../../fixtures.ts';
import { saveTinyModel, medianProbability, runCliCaptured } from './tinyModel.ts';
import { saveTinyOnetModel } from './tinyOnetModel.ts';
import { defaultModelDir } from '../../../src/methods/index.ts';

const root = join(fileURLToPath(import.meta.url), '../../../..');
const fixtures = IO_FIXTURES;
const run = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin/pointocc.js'), ...args], { encoding: 'utf8' });

/** 64 points of the fixture sphere (radius 0.4), scaled by 50 and moved to (100, −20, 7). */
function sphereCloud(): Float32Array {
  const rows = readFileSync(join(fixtures, 'sphere_points.xyz'), 'utf8').trim().split('\n').slice(0, 64);
  const p = new Float32Array(3 * rows.length);
  rows.forEach((r, i) =>
    r
      .trim()
      .split(/\s+/)
      .map(Number)
      .forEach((v, d) => {
        p[3 * i + d] = 50 * v + [100, -20, 7][d];
      }),
  );
  return p;
}
const xyzText = (p: Float32Array): string =>
  Array.from({ length: p.length / 3 }, (_, i) => `${p[3 * i]} ${p[3 * i + 1]} ${p[3 * i + 2]}`).join('\n') + '\n';

let tmp = '';
let model = '';
let threshold = '';
let cloudFile = '';

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'pointocc-recon-cli-'));
  model = await saveTinyModel();
  const cloud = sphereCloud();
  cloudFile = join(tmp, 'sphere.xyz');
  writeFileSync(cloudFile, xyzText(cloud));
  threshold = String(await medianProbability(model, cloud));
});

test('tiny random model: a watertight mesh in the input coordinates, JSON report with the transform', () => {
  const out = join(tmp, 'single.obj');
  const r = run(
    'reconstruct',
    cloudFile,
    '-o',
    out,
    '--model',
    model,
    '--resolution',
    '32',
    '--threshold',
    threshold,
    '--workers',
    '0',
    '--no-smooth', // the raw marching-cubes mesh: exactly inside the box (smoothing may bulge a box-closed surface)
    '--json',
  );
  assert.equal(r.status, 0, r.stderr);
  const rep = JSON.parse(r.stdout);
  const mesh = readMesh(out);
  const chk = checkMesh(mesh);
  assert.equal(chk.watertight, true);
  assert.equal(rep.faces, chk.faces);
  assert.equal(rep.watertight, true);
  assert.equal(rep.points, 64);
  assert.equal(rep.subsets, 1);
  assert.equal(rep.resolution, 32);
  assert.equal(rep.model.inputPoints, 64);
  // The transform maps the cloud's bounding box to the unit cube; the mesh lies in the box
  // [-0.55, 0.55]³ mapped back: centre ± 0.55 / scale.
  const { center, scale } = rep.transform;
  const pts = sphereCloud();
  for (let d = 0; d < 3; d++) {
    let lo = Infinity,
      hi = -Infinity;
    for (let i = d; i < pts.length; i += 3) {
      lo = Math.min(lo, pts[i]);
      hi = Math.max(hi, pts[i]);
    }
    assert.ok(Math.abs(center[d] - (lo + hi) / 2) < 1e-3, `centre ${center}`);
    for (let i = d; i < mesh.positions.length; i += 3) {
      assert.ok(Math.abs(mesh.positions[i] - center[d]) <= (0.55 + 1e-3) / scale, `vertex ${mesh.positions[i]} outside the box`);
    }
  }
  let side = 0;
  for (let d = 0; d < 3; d++) {
    let lo = Infinity,
      hi = -Infinity;
    for (let i = d; i < pts.length; i += 3) {
      lo = Math.min(lo, pts[i]);
      hi = Math.max(hi, pts[i]);
    }
    side = Math.max(side, hi - lo);
  }
  assert.ok(Math.abs(scale - 1 / side) < 1e-6 / side);
  assert.match(r.stderr, /MISE round 1: 729 grid points/);
  assert.match(
    r.stderr,
    /wrote .*single\.obj \(\d+ faces; closed, edge-manifold, vertex-manifold, consistently oriented, no self-intersections\) in \d+\.\d\d s/,
  );
});

test('bad input: exit 2, one line, no output file; --drop-invalid skips NaN points', async () => {
  const out = join(tmp, 'bad.ply');
  const r = run('reconstruct', join(fixtures, 'bad', 'nan_points.xyz'), '-o', out, '--model', model, '--workers', '0');
  assert.equal(r.status, 2, r.stderr);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], /nan_points\.xyz: 2 of 4 points have NaN.*--drop-invalid/);
  assert.equal(existsSync(out), false);
  assert.deepEqual(
    readdirSync(tmp).filter((f) => f.startsWith('.bad.ply')),
    [],
    'no temporary file left',
  );
  // Too few points even after dropping: exit 2 naming the minimum.
  const few = await runCliCaptured('reconstruct', join(fixtures, 'bad', 'nan_points.xyz'), '-o', out, '--model', model, '--drop-invalid');
  assert.equal(few.status, 2);
  assert.match(few.stderr, /at least 16/);
  // With enough valid points, --drop-invalid reconstructs.
  const withNan = join(tmp, 'with_nan.xyz');
  writeFileSync(withNan, xyzText(sphereCloud()) + 'nan 0 0\n1 inf 2\n');
  const bad = await runCliCaptured(
    'reconstruct',
    withNan,
    '-o',
    out,
    '--model',
    model,
    '--workers',
    '0',
    '--resolution',
    '16',
    '--threshold',
    threshold,
  );
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /2 of 66 points/);
  const ok = await runCliCaptured(
    'reconstruct',
    withNan,
    '-o',
    out,
    '--model',
    model,
    '--workers',
    '0',
    '--resolution',
    '16',
    '--threshold',
    threshold,
    '--drop-invalid',
    '--json',
  );
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).droppedInvalid, 2);
  assert.ok(existsSync(out));
});

test('missing model, bad options: exit 2 with one line and no output', async () => {
  const out = join(tmp, 'none.ply');
  const cases: Array<[string[], RegExp]> = [
    [[cloudFile, '-o', out, '--model', join(tmp, 'no-such-model')], /no model at .*no-such-model.*pointocc train.*--model/],
    [[cloudFile, '-o', join(tmp, 'mesh.xyz'), '--model', model], /cannot write a mesh with extension '\.xyz'/],
    [[cloudFile, '--model', model], /--output/],
    [[cloudFile, '-o', out, '--model', model, '--resolution', '130'], /--resolution/],
    [[cloudFile, '-o', out, '--model', model, '--threshold', '1.5'], /--threshold/],
    [[cloudFile, '-o', out, '--model', model, '--method', 'no-such-method'], /--method no-such-method is not available/],
    [[join(tmp, 'missing.xyz'), '-o', out, '--model', model], /missing\.xyz: cannot read: no such file/],
    [['--batch', tmp, '-o', out, '--model', model], /--batch/],
    [[join(tmp, 'same.ply'), '-o', join(tmp, 'same.ply'), '--model', model], /is the input; refusing to overwrite/],
  ];
  // The first case as a real process; the rest in this process (same code path, quicker).
  const first = run('reconstruct', ...cases[0][0]);
  assert.equal(first.status, 2, first.stderr);
  assert.match(first.stderr, cases[0][1]);
  for (const [args, re] of cases) {
    const r = await runCliCaptured('reconstruct', ...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, re);
  }
  assert.equal(existsSync(out), false);
});

test('--batch on a folder of 3 clouds (and a non-cloud file) writes 3 meshes, with 2 worker threads', () => {
  const inDir = join(tmp, 'batch-in'),
    outDir = join(tmp, 'batch-out');
  mkdirSync(inDir);
  const cloud = sphereCloud();
  writeFileSync(join(inDir, 'a.xyz'), xyzText(cloud));
  writeFileSync(join(inDir, 'b.csv'), xyzText(cloud.map((v) => 2 * v)).replace(/ /g, ','));
  writeFileSync(join(inDir, 'c.xyz'), xyzText(cloud.map((v, i) => v + (i % 3))));
  writeFileSync(join(inDir, 'notes.md'), 'not a cloud\n');
  const r = run(
    'reconstruct',
    '--batch',
    inDir,
    outDir,
    '--model',
    model,
    '--resolution',
    '16',
    '--threshold',
    threshold,
    '--workers',
    '2',
    '--format',
    'off',
    '--json',
  );
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(readdirSync(outDir).sort(), ['a.off', 'b.off', 'c.off']);
  for (const f of ['a.off', 'b.off', 'c.off']) assert.equal(checkMesh(readMesh(join(outDir, f))).watertight, true, f);
  const rep = JSON.parse(r.stdout);
  assert.equal(rep.written.length, 3);
  assert.deepEqual(rep.failed, []);
  // b is a scaled copy of a (the same normalised cloud): the same mesh, scaled by 2.
  const a = readMesh(join(outDir, 'a.off')),
    b = readMesh(join(outDir, 'b.off'));
  assert.equal(a.faces.length, b.faces.length);
  for (let i = 0; i < a.positions.length; i++)
    assert.ok(Math.abs(2 * a.positions[i] - b.positions[i]) < 1e-3 * Math.max(1, Math.abs(b.positions[i])));
});

test('--batch: a bad file is reported, the others are written, exit 2', async () => {
  const inDir = join(tmp, 'batch-bad'),
    outDir = join(tmp, 'batch-bad-out');
  mkdirSync(inDir);
  writeFileSync(join(inDir, 'good.xyz'), xyzText(sphereCloud()));
  writeFileSync(join(inDir, 'tiny.xyz'), '0 0 0\n1 1 1\n');
  const r = await runCliCaptured(
    'reconstruct',
    '--batch',
    inDir,
    outDir,
    '--model',
    model,
    '--resolution',
    '16',
    '--threshold',
    threshold,
    '--workers',
    '0',
    '--no-progress',
  );
  assert.equal(r.status, 2);
  assert.match(r.stderr, /tiny\.xyz.*at least 16/);
  assert.match(r.stderr, /1 of 2 clouds failed/);
  assert.deepEqual(readdirSync(outDir), ['good.ply']);
});

test('a mesh file as input gives its vertices; --smooth and --simplify reach the pipeline', async () => {
  const out = join(tmp, 'from_mesh.stl');
  const torusFile = join(fixtures, 'torus.off');
  const thr = String(await medianProbability(model, readMesh(torusFile).positions));
  const r = await runCliCaptured(
    'reconstruct',
    torusFile,
    '-o',
    out,
    '--model',
    model,
    '--workers',
    '0',
    '--resolution',
    '32',
    '--threshold',
    thr,
    '--smooth',
    '--simplify',
    '500',
    '--json',
    '--no-progress',
  );
  assert.equal(r.status, 0, r.stderr);
  const rep = JSON.parse(r.stdout);
  assert.equal(rep.fromMesh, true);
  assert.equal(rep.points, readMesh(torusFile).positions.length / 3);
  assert.ok(rep.subsets > 1, 'more vertices than the tiny model takes: several subsets');
  assert.ok(rep.seconds.smooth > 0, 'smoothed');
  assert.ok(rep.faces <= 500, `${rep.faces} faces`);
  assert.equal(checkMesh(readMesh(out)).watertight, true);
  assert.equal(r.stderr, '', '--no-progress: nothing on stderr');
});

test('--method onet: a tiny ONet folder gives a watertight mesh (also when the folder alone says onet); a pcnn-occ folder is refused for --method onet', async () => {
  const onet = await saveTinyOnetModel();
  const thr = String(await medianProbability(onet, sphereCloud()));
  const out = join(tmp, 'onet.ply');
  const r = await runCliCaptured(
    'reconstruct',
    cloudFile,
    '-o',
    out,
    '--method',
    'onet',
    '--model',
    onet,
    '--resolution',
    '32',
    '--threshold',
    thr,
    '--workers',
    '0',
    '--json',
    '--no-progress',
  );
  assert.equal(r.status, 0, r.stderr);
  const rep = JSON.parse(r.stdout);
  assert.equal(rep.model.method, 'onet');
  assert.equal(rep.model.inputPoints, 64);
  const chk = checkMesh(readMesh(out));
  assert.ok(chk.faces > 0);
  assert.equal(chk.watertight, true);
  assert.equal(rep.faces, chk.faces);
  // Without --method the folder decides; 2 worker threads.
  const out2 = join(tmp, 'onet2.ply');
  const r2 = await runCliCaptured(
    'reconstruct',
    cloudFile,
    '-o',
    out2,
    '--model',
    onet,
    '--resolution',
    '32',
    '--threshold',
    thr,
    '--workers',
    '2',
    '--json',
    '--no-progress',
  );
  assert.equal(r2.status, 0, r2.stderr);
  assert.equal(JSON.parse(r2.stdout).model.method, 'onet');
  assert.equal(JSON.parse(r2.stdout).faces, rep.faces, 'same model, same input: same mesh with workers');
  // --method onet with a pcnn-occ folder: one line, exit 2.
  const bad = await runCliCaptured('reconstruct', cloudFile, '-o', join(tmp, 'x.ply'), '--method', 'onet', '--model', model);
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
  assert.match(bad.stderr, /--method onet: the model at .* is a pcnn-occ model/);
  rmSync(onet, { recursive: true, force: true });
});

test('--method onet without an ONet folder: exit 2, one line naming the folder and how to make one (no stack)', async () => {
  const out = join(tmp, 'no-onet.ply');
  const r = await runCliCaptured('reconstruct', cloudFile, '-o', out, '--method', 'onet', '--model', join(tmp, 'no-onet-here'));
  assert.equal(r.status, 2);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /no ONet model at .*no-onet-here.*pointocc train --config configs\/onet-procshapes\.json.*--model DIR/);
  assert.equal(existsSync(out), false);
  // Without --model, --method onet loads the bundled ONet baseline (models/onet-procshapes).
  assert.match(defaultModelDir('onet'), /models[\\/]onet-procshapes[\\/]?$/);
  const d = await runCliCaptured('reconstruct', cloudFile, '-o', out, '--method', 'onet', '--resolution', '32');
  assert.equal(d.status, 0, d.stderr);
  const mesh = readMesh(out);
  assert.ok(mesh.faces.length > 0);
  assert.equal(checkMesh(mesh).edgeManifold, true);
});

test('an output that cannot be written is refused before any work: exit 2, one line naming it, no stack, no temp file, model not loaded', async () => {
  // Tests run as root, where chmod does not stop writes: a FILE as parent folder (ENOTDIR), an
  // existing folder as output (EISDIR) stand in for EACCES (a missing parent folder is created, as for out/ in the demo).
  const fileAsDir = join(tmp, 'plain-file');
  writeFileSync(fileAsDir, 'not a folder\n');
  const folderOut = join(tmp, 'out-is-a-folder.ply');
  mkdirSync(folderOut, { recursive: true });
  // A model folder that does not exist: the output check must come first, so it is never reached.
  const noModel = join(tmp, 'no-such-model-for-output-check');
  const cases: Array<[string[], RegExp]> = [
    [
      [cloudFile, '-o', join(fileAsDir, 'mesh.ply'), '--model', noModel],
      /cannot write .*plain-file[\\/]mesh\.ply: .*plain-file is a file, not a folder/,
    ],
    [[cloudFile, '-o', folderOut, '--model', noModel], /cannot write .*out-is-a-folder\.ply: it is a folder/],
    [[cloudFile, '-o', join(fileAsDir, 'mesh.ply'), '--method', 'hull'], /plain-file is a file, not a folder/],
    [
      ['--batch', tmp, join(fileAsDir, 'out'), '--model', model],
      /cannot write into .*plain-file[\\/]out: .*plain-file is a file, not a folder/,
    ],
  ];
  const first = run('reconstruct', ...cases[0][0]);
  assert.equal(first.status, 2, first.stderr);
  assert.equal(first.stderr.trim().split('\n').length, 1, first.stderr);
  assert.match(first.stderr, cases[0][1]);
  for (const [args, re] of cases) {
    const r = await runCliCaptured('reconstruct', ...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, re);
    assert.doesNotMatch(r.stderr, /\bat .*\.[jt]s:\d+/);
  }
  assert.deepEqual(readdirSync(folderOut), []);
  assert.equal(existsSync(join(tmp, 'no-such-folder')), false);
  assert.equal(
    readdirSync(tmp).some((n) => n.includes('.tmp')),
    false,
  );
});
