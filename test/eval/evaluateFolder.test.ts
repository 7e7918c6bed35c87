// End-to-end `evaluateFolder` / `pointocc eval` on a tiny mesh folder: two classes of spheres
// (ground truth) and predictions with known IoU, one missing, one misnamed. 5000 samples and
// IoU points per shape (not the protocol's 100 000) keep it fast.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeMesh } from '../../src/io/registry.ts';
import type { Mesh } from '../../src/geometry/Mesh.ts';
import { evaluateFolder } from '../../src/eval/evaluateFolder.ts';
import { runCli } from '../../src/cli/main.ts';
import { uvSphere, polyhedronVolume } from '../geometry/shapes.ts';

const N = 5000;

function shifted(m: Mesh, s: number, d: [number, number, number]): Mesh {
  const p = new Float32Array(m.positions.length);
  for (let i = 0; i < p.length; i += 3) for (let a = 0; a < 3; a++) p[i + a] = m.positions[i + a] * s + d[a];
  return { positions: p, faces: m.faces };
}

function setup(): { root: string; gt: string; pred: string; truth: number } {
  const root = mkdtempSync(join(tmpdir(), 'pointocc-eval-'));
  const gt = join(root, 'gt'),
    pred = join(root, 'pred');
  for (const d of ['gt/a', 'gt/b', 'pred/a']) mkdirSync(join(root, d), { recursive: true });
  // Ground truth in its own units (radius 2 around (5, 0, 0)): normalised to radius 0.5.
  const sphere = uvSphere(1, 24, 48);
  writeMesh(join(gt, 'a', 's1.ply'), shifted(sphere, 2, [5, 0, 0]));
  writeMesh(join(gt, 'a', 's2.ply'), shifted(sphere, 2, [5, 0, 0]));
  writeMesh(join(gt, 'b', 's3.ply'), shifted(sphere, 2, [5, 0, 0]));
  // a/s1: exact copy; a/s2: 0.8× concentric (IoU 0.512 × tessellation ratio = 0.8³); b/s3 missing
  // under its class but a flat file of another name exists.
  writeMesh(join(pred, 'a', 's1.obj'), shifted(sphere, 2, [5, 0, 0]));
  writeMesh(join(pred, 'a', 's2.ply'), shifted(sphere, 1.6, [5, 0, 0]));
  writeMesh(join(pred, 'other.off'), shifted(sphere, 2, [5, 0, 0]));
  writeFileSync(join(pred, 'notes.txt'), 'not a mesh');
  const truth = polyhedronVolume(shifted(sphere, 1.6, [0, 0, 0])) / polyhedronVolume(shifted(sphere, 2, [0, 0, 0]));
  return { root, gt, pred, truth };
}

test('evaluateFolder: matching, frames, missing shapes, per-class and mean of class means', async () => {
  const { root, gt, pred, truth } = setup();
  try {
    const r = await evaluateFolder({ pred, gt, settings: { samples: N, uniformPoints: N, taus: [0.01], seed: 1, missing: 'exclude' } });
    assert.equal(r.settings.frame, 'source');
    const byKey = new Map(r.shapes.map((s) => [`${s.category}/${s.id}`, s]));
    assert.equal(byKey.get('a/s1')!.metrics.iou, 1);
    // IoU of concentric spheres in the box [-0.55, 0.55]³: ~N·0.52/1.33 ≈ 2000 union points.
    assert.ok(Math.abs(byKey.get('a/s2')!.metrics.iou! - truth) < 3 * Math.sqrt(0.25 / 2000), `IoU ${byKey.get('a/s2')!.metrics.iou}`);
    // The 0.8× sphere is 0.1 inside the radius-0.5 one in unit-cube units.
    assert.ok(Math.abs(byKey.get('a/s2')!.metrics.chamferL1! - 0.1) < 0.005);
    assert.equal(byKey.get('b/s3')!.status, 'missing');
    assert.equal(byKey.get('b/s3')!.metrics.iou, 0);
    assert.deepEqual(r.summary.missing, ['b/s3']);
    assert.deepEqual(r.unmatched, ['other']);
    const a = (1 + byKey.get('a/s2')!.metrics.iou!) / 2;
    assert.ok(Math.abs(r.summary.meanOfClassMeans.iou! - a / 2) < 1e-12);
    // Chamfer: class b has none, so the mean of class means is class a's mean.
    assert.ok(Math.abs(r.summary.meanOfClassMeans.chamferL1! - r.summary.classes[0].means.chamferL1!) < 1e-15);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('worker threads give the same results as the calling thread', async () => {
  const { root, gt, pred } = setup();
  try {
    const settings = { samples: 2000, uniformPoints: 2000, taus: [0.01, 0.05], seed: 3, missing: 'penalty' as const };
    const one = await evaluateFolder({ pred, gt, settings, workers: 1 });
    const two = await evaluateFolder({ pred, gt, settings, workers: 2 });
    assert.deepEqual(two.shapes, one.shapes);
    assert.equal(one.shapes.find((s) => s.id === 's3')!.metrics.chamferL1, Math.sqrt(3));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('pointocc eval writes JSON and markdown; bad options exit 2', async () => {
  const { root, gt, pred } = setup();
  try {
    const out = join(root, 'r.json'),
      md = join(root, 'r.md');
    const code = await runCli([
      'eval',
      '--pred',
      pred,
      '--gt',
      gt,
      '--samples',
      '2000',
      '--workers',
      '1',
      '--out',
      out,
      '--md',
      md,
      '--tau',
      '0.01,0.02',
      '--no-progress',
    ]);
    assert.equal(code, 0);
    const j = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(j.format, 'pointocc-eval');
    assert.equal(j.shapes.length, 3);
    assert.ok('fscore@0.02' in j.summary.meanOfClassMeans);
    const text = readFileSync(md, 'utf8');
    assert.match(text, /mean of class means/);
    assert.match(text, /b\/s3 \(missing\)/);
    assert.equal(await runCli(['eval', '--pred', pred, '--no-progress']), 2);
    assert.equal(await runCli(['eval', '--pred', pred, '--gt', gt, '--tau', 'x']), 2);
    assert.equal(await runCli(['eval', '--pred', join(root, 'nope'), '--gt', gt]), 2);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
