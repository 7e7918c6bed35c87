/**
 * Collects triangles into a growing `Uint32Array`, fan-triangulating polygons
 * (v0 v1 v2 v3 … → (v0 v1 v2), (v0 v2 v3), …), which keeps the polygon's winding.
 * Used by every mesh reader so that polygon handling is the same in all formats.
 */
export class TriangleBuilder {
  private data: Uint32Array;
  private n = 0;

  /** @param expectedTriangles initial capacity in triangles (grows by doubling when exceeded). */
  constructor(expectedTriangles = 1024) {
    this.data = new Uint32Array(Math.max(3, 3 * Math.min(expectedTriangles, 1 << 26)));
  }

  /** Number of triangles so far. */
  get count(): number {
    return this.n / 3;
  }

  /** Adds one triangle (vertex indices, already validated by the caller). */
  add(a: number, b: number, c: number): void {
    if (this.n + 3 > this.data.length) this.grow(this.n + 3);
    const d = this.data;
    d[this.n] = a;
    d[this.n + 1] = b;
    d[this.n + 2] = c;
    this.n += 3;
  }

  /** Adds a polygon of `k >= 3` vertices, `idx[0..k)`, as k − 2 fan triangles. */
  addPolygon(idx: ArrayLike<number>, k: number): void {
    if (this.n + 3 * (k - 2) > this.data.length) this.grow(this.n + 3 * (k - 2));
    const d = this.data;
    const a = idx[0];
    for (let j = 1; j + 1 < k; j++) {
      d[this.n++] = a;
      d[this.n++] = idx[j];
      d[this.n++] = idx[j + 1];
    }
  }

  /** The triangles, 3 indices each, trimmed to size. */
  finish(): Uint32Array {
    return this.n === this.data.length ? this.data : this.data.slice(0, this.n);
  }

  private grow(need: number): void {
    let cap = this.data.length * 2;
    while (cap < need) cap *= 2;
    const d = new Uint32Array(cap);
    d.set(this.data.subarray(0, this.n));
    this.data = d;
  }
}
