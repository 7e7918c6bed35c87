/**
 * A triangle mesh on flat typed arrays.
 *
 * - `positions`: xyz per vertex, length 3·V, in the file's own units until normalised.
 * - `faces`: three vertex indices per triangle, length 3·F, counter-clockwise seen from outside
 *   when the mesh is oriented (readers keep the file's order; polygons are fan-triangulated).
 * - `normals` (optional): per-vertex unit normals, length 3·V.
 * - `colors` (optional): per-vertex RGB, 0–255, length 3·V.
 */
export interface Mesh {
  positions: Float32Array;
  faces: Uint32Array;
  normals?: Float32Array;
  colors?: Uint8Array;
}

export function createMesh(positions: ArrayLike<number>, faces: ArrayLike<number>): Mesh {
  return { positions: Float32Array.from(positions), faces: Uint32Array.from(faces) };
}
