import { KdTree } from '../../geometry/KdTree.ts';
import type { Mesh } from '../../geometry/Mesh.ts';

/**
 * Removes the faces whose centroid lies farther than `maxDistance` from every sample (parts of
 * an implicit surface that no data supports, e.g. the "bubbles" Poisson closes over large gaps),
 * and the vertices no remaining face uses. The result is usually no longer watertight.
 *
 * @param mesh the mesh (not modified).
 * @param samples xyz per sample (length 3·S, S ≥ 1), mesh units.
 * @param maxDistance distance threshold, mesh units, ≥ 0.
 * @param tree a k-d tree over `samples`, to reuse one already built.
 * @returns a new mesh.
 */
export function trimFarFaces(mesh: Mesh, samples: Float32Array, maxDistance: number, tree?: KdTree): Mesh {
  if (!(maxDistance >= 0)) throw new RangeError(`trimFarFaces: maxDistance must be ≥ 0, got ${maxDistance}`);
  const kd = tree ?? new KdTree(samples);
  const p = mesh.positions,
    f = mesh.faces;
  const nf = f.length / 3;
  const centroids = new Float32Array(3 * nf);
  for (let t = 0; t < nf; t++) {
    for (let a = 0; a < 3; a++) centroids[3 * t + a] = (p[3 * f[3 * t] + a] + p[3 * f[3 * t + 1] + a] + p[3 * f[3 * t + 2] + a]) / 3;
  }
  const { dist2 } = kd.nearestAll(centroids);
  const max2 = maxDistance * maxDistance;
  const remap = new Int32Array(p.length / 3).fill(-1);
  const keptFaces: number[] = [];
  let nv = 0;
  for (let t = 0; t < nf; t++) {
    if (dist2[t] > max2) continue;
    for (let c = 0; c < 3; c++) {
      const v = f[3 * t + c];
      if (remap[v] < 0) remap[v] = nv++;
      keptFaces.push(remap[v]);
    }
  }
  const positions = new Float32Array(3 * nv);
  for (let v = 0; v < remap.length; v++) {
    const r = remap[v];
    if (r >= 0) positions.set(p.subarray(3 * v, 3 * v + 3), 3 * r);
  }
  return { positions, faces: Uint32Array.from(keptFaces) };
}
