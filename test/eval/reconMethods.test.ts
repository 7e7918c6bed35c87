import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveMethod } from '../../src/eval/reconMethods.ts';
import { checkMesh } from '../../src/geometry/meshChecks.ts';
import { Random } from '../../src/geometry/Random.ts';
import { saveTinyOnetModel } from '../cli/commands/tinyOnetModel.ts';
import { saveTinyModel, medianProbability } from '../cli/commands/tinyModel.ts';
import { spherePoints } from '../helpers/sphere.ts';

/** 64 points on a sphere of radius 0.4 (unit-cube frame). */
const sphere = (): Float32Array => spherePoints(64, 0.4, new Random(2));

test('onet resolves like pointocc, with the ONet folder: a watertight mesh through MISE; its own cache identity', async () => {
  const dir = await saveTinyOnetModel(3);
  try {
    // Store a threshold at which this random model surely has a surface for the cloud.
    const cfg = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...cfg, threshold: await medianProbability(dir, sphere()) }));
    const r = await resolveMethod('onet', { onetModelDir: dir, modelDir: '/no/pcnn/model', resolution: 16, workers: 0 });
    assert.ok(r.available, r.available ? '' : r.reason);
    try {
      assert.match(r.method.description, /^ONet model .*64-point input/);
      // r16: the resolution; s10: the default smoothing
      assert.match(r.method.identity, /^onet:\d+:\d+:\d+:\d+:r16:s10$/);
      const mesh = await r.method.run(sphere(), { seed: 0 });
      const chk = checkMesh(mesh);
      assert.ok(chk.faces > 0);
      assert.equal(chk.watertight, true);
    } finally {
      await r.method.close?.();
    }
    // `pointocc` takes any model folder, an ONet one too (identity prefix stays pointocc's).
    const p = await resolveMethod('pointocc', { modelDir: dir, resolution: 16, workers: 0 });
    assert.ok(p.available);
    assert.match(p.method.identity, /^pointocc:/);
    await p.method.close?.();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('onet unavailable, with the reason: no folder given, no model there, a pcnn-occ model there', async () => {
  const none = await resolveMethod('onet', { modelDir: '/x' });
  assert.ok(!none.available && /no model folder given \(--onet-model DIR\)/.test(none.reason));
  const missing = await resolveMethod('onet', { onetModelDir: '/no/such/onet-procshapes' });
  assert.ok(!missing.available && /no trained model at \/no\/such\/onet-procshapes.*configs\/onet-procshapes\.json/.test(missing.reason));
  const pcnn = await saveTinyModel();
  try {
    const wrong = await resolveMethod('onet', { onetModelDir: pcnn, workers: 0 });
    assert.ok(
      !wrong.available && /is a pcnn-occ model, not onet \(--onet-model DIR\)/.test(wrong.reason),
      wrong.available ? '' : wrong.reason,
    );
  } finally {
    rmSync(pcnn, { recursive: true, force: true });
  }
});
