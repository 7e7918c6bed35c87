import type { Random } from '../geometry/Random.ts';

/**
 * How a cloud of any size is fed to a model: in passes of P = `subsetSize(config, N, maxSubsets)`
 * points — for a density model (its levels follow the input size, so one pass may take every
 * point up to N_max = `maxPoints`; docs/design.md §10) its validated pass size `passPoints`, grown
 * with N so that the subsets still use every point; otherwise `inputPoints`, the one size a
 * fixed-level model was trained with.
 *
 * - N ≤ P: one subset, the whole cloud (the PCNN model accepts any count ≥ 16: its levels take
 *   min(level size, N) points). Fewer points than the model was trained with give a coarser,
 *   less certain surface; callers warn below half the smallest trained size.
 * - N > P: k = min(maxSubsets, ⌈N / P⌉) subsets of exactly P points each, drawn from one seeded
 *   random permutation of the cloud: subset j holds permutation entries j·P … j·P + P − 1
 *   (mod N). The subsets are therefore disjoint while k·P ≤ N, every point is used once
 *   k·P ≥ N, and only the last subset wraps around to reuse points. The occupancy
 *   probabilities of the k subsets are averaged (`averageOccupancy`): each subset is a
 *   plausible input of the density the model was trained on, and averaging reduces the
 *   variance that the choice of points causes. Cost grows linearly with k, hence the cap
 *   (default 4). Density models above N_max do not come here: they use spatial tiles that keep
 *   every point (tiles.ts, cloudOccupancy.ts).
 *
 * All subsets keep the frame of the whole cloud (normalise first, then subsample).
 */
export interface InputSubsets {
  /** Each subset as xyz per point (length 3·size). */
  subsets: Float32Array[];
  /** Distinct points of the cloud used by at least one subset. */
  usedPoints: number;
}

/**
 * Choose the input subsets of a cloud (policy above).
 *
 * @param positions xyz per point, length 3·N, N ≥ 1 (already normalised).
 * @param inputPoints points per subset (`subsetSize` for the model and the cloud), ≥ 1.
 * @param maxSubsets cap on the number of subsets, ≥ 1 (default 4).
 * @param rng seeded generator; consumed only when N > inputPoints.
 */
export function chooseInputSubsets(positions: Float32Array, inputPoints: number, maxSubsets: number, rng: Random): InputSubsets {
  const n = positions.length / 3;
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`chooseInputSubsets: need xyz triples of ≥ 1 point, got length ${positions.length}`);
  if (!Number.isInteger(inputPoints) || inputPoints < 1)
    throw new RangeError(`chooseInputSubsets: inputPoints must be an integer ≥ 1, got ${inputPoints}`);
  if (!Number.isInteger(maxSubsets) || maxSubsets < 1)
    throw new RangeError(`chooseInputSubsets: maxSubsets must be an integer ≥ 1, got ${maxSubsets}`);
  if (n <= inputPoints) return { subsets: [positions], usedPoints: n };
  const k = Math.min(maxSubsets, Math.ceil(n / inputPoints));
  const need = Math.min(n, k * inputPoints);
  // Only the first `need` entries of a permutation are ever read.
  const perm = rng.choose(n, need);
  const subsets: Float32Array[] = [];
  for (let j = 0; j < k; j++) {
    const s = new Float32Array(3 * inputPoints);
    for (let i = 0; i < inputPoints; i++) {
      const p = perm[(j * inputPoints + i) % need];
      s[3 * i] = positions[3 * p];
      s[3 * i + 1] = positions[3 * p + 1];
      s[3 * i + 2] = positions[3 * p + 2];
    }
    subsets.push(s);
  }
  return { subsets, usedPoints: need };
}

/** What the input policy reads of a model config (PcnnOccConfig has all three; ONet's and
 *  stand-ins' have `inputPoints` only). */
export interface InputPolicyConfig {
  /** The (smallest) input size the model was trained with. */
  readonly inputPoints: number;
  /** Density-scaled levels: one pass takes up to `maxPoints` points; `passPoints` (default
   *  `maxPoints`) is the pass size chosen on validation (see `subsetSize`). */
  readonly density?: { readonly maxPoints: number; readonly passPoints?: number } | null;
  /** [min, max] input sizes the model was trained on (absent: [inputPoints, inputPoints]). */
  readonly trainPoints?: readonly [number, number] | null;
  /** Test-time rotations used when the caller gives none (absent: 1; see `testRotationsOf`). */
  readonly testRotations?: number | null;
}

/** Most points one pass of the model takes: `density.maxPoints`, else `inputPoints` (the
 *  largest `subsetSize`; what a spatial tile may hold). */
export function pointsPerPass(config: InputPolicyConfig): number {
  return config.density ? config.density.maxPoints : config.inputPoints;
}

/**
 * Points per subset for a cloud of n points. A fixed-level model: its `inputPoints`. A density
 * model with pass size P = `passPoints` (default `maxPoints`): P when n ≤ P (the whole cloud in
 * one pass), else clamp(⌈n / maxSubsets⌉, P, maxPoints) — subsets of P while maxSubsets of
 * them cover the cloud, larger ones (up to what one pass takes) so that every point is still
 * used, and subsets of `maxPoints` beyond maxSubsets·maxPoints points.
 * @param n points in the cloud, ≥ 1. @param maxSubsets the cap on the subsets, ≥ 1.
 */
export function subsetSize(config: InputPolicyConfig, n: number, maxSubsets: number): number {
  if (!config.density) return config.inputPoints;
  const { maxPoints } = config.density;
  const pass = config.density.passPoints ?? maxPoints;
  if (n <= pass) return pass;
  return Math.min(maxPoints, Math.max(pass, Math.ceil(n / maxSubsets)));
}

/**
 * Test-time rotations K a model is read with when the caller does not say (`reconstruct
 * --rotations`): its config's `testRotations`, else 1. Only a model trained in random poses
 * should set it above 1 (each extra pose is a view it has learned; docs/design.md §11.8).
 */
export function testRotationsOf(config: InputPolicyConfig): number {
  return config.testRotations ?? 1;
}

/** The range of input sizes the model was trained on. */
export function trainedRange(config: InputPolicyConfig): readonly [number, number] {
  return config.trainPoints ?? [config.inputPoints, config.inputPoints];
}

/** That range for messages: "300", or "300–3000". */
export function trainedRangeText(config: InputPolicyConfig): string {
  const [lo, hi] = trainedRange(config);
  return lo === hi ? String(lo) : `${lo}–${hi}`;
}
