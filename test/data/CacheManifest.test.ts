import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeManifest, readManifest, writeManifest, sha256Hex } from '../../src/data/CacheManifest.ts';
import { resolveBuildSettings } from '../../src/data/BuildSettings.ts';

const entry = (category: string, id: string, split: 'train' | 'val' | 'test', watertight = true) => ({
  category,
  id,
  split,
  source: `${category}/${id}.obj`,
  sourceSha256: 'a'.repeat(64),
  file: `${category}/${id}.npz`,
  sha256: 'b'.repeat(64),
  bytes: 10,
  watertight,
  method: watertight ? ('parity' as const) : ('winding' as const),
  flippedNormals: false,
  vertices: 3,
  faces: 1,
});

test('sha256Hex of "abc" is the FIPS 180-2 test vector', () => {
  assert.equal(sha256Hex(new TextEncoder().encode('abc')), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});

test('makeManifest sorts and counts; write/read round trip', () => {
  const m = makeManifest(resolveBuildSettings(), [entry('b', 'z', 'val', false), entry('a', 'y', 'train'), entry('a', 'x', 'test')], []);
  assert.deepEqual(
    m.shapes.map((s) => `${s.category}/${s.id}`),
    ['a/x', 'a/y', 'b/z'],
  );
  assert.deepEqual(m.summary, { shapes: 3, notWatertight: 1, failed: 0, splits: { train: 1, val: 1, test: 1 } });
  const dir = mkdtempSync(join(tmpdir(), 'pointocc-manifest-'));
  try {
    assert.equal(readManifest(dir), null);
    writeManifest(dir, m);
    assert.deepEqual(readManifest(dir), m);
    const bad = (text: string) => {
      writeFileSync(join(dir, 'manifest.json'), text);
      return () => readManifest(dir);
    };
    assert.throws(bad('{'), { name: 'InputError', code: 'bad-header' });
    assert.throws(bad('{"format":"other"}'), { name: 'InputError', code: 'bad-header' });
    assert.throws(bad(JSON.stringify({ ...m, version: 2 })), { name: 'InputError', code: 'unsupported' });
    assert.throws(bad(JSON.stringify({ ...m, shapes: [{ ...m.shapes[0], file: '../../etc/passwd' }] })), {
      name: 'InputError',
      code: 'bad-header',
    });
    // A manifest written before boxQueries existed reads as boxQueries 0; another missing
    // setting is an error.
    const { boxQueries, ...older } = m.settings;
    assert.equal(boxQueries, 0);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...m, settings: older }));
    assert.deepEqual(readManifest(dir), m);
    const { nearStd: _, ...lacking } = m.settings;
    assert.throws(bad(JSON.stringify({ ...m, settings: lacking })), { name: 'InputError', code: 'bad-header', message: /nearStd/ });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
