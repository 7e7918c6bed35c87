import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPointCloud } from '../../../src/io/registry.ts';
import { IO_FIXTURES } from '../../fixtures.ts';
import { saveTinyModel, medianProbability, runCliCaptured } from './tinyModel.ts';

const root = join(fileURLToPath(import.meta.url), '../../../..');
const fixtures = IO_FIXTURES;

let tmp = '';
let model = '';
let threshold = '';
let cloudFile = '';
let cloud: Float32Array;

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'pointocc-upsample-cli-'));
  model = await saveTinyModel(2);
  // 60 fixture sphere points, moved to (−3, 4, 10) and scaled by 10.
  const rows = readFileSync(join(fixtures, 'sphere_points.xyz'), 'utf8').trim().split('\n').slice(0, 60);
  cloud = new Float32Array(180);
  rows.forEach((r, i) =>
    r
      .trim()
      .split(/\s+/)
      .map(Number)
      .forEach((v, d) => {
        cloud[3 * i + d] = 10 * v + [-3, 4, 10][d];
      }),
  );
  cloudFile = join(tmp, 'c.xyz');
  writeFileSync(cloudFile, Array.from({ length: 60 }, (_, i) => `${cloud[3 * i]} ${cloud[3 * i + 1]} ${cloud[3 * i + 2]}`).join('\n'));
  threshold = String(await medianProbability(model, cloud));
});

test('upsample: n points with normals in the input frame, JSON report', async () => {
  const out = join(tmp, 'dense.ply');
  const r = spawnSync(
    process.execPath,
    [
      join(root, 'bin/pointocc.js'),
      'upsample',
      cloudFile,
      '-o',
      out,
      '-n',
      '3000',
      '--model',
      model,
      '--resolution',
      '32',
      '--threshold',
      threshold,
      '--workers',
      '0',
      '--json',
    ],
    { encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  const rep = JSON.parse(r.stdout);
  const pc = readPointCloud(out);
  assert.equal(pc.positions.length, 9000);
  assert.equal(pc.normals?.length, 9000);
  assert.ok(rep.tolerance > 0);
  // Every point lies within one search segment (±1 voxel of 1.1/32) of the reconstruction box
  // [-0.55, 0.55]³ mapped back to input units.
  const { center, scale } = rep.transform;
  for (let i = 0; i < pc.positions.length; i++)
    assert.ok(Math.abs(pc.positions[i] - center[i % 3]) <= (0.55 + (2 * 1.1) / 32) / scale, `${pc.positions[i]}`);
  // ...and the box is about the cloud: its centre is the cloud's bounding-box centre.
  for (let d = 0; d < 3; d++) {
    let lo = Infinity,
      hi = -Infinity;
    for (let i = d; i < cloud.length; i += 3) {
      lo = Math.min(lo, cloud[i]);
      hi = Math.max(hi, cloud[i]);
    }
    assert.ok(Math.abs(center[d] - (lo + hi) / 2) < 1e-4);
  }
  // Unit normals.
  for (let i = 0; i < 3000; i++)
    assert.ok(Math.abs(Math.hypot(pc.normals![3 * i], pc.normals![3 * i + 1], pc.normals![3 * i + 2]) - 1) < 1e-4);
});

test('upsample: XYZ output without normals; errors exit 2 without output', async () => {
  const out = join(tmp, 'dense.xyz');
  const r = await runCliCaptured(
    'upsample',
    cloudFile,
    '-o',
    out,
    '-n',
    '100',
    '--model',
    model,
    '--resolution',
    '16',
    '--threshold',
    threshold,
    '--workers',
    '0',
    '--no-normals',
    '--no-progress',
  );
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /wrote .*dense\.xyz \(100 points/);
  const lines = readFileSync(out, 'utf8')
    .trim()
    .split('\n')
    .filter((l) => !l.startsWith('#'));
  assert.equal(lines.length, 100);
  assert.equal(lines[0].trim().split(/\s+/).length, 3);
  const bad = join(tmp, 'never.ply');
  for (const [args, re] of [
    [[cloudFile, '-o', join(tmp, 'x.obj'), '--model', model], /cannot write a point cloud/],
    [[cloudFile, '-o', bad, '-n', '0', '--model', model], /-n must be an integer/],
    [[cloudFile, '-o', bad, '--model', join(tmp, 'nope')], /no model at/],
    [[join(fixtures, 'bad', 'one_point.xyz'), '-o', bad, '--model', model], /one_point\.xyz/],
  ] as Array<[string[], RegExp]>) {
    const e = await runCliCaptured('upsample', ...args);
    assert.equal(e.status, 2, `${args.join(' ')}: ${e.stderr}`);
    assert.equal(e.stderr.trim().split('\n').length, 1);
    assert.match(e.stderr, re);
  }
  assert.equal(existsSync(bad), false);
});
