import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Bvh } from '../../src/geometry/Bvh.ts';
import { createMesh, type Mesh } from '../../src/geometry/Mesh.ts';
import { Random } from '../../src/geometry/Random.ts';
import { concatMeshes, gridBox, torus, uvSphere } from './shapes.ts';

type V = [number, number, number];
const sub = (a: V, b: V): V => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const dot = (a: V, b: V) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: V, b: V): V => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const vert = (m: Mesh, t: number, k: number): V => {
  const i = 3 * m.faces[3 * t + k];
  return [m.positions[i], m.positions[i + 1], m.positions[i + 2]];
};

function segmentDist(p: V, a: V, b: V): number {
  const ab = sub(b, a);
  const l2 = dot(ab, ab);
  const t = l2 > 0 ? Math.min(1, Math.max(0, dot(sub(p, a), ab) / l2)) : 0;
  return Math.hypot(p[0] - a[0] - t * ab[0], p[1] - a[1] - t * ab[1], p[2] - a[2] - t * ab[2]);
}

/** Point–triangle distance, a different formulation from the code's Voronoi regions: the
 *  plane projection if it falls inside (all barycentrics ≥ 0), else the nearest edge. */
function triDist(p: V, a: V, b: V, c: V): number {
  const n = cross(sub(b, a), sub(c, a));
  const nn = dot(n, n);
  if (nn > 1e-30) {
    const s = dot(sub(p, a), n) / nn;
    const q: V = [p[0] - s * n[0], p[1] - s * n[1], p[2] - s * n[2]];
    const wa = dot(cross(sub(b, q), sub(c, q)), n) / nn;
    const wb = dot(cross(sub(c, q), sub(a, q)), n) / nn;
    const wc = dot(cross(sub(a, q), sub(b, q)), n) / nn;
    if (wa >= 0 && wb >= 0 && wc >= 0) return Math.abs(s) * Math.sqrt(nn);
  }
  return Math.min(segmentDist(p, a, b), segmentDist(p, b, c), segmentDist(p, c, a));
}

/** Möller–Trumbore, all hits with t > 0 (for generic rays that meet no edge). */
function bruteRay(m: Mesh, o: V, d: V): number[] {
  const hits: number[] = [];
  for (let t = 0; t < m.faces.length / 3; t++) {
    const a = vert(m, t, 0),
      e1 = sub(vert(m, t, 1), a),
      e2 = sub(vert(m, t, 2), a);
    const pv = cross(d, e2);
    const det = dot(e1, pv);
    if (Math.abs(det) < 1e-14) continue;
    const tv = sub(o, a);
    const u = dot(tv, pv) / det;
    if (u < 0 || u > 1) continue;
    const qv = cross(tv, e1);
    const v = dot(d, qv) / det;
    if (v < 0 || u + v > 1) continue;
    const s = dot(e2, qv) / det;
    if (s > 0) hits.push(s);
  }
  return hits.sort((x, y) => x - y);
}

/** Random triangle soup in [0,1]³ with small and large triangles and two degenerate ones. */
function soup(n: number, rng: Random): Mesh {
  const v: number[] = [],
    f: number[] = [];
  for (let t = 0; t < n; t++) {
    const c = [rng.next(), rng.next(), rng.next()];
    const s = t % 5 === 0 ? 0.5 : 0.05;
    for (let k = 0; k < 3; k++) v.push(c[0] + s * rng.normal(), c[1] + s * rng.normal(), c[2] + s * rng.normal());
    f.push(3 * t, 3 * t + 1, 3 * t + 2);
  }
  // Collinear and repeated-vertex triangles.
  const b = v.length / 3;
  v.push(0.2, 0.2, 0.2, 0.4, 0.4, 0.4, 0.8, 0.8, 0.8);
  f.push(b, b + 1, b + 2, b, b, b + 1);
  return createMesh(v, f);
}

