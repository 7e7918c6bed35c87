import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { IO_FIXTURES } from '../../fixtures.ts';

const root = join(fileURLToPath(import.meta.url), '../../../..');
const fixtures = IO_FIXTURES;
const run = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin/pointocc.js'), ...args], { encoding: 'utf8' });

test('info --json on box.obj: counts, bbox, area and volume of a 0.5×0.3×0.2 box', () => {
  const r = run('info', join(fixtures, 'box.obj'), '--json');
  assert.equal(r.status, 0, r.stderr);
  const info = JSON.parse(r.stdout);
  assert.equal(info.kind, 'mesh');
  assert.equal(info.faces, 12);
  assert.equal(info.mesh.watertight, true);
  assert.equal(info.mesh.components, 1);
  for (let a = 0; a < 3; a++) assert.ok(Math.abs(info.bbox.size[a] - [0.5, 0.3, 0.2][a]) < 1e-6);
  assert.ok(Math.abs(info.mesh.area - 2 * (0.5 * 0.3 + 0.5 * 0.2 + 0.3 * 0.2)) < 1e-6);
  assert.ok(Math.abs(info.mesh.volume - 0.03) < 1e-6);
});

test('info on a point cloud and human-readable output', () => {
  const r = run('info', join(fixtures, 'sphere_points.xyz'));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /point cloud/);
  assert.match(r.stdout, /points: 500/);
  const t = run('info', join(fixtures, 'torus.off'));
  assert.match(t.stdout, /faces: 576/);
  assert.match(t.stdout, /watertight: yes/);
});

test('every bad fixture: exit code 2, one line naming the file, no stack trace', () => {
  for (const f of [
    'bad_header.ply',
    'empty.ply',
    'face_index_out_of_range.obj',
    'huge_count.ply',
    'nan_points.xyz',
    'not_a_mesh.obj',
    'one_point.xyz',
    'truncated.ply',
  ]) {
    const r = run('info', join(fixtures, 'bad', f));
    assert.equal(r.status, 2, `${f}: ${r.stdout}${r.stderr}`);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `${f}: ${r.stderr}`);
    assert.ok(lines[0].includes(f), lines[0]);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
});

test('--help works on the command', () => {
  const r = run('info', '--help');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /--json/);
});
