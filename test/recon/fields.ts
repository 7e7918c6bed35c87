// Analytic scalar fields and sampling helpers shared by the recon tests.
import assert from 'node:assert/strict';
import type { Mesh } from '../../src/geometry/Mesh.ts';
import { checkMesh, type MeshReport } from '../../src/geometry/meshChecks.ts';

export type Field = (x: number, y: number, z: number) => number;

/** Samples f on an n×n×n grid with sample (i,j,k) at lo + h·(i,j,k); x fastest. */
export function sample(f: Field, n: number, lo: number, h: number): Float32Array {
  const v = new Float32Array(n * n * n);
  for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) {
    v[i + n * (j + n * k)] = f(lo + h * i, lo + h * j, lo + h * k);
  }
  return v;
}

/** Signed distance-like fields, positive inside. */
export const sphere = (r: number, cx = 0, cy = 0, cz = 0): Field => (x, y, z) => r - Math.hypot(x - cx, y - cy, z - cz);
export const torus = (R: number, r: number): Field => (x, y, z) => r - Math.hypot(Math.hypot(x, y) - R, z);

/** Closed, edge-manifold, consistently oriented, no degenerate face, no two vertices at one place. */
export function assertClosedManifold(mesh: Mesh, what: string): MeshReport {
  const r = checkMesh(mesh);
  assert.ok(r.faces > 0, `${what}: empty mesh`);
  assert.equal(r.boundaryEdges, 0, `${what}: boundary edges`);
  assert.equal(r.nonManifoldEdges, 0, `${what}: non-manifold edges`);
  assert.equal(r.misorientedEdges, 0, `${what}: misoriented edges`);
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

/** Occupancy function (batch of xyz → values) from a scalar field. */
export function batchOf(f: Field): (p: Float32Array) => Float32Array {
  return (p) => {
    const out = new Float32Array(p.length / 3);
    for (let i = 0; i < out.length; i++) out[i] = f(p[3 * i], p[3 * i + 1], p[3 * i + 2]);
    return out;
  };
}
