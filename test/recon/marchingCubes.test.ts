import { test } from 'node:test';
import assert from 'node:assert/strict';
import { marchingCubes, padWithOutside } from '../../src/recon/marchingCubes.ts';
import { checkMesh, findSelfIntersections } from '../../src/geometry/meshChecks.ts';
import { Random } from '../../src/geometry/Random.ts';
import { assertEdgeVertices } from './edgeVertices.ts';
import { assertClosedManifold, assertSolid, sample, sphere, torus, type Field } from './fields.ts';

test('random noise fields (many seeds, with ties and checkerboards): closed manifold, no self-intersections, vertices on crossing edges', () => {
  let faces = 0;
  for (let seed = 0; seed < 60; seed++) {
    const rng = new Random(1000 + seed);
    const n = 9;
    const v = new Float32Array(n * n * n);
    for (let z = 0; z < n; z++)
      for (let y = 0; y < n; y++)
        for (let x = 0; x < n; x++) {
          const i = x + n * (y + n * z);
          const u = rng.next() - 0.5;
          if (seed % 3 === 0) v[i] = u;
          else if (seed % 3 === 1)
            v[i] = Math.round(4 * u) / 4; // many samples exactly at the iso-value
          else v[i] = ((x + y + z) & 1 ? 1 : -1) * rng.uniform(0.01, 1) + 0.2 * u; // near-checkerboard
        }
    const padded = padWithOutside(v, [n, n, n], -1);
    const mesh = marchingCubes(padded.values, padded.dims, 0);
    const r = assertClosedManifold(mesh, `noise seed ${seed}`);
    assert.ok(r.volume > 0, `noise seed ${seed}: volume ${r.volume}`);
    assert.equal(findSelfIntersections(mesh).count, 0, `noise seed ${seed}: self-intersecting faces`);
    assertEdgeVertices(padded.values, padded.dims, 0, mesh, `noise seed ${seed}`);
    faces += r.faces;
  }
  assert.ok(faces > 50000);
});

test('NaN and infinite samples: NaN counts as outside, the mesh stays closed with finite vertices', () => {
  for (let seed = 0; seed < 20; seed++) {
    const rng = new Random(500 + seed);
    const n = 8;
    const v = new Float32Array(n * n * n);
    for (let i = 0; i < v.length; i++) {
      const u = rng.next();
      v[i] = u < 0.1 ? NaN : u < 0.2 ? Infinity : u < 0.3 ? -Infinity : rng.next() - 0.5;
    }
    const padded = padWithOutside(v, [n, n, n], -1);
    const mesh = marchingCubes(padded.values, padded.dims, 0);
    assertClosedManifold(mesh, `non-finite seed ${seed}`);
    assert.ok(mesh.positions.every(Number.isFinite));
  }
});

test('sphere at 129³: volume within 1 %, vertices on the sphere, faces point outward', () => {
  const n = 129,
    lo = -0.55,
    h = 1.1 / 128,
    R = 0.4,
    c = [0.013, -0.021, 0.007];
  const values = sample(sphere(R, c[0], c[1], c[2]), n, lo, h);
  const mesh = marchingCubes(values, [n, n, n], 0, { origin: [lo, lo, lo], spacing: h });
  const r = assertClosedManifold(mesh, 'sphere');
  assert.equal(r.components, 1);
  const vol = (4 / 3) * Math.PI * R ** 3;
  assert.ok(Math.abs(r.volume / vol - 1) < 0.01, `volume ${r.volume} vs ${vol}`);
  assert.ok(Math.abs(r.area / (4 * Math.PI * R * R) - 1) < 0.01, `area ${r.area}`);
  const p = mesh.positions;
  let maxErr = 0;
  for (let i = 0; i < p.length; i += 3) {
    maxErr = Math.max(maxErr, Math.abs(Math.hypot(p[i] - c[0], p[i + 1] - c[1], p[i + 2] - c[2]) - R));
  }
  assert.ok(maxErr < 0.05 * h, `max distance to the sphere ${maxErr} (voxel ${h})`);
  // Every face normal points away from the centre.
  const f = mesh.faces;
  for (let t = 0; t < f.length; t += 3) {
    const [a, b, d] = [f[t], f[t + 1], f[t + 2]].map((k) => [p[3 * k], p[3 * k + 1], p[3 * k + 2]]);
    const e1 = [b[0] - a[0], b[1] - a[1], b[2] - a[2]],
      e2 = [d[0] - a[0], d[1] - a[1], d[2] - a[2]];
    const nrm = [e1[1] * e2[2] - e1[2] * e2[1], e1[2] * e2[0] - e1[0] * e2[2], e1[0] * e2[1] - e1[1] * e2[0]];
    const dot = nrm[0] * (a[0] - c[0]) + nrm[1] * (a[1] - c[1]) + nrm[2] * (a[2] - c[2]);
    assert.ok(dot > 0, `face ${t / 3} points inward`);
  }
});

