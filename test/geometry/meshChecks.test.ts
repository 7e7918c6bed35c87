import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkMesh, describeMeshChecks, findSelfIntersections } from '../../src/geometry/meshChecks.ts';
import { createMesh, type Mesh } from '../../src/geometry/Mesh.ts';
import { Random } from '../../src/geometry/Random.ts';
import { uvSphere, torus, gridBox, concatMeshes } from './shapes.ts';
import { bruteForceSelfIntersections } from './intersectionReference.ts';

// Axis-aligned box [0,a]×[0,b]×[0,c], 12 triangles, outward counter-clockwise.
function box(a: number, b: number, c: number) {
  const v = [0, 0, 0, a, 0, 0, a, b, 0, 0, b, 0, 0, 0, c, a, 0, c, a, b, c, 0, b, c];
  const f = [0, 2, 1, 0, 3, 2, 4, 5, 6, 4, 6, 7, 0, 1, 5, 0, 5, 4, 1, 2, 6, 1, 6, 5, 2, 3, 7, 2, 7, 6, 3, 0, 4, 3, 4, 7];
  return { v, f };
}

test('closed box: watertight, area and volume by hand', () => {
  const { v, f } = box(2, 3, 4);
  const r = checkMesh(createMesh(v, f));
  assert.equal(r.watertight, true);
  assert.equal(r.edgeManifold, true);
  assert.equal(r.components, 1);
  assert.equal(r.boundaryEdges, 0);
  assert.ok(Math.abs(r.area - 2 * (6 + 8 + 12)) < 1e-9);
  assert.ok(Math.abs(r.volume - 24) < 1e-9);
});

test('a removed face leaves three boundary edges; flipped face is misoriented; two boxes are two components', () => {
  const { v, f } = box(1, 1, 1);
  const open = checkMesh(createMesh(v, f.slice(3)));
  assert.equal(open.watertight, false);
  assert.equal(open.boundaryEdges, 3);
  const flipped = f.slice();
  [flipped[1], flipped[2]] = [flipped[2], flipped[1]];
  const r = checkMesh(createMesh(v, flipped));
  assert.equal(r.edgeManifold, true);
  assert.equal(r.watertight, false);
  assert.equal(r.misorientedEdges, 3);
  const v2 = v.concat(v.map((x, i) => (i % 3 === 0 ? x + 5 : x)));
  const f2 = f.concat(f.map((i) => i + 8));
  const two = checkMesh(createMesh(v2, f2));
  assert.equal(two.components, 2);
  assert.ok(Math.abs(two.volume - 2) < 1e-9);
});

test('three faces on one edge are non-manifold', () => {
  const v = [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 1];
  const r = checkMesh(createMesh(v, [0, 1, 2, 1, 0, 3, 0, 1, 4]));
  assert.equal(r.nonManifoldEdges, 1);
  assert.equal(r.edgeManifold, false);
});

test('closed, open, flipped, doubled and empty meshes: the edge counts a hand count gives', () => {
  // A UV sphere and a torus are closed and consistently oriented.
  for (const m of [uvSphere(1, 8, 12), torus(1, 0.3, 12, 8)]) {
    const r = checkMesh(m);
    assert.ok(r.watertight && r.edgeManifold && r.vertexManifold, JSON.stringify(r));
    assert.equal(r.boundaryEdges + r.nonManifoldEdges + r.misorientedEdges + r.nonManifoldVertices, 0);
  }
  const closed = torus(1, 0.3, 12, 8); // 12·8 quads → 192 faces, 288 edges, no poles
  const open = checkMesh({ positions: closed.positions, faces: closed.faces.slice(3) });
  assert.equal(open.watertight, false);
  assert.equal(open.boundaryEdges, 3, 'a removed face leaves its three edges once used');
  const flipped = { positions: closed.positions, faces: closed.faces.slice() };
  [flipped.faces[1], flipped.faces[2]] = [flipped.faces[2], flipped.faces[1]];
  const fr = checkMesh(flipped);
  assert.equal(fr.edgeManifold, true);
  assert.equal(fr.misorientedEdges, 3);
  assert.equal(fr.watertight, false);
  const doubled = checkMesh({ positions: closed.positions, faces: Uint32Array.from([...closed.faces, ...closed.faces]) });
  assert.equal(doubled.nonManifoldEdges, (3 * closed.faces.length) / 3 / 2, 'every edge in four faces');
  assert.equal(doubled.watertight, false);
  const empty = checkMesh({ positions: new Float32Array(0), faces: new Uint32Array(0) });
  assert.equal(empty.watertight, false);
  assert.equal(empty.edgeManifold, false);
});

test('two boxes sharing one corner vertex: closed and edge-manifold, but one pinched vertex', () => {
  const { v, f } = box(1, 1, 1);
  // The second box is the first moved by (1, 1, 1), its vertex 0 welded to the first's vertex 6.
  const v2 = v.concat(v.map((x) => x + 1));
  const f2 = f.concat(f.map((i) => (i === 0 ? 6 : i + 8)));
  const r = checkMesh(createMesh(v2, f2));
  assert.equal(r.watertight, true);
  assert.equal(r.edgeManifold, true);
  assert.equal(r.nonManifoldVertices, 1);
  assert.equal(r.vertexManifold, false);
  assert.match(describeMeshChecks(r), /NOT vertex-manifold: 1 pinched/);
});

