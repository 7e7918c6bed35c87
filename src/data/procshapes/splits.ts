/**
 * Deterministic train/val/test split of one class's shape indices (80/10/10).
 */
import { Random } from '../../geometry/Random.ts';
import { hashString } from './shapeSeed.ts';

export interface Splits {
  train: number[];
  val: number[];
  test: number[];
}

/**
 * Splits indices 0..n−1 of class `cls`: a seeded shuffle, then 10 % (rounded) to val and to test,
 * at least one each when n ≥ 3 so no list is empty; the rest to train. Each list is sorted.
 * @param n shapes in the class (≥ 0)
 * @param seed dataset seed
 */
export function splitIndices(n: number, seed: number, cls: string): Splits {
  const order = Array.from({ length: n }, (_, i) => i);
  new Random(hashString(`procshapes/splits/${seed}/${cls}`)).shuffle(order);
  let nVal = Math.round(n * 0.1),
    nTest = Math.round(n * 0.1);
  if (n >= 3) {
    nVal = Math.max(1, nVal);
    nTest = Math.max(1, nTest);
  } else {
    nVal = 0;
    nTest = 0;
  }
  const byNum = (a: number, b: number) => a - b;
  return {
    val: order.slice(0, nVal).sort(byNum),
    test: order.slice(nVal, nVal + nTest).sort(byNum),
    train: order.slice(nVal + nTest).sort(byNum),
  };
}