test('torus at 129³: volume within 1 %, vertices on the torus', () => {
  const n = 129,
    lo = -0.55,
    h = 1.1 / 128,
    R = 0.3,
    rr = 0.12;
  const values = sample(torus(R, rr), n, lo, h);
  const mesh = marchingCubes(values, [n, n, n], 0, { origin: [lo, lo, lo], spacing: h });
  const r = assertClosedManifold(mesh, 'torus');
  assert.equal(r.components, 1);
  const vol = 2 * Math.PI ** 2 * R * rr * rr;
  assert.ok(Math.abs(r.volume / vol - 1) < 0.01, `volume ${r.volume} vs ${vol}`);
  // Genus 1: V − E + F = 0 for a closed torus (E = 3F/2).
  assert.equal(r.vertices - (3 * r.faces) / 2 + r.faces, 0);
  const p = mesh.positions;
  let maxErr = 0;
  for (let i = 0; i < p.length; i += 3) maxErr = Math.max(maxErr, Math.abs(torus(R, rr)(p[i], p[i + 1], p[i + 2])));
  assert.ok(maxErr < 0.1 * h, `max distance to the torus ${maxErr} (voxel ${h})`);
});

test('anisotropic spacing: a sphere sampled with different steps per axis keeps its volume', () => {
  const R = 0.4,
    sx = 1 / 40,
    sy = 1 / 56,
    sz = 1 / 72;
  const nx = 41,
    ny = 57,
    nz = 73;
  const v = new Float32Array(nx * ny * nz);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        v[i + nx * (j + ny * k)] = sphere(R)(-0.5 + sx * i, -0.5 + sy * j, -0.5 + sz * k);
      }
  const mesh = marchingCubes(v, [nx, ny, nz], 0, { origin: [-0.5, -0.5, -0.5], spacing: [sx, sy, sz] });
  const r = assertClosedManifold(mesh, 'anisotropic sphere');
  assert.ok(Math.abs(r.volume / ((4 / 3) * Math.PI * R ** 3) - 1) < 0.01, `volume ${r.volume}`);
});

test('two touching spheres (tangent on a grid point, mid-cell, slightly overlapping, slightly apart)', () => {
  const n = 65,
    lo = -0.5,
    h = 1 / 64,
    r = 0.22;
  const vol2 = 2 * (4 / 3) * Math.PI * r ** 3;
  for (const [shift, gap] of [
    [0, 0],
    [0.37 * h, 0],
    [0.5 * h, 0],
    [0.21 * h, -0.1 * h],
    [0.13 * h, 0.1 * h],
  ]) {
    const s1 = sphere(r, -r - gap / 2 + shift, 0, 0),
      s2 = sphere(r, r + gap / 2 + shift, 0, 0);
    const f: Field = (x, y, z) => Math.max(s1(x, y, z), s2(x, y, z));
    const values = sample(f, n, lo, h);
    if (shift === 0 && gap === 0) assert.equal(values[32 + n * (32 + n * 32)], 0, 'tangent point sampled exactly');
    const mesh = marchingCubes(values, [n, n, n], 0, { origin: [lo, lo, lo], spacing: h });
    const rep = assertClosedManifold(mesh, `touching spheres shift ${shift} gap ${gap}`);
    assert.ok(Math.abs(rep.volume / vol2 - 1) < 0.02, `volume ${rep.volume} vs ${vol2}`);
    assert.ok(rep.components <= 2);
  }
});

