/**
 * A regular grid of nodes over a cube [lo, hi]³ with R cells per axis: node (i, j, k) lies at
 * lo + h·(i, j, k), h = (hi − lo)/R, and has index i + n·(j + n·k), n = R + 1 (x fastest, the
 * layout `marchingCubes` reads).
 */
export interface NodeGrid {
  /** Cells per axis, ≥ 1. */
  cells: number;
  /** Nodes per axis (cells + 1). */
  n: number;
  /** Lower corner of the cube, world units. */
  lo: number;
  /** Cell size, world units. */
  h: number;
}

/**
 * @param cells cells per axis R, integer ≥ 1.
 * @param box [lo, hi] of the cube, world units, lo < hi.
 */
export function nodeGrid(cells: number, box: [number, number]): NodeGrid {
  if (!Number.isInteger(cells) || cells < 1) throw new RangeError(`nodeGrid: cells must be an integer ≥ 1, got ${cells}`);
  if (!(box[1] > box[0])) throw new RangeError(`nodeGrid: empty box [${box[0]}, ${box[1]}]`);
  return { cells, n: cells + 1, lo: box[0], h: (box[1] - box[0]) / cells };
}

/**
 * Trilinear stencil of world points in a node grid: for each point the index of the lower corner
 * node of its cell and the 8 weights of the cell's corners (corner c = dx | dy << 1 | dz << 2).
 * Points outside the cube are clamped onto it.
 */
export interface TrilinearStencil {
  /** Lower-corner node index per point (length P). */
  base: Uint32Array;
  /** 8 weights per point, summing to 1 (length 8·P). */
  weights: Float64Array;
  /** Offsets of the 8 corners from the lower corner, in node indices. */
  corner: Int32Array;
}

/**
 * @param grid the node grid.
 * @param points xyz per point (length 3·P), world units.
 */
export function trilinearStencil(grid: NodeGrid, points: ArrayLike<number>): TrilinearStencil {
  const np = Math.floor(points.length / 3);
  const { n, cells, lo, h } = grid;
  const base = new Uint32Array(np);
  const weights = new Float64Array(8 * np);
  const corner = new Int32Array(8);
  for (let c = 0; c < 8; c++) corner[c] = (c & 1) + n * (((c >> 1) & 1) + n * ((c >> 2) & 1));
  for (let p = 0; p < np; p++) {
    let i0 = 0,
      j0 = 0,
      k0 = 0,
      fx = 0,
      fy = 0,
      fz = 0;
    for (let a = 0; a < 3; a++) {
      let u = (points[3 * p + a] - lo) / h;
      if (!(u > 0)) u = 0;
      if (u > cells) u = cells;
      let i = Math.floor(u);
      if (i >= cells) i = cells - 1;
      const f = u - i;
      if (a === 0) {
        i0 = i;
        fx = f;
      } else if (a === 1) {
        j0 = i;
        fy = f;
      } else {
        k0 = i;
        fz = f;
      }
    }
    base[p] = i0 + n * (j0 + n * k0);
    for (let c = 0; c < 8; c++) {
      weights[8 * p + c] = (c & 1 ? fx : 1 - fx) * (c & 2 ? fy : 1 - fy) * (c & 4 ? fz : 1 - fz);
    }
  }
  return { base, weights, corner };
}
