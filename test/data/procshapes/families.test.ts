// Every corpus family and every sub-type, a few seeds each: closed, manifold, oriented, without
// self-intersections, one component, normalised, accepted by manifold-3d, genus as stated and as
// the Euler characteristic says, thin walls as thin as the family promises; deterministic; the
// sub-types of a family differ.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadManifold } from '../../../src/data/procshapes/manifoldKernel.ts';
import { NEW_FAMILIES } from '../../../src/data/procshapes/families/index.ts';
import { generateShape, type GeneratedShape } from '../../../src/data/procshapes/generateShape.ts';
import type { ShapeFamily } from '../../../src/data/procshapes/ShapeFamily.ts';
import { checkMesh } from '../../../src/geometry/meshChecks.ts';
import { WindingNumber } from '../../../src/geometry/windingNumber.ts';
import { encodeMesh } from '../../../src/io/registry.ts';

const k = await loadManifold();

/** Sub-types whose builders must state their genus (rings, knots, chains, lattices, parts with holes). */
const GENUS_STATED: Record<string, (variant: string) => boolean> = {
  tube: () => true,
  knot: () => true,
  chain: () => true,
  gear: () => true,
  flange: () => true,
  bracket: () => true,
  fastener: () => true,
  lattice: (v) => v !== 'tpms-block',
};

type Sampled = GeneratedShape & { seed: number };
const samples = new Map<string, Sampled[]>();

/** Shapes that cover every sub-type of a family: two blocks of seed 0, one block of seed 1 (cached). */
function sample(fam: ShapeFamily): Sampled[] {
  const hit = samples.get(fam.name);
  if (hit) return hit;
  const nv = fam.variants.length;
  const out: Sampled[] = [];
  for (let i = 0; i < 2 * nv; i++) out.push({ ...generateShape(k, fam, i, 0), seed: 0 });
  for (let i = 0; i < nv; i++) out.push({ ...generateShape(k, fam, i, 1), seed: 1 });
  samples.set(fam.name, out);
  return out;
}

/** Winding numbers at a jittered grid of points in the unit cube: 0 or 1 everywhere (no overlap). */
function windingIsZeroOrOne(g: GeneratedShape): string | undefined {
  const w = new WindingNumber(g.mesh);
  const n = 6;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      for (let l = 0; l < n; l++) {
        const q: [number, number, number] = [(i + 0.37) / n - 0.5, (j + 0.61) / n - 0.5, (l + 0.29) / n - 0.5];
        const v = w.at(q[0], q[1], q[2]);
        if (!(Math.abs(v) < 0.05 || Math.abs(v - 1) < 0.05)) return `winding number ${v.toFixed(3)} at ${q.map((x) => x.toFixed(2))}`;
      }
  return undefined;
}

for (const fam of NEW_FAMILIES) {
  test(`${fam.name}: every sub-type, 3 seeds: valid solids, stated genus and thickness`, (t) => {
    const t0 = performance.now();
    const shapes = sample(fam);
    const secs = (performance.now() - t0) / 1000 / shapes.length;
    const seen = new Set(shapes.map((s) => s.variant));
    assert.equal(seen.size, fam.variants.length, `${fam.name}: not every sub-type generated`);
    let redraws = 0;
    for (const g of shapes) {
      const what = `${g.id} seed ${g.seed} (${g.variant})`;
      redraws += g.attempt;
      const rep = checkMesh(g.mesh, { selfIntersections: true });
      assert.ok(rep.watertight, `${what}: not closed/oriented (${rep.boundaryEdges} boundary, ${rep.misorientedEdges} misoriented)`);
      assert.ok(rep.edgeManifold, `${what}: ${rep.nonManifoldEdges} non-manifold edges`);
      assert.notEqual(rep.vertexManifold, false, `${what}: pinched vertices`);
      assert.ok(!rep.selfIntersections, `${what}: ${rep.selfIntersections} self-intersecting face pairs`);
      assert.equal(rep.degenerateFaces, 0, `${what}: degenerate faces`);
      assert.equal(rep.components, 1, `${what}: ${rep.components} components`);
      assert.ok(rep.volume > 0 && Math.abs(rep.volume - g.volume) < 1e-4 * g.volume + 1e-7, `${what}: volume ${rep.volume} vs ${g.volume}`);
      // Euler characteristic of a closed orientable surface: V − E + F = 2 − 2g, with E = 3F/2.
      const chi = rep.vertices - rep.faces / 2;
      assert.equal(chi, 2 - 2 * g.genus, `${what}: χ = ${chi} but genus ${g.genus}`);
      if (GENUS_STATED[fam.name]?.(g.variant)) assert.equal(g.claimedGenus, g.genus, `${what}: genus ${g.genus}, stated ${g.claimedGenus}`);
      else if (g.claimedGenus !== undefined) assert.equal(g.claimedGenus, g.genus);
      // Normalised like ProcShapes-13: longest side 1, box centred at the origin.
      const p = g.mesh.positions;
      const lo = [Infinity, Infinity, Infinity],
        hi = [-Infinity, -Infinity, -Infinity];
      for (let j = 0; j < p.length; j++) {
        lo[j % 3] = Math.min(lo[j % 3], p[j]);
        hi[j % 3] = Math.max(hi[j % 3], p[j]);
      }
      assert.ok(Math.abs(Math.max(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]) - 1) <= 1e-6, `${what}: not unit size`);
      for (let a = 0; a < 3; a++) assert.ok(Math.abs(lo[a] + hi[a]) <= 2e-6, `${what}: not centred`);
      // manifold-3d accepts the written mesh as an oriented 2-manifold of the same genus and volume.
      const m = new k.Manifold(new k.Mesh({ numProp: 3, vertProperties: g.mesh.positions, triVerts: g.mesh.faces }));
      try {
        assert.equal(m.status(), 'NoError', what);
        assert.equal(m.genus(), g.genus, `${what}: manifold-3d genus ${m.genus()}`);
        assert.ok(Math.abs(m.volume() - g.volume) < 1e-4 * g.volume, `${what}: manifold-3d volume ${m.volume()}`);
      } finally {
        m.delete();
      }
      if (fam.kind === 'thin-walled') {
        assert.ok(g.thickness !== undefined && g.thickness >= 0.01 - 1e-9 && g.thickness <= 0.03 + 1e-9, `${what}: wall ${g.thickness}`);
      }
      assert.ok(rep.faces <= 40000, `${what}: ${rep.faces} faces`);
    }
    // Winding numbers (an independent look at overlaps) on one shape per sub-type.
    for (const g of shapes.slice(0, fam.variants.length)) {
      const bad = windingIsZeroOrOne(g);
      assert.equal(bad, undefined, `${g.id} (${g.variant}): ${bad}`);
    }
    const genera = [...new Set(shapes.map((s) => s.genus))].sort((a, b) => a - b);
    const th = shapes.map((s) => s.thickness).filter((x): x is number => x !== undefined);
    t.diagnostic(
      `${fam.name}: ${shapes.length} shapes, ${(1000 * secs).toFixed(0)} ms/shape (with the checks: see the corpus README for generation alone), redraws ${redraws}, genera {${genera.join(',')}}` +
        (th.length ? `, thickness ${Math.min(...th).toFixed(4)}–${Math.max(...th).toFixed(4)}` : ''),
    );
  });
}