test('saddle x² − y² − c·z clipped to a box: closed manifold, volume = half the box', () => {
  // {x² − y² > c·z} and its complement are swapped by (x, y, z) → (y, x, −z): each fills half of
  // the box [−a, a]³, so the volume is 4a³.
  const a = 0.4,
    cc = 0.3;
  const f: Field = (x, y, z) => Math.min(x * x - y * y - cc * z, a - Math.max(Math.abs(x), Math.abs(y), Math.abs(z)));
  for (const [n, lo, h] of [
    [65, -0.5, 1 / 64],
    [60, -0.5 + 0.3 / 59, 1 / 59],
  ]) {
    const values = sample(f, n, lo, h);
    const mesh = marchingCubes(values, [n, n, n], 0, { origin: [lo, lo, lo], spacing: h });
    const r = assertClosedManifold(mesh, `saddle n=${n}`);
    assert.ok(Math.abs(r.volume / (4 * a ** 3) - 1) < 0.02, `volume ${r.volume} vs ${4 * a ** 3}`);
  }
});

test('thin plates one voxel thick (axis-aligned and diagonal): closed manifold', () => {
  const n = 49,
    lo = -0.5,
    h = 1 / 48,
    w = 0.3;
  const box: Field = (x, y) => w - Math.max(Math.abs(x), Math.abs(y));
  // One layer of samples inside (z = 0 is a grid plane); MC puts both sides at half a voxel.
  const flat: Field = (x, y, z) => Math.min(0.5 * h - Math.abs(z), box(x, y, z));
  let mesh = marchingCubes(sample(flat, n, lo, h), [n, n, n], 0, { origin: [lo, lo, lo], spacing: h });
  let r = assertClosedManifold(mesh, 'flat plate');
  assert.equal(r.components, 1);
  assert.ok(Math.abs(r.volume / ((2 * w) ** 2 * h) - 1) < 0.1, `plate volume ${r.volume}`);
  // Diagonal plate about one voxel thick: a staircase of ambiguous faces.
  for (const thick of [0.5 * h, 0.35 * h, 0.6 * h]) {
    const diag: Field = (x, y, z) => Math.min(thick - Math.abs(x + y + z - 0.01) / Math.sqrt(3), 0.35 - Math.hypot(x, y, z));
    mesh = marchingCubes(sample(diag, n, lo, h), [n, n, n], 0, { origin: [lo, lo, lo], spacing: h });
    r = assertClosedManifold(mesh, `diagonal plate ${thick / h}`);
    assert.ok(r.volume > 0);
  }
  // A plate thinner than the sampling between two grid planes is simply not seen.
  const thin: Field = (x, y, z) => Math.min(0.2 * h - Math.abs(z - 0.5 * h), box(x, y, z));
  assert.equal(marchingCubes(sample(thin, n, lo, h), [n, n, n], 0).faces.length, 0);
});

/**
 * Marching cubes of `values` (n³, spacing 1, origin 0) padded with outside: a solid's boundary
 * (closed, edge- and vertex-manifold, oriented, no self-intersections by the exact check and, with
 * `bruteForce` (slow: O(F²) in BigInt), by the independent reference; accepted by manifold-3d)
 * with vertices where the clamp says.
 */
