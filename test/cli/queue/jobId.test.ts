import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileSha256, jobIdFor, modelSha256 } from '../../../src/cli/queue/jobId.ts';
import { settingsFrom } from '../../../src/cli/reconstructRunner.ts';
import { defaultModelDir } from '../../../src/methods/index.ts';

const settings = (o: Record<string, string | boolean>) => settingsFrom({ format: 'ply', progress: false, ...o });

test('job ids: same content, meaning of the options, model and output → same id; any of them changed → another id', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pointocc-jobid-'));
  writeFileSync(join(dir, 'a.xyz'), '0 0 0\n1 1 1\n');
  writeFileSync(join(dir, 'b.xyz'), '0 0 0\n1 1 1\n');
  writeFileSync(join(dir, 'c.xyz'), '0 0 0\n1 1 2\n');
  const [a, b, c] = ['a', 'b', 'c'].map((n) => fileSha256(join(dir, `${n}.xyz`)));
  assert.equal(a, b);
  assert.notEqual(a, c);
  const m = 'f'.repeat(64);
  const id = jobIdFor(a, settings({}), m, '/out/a.ply');
  assert.match(id, /^pc-[0-9a-f]{40}$/);
  // Typed differently, meaning the same: the defaults spelled out.
  assert.equal(jobIdFor(b, settings({ seed: '0', resolution: '128', subsets: '4' }), m, '/out/a.ply'), id);
  // smoothing is on by default (10 iterations): --smooth and --smooth 10 say the same
  assert.equal(jobIdFor(a, settings({ smooth: true }), m, '/out/a.ply'), id);
  assert.equal(jobIdFor(a, settings({ smooth: '10' }), m, '/out/a.ply'), id);
  for (const other of [
    jobIdFor(c, settings({}), m, '/out/a.ply'),
    jobIdFor(a, settings({ seed: '1' }), m, '/out/a.ply'),
    jobIdFor(a, settings({ resolution: '64' }), m, '/out/a.ply'),
    jobIdFor(a, settings({ threshold: '0.4' }), m, '/out/a.ply'),
    jobIdFor(a, settings({ smooth: false }), m, '/out/a.ply'),
    jobIdFor(a, settings({ smooth: '3' }), m, '/out/a.ply'),
    jobIdFor(a, settings({ method: 'poisson' }), null, '/out/a.ply'),
    jobIdFor(a, settings({}), 'e'.repeat(64), '/out/a.ply'),
    jobIdFor(a, settings({}), m, '/out/a.obj'),
  ])
    assert.notEqual(other, id);
});

test('the model hash covers its weights, config and threshold', () => {
  const h = modelSha256(defaultModelDir());
  assert.match(h, /^[0-9a-f]{64}$/);
  assert.equal(modelSha256(defaultModelDir()), h);
  const dir = mkdtempSync(join(tmpdir(), 'pointocc-jobid-model-'));
  writeFileSync(join(dir, 'config.json'), '{}');
  const h1 = modelSha256(dir);
  writeFileSync(join(dir, 'threshold.json'), '{"best":{"threshold":0.4}}');
  assert.notEqual(modelSha256(dir), h1);
});
