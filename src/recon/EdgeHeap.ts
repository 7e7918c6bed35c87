/** Min-heap of candidate edge collapses (of `simplifyMesh`, simplify.ts) on parallel typed arrays. */
export class EdgeHeap {
  private cost: Float64Array;
  private data: Int32Array; // u, v, stamp u, stamp v per entry
  private order: Int32Array; // heap of entry slots
  private free: Int32Array; // recycled slots
  private nFree = 0;
  private nSlots = 0;
  size = 0;
  popU = -1;
  popV = -1;
  popSu = -1;
  popSv = -1;

  constructor(capacity: number) {
    this.cost = new Float64Array(capacity);
    this.data = new Int32Array(4 * capacity);
    this.order = new Int32Array(capacity);
    this.free = new Int32Array(capacity);
  }

  private grow(): void {
    const cap = this.cost.length * 2;
    const c = new Float64Array(cap);
    c.set(this.cost);
    this.cost = c;
    const d = new Int32Array(4 * cap);
    d.set(this.data);
    this.data = d;
    const o = new Int32Array(cap);
    o.set(this.order);
    this.order = o;
    const f = new Int32Array(cap);
    f.set(this.free);
    this.free = f;
  }

  push(cost: number, u: number, v: number, su: number, sv: number): void {
    let s: number;
    if (this.nFree > 0) s = this.free[--this.nFree];
    else {
      if (this.nSlots === this.cost.length) this.grow();
      s = this.nSlots++;
    }
    this.cost[s] = cost;
    this.data[4 * s] = u;
    this.data[4 * s + 1] = v;
    this.data[4 * s + 2] = su;
    this.data[4 * s + 3] = sv;
    const { order } = this;
    const costs = this.cost;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (costs[order[p]] <= cost) break;
      order[i] = order[p];
      i = p;
    }
    order[i] = s;
  }

  /** Removes the cheapest entry; its fields go to popU/popV/popSu/popSv; returns its cost. */
  pop(): number {
    const { order } = this;
    const costs = this.cost;
    const s = order[0];
    const res = costs[s];
    this.popU = this.data[4 * s];
    this.popV = this.data[4 * s + 1];
    this.popSu = this.data[4 * s + 2];
    this.popSv = this.data[4 * s + 3];
    this.free[this.nFree++] = s;
    const last = order[--this.size];
    const lc = costs[last];
    let i = 0;
    const n = this.size;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && costs[order[c + 1]] < costs[order[c]]) c++;
      if (costs[order[c]] >= lc) break;
      order[i] = order[c];
      i = c;
    }
    if (n > 0) order[i] = last;
    return res;
  }
}