async function assertSolidField(values: Float32Array, n: number, iso: number, what: string, bruteForce = true): Promise<void> {
  const padded = padWithOutside(values, [n, n, n], iso - 1);
  const mesh = marchingCubes(padded.values, padded.dims, iso);
  if (mesh.faces.length === 0) return;
  const r = await assertSolid(mesh, what, { bruteForce });
  assert.ok(r.volume > 0, `${what}: volume ${r.volume}`);
  assertEdgeVertices(padded.values, padded.dims, iso, mesh, what);
  // No sliver edges: two vertices near one grid corner are ≥ 0.01·√2 apart (the smallest clamps
  // on two of its edges); with the former clamp at 1e-3 such edges were 0.0014 cells long.
  const p = mesh.positions,
    f = mesh.faces;
  let shortest = Infinity;
  for (let t = 0; t < f.length; t += 3)
    for (let e = 0; e < 3; e++) {
      const a = 3 * f[t + e],
        b = 3 * f[t + ((e + 1) % 3)];
      shortest = Math.min(shortest, Math.hypot(p[a] - p[b], p[a + 1] - p[b + 1], p[a + 2] - p[b + 2]));
    }
  assert.ok(shortest >= 0.01 * Math.SQRT2 * (1 - 1e-6), `${what}: an edge ${shortest} cells long`);
}

test('degenerate fields: iso-value exactly at grid values, one-cell features, saddles, a cone tip on a grid point → solid boundaries, manifold-3d accepts them', async () => {
  let n = 8;
  const at = (f: (x: number, y: number, z: number) => number): Float32Array => {
    const v = new Float32Array(n * n * n);
    for (let z = 0; z < n; z++) for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) v[x + n * (y + n * z)] = f(x, y, z);
    return v;
  };
  for (let seed = 0; seed < 12; seed++) {
    const rng = new Random(7000 + seed);
    const brute = seed === 0; // the reference on the first seed only (≈ 0.3 s a field)
    // Samples in {−1, 0, 1} (a third exactly at the iso-value 0, which counts as outside), and
    // samples a hair off it (±1e-7, ±1e-30): every crossing then sits at a clamp.
    await assertSolidField(
      at(() => rng.int(3) - 1),
      n,
      0,
      `ternary ${seed}`,
      brute,
    );
    await assertSolidField(
      at(() => [1, -1, 1e-7, -1e-7, 1e-30, -1e-30][rng.int(6)]),
      n,
      0,
      `hair ${seed}`,
      brute,
    );
    // Binary ±1: every vertex at an edge midpoint, many exactly coplanar faces.
    await assertSolidField(
      at(() => (rng.next() < 0.5 ? 1 : -1)),
      n,
      0,
      `binary ${seed}`,
      brute,
    );
    // Near-checkerboard: every face ambiguous, decided by the asymptotic decider.
    await assertSolidField(
      at((x, y, z) => ((x + y + z) & 1 ? 1 : -1) * rng.uniform(0.001, 1)),
      n,
      0,
      `checkerboard ${seed}`,
      brute,
    );
  }
  n = 10;
  // One-cell-wide features: single inside samples, rods and plates one sample thick, along the
  // axes and the diagonals, with values exactly 1 inside and 0 (= iso, outside) elsewhere.
  const features: Array<[string, (x: number, y: number, z: number) => boolean]> = [
    ['isolated samples', (x, y, z) => x % 3 === 1 && y % 3 === 1 && z % 3 === 1],
    ['rod along x', (x, y, z) => y === 4 && z === 5 && x > 1 && x < 8],
    ['diagonal rod', (x, y, z) => x === y && y === z && x > 0 && x < 9],
    ['face-diagonal rods', (x, y, z) => (x === y || x + y === 9) && z > 1 && z < 8 && x > 0 && x < 9],
    ['plate', (x, y, z) => z === 4 && x > 1 && x < 8 && y > 1 && y < 8],
    ['diagonal plate', (x, y, z) => x + y + z === 13 && x > 0 && y > 0 && z > 0 && x < 9 && y < 9 && z < 9],
    ['blocks meeting at a corner', (x, y, z) => [x, y, z].every((u) => u === 2 || u === 3) || [x, y, z].every((u) => u === 4 || u === 5)],
    [
      'blocks meeting at an edge',
      (x, y, z) => (z === 2 || z === 3) && ([x, y].every((u) => u === 2 || u === 3) || [x, y].every((u) => u === 4 || u === 5)),
    ],
  ];
  for (const [what, inside] of features)
    await assertSolidField(
      at((x, y, z) => (inside(x, y, z) ? 1 : 0)),
      n,
      0,
      what,
    );
  // Saddles with the saddle point on a grid point and at a cell centre; a double cone whose tip
  // (value exactly 0 = iso) is a grid point, so both nappes crowd around one corner.
  for (const c of [4, 4.5]) {
    await assertSolidField(
      at((x, y, z) => Math.min((x - c) * (y - c) - 0.3 * (z - c), 3.5 - Math.max(Math.abs(x - c), Math.abs(y - c), Math.abs(z - c)))),
      n,
      0,
      `saddle at ${c}`,
    );
    await assertSolidField(
      at((x, y, z) =>
        Math.min((x - c) ** 2 - (y - c) ** 2 - (z - c) ** 2, 3.5 - Math.max(Math.abs(x - c), Math.abs(y - c), Math.abs(z - c))),
      ),
      n,
      0,
      `double cone at ${c}`,
    );
  }
  // Two balls touching at a grid point (its value exactly the iso-value).
  await assertSolidField(
    at((x, y, z) => Math.max(2 - Math.hypot(x - 2, y - 4, z - 4), 2 - Math.hypot(x - 6, y - 4, z - 4))),
    n,
    0,
    'balls touching at a grid point',
  );
});

