/** Axis-aligned bounding box in model units. */
export interface Bounds {
  min: [number, number, number];
  max: [number, number, number];
}

/** Bounding box of an xyz array (length 3·n). Empty input gives the unit cube at the origin. */
export function boundsOf(xyz: Float32Array | Float64Array): Bounds {
  const n = xyz.length / 3;
  if (n === 0) return { min: [-0.5, -0.5, -0.5], max: [0.5, 0.5, 0.5] };
  const min: [number, number, number] = [Infinity, Infinity, Infinity];
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 3; k++) {
      const v = xyz[3 * i + k];
      if (v < min[k]) min[k] = v;
      if (v > max[k]) max[k] = v;
    }
  }
  return { min, max };
}

/** Smallest box holding both boxes (to frame several renders identically). */
export function unionBounds(a: Bounds, b: Bounds): Bounds {
  return {
    min: [Math.min(a.min[0], b.min[0]), Math.min(a.min[1], b.min[1]), Math.min(a.min[2], b.min[2])],
    max: [Math.max(a.max[0], b.max[0]), Math.max(a.max[1], b.max[1]), Math.max(a.max[2], b.max[2])],
  };
}
