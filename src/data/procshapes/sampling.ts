/**
 * Small helpers for drawing shape parameters from a `Random` stream.
 */
import type { Random } from '../../geometry/Random.ts';

/** Uniform value in [lo, hi). */
export function U(r: Random, lo: number, hi: number): number {
  return r.uniform(lo, hi);
}

/** Uniform integer in [lo, hi] (both inclusive). */
export function I(r: Random, lo: number, hi: number): number {
  return lo + r.int(hi - lo + 1);
}

/** True with probability p. */
export function chance(r: Random, p: number): boolean {
  return r.next() < p;
}

/** One element of a non-empty list, uniformly. */
export function pick<T>(r: Random, items: readonly T[]): T {
  return items[r.int(items.length)];
}
