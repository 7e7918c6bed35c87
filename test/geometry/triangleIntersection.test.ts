import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  orient2d,
  orient3d,
  trianglesIntersect,
  trianglesIntersectSharingVertex,
  trianglesOverlapSharingEdge,
  triangleDegenerate,
} from '../../src/geometry/triangleIntersection.ts';
import { Random } from '../../src/geometry/Random.ts';
import { polygonsIntersect, sub, cross, dot, type V } from './intersectionReference.ts';

/** Exact orient3d sign of integer points: sign of (b − a) × (c − a) · (d − a). */
const refOrient3d = (a: V, b: V, c: V, d: V): number => {
  const v = dot(cross(sub(b, a), sub(c, a)), sub(d, a));
  return v > 0n ? 1 : v < 0n ? -1 : 0;
};

const flat = (T: number[][]): Float64Array => Float64Array.from(T.flat());
const big = (T: number[][], k = 1n): V[] => T.map((p) => p.map((x) => BigInt(x) * k) as V);

function randomTriangle(rng: Random, n: number): number[][] {
  for (;;) {
    const T = [0, 1, 2].map(() => [0, 1, 2].map(() => rng.int(n + 1)));
    if (!triangleDegenerate(flat(T))) return T;
  }
}

// ---------------------------------------------------------------------------------------------

test('orient2d and orient3d are exact where plain float64 gets the sign wrong', () => {
  // Shewchuk's demonstration: points a ulp apart near (0.5, 0.5) against a line through
  // (12, 12) and (24, 24); the determinant is 12·(ay − ax) exactly, plain float64 often errs.
  const u = 2 ** -52;
  let naiveWrong = 0;
  for (let i = 0; i < 64; i++)
    for (let j = 0; j < 64; j++) {
      const ax = 0.5 + i * u,
        ay = 0.5 + j * u;
      assert.equal(orient2d(ax, ay, 12, 12, 24, 24), Math.sign(j - i), `${i} ${j}`);
      // The same in 3-D: d against the plane x = y through (12,12,0), (24,24,0), (12,12,1), whose
      // normal (b − a) × (c − a) is (12, −12, 0): the sign is that of dx − dy.
      assert.equal(orient3d(12, 12, 0, 24, 24, 0, 12, 12, 1, ax, ay, 0.5 + ((i + j) % 7) * u), Math.sign(i - j), `3-D ${i} ${j}`);
      if (Math.sign((ax - 24) * (ay - 12) - (ay - 24) * (ax - 12)) !== Math.sign(j - i)) naiveWrong++;
    }
  assert.ok(naiveWrong > 100, `plain float64 should fail on some of these (${naiveWrong})`);
  // Coplanar and nearly coplanar points on a 2^-30 lattice, far from the origin (the exact path
  // decides these): compare with BigInt on the lattice.
  const rng = new Random(3);
  const s = 2 ** 30;
  const seen = [0, 0, 0];
  for (let k = 0; k < 4000; k++) {
    const base = [0, 1, 2].map(() => Math.round(rng.uniform(-1, 1) * s * 1000));
    const pts = [0, 1, 2].map(() => base.map((b) => b + Math.round(rng.uniform(-1, 1) * s)));
    const [a, b, c] = pts;
    // d = a + i·(b − a) + j·(c − a) exactly (integer i, j), then nudged by a lattice step or not.
    const i = rng.int(5) - 2,
      j = rng.int(5) - 2,
      axis = rng.int(3),
      nudge = rng.int(3) - 1;
    const d = a.map((x, m) => x + i * (b[m] - x) + j * (c[m] - x) + (m === axis ? nudge : 0));
    const expected = refOrient3d(...([a, b, c, d].map((p) => p.map(BigInt)) as [V, V, V, V]));
    const f = [a, b, c, d].flatMap((p) => p.map((x) => x / s)); // exact: powers of two
    assert.equal(orient3d(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11]), expected, `case ${k}`);
    seen[expected + 1]++;
  }
  assert.ok(
    seen.every((n) => n > 500),
    `signs −1, 0, +1 seen ${seen}`,
  );
});

