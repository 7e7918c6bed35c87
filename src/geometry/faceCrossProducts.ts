/**
 * Per face t of a triangle mesh with vertices a, b, c (in the face's order): the cross product
 * (b − a) × (c − a), in float64 from the stored coordinates. Its direction is the face normal
 * by the right-hand rule over the vertex order (outward on an outward-oriented mesh), its length
 * twice the face's area (mesh units²). The one place the meshes' face normals and areas start
 * from: sampling, vertex normals, mesh checks, simplification and boundary up-sampling read it,
 * so they agree to the last bit on which faces have zero area.
 *
 * @param positions xyz per vertex. @param faces three vertex indices per face (in range).
 * @returns 3 numbers per face.
 */
export function faceCrossProducts(positions: ArrayLike<number>, faces: ArrayLike<number>): Float64Array {
  const p = positions,
    f = faces;
  const nf = Math.floor(f.length / 3);
  const out = new Float64Array(3 * nf);
  for (let t = 0; t < nf; t++) {
    const a = 3 * f[3 * t],
      b = 3 * f[3 * t + 1],
      c = 3 * f[3 * t + 2];
    const ux = p[b] - p[a],
      uy = p[b + 1] - p[a + 1],
      uz = p[b + 2] - p[a + 2];
    const vx = p[c] - p[a],
      vy = p[c + 1] - p[a + 1],
      vz = p[c + 2] - p[a + 2];
    out[3 * t] = uy * vz - uz * vy;
    out[3 * t + 1] = uz * vx - ux * vz;
    out[3 * t + 2] = ux * vy - uy * vx;
  }
  return out;
}
