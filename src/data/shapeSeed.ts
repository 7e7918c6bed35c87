/**
 * Per-item seeds derived from a run seed and a name, so every shape's random stream depends
 * only on (seed, name) — never on processing order, worker count, or which other shapes exist.
 */

/**
 * A 32-bit seed from a base seed and a string (e.g. a mesh's path relative to the dataset root,
 * with '/' separators). FNV-1a over the UTF-8 bytes, then the murmur3 finaliser for avalanche.
 *
 * @param seed base seed, any integer (taken modulo 2³²).
 * @param name the item's stable name.
 * @returns an unsigned 32-bit integer, suitable for `new Random(...)`.
 */
export function deriveSeed(seed: number, name: string): number {
  let h = 0x811c9dc5;
  // The seed's four bytes first, then the name's UTF-8 bytes (FNV-1a over both).
  for (let k = 0; k < 4; k++) h = Math.imul(h ^ ((seed >>> (8 * k)) & 0xff), 0x01000193) >>> 0;
  const bytes = new TextEncoder().encode(name);
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}
