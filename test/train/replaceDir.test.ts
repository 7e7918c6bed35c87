import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recoverDir, replaceDir, tempDirFor } from '../../src/train/replaceDir.ts';

test('replaceDir swaps whole folders; recoverDir repairs every interrupted state', () => {
  const root = mkdtempSync(join(tmpdir(), 'pointocc-replacedir-'));
  try {
    const target = join(root, 'checkpoint');
    const write = (v: string): string => {
      const t = tempDirFor(target);
      writeFileSync(join(t, 'f'), v);
      return t;
    };
    replaceDir(write('1'), target);
    assert.equal(readFileSync(join(target, 'f'), 'utf8'), '1');
    replaceDir(write('2'), target);
    assert.equal(readFileSync(join(target, 'f'), 'utf8'), '2');
    assert.deepEqual(readdirSync(root), ['checkpoint']);

    // Crash between the two renames: the old folder is only under .checkpoint.old.
    const t3 = write('3');
    renameSync(target, join(root, '.checkpoint.old'));
    recoverDir(target);
    assert.equal(readFileSync(join(target, 'f'), 'utf8'), '2', 'the old complete folder is back');
    assert.ok(!existsSync(t3), 'the partial new folder is removed');
    assert.deepEqual(readdirSync(root), ['checkpoint']);

    // Crash after the second rename: new folder in place, stale .old beside it.
    mkdirSync(join(root, '.checkpoint.old'));
    recoverDir(target);
    assert.deepEqual(readdirSync(root), ['checkpoint']);
    // Nothing there at all: nothing to do.
    rmSync(target, { recursive: true });
    recoverDir(target);
    assert.deepEqual(readdirSync(root), []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
