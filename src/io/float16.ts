/**
 * IEEE 754 half precision (numpy `float16`, used by the Occupancy Networks data for `points`)
 * to JavaScript numbers. Every half value is exactly representable in float32.
 */

/** Converts one float16 bit pattern (0..65535) to its value, exactly (subnormals, ±Inf, NaN). */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24; // zero and subnormals: frac · 2^-14 / 2^10
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** A 65536-entry lookup table of all half values, built on first use (256 KiB). */
let table: Float32Array | null = null;

/** Converts an array of float16 bit patterns to float32 values through the lookup table. */
export function halfArrayToFloat32(bitsArray: Uint16Array): Float32Array {
  if (!table) {
    table = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) table[h] = halfToFloat(h);
  }
  const out = new Float32Array(bitsArray.length);
  for (let i = 0; i < bitsArray.length; i++) out[i] = table[bitsArray[i]];
  return out;
}
