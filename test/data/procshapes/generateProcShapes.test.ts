import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateProcShapes } from '../../../src/data/procshapes/generateProcShapes.ts';
import { readMesh } from '../../../src/io/registry.ts';
import { checkMesh } from '../../../src/geometry/meshChecks.ts';
import { decodePng } from '../../../src/render/writePng.ts';
import { runCli } from '../../../src/cli/main.ts';

function listFiles(dir: string, base = ''): string[] {
  return readdirSync(join(dir, base), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(dir, join(base, e.name)) : [join(base, e.name)]))
    .sort();
}

test('dataset layout: PLY per shape, non-empty splits for N = 3, manifest; the CLI adds contact sheets; same bytes twice', async () => {
  const a = mkdtempSync(join(tmpdir(), 'procshapes-a-')),
    b = mkdtempSync(join(tmpdir(), 'procshapes-b-'));
  const c = mkdtempSync(join(tmpdir(), 'procshapes-c-'));
  try {
    let calls = 0;
    const res = await generateProcShapes({
      out: a,
      perClass: 3,
      seed: 5,
      classes: ['chair', 'lamp'],
      onProgress: () => {
        calls++;
      },
    });
    assert.equal(calls, 6);
    // `data procshapes` writes the same dataset plus the contact sheets (a step of the command: data/ does not draw)
    for (const out of [b, c]) {
      assert.equal(
        await runCli(['data', 'procshapes', '--out', out, '--per-class', '3', '--seed', '5', '--classes', 'chair,lamp', '--no-progress']),
        0,
      );
    }
    const files = listFiles(a);
    assert.deepEqual(files, [
      'chair/chair_0000.ply',
      'chair/chair_0001.ply',
      'chair/chair_0002.ply',
      'chair/test.lst',
      'chair/train.lst',
      'chair/val.lst',
      'lamp/lamp_0000.ply',
      'lamp/lamp_0001.ply',
      'lamp/lamp_0002.ply',
      'lamp/test.lst',
      'lamp/train.lst',
      'lamp/val.lst',
      'manifest.json',
    ]);
    const cliFiles = listFiles(b);
    assert.deepEqual(cliFiles, [...files, 'contact-sheets/chair.png', 'contact-sheets/lamp.png'].sort());
    for (const f of files)
      assert.deepEqual(readFileSync(join(a, f)), readFileSync(join(b, f)), `${f} differs between the library and the CLI`);
    for (const f of cliFiles) assert.deepEqual(readFileSync(join(b, f)), readFileSync(join(c, f)), `${f} differs between runs`);
    // Splits: one id each, together the three ids.
    const ids = ['train', 'val', 'test'].map((s) =>
      readFileSync(join(a, 'chair', `${s}.lst`), 'utf8')
        .trim()
        .split('\n'),
    );
    for (const l of ids) assert.equal(l.length, 1);
    assert.deepEqual(ids.flat().sort(), ['chair_0000', 'chair_0001', 'chair_0002']);
    // Manifest agrees with the files.
    const m = JSON.parse(readFileSync(join(a, 'manifest.json'), 'utf8'));
    assert.deepEqual(m, res.manifest);
    assert.equal(m.seed, 5);
    assert.equal(m.classes[0].name, 'chair');
    assert.equal(m.classes[0].shapes.length, 3);
    for (const s of m.classes[0].shapes) {
      assert.ok(m.classes[0].variants.includes(s.variant));
      const mesh = readMesh(join(a, 'chair', `${s.id}.ply`));
      const rep = checkMesh(mesh);
      assert.ok(rep.watertight);
      assert.equal(rep.faces, s.faces);
      assert.equal(
        ids.findIndex((l) => l.includes(s.id)),
        ['train', 'val', 'test'].indexOf(s.split),
      );
    }
    // Contact sheet: 3 tiles of 160 px in a 4-column grid, one row, with a label line.
    const png = decodePng(readFileSync(join(b, 'contact-sheets', 'chair.png')));
    assert.equal(png.width, 2 + 3 * 162);
    assert.equal(png.height, 2 + 160 + 10 + 2);
  } finally {
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
    rmSync(c, { recursive: true, force: true });
  }
});

test('CLI: `data procshapes` writes a dataset; bad options exit with code 2', async () => {
  const out = mkdtempSync(join(tmpdir(), 'procshapes-cli-'));
  try {
    assert.equal(
      await runCli(['data', 'procshapes', '--out', out, '--per-class', '1', '--classes', 'table', '--no-progress', '--no-contact-sheets']),
      0,
    );
    assert.deepEqual(listFiles(out), ['manifest.json', 'table/table_0000.ply', 'table/test.lst', 'table/train.lst', 'table/val.lst']);
    assert.equal(await runCli(['data', 'procshapes', '--out', out, '--per-class', 'x', '--no-progress']), 2);
    assert.equal(await runCli(['data', 'procshapes', '--out', out, '--classes', 'spaceship', '--no-progress']), 2);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
