import type { Random } from '../../../geometry/Random.ts';

/** Options of `prepare` / `prepareCloud`. */
export interface PrepareOptions {
  /**
   * When given, each FPS starts at a random point (training augmentation); default: the
   * lexicographically smallest point (deterministic, independent of the input order).
   */
  rng?: Random;
}
