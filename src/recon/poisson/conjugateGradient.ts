/** A symmetric positive (semi-)definite linear operator, applied matrix-free. */
export interface LinearOperator {
  /** Number of unknowns. */
  readonly size: number;
  /** out = A·x; out never aliases x. */
  apply(x: Float64Array, out: Float64Array): void;
}

export interface ConjugateGradientOptions {
  /** Stop when ‖r‖ ≤ tolerance·‖b‖ (Euclidean norms). Default 1e-6, range (0, 1). */
  tolerance?: number;
  /** Iteration cap, ≥ 0. Default 1000. */
  maxIterations?: number;
  /** Jacobi preconditioner: the diagonal of A (all entries > 0). Default: none. */
  diagonal?: Float64Array;
  /** A symmetric positive definite preconditioner z = M⁻¹ r (e.g. a multigrid V-cycle);
   *  overrides `diagonal`. */
  preconditioner?: { apply(r: Float64Array, z: Float64Array): void };
}

export interface ConjugateGradientResult {
  iterations: number;
  /** Final ‖r‖ / ‖b‖ (0 when b = 0). */
  relativeResidual: number;
  converged: boolean;
}

/**
 * Preconditioned conjugate gradients (Hestenes & Stiefel; Jacobi preconditioner M = diag A)
 * for A·x = b, starting from the x given (a good start, e.g. the prolonged coarser solution,
 * saves most iterations).
 *
 * @param op the operator A (symmetric positive definite on the span of b).
 * @param b right-hand side (length op.size).
 * @param x initial guess, overwritten by the solution (length op.size).
 * @param options see {@link ConjugateGradientOptions}.
 */
export function conjugateGradient(
  op: LinearOperator,
  b: Float64Array,
  x: Float64Array,
  options: ConjugateGradientOptions = {},
): ConjugateGradientResult {
  const tol = options.tolerance ?? 1e-6;
  const maxIt = options.maxIterations ?? 1000;
  const diag = options.diagonal;
  const pre = options.preconditioner;
  const n = op.size;
  if (b.length !== n || x.length !== n)
    throw new RangeError(`conjugateGradient: sizes ${b.length}, ${x.length} for an operator of size ${n}`);
  const r = new Float64Array(n);
  const z = new Float64Array(n);
  const p = new Float64Array(n);
  const q = new Float64Array(n);
  op.apply(x, q);
  let bNorm2 = 0,
    rNorm2 = 0;
  for (let i = 0; i < n; i++) {
    const ri = (r[i] = b[i] - q[i]);
    bNorm2 += b[i] * b[i];
    rNorm2 += ri * ri;
  }
  if (bNorm2 === 0) {
    x.fill(0);
    return { iterations: 0, relativeResidual: 0, converged: true };
  }
  const stop2 = tol * tol * bNorm2;
  let rz = 0;
  if (pre) pre.apply(r, z);
  for (let i = 0; i < n; i++) {
    const zi = pre ? z[i] : (z[i] = diag ? r[i] / diag[i] : r[i]);
    p[i] = zi;
    rz += r[i] * zi;
  }
  let it = 0;
  while (rNorm2 > stop2 && it < maxIt) {
    op.apply(p, q);
    let pq = 0;
    for (let i = 0; i < n; i++) pq += p[i] * q[i];
    if (!(pq > 0)) break; // A not definite along p: nothing more to gain
    const alpha = rz / pq;
    rNorm2 = 0;
    let rzNew = 0;
    if (pre) {
      for (let i = 0; i < n; i++) {
        x[i] += alpha * p[i];
        const ri = (r[i] -= alpha * q[i]);
        rNorm2 += ri * ri;
      }
      if (rNorm2 <= stop2) {
        it++;
        break;
      }
      pre.apply(r, z);
      for (let i = 0; i < n; i++) rzNew += r[i] * z[i];
    } else {
      for (let i = 0; i < n; i++) {
        x[i] += alpha * p[i];
        const ri = (r[i] -= alpha * q[i]);
        rNorm2 += ri * ri;
        const zi = (z[i] = diag ? ri / diag[i] : ri);
        rzNew += ri * zi;
      }
    }
    const beta = rzNew / rz;
    rz = rzNew;
    for (let i = 0; i < n; i++) p[i] = z[i] + beta * p[i];
    it++;
  }
  const rel = Math.sqrt(rNorm2 / bNorm2);
  return { iterations: it, relativeResidual: rel, converged: rel <= tol };
}