test('sphere and torus at 129³ in the reconstruction box: no self-intersections, manifold-3d accepts them', async () => {
  // Placed as reconstruct() places its grid (box [-0.55, 0.55]³); exact checks only (the
  // brute-force reference is O(F²)).
  const n = 129,
    lo = -0.55,
    h = 1.1 / 128;
  for (const [what, f] of [
    ['sphere', sphere(0.4, 0.013, -0.021, 0.007)],
    ['torus', torus(0.3, 0.12)],
  ] as const) {
    const mesh = marchingCubes(sample(f, n, lo, h), [n, n, n], 0, { origin: [lo, lo, lo], spacing: h });
    await assertSolid(mesh, what);
  }
});

test('padWithOutside: one layer of the outside value around the original samples', () => {
  const dims: [number, number, number] = [3, 2, 4];
  const v = Float32Array.from({ length: 24 }, (_, i) => i + 1);
  const p = padWithOutside(v, dims, -7);
  assert.deepEqual(p.dims, [5, 4, 6]);
  let inner = 0;
  for (let z = 0; z < 6; z++)
    for (let y = 0; y < 4; y++)
      for (let x = 0; x < 5; x++) {
        const val = p.values[x + 5 * (y + 4 * z)];
        const inside = x >= 1 && x <= 3 && y >= 1 && y <= 2 && z >= 1 && z <= 4;
        if (inside) {
          assert.equal(val, v[x - 1 + 3 * (y - 1 + 2 * (z - 1))]);
          inner++;
        } else assert.equal(val, -7);
      }
  assert.equal(inner, 24);
  // A cavity (one outside sample inside an inside region) is closed with normals pointing into
  // it, towards lower values: negative signed volume.
  const cavity = checkMesh(
    marchingCubes(
      Float32Array.from({ length: 27 }, (_, i) => (i === 13 ? -1 : 1)),
      [3, 3, 3],
      0,
    ),
  );
  assert.ok(cavity.watertight && cavity.volume < 0);
  // Unpadded, a half-space field leaves the surface open at the grid border.
  const half = checkMesh(
    marchingCubes(
      Float32Array.from({ length: 27 }, (_, i) => (i % 3) - 0.5),
      [3, 3, 3],
      0,
    ),
  );
  assert.ok(half.faces > 0 && half.boundaryEdges > 0);
});
