import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../../src/nn/engine/Engine.ts';
import { Random } from '../../../../src/geometry/Random.ts';
import { PcnnOcc } from '../../../../src/nn/models/pcnnOcc/PcnnOcc.ts';
import { cpuPcnnOccConfig, defaultPcnnOccConfig, levelSigmasFor, levelSizesFor, trainPointsOf, validateConfig, DEFAULT_DENSITY } from '../../../../src/nn/models/pcnnOcc/PcnnOccConfig.ts';
import { spherePoints } from '../../../helpers/sphere.ts';

const density = validateConfig({ density: {} });

test('density levels: hand-computed sizes N_l = min(N_{l−1}, clamp(round(f_l·N0), floor_l, cap_l)), defaults f = [256,128,16]/300, floors [16,16,8], caps [2^20,1024,32]', () => {
  // N0 → [N0, N1, N2, N3], worked by hand:
  //   16:    f·16   = 13.65, 6.83, 0.85 → floors 16, 16, 8 → min with the level above: 16, 16, 8
  //   20:    17.07 → 17; 8.53 → 9 → floor 16; 1.07 → 1 → floor 8
  //   100:   85.3 → 85; 42.7 → 43; 5.33 → 5 → floor 8
  //   300:   256; 128; 16 — the paper's sizes
  //   1000:  853.3 → 853; 426.7 → 427; 53.3 → 53 → cap 32
  //   3000:  2560; 1280 → cap 1024; 160 → cap 32
  //   10000: 8533.3 → 8533; 4266.7 → cap 1024; 533 → cap 32
  const table: Array<[number, number[]]> = [
    [16, [16, 16, 16, 8]], [20, [20, 17, 16, 8]], [100, [100, 85, 43, 8]], [300, [300, 256, 128, 16]],
    [1000, [1000, 853, 427, 32]], [3000, [3000, 2560, 1024, 32]], [10000, [10000, 8533, 1024, 32]],
  ];
  for (const [n0, sizes] of table) assert.deepEqual(levelSizesFor(density, n0), sizes, `N0 = ${n0}`);
  // a floor above the level above: the min wins (X2's floor 16 > X1 = 14)
  const small = validateConfig({ density: { floors: [4, 16, 2] } });
  assert.deepEqual(levelSizesFor(small, 16), [16, 14, 14, 2]);
  // legacy: fixed sizes capped by the level above
  const legacy = defaultPcnnOccConfig();
  assert.deepEqual(levelSizesFor(legacy, 20), [20, 20, 20, 16]);
  assert.deepEqual(levelSizesFor(legacy, 300), [300, 256, 128, 16]);
  assert.deepEqual(levelSizesFor(legacy, 10000), [10000, 256, 128, 16]);
});

test('density levels in the model: sizes and σ_l = 0.5/√N_l of real clouds', async () => {
  const model = new PcnnOcc(await Engine.create(), { ...cpuPcnnOccConfig(), widths: [4, 4, 4, 4, 4, 4, 4], hidden: 4, density: { ...DEFAULT_DENSITY } });
  for (const [n0, sizes] of [[20, [20, 17, 16, 8]], [300, [300, 256, 128, 16]], [3000, [3000, 2560, 1024, 32]]] as const) {
    const lv = model.levelsOf(spherePoints(n0, 0.4, new Random(n0)));
    assert.deepEqual(lv.sizes, sizes);
    lv.sizes.forEach((n, l) => assert.ok(Math.abs(lv.sigmas[l] - 0.5 / Math.sqrt(n)) < 1e-15, `σ${l} at N0 = ${n0}`));
    // σ at N0 = 3000: 0.5/√3000 ≈ 0.00913, 0.5/√2560 ≈ 0.00988, 0.5/√1024 = 0.015625, 0.5/√32 ≈ 0.0884
    if (n0 === 3000) assert.ok(Math.abs(lv.sigmas[2] - 0.015625) < 1e-15 && Math.abs(lv.sigmas[3] - 0.08838834764831845) < 1e-12);
    lv.segments.forEach((seg, l) => { assert.equal(seg.length, sizes[l]); assert.ok(seg.every((v) => v >= 0 && v < sizes[l + 1])); });
  }
});

test('sigmaPoints N_σ: above it σ_l stays that of an N_σ-point cloud while the levels keep all points (hand-computed)', async () => {
  const capped = validateConfig({ density: { maxPoints: 3000, sigmaPoints: 1000 }, trainPoints: [300, 3000] });
  // N0 = 3000, N_σ = 1000: the sizes of 1000 points are [1000, 853, 427, 32] (table above), so
  // σ = 0.5/√1000 ≈ 0.0158114, 0.5/√853 ≈ 0.0171197, 0.5/√427 ≈ 0.0241967, 0.5/√32 ≈ 0.0883883 (float64, python3 math.sqrt)
  const want = [0.015811388300841896, 0.017119673934947517, 0.024196695924791362, 0.08838834764831843];
  levelSigmasFor(capped, 3000).forEach((s, l) => assert.ok(Math.abs(s - want[l]) < 1e-15, `σ${l}: ${s} vs ${want[l]}`));
  assert.deepEqual(levelSizesFor(capped, 3000), [3000, 2560, 1024, 32], 'the sizes still follow N0');
  // at or below N_σ nothing changes: σ_l = 0.5/√N_l(N0); N0 = 300 → 0.5/√300, 0.5/√256 = 1/32, 0.5/√128, 0.5/√16 = 1/8
  const at300 = [0.5 / Math.sqrt(300), 1 / 32, 0.5 / Math.sqrt(128), 1 / 8];
  levelSigmasFor(capped, 300).forEach((s, l) => assert.ok(Math.abs(s - at300[l]) < 1e-15, `σ${l} at 300`));
  // without sigmaPoints, σ follows every N0: 0.5/√3000 at X0
  assert.ok(Math.abs(levelSigmasFor(density, 3000)[0] - 0.5 / Math.sqrt(3000)) < 1e-15);
  // the model's levels use it
  const model = new PcnnOcc(await Engine.create(), { ...cpuPcnnOccConfig(), widths: [4, 4, 4, 4, 4, 4, 4], hidden: 4, density: capped.density });
  const lv = model.levelsOf(spherePoints(3000, 0.4, new Random(3)));
  assert.deepEqual(lv.sizes, [3000, 2560, 1024, 32]);
  lv.sigmas.forEach((s, l) => assert.ok(Math.abs(s - want[l]) < 1e-15, `model σ${l}`));
  // stored and read back; absent unless given
  assert.deepEqual(validateConfig(JSON.parse(JSON.stringify(capped))), capped);
  assert.ok(!('sigmaPoints' in density.density!));
});

