/**
 * Choosing a coarser PCNN level: farthest-point sampling (src/geometry) picks k of the fine
 * points, and every fine point is assigned to its nearest chosen point (the max-pool segments).
 */
import { farthestPointSampling } from '../../geometry/farthestPointSampling.ts';
import { assignNearest } from '../ops/maxPool.ts';

export interface CoarseLevel {
  /** Indices of the chosen fine points, in FPS order (length k). */
  indices: Uint32Array;
  /** Their positions, xyz per point (3·k). */
  points: Float32Array;
  /** For every fine point, the index (0..k-1) of its nearest coarse point. */
  segment: Int32Array;
}

/**
 * @param fine xyz of the fine points. @param k coarse size, integer in [1, N].
 * @param startIndex first FPS point (default 0; pass a random index for augmentation).
 */
export function coarsen(fine: ArrayLike<number>, k: number, startIndex = 0): CoarseLevel {
  const indices = farthestPointSampling(fine, k, startIndex);
  const points = new Float32Array(3 * k);
  for (let s = 0; s < k; s++) for (let a = 0; a < 3; a++) points[3 * s + a] = fine[3 * indices[s] + a];
  return { indices, points, segment: assignNearest(fine, points) };
}
