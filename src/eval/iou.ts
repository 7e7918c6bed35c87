/**
 * Volumetric intersection over union from occupancies at the same points (ONet's
 * `compute_iou`): |A ∩ B| / |A ∪ B| counted over the points. When both sets are empty the
 * shapes agree and the IoU is 1 (ONet would divide 0 by 0; a ground truth is never empty in
 * practice, so this case only keeps the function total).
 *
 * @param a occupancy of the first shape, 0/1 per point.
 * @param b occupancy of the second shape at the same points (same length).
 * @returns IoU in [0, 1].
 */
export function iou(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) throw new RangeError(`iou: ${a.length} and ${b.length} occupancies`);
  let inter = 0,
    union = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] !== 0,
      y = b[i] !== 0;
    if (x && y) inter++;
    if (x || y) union++;
  }
  return union === 0 ? 1 : inter / union;
}
