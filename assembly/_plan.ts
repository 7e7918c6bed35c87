// Per-cloud sparse plans: the restriction matrix P[y, c] = exp(−|y − c|²/(4σ²)) for |y − c| < R
// (R = truncation·σ) over a level's 27·N kernel centres, its transpose, a CSR row permutation,
// and the float32 exponential they use. TS twins: restrictionCsr (src/nn/restrictionPlan.ts),
// transposeCsr (src/nn/Csr.ts), csrTransposeRef / csrPermuteRowsRef / expf32Ref
// (src/nn/referenceKernels.ts).
//
// Exactness contract (tested against the TS reference): the same entries, in the same order
// within each row, as restrictionCsr; weights to float32 rounding (measured ≤ 1 ulp; ≈ 10 % of
// them differ from Math.fround(Math.exp(…)) by one).
//  - The grid replicates UniformGrid bit for bit (same bounding box, cell R/2 grown ×1.5 while
//    there are more than 8n + 64 cells, same floor/clamp), so cells are visited in the same
//    x-major order and the centres of a cell in increasing index (stable counting sort).
//  - Distances are float64 exactly as in JS (dx = c − y on float32 centres promoted to f64,
//    d² = (dx² + dy²) + dz²), so the inclusion test d² < R² decides identically.
//  - The search box is the reference's (cells overlapping [y − R, y + R]³; 5×5×5 cells of R/2).
//    Variants measured (bench: 4096 queries on 8100 centres, interleaved) and dropped:
//    narrowing each (x, y) column to the z range that can reach the sphere (a quarter fewer
//    candidates; 1.3–2× slower, with divisions/sqrt or branch-free gap arithmetic alike); an
//    f32x4 float32 pre-filter with swizzle compaction and float64 re-check of the hits (1.0–1.3×
//    slower); f64x2 distances with pair compaction, float64 records, a single flat loop over all
//    runs of a target, a magic-number rounding in the exp (all within noise or slower). The plain
//    scalar branch-free loop below was the fastest.
//
// Point coordinates passed in are float64 xyz (3 per point); centres are float32 values promoted
// (exactly), as JS reads a Float32Array.
// Grid header (64 bytes at `hdr`): f64 ox, oy, oz, cell at 0, 8, 16, 24; i32 nx, ny, nz at
// 32, 36, 40. Centre records (16 bytes each, sorted by cell): f32 x, y, z, i32 centre index.

const H_OX = 0, H_OY = 8, H_OZ = 16, H_CELL = 24, H_NX = 32, H_NY = 36, H_NZ = 40;
const REC = 16;

/** floor(v) clamped to [0, n−1]: UniformGrid.ix for v = (x − ox)/cell (finite inputs only). */
@inline function clampCell(v: f64, n: i32): i32 {
  const f = Math.floor(v);
  return f < 0 ? 0 : f > <f64>(n - 1) ? n - 1 : <i32>f;
}

/**
 * Bounding box of n float64 points into 6 f64 at `out` (x0, y0, z0, x1, y1, z1); an empty set
 * gives ±Infinity. `out` may be any 48 bytes the caller overwrites afterwards (a header, scratch).
 */
@inline function boundingBox(n: i32, xyz: usize, out: usize): void {
  let x0 = Infinity, y0 = Infinity, z0 = Infinity, x1 = -Infinity, y1 = -Infinity, z1 = -Infinity;
  for (let i = 0; i < n; i++) {
    const p = xyz + <usize>i * 24;
    const x = load<f64>(p), y = load<f64>(p, 8), z = load<f64>(p, 16);
    if (x < x0) x0 = x; if (x > x1) x1 = x;
    if (y < y0) y0 = y; if (y > y1) y1 = y;
    if (z < z0) z0 = z; if (z > z1) z1 = z;
  }
  store<f64>(out, x0); store<f64>(out, y0, 8); store<f64>(out, z0, 16);
  store<f64>(out, x1, 24); store<f64>(out, y1, 32); store<f64>(out, z1, 40);
}

/**
 * Shape of the uniform grid over n points (UniformGrid's constructor, first half):
 * writes ox, oy, oz, cell, nx, ny, nz into `hdr` and returns the number of cells nx·ny·nz.
 * @param cell desired cell side (> 0 and finite; else the bounding box's largest side).
 */
