import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadManifold } from '../../../src/data/procshapes/manifoldKernel.ts';
import { PROCSHAPES_CLASSES } from '../../../src/data/procshapes/classes/index.ts';
import { generateShape, shapeId } from '../../../src/data/procshapes/generateShape.ts';
import { checkMesh } from '../../../src/geometry/meshChecks.ts';
import { encodeMesh } from '../../../src/io/registry.ts';

const k = await loadManifold();

test('13 ShapeNet classes, each with at least 8 variants', () => {
  assert.deepEqual(
    PROCSHAPES_CLASSES.map((c) => c.name),
    ['airplane', 'bench', 'cabinet', 'car', 'chair', 'display', 'lamp', 'loudspeaker', 'rifle', 'sofa', 'table', 'telephone', 'vessel'],
  );
  for (const c of PROCSHAPES_CLASSES) {
    assert.ok(c.variants.length >= 8, `${c.name} has ${c.variants.length} variants`);
    assert.equal(new Set(c.variants.map((v) => v.name)).size, c.variants.length, `${c.name}: duplicate variant names`);
  }
});

test('a 2-per-class run: every mesh watertight, edge-manifold, one component, no degenerate faces, normalised', (t) => {
  const comps: string[] = [];
  for (const cls of PROCSHAPES_CLASSES) {
    for (let i = 0; i < 2; i++) {
      const g = generateShape(k, cls, i, 0);
      const what = `${g.id} (${g.variant})`;
      assert.equal(g.id, shapeId(cls.name, i));
      const rep = checkMesh(g.mesh);
      assert.ok(rep.watertight, `${what}: not watertight (${rep.boundaryEdges} boundary, ${rep.misorientedEdges} misoriented)`);
      assert.ok(rep.edgeManifold, `${what}: not edge-manifold (${rep.nonManifoldEdges} non-manifold edges)`);
      assert.equal(rep.degenerateFaces, 0, `${what}: degenerate faces`);
      assert.ok(rep.volume > 0, `${what}: volume ${rep.volume}`);
      // Volume by the divergence theorem agrees with manifold's own (double-precision) volume.
      assert.ok(Math.abs(rep.volume - g.volume) < 1e-4 * Math.max(1e-3, g.volume) + 1e-7, `${what}: volume ${rep.volume} vs ${g.volume}`);
      assert.equal(rep.components, 1, `${what}: ${rep.components} components`);
      comps.push(`${g.id}:${rep.components}`);
      assert.ok(rep.faces >= 12 && rep.faces <= 20000, `${what}: ${rep.faces} faces`);
      // Normalised: longest side 1, bounding box centred at the origin.
      const p = g.mesh.positions;
      const lo = [Infinity, Infinity, Infinity],
        hi = [-Infinity, -Infinity, -Infinity];
      for (let j = 0; j < p.length; j++) {
        lo[j % 3] = Math.min(lo[j % 3], p[j]);
        hi[j % 3] = Math.max(hi[j % 3], p[j]);
      }
      const side = Math.max(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]);
      assert.ok(Math.abs(side - 1) <= 1e-6, `${what}: longest side ${side}`);
      for (let a = 0; a < 3; a++) assert.ok(Math.abs(lo[a] + hi[a]) <= 2e-6, `${what}: not centred on axis ${a}`);
    }
  }
  t.diagnostic(`components: ${comps.join(' ')}`);
});

test('determinism: the same shape twice gives identical PLY bytes; other seeds and indices differ', () => {
  for (const cls of [PROCSHAPES_CLASSES[0], PROCSHAPES_CLASSES[4], PROCSHAPES_CLASSES[12]]) {
    const a = encodeMesh(generateShape(k, cls, 3, 7).mesh, 'ply');
    generateShape(k, cls, 4, 7); // other work in between must not matter
    const b = encodeMesh(generateShape(k, cls, 3, 7).mesh, 'ply');
    assert.deepEqual(a, b, `${cls.name}: same (seed, index) gave different bytes`);
    const c = encodeMesh(generateShape(k, cls, 3, 8).mesh, 'ply');
    assert.notDeepEqual(a, c, `${cls.name}: seeds 7 and 8 gave the same shape`);
    const d = encodeMesh(generateShape(k, cls, 2, 7).mesh, 'ply');
    assert.notDeepEqual(a, d, `${cls.name}: indices 2 and 3 gave the same shape`);
  }
});