test('legacy config: unchanged by validation, no density/trainPoints fields added; trainPointsOf falls back to inputPoints', () => {
  const legacy = JSON.parse(JSON.stringify(cpuPcnnOccConfig()));
  const v = validateConfig(legacy);
  assert.deepEqual(v, legacy);
  assert.equal(JSON.stringify(v), JSON.stringify(legacy), 'same keys in the same order (config.json bytes)');
  assert.ok(!('density' in v) && !('trainPoints' in v));
  assert.deepEqual(trainPointsOf(v), [300, 300]);
  // density: {} takes every default; null = absent
  assert.deepEqual(validateConfig({ density: {} }).density, { ...DEFAULT_DENSITY });
  assert.ok(!('density' in validateConfig({ density: null })));
  const d = validateConfig({ density: { maxPoints: 5000 }, trainPoints: [300, 3000] });
  assert.equal(d.density!.maxPoints, 5000);
  assert.deepEqual(trainPointsOf(d), [300, 3000]);
  assert.deepEqual(validateConfig(JSON.parse(JSON.stringify(d))), d, 'round trip through JSON');
  assert.ok(!('passPoints' in d.density!), 'passPoints absent unless given');
  const p = validateConfig({ density: { maxPoints: 3000, passPoints: 1000 }, trainPoints: [300, 3000] });
  assert.equal(p.density!.passPoints, 1000);
  assert.deepEqual(validateConfig(JSON.parse(JSON.stringify(p))), p, 'round trip through JSON');
});

test('density / trainPoints validation messages name the field', () => {
  const bad: Array<[unknown, RegExp]> = [
    [{ density: 3 }, /density must be an object/],
    [{ density: { fraction: [0.5, 0.2, 0.1] } }, /density\.fraction is not a density field/],
    [{ density: { fractions: [0.5, 0.2] } }, /density\.fractions must be an array of 3/],
    [{ density: { fractions: [0.5, 0.2, 0] } }, /density\.fractions\[2\] must be a number in \(0, 1\]/],
    [{ density: { fractions: [0.5, 1.2, 0.1] } }, /density\.fractions\[1\]/],
    [{ density: { fractions: [0.2, 0.5, 0.1] } }, /density\.fractions must be non-increasing/],
    [{ density: { floors: [16, 16, 0] } }, /density\.floors\[2\] must be an integer/],
    [{ density: { caps: [100, 64.5, 8] } }, /density\.caps\[1\] must be an integer/],
    [{ density: { floors: [16, 16, 40], caps: [4096, 1024, 32] } }, /floor 40 of X3 exceeds its cap 32/],
    [{ density: { maxPoints: 200 } }, /density\.maxPoints 200 is below inputPoints 300/],
    [{ density: { maxPoints: 8 } }, /density\.maxPoints must be an integer in \[16/],
    [{ density: { maxPoints: 3000, passPoints: 4000 } }, /density\.passPoints must be an integer in \[300, 3000\]/],
    [{ density: { passPoints: 200 } }, /density\.passPoints must be an integer in \[300, 10000\]/],
    [{ density: { maxPoints: 3000, sigmaPoints: 3001 } }, /density\.sigmaPoints must be an integer in \[300, 3000\]/],
    [{ density: { sigmaPoints: 1000.5 } }, /density\.sigmaPoints must be an integer in \[300, 10000\]/],
    [{ trainPoints: 300 }, /trainPoints must be \[min, max\]/],
    [{ trainPoints: [3000, 300] }, /trainPoints must have min ≤ max/],
    [{ trainPoints: [8, 300] }, /trainPoints\[0\] must be an integer in \[16/],
    [{ trainPoints: [500, 3000] }, /inputPoints 300 must lie within trainPoints \[500, 3000\]/],
  ];
  for (const [json, re] of bad) assert.throws(() => validateConfig(json, 'cfg'), (e: Error) => e.name === 'UsageError' && re.test(e.message) && e.message.startsWith('cfg: '), JSON.stringify(json));
});

test('testRotations: absent unless given (legacy configs keep their bytes); an integer in [1, 64]', () => {
  assert.ok(!('testRotations' in validateConfig(cpuPcnnOccConfig())));
  assert.ok(!('testRotations' in validateConfig({ testRotations: null })));
  const v = validateConfig({ testRotations: 2 });
  assert.equal(v.testRotations, 2);
  assert.deepEqual(validateConfig(JSON.parse(JSON.stringify(v))), v, 'round trip through JSON');
  for (const bad of [0, 1.5, 65, '2'])
    assert.throws(
      () => validateConfig({ testRotations: bad }, 'cfg'),
      (e: Error) => e.name === 'UsageError' && /^cfg: testRotations must be an integer in \[1, 64\]/.test(e.message),
      JSON.stringify(bad),
    );
});