export function gridShape(n: i32, xyz: usize, cell: f64, hdr: usize): i32 {
  boundingBox(n, xyz, hdr); // the header's first 48 bytes, rewritten below
  let x0 = load<f64>(hdr), y0 = load<f64>(hdr, 8), z0 = load<f64>(hdr, 16);
  let x1 = load<f64>(hdr, 24), y1 = load<f64>(hdr, 32), z1 = load<f64>(hdr, 40);
  if (n == 0) { x0 = 0; y0 = 0; z0 = 0; x1 = 0; y1 = 0; z1 = 0; }
  let h = cell > 0 && isFinite(cell) ? cell : Math.max(Math.max(x1 - x0, y1 - y0), Math.max(z1 - z0, 1e-30));
  const maxCells = <f64>(8 * n + 64);
  let nx: f64 = 0, ny: f64 = 0, nz: f64 = 0;
  for (;;) {
    nx = Math.floor((x1 - x0) / h) + 1; ny = Math.floor((y1 - y0) / h) + 1; nz = Math.floor((z1 - z0) / h) + 1;
    if (nx * ny * nz <= maxCells) break;
    h *= 1.5;
  }
  store<f64>(hdr, x0, H_OX); store<f64>(hdr, y0, H_OY); store<f64>(hdr, z0, H_OZ); store<f64>(hdr, h, H_CELL);
  store<i32>(hdr, <i32>nx, H_NX); store<i32>(hdr, <i32>ny, H_NY); store<i32>(hdr, <i32>nz, H_NZ);
  return <i32>(nx * ny * nz);
}

/**
 * Bucket the n points (float64 xyz holding float32 values) into the grid of `hdr` (counting
 * sort, stable): cellStart (cells + 1 int32) and n 16-byte records sorted by cell. `cellOf` is
 * n int32 of scratch.
 */
export function gridFill(n: i32, xyz: usize, hdr: usize, cellStart: usize, cellOf: usize, recs: usize): void {
  const ox = load<f64>(hdr, H_OX), oy = load<f64>(hdr, H_OY), oz = load<f64>(hdr, H_OZ), h = load<f64>(hdr, H_CELL);
  const nx = load<i32>(hdr, H_NX), ny = load<i32>(hdr, H_NY), nz = load<i32>(hdr, H_NZ);
  const cells = nx * ny * nz;
  memory.fill(cellStart, 0, (<usize>cells + 1) << 2);
  for (let i = 0; i < n; i++) {
    const p = xyz + <usize>i * 24;
    const c = (clampCell((load<f64>(p) - ox) / h, nx) * ny + clampCell((load<f64>(p, 8) - oy) / h, ny)) * nz
      + clampCell((load<f64>(p, 16) - oz) / h, nz);
    store<i32>(cellOf + (<usize>i << 2), c);
    const s = cellStart + (<usize>(c + 1) << 2);
    store<i32>(s, load<i32>(s) + 1);
  }
  for (let c = 0; c < cells; c++) {
    const s = cellStart + (<usize>c << 2);
    store<i32>(s, load<i32>(s, 4) + load<i32>(s), 4);
  }
  // fill: the running position of each cell, kept in cellStart[c] shifted by one slot; restored below
  for (let i = 0; i < n; i++) {
    const c = load<i32>(cellOf + (<usize>i << 2));
    const s = cellStart + (<usize>c << 2);
    const d = load<i32>(s);
    store<i32>(s, d + 1);
    const p = xyz + <usize>i * 24, r = recs + <usize>d * REC;
    store<f32>(r, <f32>load<f64>(p)); store<f32>(r, <f32>load<f64>(p, 8), 4); store<f32>(r, <f32>load<f64>(p, 16), 8);
    store<i32>(r, i, 12);
  }
  // cellStart[c] now holds the end of cell c = the start of cell c+1: shift back by one
  for (let c = cells; c > 0; c--) store<i32>(cellStart + (<usize>c << 2), load<i32>(cellStart + (<usize>(c - 1) << 2)));
  store<i32>(cellStart, 0);
}

/**
 * Upper bound on the entries of the restriction of nq float64 targets: the number of centres in
 * their search boxes (= the candidates restrictFill visits ≥ its entries).
 */
