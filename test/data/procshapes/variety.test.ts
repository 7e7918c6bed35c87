import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadManifold } from '../../../src/data/procshapes/manifoldKernel.ts';
import { PROCSHAPES_CLASSES } from '../../../src/data/procshapes/classes/index.ts';
import { generateShape } from '../../../src/data/procshapes/generateShape.ts';
import { checkMesh } from '../../../src/geometry/meshChecks.ts';

const k = await loadManifold();

test('variety: 16 shapes of a class use ≥ 8 variants whose solids differ in volume and topology', (t) => {
  const lines: string[] = [];
  for (const cls of PROCSHAPES_CLASSES) {
    const shapes = Array.from({ length: 16 }, (_, i) => generateShape(k, cls, i, 0));
    for (const s of shapes) {
      const rep = checkMesh(s.mesh);
      assert.ok(rep.watertight && rep.components === 1 && rep.degenerateFaces === 0, `${s.id} (${s.variant}): ${JSON.stringify(rep)}`);
    }
    const variants = new Set(shapes.map((s) => s.variant));
    assert.ok(variants.size >= 8, `${cls.name}: only ${variants.size} distinct variants in 16 shapes`);
    // Different parameters and structures give different solids: no two shapes share a volume.
    const vols = new Set(shapes.map((s) => s.volume.toPrecision(6)));
    assert.ok(vols.size >= 15, `${cls.name}: only ${vols.size} distinct volumes`);
    // Structure differs between variants: mean volumes per variant spread out, and face counts vary.
    const faces = new Set(shapes.map((s) => s.mesh.faces.length));
    assert.ok(faces.size >= 8, `${cls.name}: only ${faces.size} distinct face counts`);
    const genera = new Set(shapes.map((s) => s.genus));
    lines.push(
      `${cls.name}: variants ${variants.size}, genera {${[...genera].sort((a, b) => a - b).join(',')}}, volumes ${Math.min(...shapes.map((s) => s.volume)).toFixed(4)}–${Math.max(...shapes.map((s) => s.volume)).toFixed(4)}`,
    );
  }
  t.diagnostic(lines.join('\n'));
});

test('variety: most classes have shapes of different genus (holes: slats, frames, handles)', () => {
  let multi = 0;
  for (const cls of PROCSHAPES_CLASSES) {
    const genera = new Set(Array.from({ length: 16 }, (_, i) => generateShape(k, cls, i, 0).genus));
    if (genera.size >= 2) multi++;
  }
  assert.ok(multi >= 10, `only ${multi} of 13 classes have more than one genus among 16 shapes`);
});