test('closest point equals brute force over all triangles (soup with degenerate faces, torus)', () => {
  const rng = new Random(21);
  for (const m of [soup(400, rng), torus(0.3, 0.1, 24, 12)]) {
    const nf = m.faces.length / 3;
    for (const leaf of [1, 4]) {
      const bvh = new Bvh(m, { maxLeafSize: leaf });
      const pts = new Float64Array(3 * 300);
      for (let i = 0; i < pts.length; i++) pts[i] = rng.uniform(-0.6, 1.4);
      const face = new Uint32Array(300);
      const dist = bvh.unsignedDistances(pts, face);
      for (let i = 0; i < 300; i++) {
        const p: V = [pts[3 * i], pts[3 * i + 1], pts[3 * i + 2]];
        let best = Infinity;
        for (let t = 0; t < nf; t++) best = Math.min(best, triDist(p, vert(m, t, 0), vert(m, t, 1), vert(m, t, 2)));
        assert.ok(Math.abs(dist[i] - best) < 1e-9, `query ${i}: bvh ${dist[i]} brute ${best}`);
        const cp = bvh.closestPoint(p[0], p[1], p[2]);
        assert.equal(cp.face, face[i]);
        assert.ok(Math.abs(cp.distance - best) < 1e-9);
        // The point is at that distance from the query and lies on the reported face.
        assert.ok(Math.abs(Math.hypot(p[0] - cp.point[0], p[1] - cp.point[1], p[2] - cp.point[2]) - best) < 1e-9);
        assert.ok(triDist(cp.point, vert(m, cp.face, 0), vert(m, cp.face, 1), vert(m, cp.face, 2)) < 1e-9);
      }
    }
  }
});

test('closest point by hand: above a face, beyond an edge, beyond a vertex', () => {
  const bvh = new Bvh(createMesh([0, 0, 0, 2, 0, 0, 0, 2, 0], [0, 1, 2]));
  assert.deepEqual(bvh.closestPoint(0.5, 0.5, 3), { distance: 3, point: [0.5, 0.5, 0], face: 0 });
  assert.deepEqual(bvh.closestPoint(1, -1, 0), { distance: 1, point: [1, 0, 0], face: 0 });
  const c = bvh.closestPoint(3, 3, 0); // nearest to the hypotenuse x + y = 2 at (1, 1)
  assert.ok(Math.abs(c.distance - Math.SQRT2 * 2) < 1e-12 && Math.abs(c.point[0] - 1) < 1e-12);
  assert.deepEqual(bvh.closestPoint(-3, -4, 0), { distance: 5, point: [0, 0, 0], face: 0 });
});

test('ray hits equal brute-force Möller–Trumbore on generic rays', () => {
  const rng = new Random(22);
  const m = concatMeshes(soup(300, rng), uvSphere(0.3, 10, 20));
  const bvh = new Bvh(m);
  let total = 0;
  for (let i = 0; i < 400; i++) {
    const o: V = [rng.uniform(-0.5, 1.5), rng.uniform(-0.5, 1.5), rng.uniform(-0.5, 1.5)];
    const d: V = [rng.normal(), rng.normal(), rng.normal()];
    const len = Math.hypot(...d);
    const expect = bruteRay(m, o, [d[0] / len, d[1] / len, d[2] / len]);
    const got = bvh.rayHits(o, d);
    assert.equal(got.length, expect.length, `ray ${i}`);
    assert.equal(bvh.rayHitCount(o, d), expect.length);
    for (let j = 0; j < got.length; j++) assert.ok(Math.abs(got[j] - expect[j]) < 1e-9);
    total += got.length;
  }
  assert.ok(total > 100, `too few hits to mean anything (${total})`);
});