export function restrictBound(nq: i32, targets: usize, hdr: usize, cellStart: usize, R: f64): f64 {
  const ox = load<f64>(hdr, H_OX), oy = load<f64>(hdr, H_OY), oz = load<f64>(hdr, H_OZ), h = load<f64>(hdr, H_CELL);
  const nx = load<i32>(hdr, H_NX), ny = load<i32>(hdr, H_NY), nz = load<i32>(hdr, H_NZ);
  let total: f64 = 0;
  for (let q = 0; q < nq; q++) {
    const p = targets + <usize>q * 24;
    const x = load<f64>(p), y = load<f64>(p, 8), z = load<f64>(p, 16);
    const ax = clampCell((x - R - ox) / h, nx), bx = clampCell((x + R - ox) / h, nx);
    const ay = clampCell((y - R - oy) / h, ny), by = clampCell((y + R - oy) / h, ny);
    const az = clampCell((z - R - oz) / h, nz), bz = clampCell((z + R - oz) / h, nz);
    let s = 0;
    for (let cx = ax; cx <= bx; cx++) for (let cy = ay; cy <= by; cy++) {
      const row = cellStart + (<usize>((cx * ny + cy) * nz) << 2);
      s += load<i32>(row + (<usize>(bz + 1) << 2)) - load<i32>(row + (<usize>az << 2));
    }
    total += <f64>s;
  }
  return total;
}

// ------------------------------------------------------------------------------ exp
// exp(r) on |r| ≤ ln2/2 by Cephes' expf polynomial (S. L. Moshier): 1 + r + r²·P(r), P of
// degree 5; approximation error < 1e-7 relative (Cephes quotes 1.7e-7 peak for the whole expf
// including its float32 range reduction). Scaling by 2^n uses two exponent-field multiplies so
// that n down to −252 stays exact until the last (rounded, possibly subnormal) product.
const P0: f32 = 1.9875691500e-4, P1: f32 = 1.3981999507e-3, P2: f32 = 8.3334519073e-3;
const P3: f32 = 4.1665795894e-2, P4: f32 = 1.6666665459e-1, P5: f32 = 5.0000001201e-1;

@inline function expPoly(r: v128): v128 {
  let p = f32x4.add(f32x4.mul(f32x4.splat(P0), r), f32x4.splat(P1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P4));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P5));
  return f32x4.add(f32x4.add(f32x4.mul(p, f32x4.mul(r, r)), r), f32x4.splat(1));
}

/** p · 2^n for int32 lanes n ∈ [−252, 254] (two exact power-of-two factors, one final rounding). */
@inline function scale2(p: v128, n: v128): v128 {
  const n1 = i32x4.shr_s(n, 1), n2 = i32x4.sub(n, n1);
  const bias = i32x4.splat(127);
  const s1 = i32x4.shl(i32x4.add(n1, bias), 23), s2 = i32x4.shl(i32x4.add(n2, bias), 23);
  return f32x4.mul(f32x4.mul(p, s1), s2);
}

const LOG2E: f64 = 1.4426950408889634, LN2: f64 = 0.6931471805599453;
// Cody–Waite split of ln 2 for the float32 reduction: C1 has 9 significant bits, so n·C1 is exact.
const C1: f32 = 0.693359375, C2: f32 = -2.12194440e-4;

/**
 * Float32 e^x for 4 lanes: n = round(x·log2 e), r = x − n·C1 − n·C2 (Cody–Waite), e^r by the
 * polynomial, times 2^n. Inputs are clamped to [−104, 89]: below, e^x rounds to 0 in float32;
 * above, the result is +∞. NaN lanes give NaN. Measured against Math.exp over [−87, 88.7]
 * (normal results; test/nn/referenceKernels.test.ts): max relative error 8.0e-8, ≤ 1 ulp from the
 * correctly rounded float32. Subnormal results (x < −87.3) are within 1 subnormal ulp.
 */
@inline function expf32x4(x: v128): v128 {
  const xc = f32x4.max(f32x4.min(x, f32x4.splat(89)), f32x4.splat(-104));
  const nf = f32x4.nearest(f32x4.mul(xc, f32x4.splat(<f32>LOG2E)));
  let r = f32x4.sub(xc, f32x4.mul(nf, f32x4.splat(C1)));
  r = f32x4.sub(r, f32x4.mul(nf, f32x4.splat(C2)));
  const y = scale2(expPoly(r), i32x4.trunc_sat_f32x4_s(nf));
  // NaN in, NaN out (the clamp turned NaN into a bound on some engines)
  return v128.bitselect(x, y, f32x4.ne(x, x));
}