test('trianglesIntersect agrees with a separating-axis reference on small-integer triangles (touching, coplanar, crossing)', () => {
  const rng = new Random(11);
  const counts = { yes: 0, no: 0 };
  for (let k = 0; k < 20000; k++) {
    const P = randomTriangle(rng, 3),
      Q = randomTriangle(rng, 3);
    const expected = polygonsIntersect(big(P), big(Q));
    assert.equal(trianglesIntersect(flat(P), flat(Q)), expected, `${JSON.stringify(P)} ${JSON.stringify(Q)}`);
    assert.equal(trianglesIntersect(flat(Q), flat(P)), expected);
    counts[expected ? 'yes' : 'no']++;
  }
  assert.ok(counts.yes > 2000 && counts.no > 2000, JSON.stringify(counts));
  // Hand cases: touching at a point, along an edge, coplanar overlap, a gap of one float32 ulp.
  const T = [
    [0, 0, 0],
    [1, 0, 0],
    [0, 1, 0],
  ];
  assert.equal(
    trianglesIntersect(
      flat(T),
      flat([
        [1, 0, 0],
        [2, 0, 1],
        [2, 1, 0],
      ]),
    ),
    true,
    'common vertex position',
  );
  assert.equal(
    trianglesIntersect(
      flat(T),
      flat([
        [0.5, 0.5, 0],
        [1, 1, 1],
        [1, 1, -1],
      ]),
    ),
    true,
    'touching edge interior',
  );
  assert.equal(
    trianglesIntersect(
      flat(T),
      flat([
        [0.2, 0.2, 0],
        [2, 0.2, 0],
        [0.2, 2, 0],
      ]),
    ),
    true,
    'coplanar overlap',
  );
  const gap = 0.5 + 2 ** -24;
  assert.equal(
    trianglesIntersect(
      flat(T),
      flat([
        [gap, gap, 0],
        [1, 1, 1],
        [1, 1, -1],
      ]),
    ),
    false,
    'one ulp apart',
  );
});

test('sharing one vertex: they meet elsewhere exactly when the reference finds a common point away from it', () => {
  const rng = new Random(12);
  const K = 1_000_000n; // the cut at 1/K of the way from the shared vertex (see below)
  const counts = { yes: 0, no: 0 };
  for (let k = 0; k < 8000; k++) {
    const P = randomTriangle(rng, 3);
    let Q: number[][];
    do {
      Q = randomTriangle(rng, 3);
      Q[0] = P[0].slice();
    } while (triangleDegenerate(flat(Q)));
    // P minus the corner {weight of the shared vertex > 1 − 1/K}: a point of P ∩ Q other than
    // the shared vertex has that weight ≤ 1 − 1/D with D ≪ K for coordinates in [0, 3].
    const [v, a, b] = big(P);
    const toward = (x: V): V => [K * v[0] + x[0] - v[0], K * v[1] + x[1] - v[1], K * v[2] + x[2] - v[2]]; // v + (x − v)/K, times K
    const cut: V[] = [toward(a), big([P[1]], K)[0], big([P[2]], K)[0], toward(b)];
    const expected = polygonsIntersect(cut, big(Q, K));
    // Rotate the vertex order so the shared vertex sits at every position.
    const rp = k % 3,
      rq = (k >> 2) % 3;
    const Pr = [P[rp], P[(rp + 1) % 3], P[(rp + 2) % 3]],
      Qr = [Q[rq], Q[(rq + 1) % 3], Q[(rq + 2) % 3]];
    const got = trianglesIntersectSharingVertex(flat(Pr), 3 * ((3 - rp) % 3), flat(Qr), 3 * ((3 - rq) % 3));
    assert.equal(got, expected, `${JSON.stringify(P)} ${JSON.stringify(Q)}`);
    counts[expected ? 'yes' : 'no']++;
  }
  assert.ok(counts.yes > 300 && counts.no > 300, JSON.stringify(counts));
});

test('sharing an edge: overlap only for coplanar fold-overs', () => {
  const rng = new Random(13);
  const K = 1_000_000n;
  const counts = { yes: 0, no: 0 };
  for (let k = 0; k < 8000; k++) {
    const P = randomTriangle(rng, 3);
    let c: number[];
    do c = [0, 1, 2].map(() => rng.int(4));
    while (triangleDegenerate(flat([P[0], P[1], c])));
    const Q = [P[1], P[0], c];
    // P minus the strip {weight of its third vertex < 1/K} along the shared edge.
    const [u, w, a] = big(P);
    const cut = [
      [u[0] * (K - 1n) + a[0], u[1] * (K - 1n) + a[1], u[2] * (K - 1n) + a[2]],
      [w[0] * (K - 1n) + a[0], w[1] * (K - 1n) + a[1], w[2] * (K - 1n) + a[2]],
      a.map((x) => x * K),
    ] as V[];
    const expected = polygonsIntersect(cut, big(Q, K));
    assert.equal(trianglesOverlapSharingEdge(flat(P), 0, 3, 6, flat(Q), 6), expected, `${JSON.stringify(P)} ${JSON.stringify(Q)}`);
    counts[expected ? 'yes' : 'no']++;
  }
  assert.ok(counts.yes > 100 && counts.no > 1000, JSON.stringify(counts));
});