test('sub-types are distinct: different variants give different solids, and their descriptors differ', () => {
  for (const fam of NEW_FAMILIES) {
    const shapes = sample(fam).slice(0, 2 * fam.variants.length);
    // No two shapes alike (volume and face count together).
    const keys = new Set(shapes.map((s) => `${s.volume.toPrecision(7)}/${s.mesh.faces.length}`));
    assert.equal(keys.size, shapes.length, `${fam.name}: two shapes with the same volume and face count`);
    // Per sub-type mean descriptor: fill of the bounding box, sorted box extents, genus.
    const desc = new Map<string, number[][]>();
    for (const s of shapes) {
      const p = s.mesh.positions;
      const lo = [Infinity, Infinity, Infinity],
        hi = [-Infinity, -Infinity, -Infinity];
      for (let j = 0; j < p.length; j++) {
        lo[j % 3] = Math.min(lo[j % 3], p[j]);
        hi[j % 3] = Math.max(hi[j % 3], p[j]);
      }
      const ext = [0, 1, 2].map((a) => hi[a] - lo[a]).sort((a, b) => a - b);
      const d = [s.volume / (ext[0] * ext[1] * ext[2]), ext[0], ext[1], s.genus];
      desc.set(s.variant, [...(desc.get(s.variant) ?? []), d]);
    }
    const means = [...desc.entries()].map(([v, ds]) => [v, ds[0].map((_, c) => ds.reduce((a, d) => a + d[c], 0) / ds.length)] as const);
    for (let a = 0; a < means.length; a++)
      for (let b = a + 1; b < means.length; b++) {
        const [va, ma] = means[a],
          [vb, mb] = means[b];
        const differs = ma.some((x, c) => Math.abs(x - mb[c]) > 0.02 * Math.max(Math.abs(x), Math.abs(mb[c]), 1e-3));
        assert.ok(differs, `${fam.name}: sub-types ${va} and ${vb} look the same`);
      }
  }
});

test('determinism: same (seed, index) gives identical PLY bytes; other seeds and indices differ', () => {
  for (const fam of NEW_FAMILIES) {
    const a = encodeMesh(generateShape(k, fam, 3, 7).mesh, 'ply');
    generateShape(k, fam, 4, 7); // other work in between must not matter
    const b = encodeMesh(generateShape(k, fam, 3, 7).mesh, 'ply');
    assert.deepEqual(a, b, `${fam.name}: same (seed, index) gave different bytes`);
    assert.notDeepEqual(a, encodeMesh(generateShape(k, fam, 3, 8).mesh, 'ply'), `${fam.name}: seeds 7 and 8 gave the same shape`);
    assert.notDeepEqual(a, encodeMesh(generateShape(k, fam, 2, 7).mesh, 'ply'), `${fam.name}: indices 2 and 3 gave the same shape`);
  }
});
