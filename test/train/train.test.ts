import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { train } from '../../src/train/train.ts';
import { resolveTrainConfig } from '../../src/train/TrainRunConfig.ts';
import { readCheckpoint } from '../../src/train/Checkpoint.ts';
import { TrainLog, type StepEntry, type ValEntry } from '../../src/train/TrainLog.ts';
import { decodeSafetensors } from '../../src/io/safetensors.ts';
import { decodePng } from '../../src/render/writePng.ts';
import { tinyKit, TINY_KIT } from './tinyKit.ts';
import { onetKit, ONET_KIT } from '../../src/train/onetKit.ts';
import { pcnnOccKit, PCNN_OCC_KIT } from '../../src/train/pcnnOccKit.ts';
import { trainKitOfRun } from '../../src/methods/trainKits.ts';
import { atomicWriteFileSync } from '../../src/io/atomicWrite.ts';
import { SphereDataset } from './sphereDataset.ts';

const quiet = () => {};
function cfg(train: Record<string, unknown>) {
  return resolveTrainConfig(
    {
      hidden: 12,
      inputPoints: 64,
      train: { batch: 4, queries: 128, lr: 1e-2, noise: 0.005, valShapes: 3, valPoints: 500, workers: 2, ...train },
    },
    tinyKit,
  );
}
function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'pointocc-train-'));
}

