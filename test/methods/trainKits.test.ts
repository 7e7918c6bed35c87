import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getMethod, methodOfTrainConfig } from '../../src/methods/index.ts';
import { methodOfKit, trainKitOfRun } from '../../src/methods/trainKits.ts';
import { ONET_KIT } from '../../src/train/onetKit.ts';
import { PCNN_OCC_KIT } from '../../src/train/pcnnOccKit.ts';
import { TINY_KIT } from '../train/tinyKit.ts';

test('methodOfTrainConfig (registry): the model method picks the kit, pcnn-occ when absent', async () => {
  assert.equal((await methodOfTrainConfig({ model: { method: 'onet' } }).trainKit()).ref, ONET_KIT);
  assert.equal((await methodOfTrainConfig({ model: {} }).trainKit()).ref, PCNN_OCC_KIT);
  assert.throws(() => methodOfTrainConfig({ model: { method: 'x' } }, 'run.json'), /run\.json: model method must be/);
});

test('methodOfKit: the registry kits, also under a moved repository; a stand-in kit is none', async () => {
  assert.equal(await methodOfKit(PCNN_OCC_KIT), getMethod('pcnn-occ'));
  assert.equal(await methodOfKit(ONET_KIT), getMethod('onet'));
  assert.equal(await methodOfKit({ url: 'file:///old/checkout/src/train/onetKit.ts', exportName: 'onetKit' }), getMethod('onet'));
  assert.equal(await methodOfKit({ url: 'file:///elsewhere/src/train/pcnnOccKit.ts', exportName: 'pcnnOccKit' }), getMethod('pcnn-occ'));
  assert.equal(await methodOfKit({ url: 'file:///elsewhere/src/train/onetKit.ts', exportName: 'somethingElse' }), undefined);
  assert.equal(await methodOfKit(TINY_KIT), undefined);
  assert.ok(PCNN_OCC_KIT.builtIn && ONET_KIT.builtIn && !TINY_KIT.builtIn, 'registry kits are marked built-in (not stored in run folders)');
});

test('trainKitOfRun: old pcnn-occ runs (kit null, with or without method) → pcnn-occ; onet by method; stale built-in URLs ignored; a stored stand-in kit is refused (a run folder never picks code)', async () => {
  assert.equal(await trainKitOfRun({ model: { widths: [4, 6, 8, 8, 8, 6, 4] }, kit: null }), PCNN_OCC_KIT);
  assert.equal(await trainKitOfRun({ model: { method: 'pcnn-occ' }, kit: null }), PCNN_OCC_KIT);
  assert.equal(await trainKitOfRun({ model: { method: 'onet' }, kit: null }), ONET_KIT);
  assert.equal(
    await trainKitOfRun({ model: { method: 'onet' }, kit: { url: 'file:///gone/src/train/onetKit.ts', exportName: 'onetKit' } }),
    ONET_KIT,
  );
  await assert.rejects(
    trainKitOfRun({ model: { hidden: 3 }, kit: TINY_KIT }, 'r.json'),
    (e: Error) => e.name === 'UsageError' && /stand-in kit tinyKit.*pass that kit/.test(e.message),
  );
  await assert.rejects(
    trainKitOfRun({ model: { method: 'psr' }, kit: null }, '/r/config.json'),
    (e: Error) => e.name === 'UsageError' && /\/r\/config\.json: model method must be/.test(e.message),
  );
});