/**
 * exp(−u) for 4 float64 arguments u ∈ [0, 150] (two f64x2 at a and b), as float32: the range
 * reduction n = round(−u·log2 e), r = −u − n·ln2 runs in float64 (so r carries no rounding of
 * the argument), then r is rounded to float32 (|r| ≤ 0.35: ≤ 2e-8 relative) for the polynomial.
 */
@inline function expNegF64x4(a: v128, b: v128): v128 {
  const l2e = f64x2.splat(-LOG2E), ln2 = f64x2.splat(LN2);
  const na = f64x2.nearest(f64x2.mul(a, l2e)), nb = f64x2.nearest(f64x2.mul(b, l2e));
  const ra = f64x2.sub(f64x2.neg(a), f64x2.mul(na, ln2)), rb = f64x2.sub(f64x2.neg(b), f64x2.mul(nb, ln2));
  const r = i32x4.shuffle(f32x4.demote_f64x2_zero(ra), f32x4.demote_f64x2_zero(rb), 0, 1, 4, 5);
  const n = i32x4.shuffle(i32x4.trunc_sat_f64x2_s_zero(na), i32x4.trunc_sat_f64x2_s_zero(nb), 0, 1, 4, 5);
  return scale2(expPoly(r), n);
}

/** out[i] = e^{x[i]} (float32 arrays of n elements; the kernel's exp, exported for its test). */
export function expf32(n: i32, x: usize, out: usize): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(out + (<usize>i << 2), expf32x4(v128.load(x + (<usize>i << 2))));
  for (; i < n; i++) {
    const v = expf32x4(f32x4.splat(load<f32>(x + (<usize>i << 2))));
    store<f32>(out + (<usize>i << 2), f32x4.extract_lane(v, 0));
  }
}

/** out[i] = f32(e^{−u[i]}) for float64 u[i] ∈ [0, 150] (the restriction weights' exp; for its test). */
export function expNegF64(n: i32, u: usize, out: usize): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const p = u + (<usize>i << 3);
    v128.store(out + (<usize>i << 2), expNegF64x4(clampU(v128.load(p)), clampU(v128.load(p, 16))));
  }
  for (; i < n; i++) {
    const v = expNegF64x4(clampU(f64x2.splat(load<f64>(u + (<usize>i << 3)))), f64x2.splat(0));
    store<f32>(out + (<usize>i << 2), f32x4.extract_lane(v, 0));
  }
}

@inline function clampU(u: v128): v128 { return f64x2.min(u, f64x2.splat(150)); }

// ------------------------------------------------------------------------------ restriction

/**
 * Fill the restriction rows of nq float64 targets (xyz at `targets`, 24 bytes each), processed
 * in `order` (int32 target ids; 0 = identity): row r of the output is target order[r].
 * Writes ptrOut[0..nq] (int32), idxOut / wOut (int32 centre ids / float32 weights) and returns
 * the number of entries. Capacity: idxOut and wOut must hold restrictBound(…) + 4 entries (the
 * vector exp writes up to 3 lanes past a row; the next row overwrites them). `scratch` holds
 * (number of centres + 4) float64.
 * @param R cut-off radius, R2 = R·R (as computed by the caller), k = 1/(4σ²).
 */
