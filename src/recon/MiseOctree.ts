// The MISE voxel hierarchy (mise.ts): which voxels straddle the threshold, which grid points to
// evaluate next, and the trilinear fill of the rest. Synchronous typed-array bookkeeping, one
// byte of state per voxel of each non-final level and per final grid point.

const LEAF = 1,
  SPLIT = 2,
  POS = 4,
  NEG = 8,
  QUEUED = 16;
/** Grid point states; KNOWN = 1 so the array doubles as the `evaluated` output. */
const UNKNOWN = 0,
  KNOWN = 1,
  PENDING = 2;

/** The MISE voxel hierarchy and the final grid it fills (synchronous, typed-array bookkeeping). */
export class MiseOctree {
  readonly R: number;
  /** Final grid points per axis, n = R + 1, and per z-layer, nn = n². */
  private readonly n: number;
  private readonly nn: number;
  readonly values: Float32Array;
  /** Per grid point: UNKNOWN, KNOWN or PENDING. */
  readonly state: Uint8Array;
  /** Voxel flags per non-final level l (r0·2^l voxels per axis). */
  private readonly levels: Uint8Array[] = [];
  /** Whether any voxel has had values on both sides of the threshold (a surface was found). */
  straddled = false;
  private pending = new Int32Array(1024);
  private nPending = 0;
  /** Voxels to split, as (level, index) pairs, in [head, tail). */
  private splitQ = new Int32Array(256);
  private head = 0;
  private tail = 0;

  constructor(
    private readonly r0: number,
    private readonly steps: number,
    private readonly thr: number,
  ) {
    const R = (this.R = r0 << steps);
    const n = (this.n = R + 1);
    this.nn = n * n;
    this.values = new Float32Array(n * n * n);
    this.state = new Uint8Array(n * n * n);
    for (let l = 0; l < steps; l++) this.levels.push(new Uint8Array((r0 << l) ** 3));
    if (steps > 0) this.levels[0].fill(LEAF);
    const s0 = 1 << steps;
    for (let z = 0; z <= r0; z++)
      for (let y = 0; y <= r0; y++)
        for (let x = 0; x <= r0; x++) {
          this.push(s0 * (x + n * (y + n * z)));
        }
  }

  /** The points queued for evaluation (grid indices), emptying the queue. */
  takePending(): Int32Array {
    const batch = this.pending.slice(0, this.nPending);
    this.nPending = 0;
    return batch;
  }

  /** xyz (float32) of grid points, from per-axis coordinates. */
  coordinates(idx: Int32Array, coordOf: Float64Array): Float32Array {
    const n = this.n,
      nn = this.nn;
    const pts = new Float32Array(3 * idx.length);
    for (let j = 0; j < idx.length; j++) {
      const i = idx[j];
      const x = i % n,
        y = ((i - x) / n) % n,
        z = (i - x - n * y) / nn;
      pts[3 * j] = coordOf[x];
      pts[3 * j + 1] = coordOf[y];
      pts[3 * j + 2] = coordOf[z];
    }
    return pts;
  }

  setValues(idx: Int32Array, v: ArrayLike<number>): void {
    const values = this.values,
      state = this.state;
    for (let j = 0; j < idx.length; j++) {
      values[idx[j]] = v[j];
      state[idx[j]] = KNOWN;
    }
  }

  /** After a batch was evaluated: mark the voxels its points touch, split those that straddle. */
  refine(batch: Int32Array): void {
    if (this.steps === 0) return;
    this.markPoints(batch);
    this.processSplits();
  }

  private push(idx: number): void {
    if (this.state[idx] !== UNKNOWN) return;
    this.state[idx] = PENDING;
    if (this.nPending === this.pending.length) {
      const grown = new Int32Array(this.pending.length * 2);
      grown.set(this.pending);
      this.pending = grown;
    }
    this.pending[this.nPending++] = idx;
  }

  /** Append voxel v of level l to the split queue (growing it, compacted, when full). */
  private enqueue(l: number, v: number): void {
    if (this.tail + 2 > this.splitQ.length) {
      const live = this.splitQ.subarray(this.head, this.tail);
      const grown = new Int32Array(Math.max(256, 2 * live.length + 2));
      grown.set(live);
      this.tail -= this.head;
      this.head = 0;
      this.splitQ = grown;
    }
    this.splitQ[this.tail++] = l;
    this.splitQ[this.tail++] = v;
  }

  /** Record an evaluated value on leaf voxel v of level l; queue the voxel when it straddles. */
  private mark(l: number, v: number, val: number): void {
    const st = this.levels[l];
    let s = st[v];
    if (val >= this.thr) s |= POS;
    if (val <= this.thr) s |= NEG;
    if ((s & (POS | NEG)) === (POS | NEG) && !(s & QUEUED)) {
      s |= QUEUED;
      this.straddled = true;
      this.enqueue(l, v);
    }
    st[v] = s;
  }

  /**
   * Each new value marks the leaf voxels whose closed cube contains its point: per level, the
   * voxels holding one of the up to 8 finest cells around the point (one voxel unless the point
   * lies on that level's voxel faces), if they are leaves.
   */
  private markPoints(batch: Int32Array): void {
    const { n, nn, R, r0, steps, values, levels } = this;
    for (let j = 0; j < batch.length; j++) {
      const idx = batch[j];
      const val = values[idx];
      const px = idx % n,
        py = ((idx - px) / n) % n,
        pz = (idx - px - n * py) / nn;
      for (let l = 0; l < steps; l++) {
        const sh = steps - l,
          rl = r0 << l,
          st = levels[l];
        const x1 = Math.min(px, R - 1) >> sh,
          x0 = px > 0 ? (px - 1) >> sh : x1;
        const y1 = Math.min(py, R - 1) >> sh,
          y0 = py > 0 ? (py - 1) >> sh : y1;
        const z1 = Math.min(pz, R - 1) >> sh,
          z0 = pz > 0 ? (pz - 1) >> sh : z1;
        for (let vz = z0; vz <= z1; vz++)
          for (let vy = y0; vy <= y1; vy++)
            for (let vx = x0; vx <= x1; vx++) {
              const v = vx + rl * (vy + rl * vz);
              if (st[v] & LEAF) this.mark(l, v, val);
            }
      }
    }
  }

