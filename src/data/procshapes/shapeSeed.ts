/**
 * Per-shape random seeds: every shape's stream is derived from (dataset seed, class, index) alone,
 * so a shape is the same whether it is generated first, last, alone or in parallel.
 */
import { Random } from '../../geometry/Random.ts';

/** 32-bit FNV-1a hash of a string (UTF-16 code units), finished with a murmur3 mix. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** Random stream for one shape's parameters; `attempt` > 0 gives the redraws (see `generateShape`). */
export function shapeRandom(seed: number, cls: string, index: number, attempt = 0): Random {
  return new Random(hashString(`procshapes/shape/${seed}/${cls}/${index}${attempt > 0 ? `/retry${attempt}` : ''}`));
}

/**
 * Variant index for shape `index` of a class with `nVariants` variants. Shapes are dealt in
 * blocks of `nVariants`: each block is a seeded permutation of all variants, so any run of
 * `nVariants` consecutive shapes from a block start covers every variant once.
 */
export function variantIndex(seed: number, cls: string, index: number, nVariants: number): number {
  const block = Math.floor(index / nVariants);
  const perm = Array.from({ length: nVariants }, (_, i) => i);
  new Random(hashString(`procshapes/variants/${seed}/${cls}/${block}`)).shuffle(perm);
  return perm[index % nVariants];
}
