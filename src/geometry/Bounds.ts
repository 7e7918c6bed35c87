/**
 * Axis-aligned bounding boxes of points: the one place they are computed (the normalisation,
 * the k-d tree, the PCNN grids and Morton order, the renderer and `info` call it). Boxes of
 * triangles (BVH nodes, self-intersection candidates) are a different concept and live with
 * their structures; the training augmentation (data/drawTrainingItem.ts) bounds its rotated
 * points in float64 inside the rotation loop, before they are rounded to float32, and keeps
 * that fused loop so training items stay bit for bit what they were.
 */

/** An axis-aligned box, in the units of the points it was taken from. */
export interface Bounds {
  min: [number, number, number];
  max: [number, number, number];
}

/**
 * Writes the bounding box of points `first` … `end − 1` of an xyz array (3 numbers per point) to
 * `out[o]` … `out[o + 5]` as x0, y0, z0, x1, y1, z1. Exact (only comparisons). An empty range
 * writes +∞ for the minima and −∞ for the maxima. A NaN coordinate never becomes a bound (every
 * comparison with NaN is false): callers that must refuse NaN test for it themselves.
 * One flat loop with scalar locals, because grids and trees call it on every build (a k-d tree
 * on every node).
 */
export function boundsInto(xyz: ArrayLike<number>, first: number, end: number, out: { [i: number]: number }, o = 0): void {
  let x0 = Infinity,
    y0 = Infinity,
    z0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity,
    z1 = -Infinity;
  for (let i = 3 * first, e = 3 * end; i < e; i += 3) {
    const x = xyz[i],
      y = xyz[i + 1],
      z = xyz[i + 2];
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
    if (z < z0) z0 = z;
    if (z > z1) z1 = z;
  }
  out[o] = x0;
  out[o + 1] = y0;
  out[o + 2] = z0;
  out[o + 3] = x1;
  out[o + 4] = y1;
  out[o + 5] = z1;
}

/**
 * The bounding box of the first `n` points of an xyz array (default: all of them). Empty: min
 * +∞ and max −∞ on every axis (see {@link boundsInto} for NaN).
 */
export function pointBounds(xyz: ArrayLike<number>, n = Math.floor(xyz.length / 3)): Bounds {
  const b = [0, 0, 0, 0, 0, 0];
  boundsInto(xyz, 0, n, b);
  return { min: [b[0], b[1], b[2]], max: [b[3], b[4], b[5]] };
}

/** The box's longest side (−∞ for an empty box). */
export function longestSide(b: Bounds): number {
  return Math.max(b.max[0] - b.min[0], b.max[1] - b.min[1], b.max[2] - b.min[2]);
}

/** Smallest box holding both boxes (to frame several renders identically). */
export function unionBounds(a: Bounds, b: Bounds): Bounds {
  return {
    min: [Math.min(a.min[0], b.min[0]), Math.min(a.min[1], b.min[1]), Math.min(a.min[2], b.min[2])],
    max: [Math.max(a.max[0], b.max[0]), Math.max(a.max[1], b.max[1]), Math.max(a.max[2], b.max[2])],
  };
}