test('resume is exact: k steps straight equal k/2 + checkpoint + resume k/2, bit for bit (weights, Adam moments, log)', async () => {
  const root = tmp();
  try {
    const ds = new SphereDataset({ train: 10, val: 3, test: 0 }); // 10 shapes, batch 4: epochs of 2 batches, so the run crosses epochs
    const a = join(root, 'straight'),
      b = join(root, 'split');
    await train({ out: a, config: cfg({ steps: 8, valEvery: 3 }), dataset: ds, kit: TINY_KIT, message: quiet });
    const half = await train({ out: b, config: cfg({ steps: 4, valEvery: 3 }), dataset: ds, kit: TINY_KIT, message: quiet });
    assert.equal(half.step, 4);
    const resumed = await train({ out: b, resume: true, overrides: { steps: 8 }, dataset: ds, kit: TINY_KIT, message: quiet });
    assert.equal(resumed.step, 8);
    assert.equal(resumed.status, 'done');
    const ca = readCheckpoint(join(a, 'checkpoint')),
      cb = readCheckpoint(join(b, 'checkpoint'));
    assert.equal(ca.state.step, 8);
    assert.deepEqual(cb.replica.params, ca.replica.params);
    assert.deepEqual(cb.replica.adam.m, ca.replica.adam.m);
    assert.deepEqual(cb.replica.adam.v, ca.replica.adam.v);
    assert.equal(cb.replica.adam.step, 8);
    assert.deepEqual(cb.state.sampler, ca.state.sampler);
    // The step lines (losses, accuracies, lr, epochs) agree too; timing fields aside.
    const steps = (dir: string) =>
      TrainLog.read(join(dir, 'train-log.jsonl'))
        .filter((e): e is StepEntry => e.type === 'step')
        .map(({ step, loss, accuracy, lr, epoch }) => ({ step, loss, accuracy, lr, epoch }));
    assert.deepEqual(steps(b), steps(a));
    assert.deepEqual(
      steps(a).map((s) => s.step),
      [1, 2, 3, 4, 5, 6, 7, 8],
    );
    assert.ok(
      steps(a).some((s) => s.epoch >= 2),
      'crossed epochs',
    );
    // The straight run's validations at steps 3 and 6 (and the end, 8) reappear in the resumed log with the same IoU.
    const vals = (dir: string) =>
      TrainLog.read(join(dir, 'train-log.jsonl'))
        .filter((e): e is ValEntry => e.type === 'val')
        .map((v) => [v.step, v.iou]);
    const va = new Map(vals(a).map(([s, i]) => [s, i]));
    for (const [s, iou] of vals(b)) if (va.has(s)) assert.equal(iou, va.get(s));
    assert.deepEqual(
      vals(a).map(([s]) => s),
      [3, 6, 8],
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the loss decreases on a tiny problem; best/ is a loadable model with metrics; curves.png and the log are written', async () => {
  const root = tmp();
  try {
    const ds = new SphereDataset({ train: 12, val: 4, test: 0 });
    const vals: ValEntry[] = [];
    const r = await train({
      out: root,
      config: cfg({ steps: 60, valEvery: 20, valShapes: 4 }),
      dataset: ds,
      kit: TINY_KIT,
      message: quiet,
      onValidation: (v) => vals.push(v),
    });
    const log = TrainLog.read(join(root, 'train-log.jsonl'));
    const losses = log.filter((e): e is StepEntry => e.type === 'step').map((e) => e.loss);
    assert.equal(losses.length, 60);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const first = mean(losses.slice(0, 10)),
      last = mean(losses.slice(-10));
    assert.ok(last < 0.75 * first, `loss ${first.toFixed(3)} → ${last.toFixed(3)}`);
    assert.deepEqual(
      vals.map((v) => v.step),
      [20, 40, 60],
    );
    const bestVal = vals.reduce((b, v) => (v.iou > b.iou ? v : b));
    assert.ok(r.best && r.best.iou === bestVal.iou && r.best.step === bestVal.step);
    assert.ok(bestVal.iou > 0.6, `validation IoU ${bestVal.iou}`);
    // best/ holds the weights of the best step: compare with a fresh run stopped at that step.
    const metrics = JSON.parse(readFileSync(join(root, 'best', 'metrics.json'), 'utf8'));
    assert.equal(metrics.step, bestVal.step);
    assert.equal(metrics.iou, bestVal.iou);
    const bestW = decodeSafetensors(new Uint8Array(readFileSync(join(root, 'best', 'weights.safetensors')))).tensors;
    const other = join(root, 'again');
    await train({
      out: other,
      config: cfg({ steps: bestVal.step, valEvery: 20, valShapes: 4 }),
      dataset: ds,
      kit: TINY_KIT,
      message: quiet,
    });
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
    const r = await train({
      out: root,
      config: cfg({ steps: 50, valEvery: 0 }),
      dataset: ds,
      kit: TINY_KIT,
      message: quiet,
      onStep: (e) => e.step >= 3,
    });
    assert.equal(r.status, 'stopped');
    assert.equal(r.step, 3);
    assert.equal(readCheckpoint(join(root, 'checkpoint')).state.step, 3);
    assert.ok(!existsSync(join(root, 'best')), 'no validation split: no best/');
    await assert.rejects(
      train({ out: root, config: cfg({ steps: 5 }), dataset: ds, kit: TINY_KIT, message: quiet }),
      /already holds a training run/,
    );
    await assert.rejects(
      train({ out: join(root, 'empty'), resume: true, dataset: ds, kit: TINY_KIT, message: quiet }),
      /no checkpoint to resume/,
    );
    const done = await train({ out: root, resume: true, overrides: { steps: 5 }, dataset: ds, kit: TINY_KIT, message: quiet });
    assert.equal(done.step, 5);
    const events = TrainLog.read(join(root, 'train-log.jsonl'))
      .filter((e) => e.type !== 'step' && e.type !== 'val')
      .map((e) => `${e.type}@${e.step}`);
    assert.deepEqual(events, ['start@0', 'stop@3', 'resume@3', 'stop@5']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("registry kits are not stored in config.json: a moved ONet run (even one with a stale kit URL) and a pcnn-occ run resume by the model method (the registry's trainKitOfRun), exactly", async () => {
  const root = tmp();
  try {
    const ds = new SphereDataset({ train: 6, val: 0, test: 0 });
    const settings = { batch: 2, queries: 32, lr: 1e-3, noise: 0.005, valShapes: 0, valEvery: 0, workers: 1 };
    const onet = (steps: number) =>
      resolveTrainConfig(
        {
          model: { method: 'onet', encoderHidden: 4, cDim: 3, decoderHidden: 4, blocks: 2, inputPoints: 24 },
          train: { ...settings, steps },
        },
        onetKit,
      );
    const straight = join(root, 'onet-straight'),
      first = join(root, 'onet-first'),
      moved = join(root, 'moved', 'onet');
    await train({ out: straight, config: onet(4), dataset: ds, kit: ONET_KIT, message: quiet });
    await train({ out: first, config: onet(2), dataset: ds, kit: ONET_KIT, message: quiet });
    const stored = JSON.parse(readFileSync(join(first, 'config.json'), 'utf8'));
    assert.equal(stored.kit, null);
    assert.equal(stored.model.method, 'onet');
    assert.ok(!readFileSync(join(first, 'config.json'), 'utf8').includes('file:'), 'no module URL in config.json');
    // Move the run, and give it the absolute URL an older build wrote (its repository is gone).
    mkdirSync(join(root, 'moved'));
    renameSync(first, moved);
    atomicWriteFileSync(
      join(moved, 'config.json'),
      JSON.stringify({ ...stored, kit: { url: 'file:///no/such/checkout/src/train/onetKit.ts', exportName: 'onetKit' } }),
    );
    const r = await train({ out: moved, resume: true, overrides: { steps: 4 }, dataset: ds, kitOf: trainKitOfRun, message: quiet });
    assert.equal(r.step, 4);
    const ca = readCheckpoint(join(straight, 'checkpoint')),
      cb = readCheckpoint(join(moved, 'checkpoint'));
    assert.deepEqual(cb.replica.names, ca.replica.names);
    assert.deepEqual(cb.replica.params, ca.replica.params);
    assert.ok(ca.replica.buffers && ca.replica.buffers.data.length === 10, 'running statistics in the checkpoint');
    assert.deepEqual(cb.replica.buffers, ca.replica.buffers);

    // pcnn-occ: config.json has "kit": null (as every pcnn-occ run folder always had); resume finds pcnnOccKit.
    const pcnn = resolveTrainConfig(
      { inputPoints: 48, levelSizes: [24, 12, 4], widths: [4, 6, 8, 8, 8, 6, 4], hidden: 8, train: { ...settings, steps: 1 } },
      pcnnOccKit,
    );
    const p = join(root, 'pcnn');
    await train({ out: p, config: pcnn, dataset: ds, kit: PCNN_OCC_KIT, message: quiet });
    assert.equal(JSON.parse(readFileSync(join(p, 'config.json'), 'utf8')).kit, null);
    assert.equal(
      (await train({ out: p, resume: true, overrides: { steps: 2 }, dataset: ds, kitOf: trainKitOfRun, message: quiet })).step,
      2,
    );
    // Resuming without a kit or a way to find it is refused.
    await assert.rejects(train({ out: p, resume: true, dataset: ds, message: quiet }), /pass the run's model kit/);
    // A built-in kit that contradicts the model's method is refused.
    await assert.rejects(
      train({ out: join(root, 'bad'), config: pcnn, dataset: ds, kit: ONET_KIT, message: quiet }),
      /method does not match the kit onetKit/,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('augmented density training (per-item N, noise, scale, rotation) resumes bit-exactly; run config and best/ record the ranges; a thin cache is warned about once', async () => {
  const root = tmp();
  try {
    const ds = new SphereDataset({ train: 7, val: 2, test: 0 }); // 400 surface samples per shape
    const run = (steps: number) =>
      resolveTrainConfig(
        {
          inputPoints: 32,
          density: { floors: [8, 8, 4], maxPoints: 1000 },
          widths: [4, 6, 8, 8, 8, 6, 4],
          hidden: 8,
          train: {
            batch: 3,
            queries: 48,
            lr: 1e-3,
            steps,
            valEvery: 2,
            valShapes: 2,
            valPoints: 300,
            workers: 2,
            inputPointsRange: [32, 500],
            noiseRange: [0, 0.01],
            scaleRange: [0.8, 1.2],
            rotate: true,
          },
        },
        pcnnOccKit,
      );
    const said: string[] = [];
    const a = join(root, 'straight'),
      b = join(root, 'split');
    await train({ out: a, config: run(4), dataset: ds, kit: PCNN_OCC_KIT, message: (l) => said.push(l) });
    assert.equal(said.filter((l) => /surface samples, fewer than the 500 input points/.test(l)).length, 1, said.join('\n'));
    await train({ out: b, config: run(2), dataset: ds, kit: PCNN_OCC_KIT, message: quiet });
    const r = await train({ out: b, resume: true, overrides: { steps: 4 }, dataset: ds, kitOf: trainKitOfRun, message: quiet });
    assert.equal(r.step, 4);
    const ca = readCheckpoint(join(a, 'checkpoint')),
      cb = readCheckpoint(join(b, 'checkpoint'));
    assert.deepEqual(cb.replica.params, ca.replica.params);
    assert.deepEqual(cb.replica.adam.m, ca.replica.adam.m);
    assert.deepEqual(cb.state.sampler, ca.state.sampler);
    const steps = (dir: string) =>
      TrainLog.read(join(dir, 'train-log.jsonl'))
        .filter((e): e is StepEntry => e.type === 'step')
        .map((e) => [e.step, e.loss]);
    assert.deepEqual(steps(b), steps(a));
    const stored = JSON.parse(readFileSync(join(b, 'config.json'), 'utf8'));
    assert.deepEqual(
      [stored.train.inputPointsRange, stored.train.noiseRange, stored.train.scaleRange, stored.train.rotate],
      [[32, 500], [0, 0.01], [0.8, 1.2], true],
    );
    const best = JSON.parse(readFileSync(join(a, 'best', 'config.json'), 'utf8'));
    assert.deepEqual([best.inputPoints, best.trainPoints, best.density.maxPoints], [32, [32, 500], 1000]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("--init: a fresh run starts from a model folder's weights (recorded with their sha256); another architecture is refused by name", async () => {
  const root = tmp();
  try {
    const ds = new SphereDataset({ train: 8, val: 3, test: 0 });
    const a = join(root, 'a');
    await train({ out: a, config: cfg({ steps: 6, valEvery: 3 }), dataset: ds, kit: TINY_KIT, message: quiet });
    const source = join(a, 'best');
    const weights = decodeSafetensors(new Uint8Array(readFileSync(join(source, 'weights.safetensors')))).tensors;
    // steps 0: the run only initialises and checkpoints, so its parameters are the initial ones.
    const b = join(root, 'b');
    await train({ out: b, config: cfg({ steps: 0, valEvery: 0 }), dataset: ds, kit: TINY_KIT, init: source, message: quiet });
    const cb = readCheckpoint(join(b, 'checkpoint'));
    cb.replica.names.forEach((n, i) => assert.deepEqual(cb.replica.params[i], weights[n].data, n));
    assert.ok(
      cb.replica.adam.m.every((m) => m.every((v) => v === 0)),
      'Adam moments start at zero',
    );
    const run = JSON.parse(readFileSync(join(b, 'config.json'), 'utf8'));
    const sha = createHash('sha256')
      .update(readFileSync(join(source, 'weights.safetensors')))
      .digest('hex');
    assert.deepEqual(run.init, { dir: source, weightsSha256: sha });
    // A run without --init starts elsewhere (the random initialisation).
    const c = join(root, 'c');
    await train({ out: c, config: cfg({ steps: 0, valEvery: 0 }), dataset: ds, kit: TINY_KIT, message: quiet });
    assert.notDeepEqual(readCheckpoint(join(c, 'checkpoint')).replica.params, cb.replica.params);
    const wider = resolveTrainConfig(
      {
        hidden: 13,
        inputPoints: 64,
        train: { batch: 4, queries: 128, lr: 1e-2, steps: 0, valEvery: 0, valShapes: 3, valPoints: 500, workers: 2 },
      },
      tinyKit,
    );
    await assert.rejects(
      train({ out: join(root, 'd'), config: wider, dataset: ds, kit: TINY_KIT, init: source, message: quiet }),
      /--init: .* has \d+ values in .*, the run's model has \d+/,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('--init with validation: the curve starts at step 0 with the starting weights, which are the first best', async () => {
  const root = tmp();
  try {
    const ds = new SphereDataset({ train: 8, val: 3, test: 0 });
    const a = join(root, 'a');
    await train({ out: a, config: cfg({ steps: 6, valEvery: 3 }), dataset: ds, kit: TINY_KIT, message: quiet });
    const bestA = JSON.parse(readFileSync(join(a, 'best', 'metrics.json'), 'utf8'));
    // Run b starts from a's best weights with the same seed, so the same validation shapes and
    // inputs: its step-0 validation must be run a's best validation, to the last bit.
    const b = join(root, 'b');
    await train({
      out: b,
      config: cfg({ steps: 3, valEvery: 3, lr: 0.5 }),
      dataset: ds,
      kit: TINY_KIT,
      init: join(a, 'best'),
      message: quiet,
    });
    const vals = readFileSync(join(b, 'train-log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((e) => e.type === 'val');
    assert.deepEqual(
      vals.map((v) => v.step),
      [0, 3],
    );
    assert.equal(vals[0].iou, bestA.iou);
    const bestB = JSON.parse(readFileSync(join(b, 'best', 'metrics.json'), 'utf8'));
    assert.equal(bestB.iou, Math.max(vals[0].iou, vals[1].iou));
    // A fresh run without --init does not validate before its first step.
    const c = join(root, 'c');
    await train({ out: c, config: cfg({ steps: 3, valEvery: 3 }), dataset: ds, kit: TINY_KIT, message: quiet });
    const first = JSON.parse(
      readFileSync(join(c, 'train-log.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .find((l) => l.includes('"val"'))!,
    );
    assert.equal(first.step, 3);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
