import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanMeshFolder, seededSplit } from '../../src/data/scanMeshFolder.ts';

test('seededSplit: 80/10/10 counts, deterministic, independent of input order', () => {
  const ids = Array.from({ length: 100 }, (_, i) => `m${i}`);
  const a = seededSplit(ids, 1);
  const count = (m: Map<string, string>, s: string) => [...m.values()].filter((v) => v === s).length;
  assert.deepEqual([count(a, 'train'), count(a, 'val'), count(a, 'test')], [80, 10, 10]);
  assert.deepEqual(seededSplit([...ids].reverse(), 1), a);
  assert.notDeepEqual(seededSplit(ids, 2), a);
  const three = seededSplit(['a', 'b', 'c'], 0);
  assert.deepEqual([count(three, 'train'), count(three, 'val'), count(three, 'test')], [1, 1, 1]);
  const two = seededSplit(['a', 'b'], 0);
  assert.equal(count(two, 'train'), 2);
});

test('scanMeshFolder: categories, nested ids, extensions, lists, warnings', () => {
  const root = mkdtempSync(join(tmpdir(), 'pointocc-scan-'));
  try {
    mkdirSync(join(root, 'b/deep'), { recursive: true });
    mkdirSync(join(root, 'a'), { recursive: true });
    mkdirSync(join(root, '.hidden'), { recursive: true });
    for (const f of ['b/x.OBJ', 'b/deep/y.stl', 'b/notes.txt', 'a/p.ply', 'a/q.off', 'a/q.obj', 'stray.obj', '.hidden/h.obj'])
      writeFileSync(join(root, f), '');
    writeFileSync(join(root, 'a/train.lst'), 'p\nghost\n');
    const s = scanMeshFolder(root, 0);
    assert.deepEqual(
      s.meshes.map((m) => `${m.category}|${m.id}|${m.relPath}`),
      ['a|p|a/p.ply', 'a|q|a/q.obj', 'b|deep/y|b/deep/y.stl', 'b|x|b/x.OBJ'],
    );
    const p = s.meshes[0];
    assert.equal(p.split, 'train');
    assert.equal(p.listed, true);
    assert.equal(s.meshes[1].listed, false);
    const w = s.warnings.join('\n');
    assert.match(w, /directly in/);
    assert.match(w, /same id "q"/);
    assert.match(w, /ghost/);
    assert.match(w, /in no split list/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  assert.throws(() => scanMeshFolder(join(tmpdir(), 'does-not-exist-pointocc'), 0), { name: 'InputError', code: 'not-found' });
});

test('scanMeshFolder: a symlink to a mesh file counts as the file; a dangling one does not', () => {
  const root = mkdtempSync(join(tmpdir(), 'pointocc-scan-'));
  try {
    mkdirSync(join(root, 'store'));
    mkdirSync(join(root, 'view', 'c'), { recursive: true });
    writeFileSync(join(root, 'store', 'm.ply'), '');
    symlinkSync(join(root, 'store', 'm.ply'), join(root, 'view', 'c', 'm.ply'));
    symlinkSync(join(root, 'store', 'gone.ply'), join(root, 'view', 'c', 'gone.ply'));
    const s = scanMeshFolder(join(root, 'view'), 0);
    assert.deepEqual(
      s.meshes.map((m) => `${m.category}|${m.id}`),
      ['c|m'],
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
