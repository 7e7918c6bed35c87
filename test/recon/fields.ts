// Analytic scalar fields and sampling helpers shared by the recon tests.
import assert from 'node:assert/strict';
import Module from 'manifold-3d';
import type { ManifoldToplevel } from 'manifold-3d';
import type { Mesh } from '../../src/geometry/Mesh.ts';
import { checkMesh, findSelfIntersections, type MeshReport } from '../../src/geometry/meshChecks.ts';
import { bruteForceSelfIntersections } from '../geometry/intersectionReference.ts';

export type Field = (x: number, y: number, z: number) => number;

/** Samples f on an n×n×n grid with sample (i,j,k) at lo + h·(i,j,k); x fastest. */
export function sample(f: Field, n: number, lo: number, h: number): Float32Array {
  const v = new Float32Array(n * n * n);
  for (let k = 0; k < n; k++)
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++) {
        v[i + n * (j + n * k)] = f(lo + h * i, lo + h * j, lo + h * k);
      }
  return v;
}

/** Signed distance-like fields, positive inside. */
export const sphere =
  (r: number, cx = 0, cy = 0, cz = 0): Field =>
  (x, y, z) =>
    r - Math.hypot(x - cx, y - cy, z - cz);
export const torus =
  (R: number, r: number): Field =>
  (x, y, z) =>
    r - Math.hypot(Math.hypot(x, y) - R, z);

/** Closed, edge- and vertex-manifold, consistently oriented, no degenerate face, no two vertices
 *  at one place. */
export function assertClosedManifold(mesh: Mesh, what: string): MeshReport {
  const r = checkMesh(mesh);
  assert.ok(r.faces > 0, `${what}: empty mesh`);
  assert.equal(r.boundaryEdges, 0, `${what}: boundary edges`);
  assert.equal(r.nonManifoldEdges, 0, `${what}: non-manifold edges`);
  assert.equal(r.misorientedEdges, 0, `${what}: misoriented edges`);
  assert.equal(r.nonManifoldVertices, 0, `${what}: pinched (non-manifold) vertices`);
  assert.equal(r.degenerateFaces, 0, `${what}: degenerate faces`);
  assert.ok(r.watertight && r.edgeManifold, `${what}: not watertight`);
  const seen = new Set<string>();
  const p = mesh.positions;
  for (let i = 0; i < p.length; i += 3) {
    const key = `${p[i]},${p[i + 1]},${p[i + 2]}`;
    assert.ok(!seen.has(key), `${what}: two vertices at ${key}`);
    seen.add(key);
  }
  return r;
}

let manifoldKernel: Promise<ManifoldToplevel> | undefined;
/** The manifold-3d WASM module, loaded once. */
export function manifold3d(): Promise<ManifoldToplevel> {
  manifoldKernel ??= Module().then((k) => {
    k.setup();
    return k;
  });
  return manifoldKernel;
}

/**
 * What manifold-3d makes of the mesh: constructing a `Manifold` throws ("Not manifold") unless
 * every edge pairs up; on success, its status, triangle count and volume.
 */
export async function manifold3dView(mesh: Mesh): Promise<{ status: string; empty: boolean; triangles: number; volume: number }> {
  const k = await manifold3d();
  const m = new k.Manifold(new k.Mesh({ numProp: 3, vertProperties: mesh.positions, triVerts: mesh.faces }));
  try {
    return { status: m.status(), empty: m.isEmpty(), triangles: m.numTri(), volume: m.volume() };
  } finally {
    m.delete();
  }
}

/**
 * A solid's boundary: {@link assertClosedManifold}, plus no self-intersecting face pair and no
 * collinear face (exact test of src/geometry/meshChecks.ts; with `bruteForce`, also the
 * independent O(F²) reference of test/geometry/intersectionReference.ts, which needs coordinates
 * on the 2^-30 lattice below 64), plus manifold-3d accepts it: status NoError, not empty, every triangle
 * kept, and the same volume as ours (to 1e-6 relative: float32 vs float64 sums).
 */
export async function assertSolid(mesh: Mesh, what: string, options: { bruteForce?: boolean } = {}): Promise<MeshReport> {
  const r = assertClosedManifold(mesh, what);
  const s = findSelfIntersections(mesh);
  assert.equal(s.count, 0, `${what}: self-intersecting face pairs ${Array.from(s.pairs).join(',')}`);
  assert.equal(s.collinearFaces, 0, `${what}: collinear faces`);
  if (options.bruteForce) assert.deepEqual(bruteForceSelfIntersections(mesh), [], `${what}: reference finds intersections`);
  const m = await manifold3dView(mesh);
  assert.equal(m.status, 'NoError', `${what}: manifold-3d status`);
  assert.equal(m.empty, false, `${what}: manifold-3d empty`);
  assert.equal(m.triangles, r.faces, `${what}: manifold-3d triangles`);
  assert.ok(Math.abs(m.volume - r.volume) <= 1e-6 * Math.abs(r.volume) + 1e-12, `${what}: manifold-3d volume ${m.volume} vs ${r.volume}`);
  return r;
}

/** Occupancy function (batch of xyz → values) from a scalar field. */
export function batchOf(f: Field): (p: Float32Array) => Float32Array {
  return (p) => {
    const out = new Float32Array(p.length / 3);
    for (let i = 0; i < out.length; i++) out[i] = f(p[3 * i], p[3 * i + 1], p[3 * i + 2]);
    return out;
  };
}
