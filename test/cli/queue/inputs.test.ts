import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandGlob, isGlob, queueInputs } from '../../../src/cli/queue/inputs.ts';
import { UsageError } from '../../../src/errors.ts';

function tree(): string {
  const d = mkdtempSync(join(tmpdir(), 'pointocc-inputs-'));
  for (const f of [
    'a.xyz',
    'b.ply',
    'notes.txt.bak',
    '.hidden.xyz',
    'x/c.xyz',
    'x/y/d.xyz',
    'x/y/e.ply',
    '.git/f.xyz',
    'z1.xyz',
    'z2.xyz',
    'za.xyz',
  ]) {
    mkdirSync(join(d, f, '..'), { recursive: true });
    writeFileSync(join(d, f), '0 0 0\n');
  }
  return d;
}

test('a folder gives its cloud files (not its subfolders), as reconstruct --batch does', () => {
  const d = tree();
  assert.deepEqual(
    queueInputs(d),
    ['a.xyz', 'b.ply', 'z1.xyz', 'z2.xyz', 'za.xyz'].map((f) => join(d, f)),
  );
});

test('globs: * ? [] within a folder, ** across folders, hidden entries skipped, only cloud extensions', () => {
  const d = tree();
  assert.ok(isGlob('a/*.xyz') && isGlob('s?.ply') && isGlob('[ab].xyz') && !isGlob('plain/path.xyz'));
  assert.deepEqual(
    expandGlob(join(d, '*.xyz')),
    ['a.xyz', 'z1.xyz', 'z2.xyz', 'za.xyz'].map((f) => join(d, f)),
  );
  assert.deepEqual(
    expandGlob(join(d, 'z?.xyz')),
    ['z1.xyz', 'z2.xyz', 'za.xyz'].map((f) => join(d, f)),
  );
  assert.deepEqual(
    expandGlob(join(d, 'z[0-9].xyz')),
    ['z1.xyz', 'z2.xyz'].map((f) => join(d, f)),
  );
  assert.deepEqual(expandGlob(join(d, 'z[!0-9].xyz')), [join(d, 'za.xyz')]);
  assert.deepEqual(
    expandGlob(join(d, '**', '*.xyz')),
    ['a.xyz', 'x/c.xyz', 'x/y/d.xyz', 'z1.xyz', 'z2.xyz', 'za.xyz'].map((f) => join(d, f)),
  );
  assert.deepEqual(
    expandGlob(join(d, 'x', '*', '*')),
    ['x/y/d.xyz', 'x/y/e.ply'].map((f) => join(d, f)),
  );
  assert.deepEqual(
    queueInputs(join(d, '**', '*')),
    ['a.xyz', 'b.ply', 'x/c.xyz', 'x/y/d.xyz', 'x/y/e.ply', 'z1.xyz', 'z2.xyz', 'za.xyz'].map((f) => join(d, f)),
  );
  assert.throws(
    () => queueInputs(join(d, '*.npz')),
    (e: Error) => e instanceof UsageError && /no point-cloud files match/.test(e.message),
  );
  assert.throws(
    () => queueInputs(join(d, 'missing')),
    (e: Error) => e instanceof UsageError && /neither a folder nor a glob/.test(e.message),
  );
});