export function restrictFill(nq: i32, targets: usize, order: usize, hdr: usize, cellStart: usize, recs: usize,
  R: f64, R2: f64, k: f64, ptrOut: usize, idxOut: usize, wOut: usize, scratch: usize): i32 {
  const ox = load<f64>(hdr, H_OX), oy = load<f64>(hdr, H_OY), oz = load<f64>(hdr, H_OZ), h = load<f64>(hdr, H_CELL);
  const nx = load<i32>(hdr, H_NX), ny = load<i32>(hdr, H_NY), nz = load<i32>(hdr, H_NZ);
  const kv = f64x2.splat(k);
  let n = 0;
  store<i32>(ptrOut, 0);
  for (let r = 0; r < nq; r++) {
    const q = order ? load<i32>(order + (<usize>r << 2)) : r;
    const p = targets + <usize>q * 24;
    const x = load<f64>(p), y = load<f64>(p, 8), z = load<f64>(p, 16);
    const ax = clampCell((x - R - ox) / h, nx), bx = clampCell((x + R - ox) / h, nx);
    const ay = clampCell((y - R - oy) / h, ny), by = clampCell((y + R - oy) / h, ny);
    const az = clampCell((z - R - oz) / h, nz), bz = clampCell((z + R - oz) / h, nz);
    const n0 = n;
    for (let cx = ax; cx <= bx; cx++) {
      for (let cy = ay; cy <= by; cy++) {
        const row = cellStart + (<usize>((cx * ny + cy) * nz) << 2);
        const t0 = load<i32>(row + (<usize>az << 2)), t1 = load<i32>(row + (<usize>(bz + 1) << 2));
        // branch-free compaction: always write, advance only on a hit
        let src = recs + <usize>t0 * REC;
        const end = recs + <usize>t1 * REC;
        let io = idxOut + (<usize>n << 2), so = scratch + (<usize>(n - n0) << 3);
        for (; src < end; src += REC) {
          const dx = <f64>load<f32>(src) - x, dy = <f64>load<f32>(src, 4) - y, dz = <f64>load<f32>(src, 8) - z;
          const d2 = dx * dx + dy * dy + dz * dz;
          store<i32>(io, load<i32>(src, 12));
          store<f64>(so, d2);
          const hit = <usize>(d2 < R2);
          io += hit << 2;
          so += hit << 3;
        }
        n = <i32>((io - idxOut) >> 2);
      }
    }
    // weights of the row: exp(−d²·k), 4 at a time
    const m = n - n0;
    const wo = wOut + (<usize>n0 << 2);
    for (let j = 0; j < m; j += 4) {
      const s = scratch + (<usize>j << 3);
      v128.store(wo + (<usize>j << 2), expNegF64x4(clampU(f64x2.mul(v128.load(s), kv)), clampU(f64x2.mul(v128.load(s, 16), kv))));
    }
    store<i32>(ptrOut + (<usize>(r + 1) << 2), n);
  }
  return n;
}

// ------------------------------------------------------------------------------ CSR utilities

/**
 * Transpose of a CSR stored in processing order (row r of the storage is matrix row rows[r];
 * rows = 0: identity) into out (nCols rows, stored in `colOrder` order, 0 = identity): out's
 * stored row j is matrix column colOrder[j], its entries in increasing matrix row (as
 * transposeCsr). outRows are not written (they are colOrder itself). scratch: nCols + nRows int32.
 */
export function csrTranspose(nRows: i32, nCols: i32, ptr: usize, rows: usize, idx: usize, w: usize,
  colOrder: usize, outPtr: usize, outIdx: usize, outW: usize, scratch: usize): void {
  const nnz = load<i32>(ptr + (<usize>nRows << 2));
  const cnt = scratch, pos = scratch + (<usize>nCols << 2);
  memory.fill(cnt, 0, <usize>nCols << 2);
  for (let t = 0; t < nnz; t++) {
    const c = cnt + (<usize>load<i32>(idx + (<usize>t << 2)) << 2);
    store<i32>(c, load<i32>(c) + 1);
  }
  // cnt[c] := first slot of column c in the output (stored in colOrder order)
  let run = 0;
  for (let j = 0; j < nCols; j++) {
    const c = colOrder ? load<i32>(colOrder + (<usize>j << 2)) : j;
    const a = cnt + (<usize>c << 2);
    const k = load<i32>(a);
    store<i32>(outPtr + (<usize>j << 2), run);
    store<i32>(a, run);
    run += k;
  }
  store<i32>(outPtr + (<usize>nCols << 2), run);
  if (rows) for (let r = 0; r < nRows; r++) store<i32>(pos + (<usize>load<i32>(rows + (<usize>r << 2)) << 2), r);
  for (let q = 0; q < nRows; q++) {
    const r = rows ? load<i32>(pos + (<usize>q << 2)) : q;
    const s = load<i32>(ptr + (<usize>r << 2)), e = load<i32>(ptr + (<usize>r << 2), 4);
    for (let t = s; t < e; t++) {
      const a = cnt + (<usize>load<i32>(idx + (<usize>t << 2)) << 2);
      const d = load<i32>(a);
      store<i32>(a, d + 1);
      store<i32>(outIdx + (<usize>d << 2), q);
      store<f32>(outW + (<usize>d << 2), load<f32>(w + (<usize>t << 2)));
    }
  }
}

/**
 * Re-store a natural-order CSR (row r = matrix row r) in processing order: stored row j is
 * matrix row order[j]. outPtr: nRows + 1 int32; outIdx / outW: nnz each.
 */
