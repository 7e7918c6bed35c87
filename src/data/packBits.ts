/**
 * Bit packing exactly as numpy's `np.packbits` / `np.unpackbits` with the default
 * `bitorder='big'`: element i goes to byte i >> 3, bit 7 − (i & 7); the last byte is padded
 * with zero bits. This is how the Occupancy Networks data and our cache store occupancies.
 */

/**
 * Packs 0/1 values (any non-zero byte counts as 1) into ⌈n/8⌉ bytes.
 * @param bits one value per element.
 */
export function packBits(bits: ArrayLike<number>): Uint8Array {
  const n = bits.length;
  const out = new Uint8Array((n + 7) >> 3);
  for (let i = 0; i < n; i++) if (bits[i]) out[i >> 3] |= 0x80 >> (i & 7);
  return out;
}

/**
 * Unpacks the first `n` bits into 0/1 bytes.
 * @param packed bytes from `packBits` / `np.packbits`.
 * @param n number of elements, 0 ≤ n ≤ 8·packed.length (default: all 8·packed.length bits).
 * @throws RangeError when `n` asks for more bits than `packed` holds.
 */
export function unpackBits(packed: Uint8Array, n: number = packed.length * 8): Uint8Array {
  if (!Number.isInteger(n) || n < 0 || n > packed.length * 8) {
    throw new RangeError(`unpackBits: n=${n} but ${packed.length} bytes hold ${packed.length * 8} bits`);
  }
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (packed[i >> 3] >> (7 - (i & 7))) & 1;
  return out;
}
