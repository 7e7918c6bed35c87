import { test } from 'node:test';
import assert from 'node:assert/strict';
import { learningRateAt, validateTrainSettings, defaultTrainSettings } from '../../src/train/TrainSettings.ts';
import { resolveTrainConfig } from '../../src/train/TrainRunConfig.ts';
import { pcnnOccKit } from '../../src/train/pcnnOccKit.ts';

test('learning-rate schedules: constant, cosine end points and midpoint, step decay', () => {
  const base = { lr: 1e-3, steps: 101 };
  assert.equal(learningRateAt({ ...base, lrSchedule: { type: 'constant' } }, 57), 1e-3);
  const cos = { ...base, lrSchedule: { type: 'cosine' as const, minLr: 1e-5 } };
  assert.equal(learningRateAt(cos, 0), 1e-3);
  assert.ok(Math.abs(learningRateAt(cos, 100) - 1e-5) < 1e-18);
  // Halfway (step 50 of 0..100): the mean of both ends.
  assert.ok(Math.abs(learningRateAt(cos, 50) - (1e-3 + 1e-5) / 2) < 1e-15);
  assert.ok(Math.abs(learningRateAt(cos, 500) - 1e-5) < 1e-18);
  const st = { ...base, lrSchedule: { type: 'step' as const, every: 10, factor: 0.5 } };
  assert.equal(learningRateAt(st, 9), 1e-3);
  assert.equal(learningRateAt(st, 10), 5e-4);
  assert.equal(learningRateAt(st, 35), 1.25e-4);
});

test('train settings: defaults, validation messages, unknown keys rejected', () => {
  const d = validateTrainSettings(undefined, 300);
  assert.deepEqual(d, defaultTrainSettings(300));
  assert.equal(d.lr, 1e-4);
  assert.equal(d.noise, 0.005);
  assert.equal(d.checkpointMinutes, 5);
  assert.equal(d.rotate, false, 'no rotation augmentation unless asked (old run configs resume unchanged)');
  assert.equal(validateTrainSettings({ rotate: true }, 300).rotate, true);
  assert.throws(() => validateTrainSettings({ rotate: 'so3' }, 300), /train\.rotate must be true or false/);
  assert.throws(() => validateTrainSettings({ batch: 0 }, 300), /train\.batch/);
  assert.throws(() => validateTrainSettings({ lr: -1 }, 300), /train\.lr/);
  assert.throws(() => validateTrainSettings({ btach: 4 }, 300), /unknown train setting "btach"/);
  assert.throws(() => validateTrainSettings({ valSplit: 'dev' }, 300), /valSplit/);
  assert.throws(() => validateTrainSettings({ lrSchedule: { type: 'step', every: 0, factor: 0.5 } }, 300), /every/);
  assert.deepEqual(validateTrainSettings({ lrSchedule: 'constant' }, 300).lrSchedule, { type: 'constant' });
});

test('config files: flat model fields + train section, or {model, train}; flags override; inputPoints kept consistent', () => {
  const flat = resolveTrainConfig({ widths: [8, 8, 8, 8, 8, 8, 8], hidden: 16, train: { batch: 4, inputPoints: 200 } }, pcnnOccKit, {
    batch: 6,
    steps: undefined,
  });
  assert.equal(flat.train.batch, 6, 'the flag wins');
  assert.equal(flat.train.inputPoints, 200);
  assert.equal((flat.model as { inputPoints: number }).inputPoints, 200);
  assert.equal((flat.model as { hidden: number }).hidden, 16);
  const nested = resolveTrainConfig({ model: { hidden: 32 }, train: { steps: 7 } }, pcnnOccKit);
  assert.equal((nested.model as { hidden: number }).hidden, 32);
  assert.equal(nested.train.steps, 7);
  assert.equal(nested.train.inputPoints, 300, 'default from the model config');
  assert.throws(() => resolveTrainConfig({ model: {}, hidden: 3 }, pcnnOccKit), /unexpected top-level field "hidden"/);
  // a warm-started run's own config.json (models/*/train-config.json) is a valid --config
  const record = {
    format: 'pointocc-train',
    version: 1,
    model: { hidden: 24 },
    train: { steps: 5 },
    data: '/d',
    kit: null,
    init: { dir: '/m', weightsSha256: 'ab' },
  };
  assert.equal((resolveTrainConfig(record, pcnnOccKit).model as { hidden: number }).hidden, 24);
  assert.throws(() => resolveTrainConfig({ widths: [1, 2] }, pcnnOccKit), /widths/);
  assert.throws(() => resolveTrainConfig([], pcnnOccKit), /JSON object/);
});

