// Brute-force check of where marching cubes puts its vertices, shared by the marching-cubes tests.
import assert from 'node:assert/strict';
import type { Mesh } from '../../src/geometry/Mesh.ts';

/** The documented clamp of the interpolation parameter per edge axis (x, y, z): t ∈ [T_MIN, T_MAX]
 *  = [0.01·(1, (1+√2)/2, √2), 1 − 0.01·(√5/2, √7/2, √(7/3))]. */
export const T_MIN = [0.01, 0.012071067811865475, 0.014142135623730951];
export const T_MAX = [1 - 0.01118033988749895, 1 - 0.013228756555322954, 1 - 0.015275252316519468];

/**
 * Brute-force check of vertex placement on a grid with origin 0 and spacing 1: every vertex is
 * either on a grid edge (exactly two integer coordinates) whose ends straddle the iso-value, at
 * the linear-interpolation parameter clamped to [T_MIN, T_MAX] of its axis, or strictly inside a cell (a
 * polygon centroid); and every straddling edge carries exactly one vertex.
 */
export function assertEdgeVertices(values: Float32Array, dims: [number, number, number], iso: number, mesh: Mesh, what: string): void {
  const [nx, ny, nz] = dims;
  const at = (x: number, y: number, z: number) => values[x + nx * (y + ny * z)];
  const covered = new Set<number>();
  const p = mesh.positions;
  for (let v = 0; v < p.length / 3; v++) {
    const c = [p[3 * v], p[3 * v + 1], p[3 * v + 2]];
    const ints = c.map((u) => Number.isInteger(u));
    const nInt = ints.filter(Boolean).length;
    if (nInt === 0) continue; // centroid
    assert.equal(nInt, 2, `${what}: vertex ${c} neither on an edge nor inside a cell`);
    const axis = ints.indexOf(false);
    const lo = c.map((u) => Math.floor(u));
    const hi = lo.slice();
    hi[axis]++;
    const va = at(lo[0], lo[1], lo[2]),
      vb = at(hi[0], hi[1], hi[2]);
    assert.ok(va > iso !== vb > iso, `${what}: vertex on a non-crossing edge`);
    let t = (va - iso) / (va - vb);
    t = Math.min(Math.max(t, T_MIN[axis]), T_MAX[axis]);
    assert.ok(Math.abs(c[axis] - lo[axis] - t) < 1e-5 * Math.max(1, lo[axis]), `${what}: vertex not at the interpolated crossing`);
    const key = 3 * (lo[0] + nx * (lo[1] + ny * lo[2])) + axis;
    assert.ok(!covered.has(key), `${what}: two vertices on one edge`);
    covered.add(key);
  }
  let crossings = 0;
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const s = at(x, y, z) > iso;
        if (x + 1 < nx && at(x + 1, y, z) > iso !== s) crossings++;
        if (y + 1 < ny && at(x, y + 1, z) > iso !== s) crossings++;
        if (z + 1 < nz && at(x, y, z + 1) > iso !== s) crossings++;
      }
  assert.equal(covered.size, crossings, `${what}: crossing edges without a vertex`);
}
