/**
 * float32 → IEEE 754 half precision (numpy `float16`) bit patterns, rounding to nearest, ties to
 * even, as numpy's `astype(np.float16)` does. The cache stores its large point sets (100k IoU and
 * evaluation points per shape) this way, like the Occupancy Networks data, to halve disk use.
 * (Decoding lives in `src/io/float16.ts`.)
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/**
 * One value to its half bit pattern (0..65535). Overflow gives ±Infinity, NaN stays NaN,
 * values below the half subnormal range round to ±0.
 * @param x any number; it is first rounded to float32 (as numpy does for float32 arrays).
 */
export function floatToHalf(x: number): number {
  f32[0] = x;
  const b = u32[0];
  const sign = (b >>> 16) & 0x8000;
  const exp = (b >>> 23) & 0xff;
  const mant = b & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // Inf / NaN
  // Unbiased exponent e; half normals need e in [-14, 15].
  const e = exp - 127;
  if (e > 15) return sign | 0x7c00;
  if (e >= -14) {
    // Normal half: keep 10 mantissa bits, round the 13 dropped bits to nearest even. A carry
    // out of the mantissa correctly bumps the exponent (and may give Infinity).
    let h = ((e + 15) << 10) | (mant >>> 13);
    const rest = mant & 0x1fff;
    if (rest > 0x1000 || (rest === 0x1000 && h & 1)) h++;
    return sign | h;
  }
  if (e < -25) return sign; // below half the smallest subnormal: ±0
  // Subnormal half: value = m · 2^-24 with m = full mantissa (with implicit 1) >> shift.
  const full = mant | 0x800000;
  const shift = -e - 14 + 13; // 14..24 bits dropped
  let h = full >>> shift;
  const rest = full & ((1 << shift) - 1);
  const halfway = 1 << (shift - 1);
  if (rest > halfway || (rest === halfway && h & 1)) h++;
  return sign | h;
}

/**
 * Converts an array to half bit patterns.
 * @param values float values (any numeric array).
 * @returns one uint16 bit pattern per value.
 */
export function float32ArrayToHalf(values: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = floatToHalf(values[i]);
  return out;
}
