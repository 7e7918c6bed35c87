import { pointBounds, type Bounds } from '../geometry/Bounds.ts';

export { unionBounds, type Bounds } from '../geometry/Bounds.ts';

/** What a view frames: the points' bounding box (geometry/Bounds.ts); an empty array frames the
 *  unit cube at the origin, so a camera can always be placed. */
export function boundsOf(xyz: Float32Array | Float64Array): Bounds {
  if (xyz.length < 3) return { min: [-0.5, -0.5, -0.5], max: [0.5, 0.5, 0.5] };
  return pointBounds(xyz);
}
