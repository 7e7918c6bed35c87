/**
 * Seeded 3-D gradient noise (Perlin's improved noise, 2002) and its fractal sums, for displacing
 * implicit surfaces (lumpy blobs, rocks). Values are roughly in [−1, 1]; one unit of input is
 * one noise cell. The permutation comes from the shape's own `Random`, so noise is part of the
 * shape's seeded parameters and never shared between shapes.
 */
import type { Random } from '../../../geometry/Random.ts';

/** The 12 edge directions of a cube (Perlin's gradient set). */
const GRAD = [
  [1, 1, 0],
  [-1, 1, 0],
  [1, -1, 0],
  [-1, -1, 0],
  [1, 0, 1],
  [-1, 0, 1],
  [1, 0, -1],
  [-1, 0, -1],
  [0, 1, 1],
  [0, -1, 1],
  [0, 1, -1],
  [0, -1, -1],
];

export type Noise3 = (x: number, y: number, z: number) => number;

/** Gradient noise with a permutation drawn from `r` (consumes 255 draws). */
export function gradientNoise(r: Random): Noise3 {
  const perm = new Uint8Array(512);
  const base = r.shuffle(Array.from({ length: 256 }, (_, i) => i));
  for (let i = 0; i < 512; i++) perm[i] = base[i & 255];
  const fade = (t: number) => t * t * t * (t * (t * 6 - 15) + 10);
  const dot = (h: number, x: number, y: number, z: number) => {
    const g = GRAD[h % 12];
    return g[0] * x + g[1] * y + g[2] * z;
  };
  return (x, y, z) => {
    const X = Math.floor(x),
      Y = Math.floor(y),
      Z = Math.floor(z);
    const xf = x - X,
      yf = y - Y,
      zf = z - Z;
    const xi = X & 255,
      yi = Y & 255,
      zi = Z & 255;
    const u = fade(xf),
      v = fade(yf),
      w = fade(zf);
    const a = perm[xi] + yi,
      aa = perm[a] + zi,
      ab = perm[a + 1] + zi;
    const b = perm[xi + 1] + yi,
      ba = perm[b] + zi,
      bb = perm[b + 1] + zi;
    const l = (t: number, p: number, q: number) => p + t * (q - p);
    return l(
      w,
      l(
        v,
        l(u, dot(perm[aa], xf, yf, zf), dot(perm[ba], xf - 1, yf, zf)),
        l(u, dot(perm[ab], xf, yf - 1, zf), dot(perm[bb], xf - 1, yf - 1, zf)),
      ),
      l(
        v,
        l(u, dot(perm[aa + 1], xf, yf, zf - 1), dot(perm[ba + 1], xf - 1, yf, zf - 1)),
        l(u, dot(perm[ab + 1], xf, yf - 1, zf - 1), dot(perm[bb + 1], xf - 1, yf - 1, zf - 1)),
      ),
    );
  };
}

/**
 * Fractal sum of `octaves` noise layers, each twice the frequency and `gain` times the amplitude
 * of the last, normalised so the amplitudes sum to 1. `ridged` folds each layer (1 − |n|) for
 * sharp crests (rocks).
 */
export function fbm(n: Noise3, octaves: number, gain = 0.5, ridged = false): Noise3 {
  let norm = 0;
  for (let o = 0, a = 1; o < octaves; o++, a *= gain) norm += a;
  return (x, y, z) => {
    let s = 0,
      a = 1,
      f = 1;
    for (let o = 0; o < octaves; o++) {
      const v = n(x * f + 17.3 * o, y * f - 9.1 * o, z * f + 4.7 * o);
      s += a * (ridged ? 1 - 2 * Math.abs(v) : v);
      a *= gain;
      f *= 2;
    }
    return s / norm;
  };
}
