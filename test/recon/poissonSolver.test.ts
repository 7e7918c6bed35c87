import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conjugateGradient } from '../../src/recon/poisson/conjugateGradient.ts';
import { nodeGrid, trilinearStencil } from '../../src/recon/poisson/NodeGrid.ts';
import { ScreenedPoissonOperator } from '../../src/recon/poisson/ScreenedPoissonOperator.ts';
import { MultigridPreconditioner } from '../../src/recon/poisson/MultigridPreconditioner.ts';
import { prolongNodes } from '../../src/recon/poisson/prolongNodes.ts';
import { restrictNodes } from '../../src/recon/poisson/restrictNodes.ts';
import { gaussianBlur3d } from '../../src/recon/poisson/gaussianBlur3d.ts';
import { Random } from '../../src/geometry/Random.ts';

test('prolongNodes reproduces a trilinear field exactly; restrictNodes is its transpose', () => {
  const R = 4,
    nc = R + 1,
    nf = 2 * R + 1;
  const f = (x: number, y: number, z: number) => 1 + 2 * x - y + 0.5 * z + 0.25 * x * y * z;
  const coarse = new Float64Array(nc ** 3);
  for (let k = 0; k < nc; k++) for (let j = 0; j < nc; j++) for (let i = 0; i < nc; i++) coarse[i + nc * (j + nc * k)] = f(i, j, k);
  const fine = prolongNodes(coarse, R);
  for (let k = 0; k < nf; k++)
    for (let j = 0; j < nf; j++)
      for (let i = 0; i < nf; i++) {
        assert.ok(Math.abs(fine[i + nf * (j + nf * k)] - f(i / 2, j / 2, k / 2)) < 1e-12);
      }
  // ⟨P c, g⟩ = ⟨c, Pᵀ g⟩ for random c, g.
  const rng = new Random(1);
  const c = new Float64Array(nc ** 3).map(() => rng.normal());
  const g = new Float64Array(nf ** 3).map(() => rng.normal());
  const pc = prolongNodes(c, R),
    rg = restrictNodes(g, R);
  let lhs = 0,
    rhs = 0;
  for (let i = 0; i < pc.length; i++) lhs += pc[i] * g[i];
  for (let i = 0; i < c.length; i++) rhs += c[i] * rg[i];
  assert.ok(Math.abs(lhs - rhs) < 1e-9 * Math.abs(lhs));
});

test('ScreenedPoissonOperator: equals the brute-force matrix (7-point Laplacian + Σ μ t tᵀ)', () => {
  const grid = nodeGrid(3, [0, 1]);
  const n = grid.n,
    N = n ** 3;
  const pts = new Float32Array([0.2, 0.5, 0.9, 0.7, 0.1, 0.33]);
  const mu = new Float64Array([2, 0.5]);
  const op = new ScreenedPoissonOperator(grid, trilinearStencil(grid, pts), mu, 3);
  // Brute force: graph Laplacian over all axis-neighbour pairs, scaled by 3, plus screening
  // with weights computed here from the definition of trilinear interpolation.
  const A = Array.from({ length: N }, () => new Float64Array(N));
  const id = (i: number, j: number, k: number) => i + n * (j + n * k);
  for (let k = 0; k < n; k++)
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++) {
        for (const [di, dj, dk] of [
          [1, 0, 0],
          [0, 1, 0],
          [0, 0, 1],
        ]) {
          if (i + di >= n || j + dj >= n || k + dk >= n) continue;
          const a = id(i, j, k),
            b = id(i + di, j + dj, k + dk);
          A[a][a] += 3;
          A[b][b] += 3;
          A[a][b] -= 3;
          A[b][a] -= 3;
        }
      }
  for (let s = 0; s < 2; s++) {
    const u = [0, 1, 2].map((a) => pts[3 * s + a] * 3);
    const w = new Map<number, number>();
    for (let c = 0; c < 8; c++) {
      const ix = Math.floor(u[0]) + (c & 1),
        iy = Math.floor(u[1]) + ((c >> 1) & 1),
        iz = Math.floor(u[2]) + ((c >> 2) & 1);
      const wt = (1 - Math.abs(u[0] - ix)) * (1 - Math.abs(u[1] - iy)) * (1 - Math.abs(u[2] - iz));
      w.set(id(ix, iy, iz), wt);
    }
    for (const [a, wa] of w) for (const [b, wb] of w) A[a][b] += mu[s] * wa * wb;
  }
  const rng = new Random(2);
  const x = new Float64Array(N).map(() => rng.normal());
  const y = new Float64Array(N);
  op.apply(x, y);
  const d = op.diagonal();
  for (let a = 0; a < N; a++) {
    let v = 0;
    for (let b = 0; b < N; b++) v += A[a][b] * x[b];
    assert.ok(Math.abs(v - y[a]) < 1e-10, `row ${a}: ${v} vs ${y[a]}`);
    assert.ok(Math.abs(d[a] - A[a][a]) < 1e-12);
  }
});

test('conjugateGradient with the multigrid preconditioner solves a screened system in few iterations', () => {
  const rng = new Random(3);
  const pts = new Float32Array(600).map(() => rng.uniform(-0.4, 0.4));
  const mu = new Float64Array(200).fill(0.5);
  const ops = [32, 16, 8].map((c, l) => {
    const g = nodeGrid(c, [-0.55, 0.55]);
    return new ScreenedPoissonOperator(g, trilinearStencil(g, pts), mu, 2 ** l);
  });
  // A known solution x*: b = A x*.
  const xs = new Float64Array(ops[0].size).map(() => rng.normal());
  const b = new Float64Array(ops[0].size);
  ops[0].apply(xs, b);
  const x = new Float64Array(ops[0].size);
  const r = conjugateGradient(ops[0], b, x, { tolerance: 1e-8, maxIterations: 200, preconditioner: new MultigridPreconditioner(ops) });
  assert.ok(r.converged, `residual ${r.relativeResidual}`);
  assert.ok(r.iterations < 40, `${r.iterations} iterations`);
  let err = 0,
    norm = 0;
  for (let i = 0; i < x.length; i++) {
    err += (x[i] - xs[i]) ** 2;
    norm += xs[i] ** 2;
  }
  assert.ok(Math.sqrt(err / norm) < 1e-4, `relative error ${Math.sqrt(err / norm)}`);
  // Plain Jacobi-PCG needs many more iterations for the same tolerance.
  const x2 = new Float64Array(ops[0].size);
  const r2 = conjugateGradient(ops[0], b, x2, { tolerance: 1e-8, maxIterations: 5000, diagonal: ops[0].diagonal() });
  assert.ok(r2.iterations > 2 * r.iterations);
});

test('gaussianBlur3d preserves the sum away from the border and matches the 1-D kernel', () => {
  const dims: [number, number, number] = [21, 21, 21];
  const a = new Float64Array(21 ** 3);
  a[10 + 21 * (10 + 21 * 10)] = 1;
  gaussianBlur3d(a, dims, 1.5);
  let sum = 0;
  for (const v of a) sum += v;
  assert.ok(Math.abs(sum - 1) < 1e-12);
  // Separable: value at offset (d, 0, 0) / value at centre = exp(−d²/2σ²).
  const c = a[10 + 21 * (10 + 21 * 10)];
  assert.ok(Math.abs(a[12 + 21 * (10 + 21 * 10)] / c - Math.exp(-4 / 4.5)) < 1e-12);
});