test("augmentation settings: ranges default off, validated, inputPoints = the range's min; a pcnn-occ model records trainPoints; ONet refuses a size range", async () => {
  const d = validateTrainSettings(undefined, 300);
  assert.deepEqual(
    [d.inputPointsRange, d.noiseRange, d.scaleRange],
    [null, null, null],
    'off by default (old run configs resume unchanged)',
  );
  assert.equal(d.inputPointsDistribution, 'log-uniform', 'log-uniform by default (as before the setting existed)');
  assert.equal(validateTrainSettings({ inputPointsDistribution: 'uniform' }, 300).inputPointsDistribution, 'uniform');
  assert.equal(d.categoryRepeats, null, 'every shape once by default');
  assert.deepEqual(validateTrainSettings({ categoryRepeats: { lamp: 2, tube: 3 } }, 300).categoryRepeats, { lamp: 2, tube: 3 });
  const s = validateTrainSettings({ inputPointsRange: [300, 3000], noiseRange: [0, 0.01], scaleRange: [0.7, 1.3] }, 500);
  assert.deepEqual([s.inputPointsRange, s.noiseRange, s.scaleRange, s.inputPoints], [[300, 3000], [0, 0.01], [0.7, 1.3], 300]);
  const bad: Array<[Record<string, unknown>, RegExp]> = [
    [{ inputPointsRange: [3000, 300] }, /train\.inputPointsRange must be null or \[lo, hi\] with lo ≤ hi, integers in \[16, 1048576\]/],
    [{ inputPointsRange: [10, 300] }, /train\.inputPointsRange/],
    [{ inputPointsRange: [300.5, 400] }, /train\.inputPointsRange/],
    [{ inputPointsRange: 300 }, /train\.inputPointsRange/],
    [{ noiseRange: [-0.01, 0.01] }, /train\.noiseRange must be null or \[lo, hi\].*numbers ≥ 0/],
    [{ scaleRange: [0, 1.3] }, /train\.scaleRange.*numbers > 0/],
    [{ scaleRange: [1.3, 0.7] }, /train\.scaleRange/],
    [{ inputPoints: 500, inputPointsRange: [300, 3000] }, /train\.inputPoints 500 disagrees with train\.inputPointsRange \[300,3000\]/],
    [{ inputPointsDistribution: 'gaussian' }, /train\.inputPointsDistribution must be "log-uniform" or "uniform", got "gaussian"/],
    [{ categoryRepeats: ['lamp'] }, /train\.categoryRepeats must be null or an object \{category: count\}/],
    [{ categoryRepeats: { lamp: 0 } }, /train\.categoryRepeats\["lamp"\] must be an integer in \[1, 100\], got 0/],
    [{ categoryRepeats: { lamp: '2' } }, /train\.categoryRepeats\["lamp"\]/],
  ];
  for (const [json, re] of bad) assert.throws(() => validateTrainSettings(json, 300), re, JSON.stringify(json));
  // a pcnn-occ model: inputPoints = min, trainPoints = the range (and dropped again without a range)
  const r = resolveTrainConfig({ density: {}, train: {} }, pcnnOccKit, { inputPointsRange: [400, 3000] });
  const m = r.model as { inputPoints: number; trainPoints?: number[]; density?: unknown };
  assert.deepEqual([m.inputPoints, m.trainPoints, r.train.inputPoints], [400, [400, 3000], 400]);
  assert.ok(m.density);
  const fixed = resolveTrainConfig({ trainPoints: [300, 3000], train: { inputPoints: 300 } }, pcnnOccKit);
  assert.ok(!('trainPoints' in (fixed.model as object)), 'trainPoints describes the training at hand only');
  const legacy = resolveTrainConfig({ widths: [8, 8, 8, 8, 8, 8, 8] }, pcnnOccKit);
  assert.ok(!('trainPoints' in (legacy.model as object)) && !('density' in (legacy.model as object)));
  const { onetKit } = await import('../../src/train/onetKit.ts');
  assert.throws(
    () => resolveTrainConfig({ method: 'onet', train: { inputPointsRange: [300, 3000] } }, onetKit),
    /ONet trains on blocks of equal-size inputs/,
  );
  assert.equal(
    resolveTrainConfig({ method: 'onet', train: { noiseRange: [0, 0.01], scaleRange: [0.8, 1.2] } }, onetKit).train.noiseRange![1],
    0.01,
    'noise and scale ranges are fine for ONet',
  );
});
