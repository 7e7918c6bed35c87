import { boundsInto } from '../../geometry/Bounds.ts';

/**
 * Uniform grid hash over a 3-D point set: points bucketed by cell with a counting sort, so the
 * points of one cell are `items[cellStart[c] .. cellStart[c+1])`. Used to find all points within a
 * radius of a query (restriction plans, density normalisation).
 *
 * Cells are cubes of side `cell` anchored at the points' bounding-box minimum; the grid covers the
 * bounding box only (queries outside it clamp their cell range, which is exact because no point
 * lies outside). The cell size is enlarged if the grid would have more than ~8 cells per point.
 *
 * The WASM restriction builder (assembly/_plan.ts `gridShape` / `gridFill`, used through
 * `RestrictionGrid`) replicates this grid bit for bit — that is what keeps its plans' entries in
 * the reference order — so a change here must be made there too (test/nn/restrictionPlan.test.ts
 * compares the two).
 */
export class UniformGrid {
  /** Cell side length (same units as the points). */
  readonly cell: number;
  readonly ox: number;
  readonly oy: number;
  readonly oz: number;
  readonly nx: number;
  readonly ny: number;
  readonly nz: number;
  /** Start of each cell's run in `items`; length nx·ny·nz + 1. Cell id = (ix·ny + iy)·nz + iz. */
  readonly cellStart: Int32Array;
  /** Point indices sorted by cell. */
  readonly items: Int32Array;

  /**
   * @param xyz point coordinates, 3 per point. @param n number of points.
   * @param cell desired cell side (> 0; typically the query radius).
   */
  constructor(xyz: ArrayLike<number>, n: number, cell: number) {
    const b = [0, 0, 0, 0, 0, 0];
    boundsInto(xyz, 0, n, b);
    let [x0, y0, z0, x1, y1, z1] = b;
    if (n === 0) {
      x0 = y0 = z0 = 0;
      x1 = y1 = z1 = 0;
    }
    let h = cell > 0 && Number.isFinite(cell) ? cell : Math.max(x1 - x0, y1 - y0, z1 - z0, 1e-30);
    const maxCells = 8 * n + 64;
    let nx = 0,
      ny = 0,
      nz = 0;
    for (;;) {
      nx = Math.floor((x1 - x0) / h) + 1;
      ny = Math.floor((y1 - y0) / h) + 1;
      nz = Math.floor((z1 - z0) / h) + 1;
      if (nx * ny * nz <= maxCells) break;
      h *= 1.5;
    }
    this.cell = h;
    this.ox = x0;
    this.oy = y0;
    this.oz = z0;
    this.nx = nx;
    this.ny = ny;
    this.nz = nz;
    const nc = nx * ny * nz;
    const start = new Int32Array(nc + 1);
    const cellOf = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const c = this.cellId(xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2]);
      cellOf[i] = c;
      start[c + 1]++;
    }
    for (let c = 0; c < nc; c++) start[c + 1] += start[c];
    const fill = start.slice(0, nc);
    const items = new Int32Array(n);
    for (let i = 0; i < n; i++) items[fill[cellOf[i]]++] = i;
    this.cellStart = start;
    this.items = items;
  }

  /** Integer cell coordinate along x (clamped to the grid). */
  ix(x: number): number {
    return clamp(Math.floor((x - this.ox) / this.cell), 0, this.nx - 1);
  }
  iy(y: number): number {
    return clamp(Math.floor((y - this.oy) / this.cell), 0, this.ny - 1);
  }
  iz(z: number): number {
    return clamp(Math.floor((z - this.oz) / this.cell), 0, this.nz - 1);
  }
  cellId(x: number, y: number, z: number): number {
    return (this.ix(x) * this.ny + this.iy(y)) * this.nz + this.iz(z);
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