export function csrPermuteRows(nRows: i32, ptr: usize, idx: usize, w: usize, order: usize,
  outPtr: usize, outIdx: usize, outW: usize): void {
  let d = 0;
  store<i32>(outPtr, 0);
  for (let j = 0; j < nRows; j++) {
    const r = load<i32>(order + (<usize>j << 2));
    const s = load<i32>(ptr + (<usize>r << 2)), e = load<i32>(ptr + (<usize>r << 2), 4);
    const bytes = <usize>(e - s) << 2;
    memory.copy(outIdx + (<usize>d << 2), idx + (<usize>s << 2), bytes);
    memory.copy(outW + (<usize>d << 2), w + (<usize>s << 2), bytes);
    d += e - s;
    store<i32>(outPtr + (<usize>(j + 1) << 2), d);
  }
}

// ------------------------------------------------------------------------------ Morton order

/** Spread the low 10 bits of v so that bit k moves to bit 3k (mortonOrder.ts's spread). */
@inline function spread(v: f64): u32 {
  let x = <u32>(<i32>v) & 1023; // v ∈ [0, 1024) for finite inputs
  x = (x | (x << 16)) & 0x030000ff;
  x = (x | (x << 8)) & 0x0300f00f;
  x = (x | (x << 4)) & 0x030c30c3;
  x = (x | (x << 2)) & 0x09249249;
  return x;
}

/**
 * The Morton (Z-order) processing order of n float64 points, identical to mortonOrder.ts (10
 * bits per axis over the bounding box; ties in increasing index): 30-bit codes, then a stable
 * LSD radix sort in three 10-bit passes. Writes order (n int32); scratch: 3n + 1024 int32.
 */
export function mortonSort(n: i32, xyz: usize, order: usize, scratch: usize): void {
  boundingBox(n, xyz, scratch); // scratch's first 48 bytes, reused below
  const x0 = load<f64>(scratch), y0 = load<f64>(scratch, 8), z0 = load<f64>(scratch, 16);
  const x1 = load<f64>(scratch, 24), y1 = load<f64>(scratch, 32), z1 = load<f64>(scratch, 40);
  const s = 1023.999 / Math.max(Math.max(x1 - x0, y1 - y0), Math.max(z1 - z0, 1e-30));
  const code = scratch, code2 = scratch + (<usize>n << 2), tmp = scratch + (<usize>n << 3), cnt = scratch + <usize>n * 12;
  for (let i = 0; i < n; i++) {
    const p = xyz + <usize>i * 24;
    store<u32>(code + (<usize>i << 2), spread((load<f64>(p) - x0) * s) | (spread((load<f64>(p, 8) - y0) * s) << 1) | (spread((load<f64>(p, 16) - z0) * s) << 2));
    store<i32>(order + (<usize>i << 2), i);
  }
  // three stable counting-sort passes; (src order, src codes) → (dst order, dst codes), ending in `order`
  let so = order, sc = code, dOrd = tmp, dc = code2;
  for (let pass = 0; pass < 3; pass++) {
    const shift = <u32>(10 * pass);
    memory.fill(cnt, 0, 1024 << 2);
    for (let i = 0; i < n; i++) {
      const a = cnt + (<usize>((load<u32>(sc + (<usize>i << 2)) >> shift) & 1023) << 2);
      store<i32>(a, load<i32>(a) + 1);
    }
    let run = 0;
    for (let b = 0; b < 1024; b++) {
      const a = cnt + (<usize>b << 2);
      const c = load<i32>(a);
      store<i32>(a, run);
      run += c;
    }
    for (let i = 0; i < n; i++) {
      const c = load<u32>(sc + (<usize>i << 2));
      const a = cnt + (<usize>((c >> shift) & 1023) << 2);
      const d = load<i32>(a);
      store<i32>(a, d + 1);
      store<i32>(dOrd + (<usize>d << 2), load<i32>(so + (<usize>i << 2)));
      store<u32>(dc + (<usize>d << 2), c);
    }
    const t1 = so; so = dOrd; dOrd = t1;
    const t2 = sc; sc = dc; dc = t2;
  }
  // after an odd number of passes the result lies in `tmp`
  if (so != order) memory.copy(order, so, <usize>n << 2);
}

/** memmove of n bytes inside the module's memory (compacting arena blocks). */
export function moveBytes(dst: usize, src: usize, n: usize): void { memory.copy(dst, src, n); }
