import type { Mesh } from './Mesh.ts';
import type { Random } from './Random.ts';
import { faceCrossProducts } from './faceCrossProducts.ts';

/** Points sampled on a mesh surface. */
export interface SurfaceSamples {
  /** xyz per sample (length 3·n), mesh units. */
  positions: Float32Array;
  /** Unit face normal of the sampled face, xyz per sample; points to the side from which the
   *  face's vertices run counter-clockwise (outward for an oriented mesh). */
  normals: Float32Array;
  /** Index of the face each sample lies on (length n). */
  faceIndex: Uint32Array;
}

/**
 * Area-weighted uniform sampling of a triangle mesh (as Open3D's `sample_points_uniformly`,
 * ONet's `trimesh.sample.sample_surface`): a face is chosen with probability area / total area
 * by binary search in the cumulative areas, and a point uniform in it by the square-root
 * barycentric map p = (1 − √u)·a + √u(1 − v)·b + √u·v·c with u, v ~ U[0, 1).
 * Faces of zero area are never chosen.
 *
 * @param mesh triangle mesh with at least one face of positive area.
 * @param n number of samples, integer ≥ 0.
 * @param rng seedable generator; draws 3 doubles per sample, in sample order.
 * @throws RangeError when n is not a non-negative integer, a face index is out of range, or the
 *   total area is 0 / not finite.
 */
export function sampleSurface(mesh: Mesh, n: number, rng: Random): SurfaceSamples {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`sampleSurface: n must be a non-negative integer, got ${n}`);
  const p = mesh.positions;
  const f = mesh.faces;
  const nf = Math.floor(f.length / 3);
  // Cumulative areas, doubled (the factor ½ cancels in the probabilities).
  const nv = Math.floor(p.length / 3);
  for (let i = 0; i < 3 * nf; i++) {
    if (f[i] >= nv) throw new RangeError(`sampleSurface: face ${Math.floor(i / 3)} uses vertex ${f[i]}, but there are ${nv} vertices`);
  }
  const cum = new Float64Array(nf);
  const cross = faceCrossProducts(p, f);
  let total = 0;
  for (let t = 0; t < nf; t++) {
    const nx = cross[3 * t],
      ny = cross[3 * t + 1],
      nz = cross[3 * t + 2];
    total += Math.sqrt(nx * nx + ny * ny + nz * nz);
    cum[t] = total;
  }
  if (!(total > 0) || !Number.isFinite(total)) {
    throw new RangeError(`sampleSurface: the mesh has no area to sample (total area ${total / 2}, ${nf} faces)`);
  }
  const positions = new Float32Array(3 * n);
  const normals = new Float32Array(3 * n);
  const faceIndex = new Uint32Array(n);
  for (let s = 0; s < n; s++) {
    // First face with cum > r. A zero-area face has cum equal to its predecessor's, so any r
    // below it is claimed by an earlier face first, and r < total is always claimed by some face.
    const r = rng.next() * total;
    let lo = 0,
      hi = nf - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    const t = lo;
    faceIndex[s] = t;
    const a = 3 * f[3 * t],
      b = 3 * f[3 * t + 1],
      c = 3 * f[3 * t + 2];
    const su = Math.sqrt(rng.next());
    const v = rng.next();
    const wa = 1 - su,
      wb = su * (1 - v),
      wc = su * v;
    positions[3 * s] = wa * p[a] + wb * p[b] + wc * p[c];
    positions[3 * s + 1] = wa * p[a + 1] + wb * p[b + 1] + wc * p[c + 1];
    positions[3 * s + 2] = wa * p[a + 2] + wb * p[b + 2] + wc * p[c + 2];
    const nx = cross[3 * t],
      ny = cross[3 * t + 1],
      nz = cross[3 * t + 2];
    const inv = 1 / Math.sqrt(nx * nx + ny * ny + nz * nz);
    normals[3 * s] = nx * inv;
    normals[3 * s + 1] = ny * inv;
    normals[3 * s + 2] = nz * inv;
  }
  return { positions, normals, faceIndex };
}
