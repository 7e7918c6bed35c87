/**
 * Farthest-point sampling (greedy k-center; Gonzalez 1985), as PCNN uses to choose the points
 * of each coarser level (docs/design.md §4) and PointNet++ for its centroids.
 *
 * Starting from `startIndex`, repeatedly pick the point whose distance to the already chosen
 * set is largest. O(N·k) time with one running min-distance array, O(N) memory. Deterministic:
 * ties (equal squared distances, computed in double as dx·dx + dy·dy + dz·dz) go to the smaller
 * index, and a chosen point is never chosen again, so with duplicate points the result is
 * still k distinct indices.
 *
 * @param positions xyz per point (length 3·N), any units.
 * @param k number of points to choose, integer in [0, N].
 * @param startIndex first chosen point, integer in [0, N); default 0.
 * @returns the chosen indices in the order chosen (length k).
 */
export function farthestPointSampling(positions: ArrayLike<number>, k: number, startIndex = 0): Uint32Array {
  const n = Math.floor(positions.length / 3);
  if (!Number.isInteger(k) || k < 0 || k > n) throw new RangeError(`farthestPointSampling: k must be an integer in [0, ${n}], got ${k}`);
  const out = new Uint32Array(k);
  if (k === 0) return out;
  if (!Number.isInteger(startIndex) || startIndex < 0 || startIndex >= n) {
    throw new RangeError(`farthestPointSampling: startIndex must be an integer in [0, ${n}), got ${startIndex}`);
  }
  const p = new Float64Array(3 * n);
  for (let i = 0; i < 3 * n; i++) p[i] = positions[i];
  // Squared distance to the chosen set; −1 marks chosen points so they lose every comparison.
  const minD = new Float64Array(n).fill(Infinity);
  let last = startIndex;
  out[0] = last;
  minD[last] = -1;
  for (let s = 1; s < k; s++) {
    const lx = p[3 * last],
      ly = p[3 * last + 1],
      lz = p[3 * last + 2];
    let best = -1,
      bestD = -Infinity;
    for (let i = 0; i < n; i++) {
      let d = minD[i];
      if (d < 0) continue;
      const dx = p[3 * i] - lx,
        dy = p[3 * i + 1] - ly,
        dz = p[3 * i + 2] - lz;
      const d2 = dx * dx + dy * dy + dz * dz;
      if (d2 < d) minD[i] = d = d2;
      if (d > bestD) {
        bestD = d;
        best = i;
      }
    }
    last = best;
    out[s] = last;
    minD[last] = -1;
  }
  return out;
}
