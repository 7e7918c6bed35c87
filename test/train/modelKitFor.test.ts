import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isBuiltInKit, kitOfRun } from '../../src/train/modelKitFor.ts';
import { methodOfTrainConfig } from '../../src/methods/index.ts';
import { ONET_KIT } from '../../src/train/onetKit.ts';
import { PCNN_OCC_KIT } from '../../src/train/pcnnOccKit.ts';
import { TINY_KIT } from './tinyKit.ts';

test('methodOfTrainConfig (registry): the model method picks the kit, pcnn-occ when absent', async () => {
  assert.equal((await methodOfTrainConfig({ model: { method: 'onet' } }).trainKit()).ref, ONET_KIT);
  assert.equal((await methodOfTrainConfig({ model: {} }).trainKit()).ref, PCNN_OCC_KIT);
  assert.throws(() => methodOfTrainConfig({ model: { method: 'x' } }, 'run.json'), /run\.json: model method must be/);
});

test('isBuiltInKit: the built-in kits, also under a moved repository; a stand-in kit is not', () => {
  assert.ok(isBuiltInKit(PCNN_OCC_KIT));
  assert.ok(isBuiltInKit(ONET_KIT));
  assert.ok(isBuiltInKit({ url: 'file:///old/checkout/src/train/onetKit.ts', exportName: 'onetKit' }));
  assert.ok(isBuiltInKit({ url: 'file:///elsewhere/src/train/pcnnOccKit.ts', exportName: 'pcnnOccKit' }));
  assert.ok(!isBuiltInKit({ url: 'file:///elsewhere/src/train/onetKit.ts', exportName: 'somethingElse' }));
  assert.ok(!isBuiltInKit(TINY_KIT));
});

test('kitOfRun: old pcnn-occ runs (kit null, with or without method) → pcnn-occ; onet by method; stale built-in URLs ignored; a stored stand-in kit is refused (a run folder never picks code)', () => {
  assert.equal(kitOfRun({ model: { widths: [4, 6, 8, 8, 8, 6, 4] }, kit: null }), PCNN_OCC_KIT);
  assert.equal(kitOfRun({ model: { method: 'pcnn-occ' }, kit: null }), PCNN_OCC_KIT);
  assert.equal(kitOfRun({ model: { method: 'onet' }, kit: null }), ONET_KIT);
  assert.equal(kitOfRun({ model: { method: 'onet' }, kit: { url: 'file:///gone/src/train/onetKit.ts', exportName: 'onetKit' } }), ONET_KIT);
  assert.throws(() => kitOfRun({ model: { hidden: 3 }, kit: TINY_KIT }, 'r.json'), (e: Error) => e.name === 'UsageError' && /stand-in kit tinyKit.*pass that kit/.test(e.message));
  assert.throws(() => kitOfRun({ model: { method: 'psr' }, kit: null }, '/r/config.json'), (e: Error) => e.name === 'UsageError' && /\/r\/config\.json/.test(e.message));
});
