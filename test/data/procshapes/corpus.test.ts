// The family registry: ProcShapes-13 plus the corpus families, the --families selection language,
// the CLI option, and ProcShapes-13's bytes pinned to what they were before the corpus existed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROCSHAPES_CLASSES, procShapesClass } from '../../../src/data/procshapes/classes/index.ts';
import {
  CORPUS_FAMILIES,
  CORPUS_GENERATOR_VERSION,
  FAMILY_KINDS,
  familyKind,
  generatorVersion,
  resolveFamilies,
} from '../../../src/data/procshapes/corpus.ts';
import { NEW_FAMILIES } from '../../../src/data/procshapes/families/index.ts';
import { generateProcShapes } from '../../../src/data/procshapes/generateProcShapes.ts';
import { GENERATOR_VERSION, generateShape } from '../../../src/data/procshapes/generateShape.ts';
import { loadManifold } from '../../../src/data/procshapes/manifoldKernel.ts';
import { runCli } from '../../../src/cli/main.ts';

test('registry: the 13 classes first, then ≥ 12 corpus families of ≥ 5 sub-types, every kind covered', () => {
  assert.deepEqual(
    CORPUS_FAMILIES.slice(0, 13).map((c) => c.name),
    PROCSHAPES_CLASSES.map((c) => c.name),
  );
  assert.ok(NEW_FAMILIES.length >= 12, `${NEW_FAMILIES.length} corpus families`);
  assert.ok(CORPUS_FAMILIES.length >= 25);
  assert.equal(new Set(CORPUS_FAMILIES.map((c) => c.name)).size, CORPUS_FAMILIES.length, 'duplicate family names');
  for (const f of NEW_FAMILIES) {
    assert.match(f.name, /^[a-z][a-z0-9-]*$/);
    assert.ok(f.variants.length >= 5, `${f.name}: ${f.variants.length} sub-types`);
    assert.equal(new Set(f.variants.map((v) => v.name)).size, f.variants.length, `${f.name}: duplicate sub-type names`);
    assert.ok(f.summary.length > 20, `${f.name}: no summary`);
  }
  for (const kind of FAMILY_KINDS)
    assert.ok(
      CORPUS_FAMILIES.some((c) => familyKind(c.name) === kind),
      `no family of kind ${kind}`,
    );
  assert.equal(familyKind('chair'), 'furniture');
  assert.equal(familyKind('knot'), 'tube');
  assert.equal(familyKind('nope'), undefined);
});

test('resolveFamilies: groups, kinds and names, in the order given, without repeats; errors name the word', () => {
  assert.deepEqual(
    resolveFamilies('procshapes13'),
    PROCSHAPES_CLASSES.map((c) => c.name),
  );
  assert.deepEqual(
    resolveFamilies('all'),
    CORPUS_FAMILIES.map((c) => c.name),
  );
  assert.deepEqual(
    resolveFamilies('new'),
    NEW_FAMILIES.map((c) => c.name),
  );
  assert.deepEqual(resolveFamilies('knot, chair,knot'), ['knot', 'chair']);
  assert.deepEqual(
    resolveFamilies('high-genus'),
    NEW_FAMILIES.filter((f) => f.kind === 'high-genus').map((f) => f.name),
  );
  assert.deepEqual(
    resolveFamilies('furniture'),
    PROCSHAPES_CLASSES.map((c) => c.name),
  );
  assert.throws(() => resolveFamilies('spaceship'), /unknown family "spaceship"/);
  assert.throws(() => resolveFamilies(' , '), /empty/);
  assert.equal(generatorVersion(['chair', 'lamp']), GENERATOR_VERSION);
  assert.equal(generatorVersion(['chair', 'knot']), CORPUS_GENERATOR_VERSION);
});

test('ProcShapes-13 geometry is what it was before the corpus (pinned hashes, seed 7)', async () => {
  // sha256 of positions (float32) then faces (uint32), as generated before the corpus families
  // existed (the PLY files of a whole 3-per-class run were also byte-identical before/after).
  const k = await loadManifold();
  const pins: [string, number, string][] = [
    ['chair', 0, 'ef17cc7b17b5a3100f05ec07d3a479987ea258bc090b93e7f719788ed4548b0a'],
    ['lamp', 1, 'ebccfa513bb9b65153e5b1bf41eb6cd94e63f659ed06c2eed46e74acb3020756'],
    ['vessel', 2, 'db0e844f6b859e107b2455941f7135cc0cbe5ad3f232cc69f41486b5b34b6d25'],
    ['car', 2, '652c6e78220c85f4f4f4d3594cf01f69ba262c476987d3534a79d70ecffa87f0'],
  ];
  for (const [cls, i, want] of pins) {
    const m = generateShape(k, procShapesClass(cls)!, i, 7).mesh;
    const h = createHash('sha256')
      .update(new Uint8Array(m.positions.buffer, m.positions.byteOffset, m.positions.byteLength))
      .update(new Uint8Array(m.faces.buffer, m.faces.byteOffset, m.faces.byteLength))
      .digest('hex');
    assert.equal(h, want, `${cls}_${i}: ProcShapes-13 geometry changed`);
  }
});

test('default dataset: manifest bytes pinned (generator procshapes-13/1, no corpus fields)', async () => {
  const out = mkdtempSync(join(tmpdir(), 'procshapes-pin-'));
  try {
    await generateProcShapes({ out, perClass: 3, seed: 7 });
    const text = readFileSync(join(out, 'manifest.json'));
    assert.equal(createHash('sha256').update(text).digest('hex'), 'e92e79371a8c7c37d39a49dab3eb6246884aed221a871d309006584f830bf747');
    assert.doesNotMatch(text.toString(), /thickness/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('CLI: --families writes corpus families with the corpus generator version; bad selections exit 2', async () => {
  const out = mkdtempSync(join(tmpdir(), 'procshapes-families-'));
  try {
    assert.equal(
      await runCli([
        'data',
        'procshapes',
        '--out',
        out,
        '--per-class',
        '1',
        '--families',
        'knot,container',
        '--no-progress',
        '--no-contact-sheets',
      ]),
      0,
    );
    assert.deepEqual(readdirSync(out).sort(), ['container', 'knot', 'manifest.json']);
    const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    assert.equal(m.generator, CORPUS_GENERATOR_VERSION);
    assert.deepEqual(
      m.classes.map((c: { name: string }) => c.name),
      ['knot', 'container'],
    );
    const wall = m.classes[1].shapes[0].thickness;
    assert.ok(wall >= 0.01 && wall <= 0.03, `container wall ${wall}`);
    assert.equal(await runCli(['data', 'procshapes', '--out', out, '--families', 'spaceship', '--no-progress']), 2);
    assert.equal(await runCli(['data', 'procshapes', '--out', out, '--families', 'all', '--classes', 'chair', '--no-progress']), 2);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