test('rays through edges and vertices of a closed mesh are counted exactly once per crossing', () => {
  // Box [−1,1]³, each face a 4×4 grid: vertices and edges lie on multiples of 0.5 and the
  // diagonals of the grid squares.
  const box = gridBox([-1, -1, -1], [1, 1, 1], 4);
  const bvh = new Bvh(box);
  const targets: V[] = [];
  for (const a of [-1, -0.5, -0.25, 0, 0.5, 0.75, 1])
    for (const b of [-1, -0.5, 0, 0.25, 0.5, 1]) targets.push([1, a, b], [a, -1, b], [a, b, 1]);
  for (const o of [
    [0, 0, 0],
    [0.25, -0.5, 0.5],
    [-0.5, 0.5, 0],
  ] as V[]) {
    for (const t of targets) {
      const d = sub(t, o);
      const hits = bvh.rayHits(o, d);
      assert.equal(hits.length, 1, `from ${o} towards ${t}: ${Array.from(hits)}`);
      // The single hit is on the box boundary: the point o + s·d̂ has max-norm 1.
      const len = Math.hypot(...d),
        s = hits[0] / len;
      const h = [o[0] + s * d[0], o[1] + s * d[1], o[2] + s * d[2]];
      assert.ok(Math.abs(Math.max(...h.map(Math.abs)) - 1) < 1e-12);
    }
  }
  // From outside, along grid lines through edges/vertices: enter and leave, at known distances.
  assert.deepEqual(Array.from(bvh.rayHits([-3, 0.5, 0], [1, 0, 0])), [2, 4]);
  assert.deepEqual(Array.from(bvh.rayHits([0, -3, -0.5], [0, 2, 0])), [2, 4]);
  const diag = bvh.rayHits([-2, -2, -2], [1, 1, 1]); // through two opposite corners
  assert.equal(diag.length, 2);
  assert.ok(Math.abs(diag[0] - Math.sqrt(3)) < 1e-12 && Math.abs(diag[1] - 3 * Math.sqrt(3)) < 1e-12);
  // Rays from the centre of a UV sphere straight at its vertices (poles included): one hit each.
  const sphere = uvSphere(1, 8, 12);
  const sb = new Bvh(sphere);
  for (let v = 0; v < sphere.positions.length / 3; v++) {
    const d: V = [sphere.positions[3 * v], sphere.positions[3 * v + 1], sphere.positions[3 * v + 2]];
    assert.equal(sb.rayHitCount([0, 0, 0], d), 1, `vertex ${v}`);
  }
});

test('vertical line crossings on grid-aligned points of a closed box', () => {
  const bvh = new Bvh(gridBox([-1, -1, -1], [1, 1, 1], 4));
  const out = new Int32Array(2);
  for (const x of [-0.75, -0.5, 0, 0.25, 0.5]) {
    for (const y of [-0.5, 0, 0.5, 0.75]) {
      bvh.zLineCrossings(x, y, 0.3, out);
      assert.deepEqual(Array.from(out), [1, 1], `(${x}, ${y}) inside`);
      bvh.zLineCrossings(x, y, 2, out);
      assert.deepEqual(Array.from(out), [0, 2], `(${x}, ${y}) above`);
    }
  }
  // Outside the box's footprint: no crossings.
  bvh.zLineCrossings(1.5, 0, 0, out);
  assert.deepEqual(Array.from(out), [0, 0]);
  // A point exactly on the top face: the crossing at its own height counts on neither side.
  bvh.zLineCrossings(0.1, 0.2, 1, out);
  assert.deepEqual(Array.from(out), [0, 1]);
});

test('bad input is rejected; an empty mesh answers no hits and infinite distance', () => {
  assert.throws(() => new Bvh(createMesh([0, 0, 0, 1, 0, 0, 0, 1, 0], [0, 1, 3])), RangeError);
  assert.throws(() => new Bvh(createMesh([0, 0, 0, 1, 0, 0, 0, NaN, 0], [0, 1, 2])), RangeError);
  const empty = new Bvh(createMesh([], []));
  assert.equal(empty.rayHitCount([0, 0, 0], [1, 0, 0]), 0);
  assert.equal(empty.closestPoint(0, 0, 0).distance, Infinity);
  assert.throws(() => empty.rayHits([0, 0, 0], [0, 0, 0]), RangeError);
});
