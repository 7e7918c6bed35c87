/**
 * An unordered point set on flat typed arrays.
 *
 * - `positions`: xyz per point, length 3·N.
 * - `normals` (optional): unit normals, length 3·N. pointocc never needs them as input
 *   (its inputs are unoriented); they are kept when a file has them, and produced by sampling.
 * - `colors` (optional): RGB 0–255, length 3·N.
 */
export interface PointCloud {
  positions: Float32Array;
  normals?: Float32Array;
  colors?: Uint8Array;
}
