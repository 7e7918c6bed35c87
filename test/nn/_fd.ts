// Shared helpers for the nn tests: random arrays and float64 central finite differences.
import { Random } from '../../src/geometry/Random.ts';

export function randArray(rng: Random, n: number, lo = -1, hi = 1): Float64Array {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.uniform(lo, hi);
  return a;
}

/** Round a float64 array to float32 values (so the f64 forward sees exactly the op's inputs). */
export function f32round(a: Float64Array): Float64Array {
  return Float64Array.from(Float32Array.from(a));
}

/**
 * d/dx_k of L(x) = Σ seed·f(x) by central differences in float64, for every element of inputs[which].
 * f receives the (perturbed) inputs and returns the output values.
 */
export function fdGradient(
  f: (inputs: Float64Array[]) => ArrayLike<number>,
  inputs: Float64Array[],
  which: number,
  seed: ArrayLike<number>,
): Float64Array {
  const x = inputs[which];
  const g = new Float64Array(x.length);
  const L = () => {
    const y = f(inputs);
    let s = 0;
    for (let i = 0; i < y.length; i++) s += seed[i] * y[i];
    return s;
  };
  for (let i = 0; i < x.length; i++) {
    const x0 = x[i];
    const h = 1e-6 * Math.max(1, Math.abs(x0));
    x[i] = x0 + h;
    const lp = L();
    x[i] = x0 - h;
    const lm = L();
    x[i] = x0;
    g[i] = (lp - lm) / (2 * h);
  }
  return g;
}

/** max |a − b| / max(|b|_∞, floor): a scale-aware error for gradient comparisons. */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-3): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let d = 0,
    m = floor;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    m = Math.max(m, Math.abs(b[i]));
  }
  return d / m;
}
