import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { train } from '../../src/train/train.ts';
import { resolveTrainConfig } from '../../src/train/TrainRunConfig.ts';
import { readCheckpoint } from '../../src/train/Checkpoint.ts';
import { TrainLog, type StepEntry, type ValEntry } from '../../src/train/TrainLog.ts';
import { decodeSafetensors } from '../../src/io/safetensors.ts';
import { decodePng } from '../../src/render/writePng.ts';
import { tinyKit, TINY_KIT } from './tinyKit.ts';
import { SphereDataset } from './sphereDataset.ts';

const quiet = () => {};
function cfg(train: Record<string, unknown>) {
  return resolveTrainConfig({ hidden: 12, inputPoints: 64, train: { batch: 4, queries: 128, lr: 1e-2, noise: 0.005, valShapes: 3, valPoints: 500, workers: 2, ...train } }, tinyKit);
}
function tmp(): string { return mkdtempSync(join(tmpdir(), 'pointocc-train-')); }

test('resume is exact: k steps straight equal k/2 + checkpoint + resume k/2, bit for bit (weights, Adam moments, log)', async () => {
  const root = tmp();
  try {
    const ds = new SphereDataset({ train: 10, val: 3, test: 0 }); // 10 shapes, batch 4: epochs of 2 batches, so the run crosses epochs
    const a = join(root, 'straight'), b = join(root, 'split');
    await train({ out: a, config: cfg({ steps: 8, valEvery: 3 }), dataset: ds, kit: TINY_KIT, message: quiet });
    const half = await train({ out: b, config: cfg({ steps: 4, valEvery: 3 }), dataset: ds, kit: TINY_KIT, message: quiet });
    assert.equal(half.step, 4);
    const resumed = await train({ out: b, resume: true, overrides: { steps: 8 }, dataset: ds, kit: TINY_KIT, message: quiet });
    assert.equal(resumed.step, 8);
    assert.equal(resumed.status, 'done');
    const ca = readCheckpoint(join(a, 'checkpoint')), cb = readCheckpoint(join(b, 'checkpoint'));
    assert.equal(ca.state.step, 8);
    assert.deepEqual(cb.replica.params, ca.replica.params);
    assert.deepEqual(cb.replica.adam.m, ca.replica.adam.m);
    assert.deepEqual(cb.replica.adam.v, ca.replica.adam.v);
    assert.equal(cb.replica.adam.step, 8);
    assert.deepEqual(cb.state.sampler, ca.state.sampler);
    // The step lines (losses, accuracies, lr, epochs) agree too; timing fields aside.
    const steps = (dir: string) => TrainLog.read(join(dir, 'train-log.jsonl')).filter((e): e is StepEntry => e.type === 'step').map(({ step, loss, accuracy, lr, epoch }) => ({ step, loss, accuracy, lr, epoch }));
    assert.deepEqual(steps(b), steps(a));
    assert.deepEqual(steps(a).map((s) => s.step), [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.ok(steps(a).some((s) => s.epoch >= 2), 'crossed epochs');
    // The straight run's validations at steps 3 and 6 (and the end, 8) reappear in the resumed log with the same IoU.
    const vals = (dir: string) => TrainLog.read(join(dir, 'train-log.jsonl')).filter((e): e is ValEntry => e.type === 'val').map((v) => [v.step, v.iou]);
    const va = new Map(vals(a).map(([s, i]) => [s, i]));
    for (const [s, iou] of vals(b)) if (va.has(s)) assert.equal(iou, va.get(s));
    assert.deepEqual(vals(a).map(([s]) => s), [3, 6, 8]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the loss decreases on a tiny problem; best/ is a loadable model with metrics; curves.png and the log are written', async () => {
  const root = tmp();
  try {
    const ds = new SphereDataset({ train: 12, val: 4, test: 0 });
    const vals: ValEntry[] = [];
    const r = await train({ out: root, config: cfg({ steps: 60, valEvery: 20, valShapes: 4 }), dataset: ds, kit: TINY_KIT, message: quiet, onValidation: (v) => vals.push(v) });
    const log = TrainLog.read(join(root, 'train-log.jsonl'));
    const losses = log.filter((e): e is StepEntry => e.type === 'step').map((e) => e.loss);
    assert.equal(losses.length, 60);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const first = mean(losses.slice(0, 10)), last = mean(losses.slice(-10));
    assert.ok(last < 0.75 * first, `loss ${first.toFixed(3)} → ${last.toFixed(3)}`);
    assert.deepEqual(vals.map((v) => v.step), [20, 40, 60]);
    const bestVal = vals.reduce((b, v) => (v.iou > b.iou ? v : b));
    assert.ok(r.best && r.best.iou === bestVal.iou && r.best.step === bestVal.step);
    assert.ok(bestVal.iou > 0.6, `validation IoU ${bestVal.iou}`);
    // best/ holds the weights of the best step: compare with a fresh run stopped at that step.
    const metrics = JSON.parse(readFileSync(join(root, 'best', 'metrics.json'), 'utf8'));
    assert.equal(metrics.step, bestVal.step);
    assert.equal(metrics.iou, bestVal.iou);
    const bestW = decodeSafetensors(new Uint8Array(readFileSync(join(root, 'best', 'weights.safetensors')))).tensors;
    const other = join(root, 'again');
    await train({ out: other, config: cfg({ steps: bestVal.step, valEvery: 20, valShapes: 4 }), dataset: ds, kit: TINY_KIT, message: quiet });
    const again = readCheckpoint(join(other, 'checkpoint'));
    again.replica.names.forEach((n, i) => assert.deepEqual(bestW[n].data, again.replica.params[i]));
    const png = decodePng(new Uint8Array(readFileSync(join(root, 'curves.png'))));
    assert.equal(png.width, 960);
    const leftovers = readdirSync(root).filter((n) => n.startsWith('.'));
    assert.deepEqual(leftovers, []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a stop request ends the run cleanly with a checkpoint; a new run refuses an occupied folder; resume without checkpoint is refused', async () => {
  const root = tmp();
  try {
    const ds = new SphereDataset({ train: 6, val: 0, test: 0 });
    const r = await train({ out: root, config: cfg({ steps: 50, valEvery: 0 }), dataset: ds, kit: TINY_KIT, message: quiet, onStep: (e) => e.step >= 3 });
    assert.equal(r.status, 'stopped');
    assert.equal(r.step, 3);
    assert.equal(readCheckpoint(join(root, 'checkpoint')).state.step, 3);
    assert.ok(!existsSync(join(root, 'best')), 'no validation split: no best/');
    await assert.rejects(train({ out: root, config: cfg({ steps: 5 }), dataset: ds, kit: TINY_KIT, message: quiet }), /already holds a training run/);
    await assert.rejects(train({ out: join(root, 'empty'), resume: true, dataset: ds, kit: TINY_KIT, message: quiet }), /no checkpoint to resume/);
    const done = await train({ out: root, resume: true, overrides: { steps: 5 }, dataset: ds, kit: TINY_KIT, message: quiet });
    assert.equal(done.step, 5);
    const events = TrainLog.read(join(root, 'train-log.jsonl')).filter((e) => e.type !== 'step' && e.type !== 'val').map((e) => `${e.type}@${e.step}`);
    assert.deepEqual(events, ['start@0', 'stop@3', 'resume@3', 'stop@5']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