test('self-intersections: hand cases (interpenetrating, touching, a hair apart, folded, duplicated)', () => {
  const count = (m: Mesh): number => findSelfIntersections(m).count;
  const two = (a: Mesh, b: Mesh): Mesh => concatMeshes(a, b);
  const unit = gridBox([0, 0, 0], [1, 1, 1], 2);
  assert.equal(count(unit), 0, 'a closed box');
  assert.equal(checkMesh(unit, { selfIntersections: true }).selfIntersections, 0);
  // Boxes overlapping in [0.5, 1]³: faces cross.
  const crossing = two(unit, gridBox([0.5, 0.5, 0.5], [1.5, 1.5, 1.5], 2));
  assert.ok(count(crossing) > 0);
  // Face to face at x = 1 (separate vertices): touching counts.
  assert.ok(count(two(unit, gridBox([1, 0, 0], [2, 1, 1], 2))) > 0);
  // 2^-20 apart: nothing.
  assert.equal(count(two(unit, gridBox([1 + 2 ** -20, 0, 0], [2, 1, 1], 2))), 0);
  // A box whose corner (1,1,1) is pushed through to (−0.5, −0.5, −0.5): its three faces' worth
  // of triangles pierce the opposite faces.
  const { v, f } = box(1, 1, 1);
  const pushed = v.slice();
  pushed.splice(18, 3, -0.5, -0.5, -0.5);
  assert.ok(count(createMesh(pushed, f)) > 0);
  // A duplicated face (same three vertices); coplanar neighbours across a shared edge: a
  // fold-over (the third vertices on the same side) overlaps, a flat pair does not.
  const tri = [0, 0, 0, 1, 0, 0, 0, 1, 0, 0.5, 0.2, 0, 0.5, -0.2, 0];
  assert.equal(count(createMesh(tri, [0, 1, 2, 0, 2, 1])), 1, 'duplicate, either orientation');
  assert.equal(count(createMesh(tri, [0, 1, 2, 1, 0, 3])), 1, 'fold-over');
  assert.equal(count(createMesh(tri, [0, 1, 2, 1, 0, 4])), 0, 'flat neighbours');
  // Sharing one vertex: crossing beyond it counts, meeting only there does not.
  const fan = [0, 0, 0, 1, 0, 0, 0, 1, 0, 0.3, 0.3, -1, 0.3, 0.3, 1, -1, -1, 0, -1, 0, 1];
  assert.equal(count(createMesh(fan, [0, 1, 2, 0, 3, 4])), 1, 'pierces through the shared corner');
  assert.equal(count(createMesh(fan, [0, 1, 2, 0, 5, 6])), 0, 'meets only at the shared vertex');
});

test('self-intersections: the grid search finds exactly the pairs of an O(F²) brute-force reference', () => {
  // Triangle soups on an integer lattice: faces drawn from a shared vertex pool (so many pairs
  // share a vertex or an edge), many touching, coplanar or crossing.
  const rng = new Random(21);
  let total = 0;
  for (let rep = 0; rep < 6; rep++) {
    const nv = 60,
      nf = 150,
      size = rep < 3 ? 6 : 12;
    const v = Array.from({ length: 3 * nv }, () => rng.int(size + 1));
    const f: number[] = [];
    while (f.length < 3 * nf) {
      const a = rng.int(nv),
        b = rng.int(nv),
        c = rng.int(nv);
      if (a !== b && b !== c && a !== c) f.push(a, b, c);
    }
    const mesh = createMesh(v, f);
    const found = findSelfIntersections(mesh, { maxPairs: 1e9 });
    const got = [];
    for (let i = 0; i < found.pairs.length; i += 2) got.push(`${found.pairs[i]},${found.pairs[i + 1]}`);
    const expected = bruteForceSelfIntersections(mesh);
    assert.equal(found.count, expected.length, `soup ${rep}`);
    assert.deepEqual(got.sort(), expected.sort(), `soup ${rep}`);
    total += expected.length;
  }
  assert.ok(total > 100, `${total} pairs in all`);
  // The same for interpenetrating and touching lattice boxes.
  for (const other of [gridBox([1, 1, 1], [3, 3, 3], 2), gridBox([2, 0, 0], [4, 2, 2], 4), gridBox([0.5, 0.5, -1], [1.5, 1.5, 3], 3)]) {
    const mesh = concatMeshes(gridBox([0, 0, 0], [2, 2, 2], 4), other);
    const expected = bruteForceSelfIntersections(mesh);
    assert.ok(expected.length > 0);
    assert.equal(findSelfIntersections(mesh).count, expected.length);
  }
});

test('describeMeshChecks names what holds and what fails', () => {
  const { v, f } = box(1, 1, 1);
  const ok = checkMesh(createMesh(v, f), { selfIntersections: true });
  assert.equal(describeMeshChecks(ok), 'closed, edge-manifold, vertex-manifold, consistently oriented, no self-intersections');
  assert.equal(
    describeMeshChecks(checkMesh(createMesh(v, f))),
    'closed, edge-manifold, vertex-manifold, consistently oriented',
    'not asked: not claimed',
  );
  const open = checkMesh(createMesh(v, f.slice(3)), { selfIntersections: true });
  assert.match(describeMeshChecks(open), /NOT closed: 3 boundary edges/);
});