  /** Queue for splitting the leaf voxels of level l that hold a point of `seeds` (world xyz in
   *  `box`; points outside the box are skipped), then split them. */
  splitHolding(l: number, seeds: readonly Float32Array[], box: [number, number]): void {
    const rl = this.r0 << l,
      st = this.levels[l],
      scale = rl / (box[1] - box[0]);
    for (const pts of seeds)
      for (let j = 0; j + 2 < pts.length; j += 3) {
        const fx = (pts[j] - box[0]) * scale,
          fy = (pts[j + 1] - box[0]) * scale,
          fz = (pts[j + 2] - box[0]) * scale;
        if (!(fx >= 0 && fx <= rl && fy >= 0 && fy <= rl && fz >= 0 && fz <= rl)) continue;
        const v = Math.min(rl - 1, Math.floor(fx)) + rl * (Math.min(rl - 1, Math.floor(fy)) + rl * Math.min(rl - 1, Math.floor(fz)));
        if (!(st[v] & LEAF) || st[v] & QUEUED) continue;
        st[v] |= QUEUED;
        this.enqueue(l, v);
      }
    this.processSplits();
  }

  /**
   * Split queued voxels: queue their 27 points for evaluation; children inherit the evaluated
   * points on their closed cubes and may be split at once (the final state is the same least
   * fixed point as ONet's round-wise iteration).
   */
  private processSplits(): void {
    const { n, r0, steps, state, values, levels } = this;
    while (this.head < this.tail) {
      const l = this.splitQ[this.head++],
        v = this.splitQ[this.head++];
      const st = levels[l];
      st[v] = (st[v] & ~(LEAF | QUEUED)) | SPLIT;
      const rl = r0 << l;
      const vx = v % rl,
        vy = ((v - vx) / rl) % rl,
        vz = (v - vx - rl * vy) / (rl * rl);
      const size = 1 << (steps - l),
        half = size >> 1;
      const x0 = vx * size,
        y0 = vy * size,
        z0 = vz * size;
      for (let k = 0; k <= 2; k++)
        for (let j = 0; j <= 2; j++)
          for (let i = 0; i <= 2; i++) {
            this.push(x0 + i * half + n * (y0 + j * half + n * (z0 + k * half)));
          }
      if (l + 1 >= steps) continue;
      const child = levels[l + 1],
        rc = rl << 1;
      for (let k = 0; k < 2; k++)
        for (let j = 0; j < 2; j++)
          for (let i = 0; i < 2; i++) {
            const cv = 2 * vx + i + rc * (2 * vy + j + rc * (2 * vz + k));
            child[cv] = LEAF;
            const cx0 = x0 + i * half,
              cy0 = y0 + j * half,
              cz0 = z0 + k * half;
            for (let c = 0; c <= half; c++)
              for (let b = 0; b <= half; b++) {
                let idx = cx0 + n * (cy0 + b + n * (cz0 + c));
                for (let a = 0; a <= half; a++, idx++) if (state[idx] === KNOWN) this.mark(l + 1, cv, values[idx]);
              }
          }
    }
  }

  /**
   * Give every unevaluated point the trilinear interpolation of the corners of its leaf voxel.
   * Each grid point is visited once: a leaf owns the points of its half-open cube
   * [o, o + size)³, plus the closing faces on the upper border of the grid.
   */
  fillUnknown(): void {
    const { n, nn, r0, steps, state, values, levels } = this;
    for (let l = 0; l < steps; l++) {
      const st = levels[l],
        rl = r0 << l,
        size = 1 << (steps - l),
        inv = 1 / size;
      for (let v = 0; v < st.length; v++) {
        if (!(st[v] & LEAF)) continue;
        const vx = v % rl,
          vy = ((v - vx) / rl) % rl,
          vz = (v - vx - rl * vy) / (rl * rl);
        const base = vx * size + n * (vy * size + n * vz * size);
        const ex = vx === rl - 1 ? size : size - 1,
          ey = vy === rl - 1 ? size : size - 1,
          ez = vz === rl - 1 ? size : size - 1;
        const c000 = values[base],
          c100 = values[base + size];
        const c010 = values[base + size * n],
          c110 = values[base + size * n + size];
        const c001 = values[base + size * nn],
          c101 = values[base + size * nn + size];
        const c011 = values[base + size * (nn + n)],
          c111 = values[base + size * (nn + n) + size];
        for (let k = 0; k <= ez; k++) {
          const w = k * inv;
          // Linear in z on the four x-y corners, bilinear in y at the two row ends, then linear in x.
          const a00 = c000 + w * (c001 - c000),
            a10 = c100 + w * (c101 - c100);
          const a01 = c010 + w * (c011 - c010),
            a11 = c110 + w * (c111 - c110);
          for (let j = 0; j <= ey; j++) {
            const u = j * inv;
            const e0 = a00 + u * (a01 - a00),
              e1 = a10 + u * (a11 - a10),
              de = e1 - e0;
            let idx = base + n * (j + n * k);
            for (let i = 0; i <= ex; i++, idx++) if (state[idx] === UNKNOWN) values[idx] = e0 + i * inv * de;
          }
        }
      }
    }
  }
}
