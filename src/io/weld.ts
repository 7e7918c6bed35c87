/**
 * Welding of a triangle soup (STL stores each triangle's three corners separately): vertices with
 * bit-identical float32 positions become one vertex, so the mesh is indexed and its topology
 * (edges shared by two faces, watertightness) can be checked. Only exact matches are merged; no
 * tolerance, which could collapse genuinely distinct vertices of fine meshes.
 */
export interface Welded {
  /** Unique positions, xyz each, in order of first appearance. */
  positions: Float32Array;
  /** For each input corner, the index of its unique vertex. */
  indices: Uint32Array;
}

/**
 * @param soup xyz per corner, length 3·n.
 * @returns the unique positions and the corner → vertex map. −0 and +0 are treated as equal.
 */
export function weldPositions(soup: Float32Array): Welded {
  const n = soup.length / 3;
  // Bit patterns of the coordinates, with −0 folded into +0 so they hash and compare equal.
  const bits = new Uint32Array(soup.length);
  const f = new Float32Array(bits.buffer);
  for (let i = 0; i < soup.length; i++) f[i] = soup[i] === 0 ? 0 : soup[i];

  // Open-addressing hash table of unique-vertex ids, at most half full.
  let cap = 16;
  while (cap < 2 * n) cap *= 2;
  const mask = cap - 1;
  const table = new Int32Array(cap).fill(-1);
  const uniqueOf = new Uint32Array(n); // unique id → first corner holding it
  const indices = new Uint32Array(n);
  let unique = 0;
  for (let i = 0; i < n; i++) {
    const x = bits[3 * i],
      y = bits[3 * i + 1],
      z = bits[3 * i + 2];
    let h = Math.imul(x, 0x9e3779b1) ^ Math.imul(y, 0x85ebca77) ^ Math.imul(z, 0xc2b2ae3d);
    h = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const u = table[h];
      if (u < 0) {
        table[h] = unique;
        uniqueOf[unique] = i;
        indices[i] = unique++;
        break;
      }
      const c = uniqueOf[u];
      if (bits[3 * c] === x && bits[3 * c + 1] === y && bits[3 * c + 2] === z) {
        indices[i] = u;
        break;
      }
      h = (h + 1) & mask;
    }
  }
  const positions = new Float32Array(3 * unique);
  for (let u = 0; u < unique; u++) {
    const c = uniqueOf[u];
    positions[3 * u] = f[3 * c];
    positions[3 * u + 1] = f[3 * c + 1];
    positions[3 * u + 2] = f[3 * c + 2];
  }
  return { positions, indices };
}
