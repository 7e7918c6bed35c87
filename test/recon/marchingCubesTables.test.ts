import { test } from 'node:test';
import assert from 'node:assert/strict';
import { marchingCubes, padWithOutside } from '../../src/recon/marchingCubes.ts';
import { findSelfIntersections } from '../../src/geometry/meshChecks.ts';
import { Random } from '../../src/geometry/Random.ts';
import { assertEdgeVertices } from './edgeVertices.ts';
import { assertClosedManifold } from './fields.ts';

// The cube cases of marchingCubesTables.ts (every corner configuration, the face decisions),
// each meshed alone in a padded 2×2×2 grid.

test('all 256 single-cube configurations, padded: closed manifold, outward, no self-intersections, vertices on crossing edges', () => {
  const rng = new Random(256);
  for (let c = 1; c < 256; c++) {
    for (let rep = 0; rep < 12; rep++) {
      const v = new Float32Array(8);
      for (let k = 0; k < 8; k++) {
        // rep 0: outside corners exactly at the iso-value (ties count as outside).
        // rep 1: crossings within 1e-6 of either end of their edges (all at a clamp).
        const scale = rep === 1 ? (rng.next() < 0.5 ? 1e-6 : 1) : 1;
        v[k] = (c >> k) & 1 ? scale * rng.uniform(0.01, 1) : rep === 0 ? 0 : -scale * rng.uniform(0.001, 1);
      }
      const padded = padWithOutside(v, [2, 2, 2], -1);
      const mesh = marchingCubes(padded.values, padded.dims, 0);
      const r = assertClosedManifold(mesh, `case ${c}`);
      assert.ok(r.volume > 0, `case ${c}: volume ${r.volume} not positive`);
      assert.equal(findSelfIntersections(mesh).count, 0, `case ${c}: self-intersecting faces`);
      assertEdgeVertices(padded.values, padded.dims, 0, mesh, `case ${c}`);
    }
  }
  // All outside: nothing.
  const none = padWithOutside(new Float32Array(8).fill(-1), [2, 2, 2], -1);
  assert.equal(marchingCubes(none.values, none.dims, 0).faces.length, 0);
});

test('ambiguous face follows the asymptotic decider (bilinear saddle sign)', () => {
  // Corners 0 = (0,0,0) and 3 = (1,1,0) inside, on the diagonal of face z = 0; 1, 2 outside.
  const rng = new Random(7);
  let joined = 0,
    split = 0;
  for (let rep = 0; rep < 200; rep++) {
    const a = rng.uniform(0.01, 1),
      c = rng.uniform(0.01, 1);
    const b = -rng.uniform(0.01, 1),
      d = -rng.uniform(0.01, 1);
    const v = new Float32Array([a, b, d, c, -1, -1, -1, -1]);
    const padded = padWithOutside(v, [2, 2, 2], -1);
    const mesh = marchingCubes(padded.values, padded.dims, 0);
    const r = assertClosedManifold(mesh, 'ambiguous face');
    // Saddle value of the bilinear interpolant on the face: (a·c − b·d) / (a + c − b − d).
    const A = v[0],
      B = v[1],
      D = v[2],
      C = v[3];
    const saddle = (A * C - B * D) / (A + C - B - D);
    assert.equal(r.components, saddle > 0 ? 1 : 2, `a=${A} b=${B} c=${C} d=${D}`);
    if (saddle > 0) joined++;
    else split++;
  }
  assert.ok(joined > 20 && split > 20, `both outcomes exercised (${joined}, ${split})`);
  // Interior ambiguity (opposite corners 0 and 7): kept as two separate pieces.
  const v = new Float32Array([1, -1, -1, -1, -1, -1, -1, 1]);
  const padded = padWithOutside(v, [2, 2, 2], -1);
  assert.equal(assertClosedManifold(marchingCubes(padded.values, padded.dims, 0), 'case 4').components, 2);
});
