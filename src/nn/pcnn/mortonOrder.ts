import { boundsInto } from '../../geometry/Bounds.ts';

/**
 * Indices of n points sorted along a Morton (Z-order) curve of their positions, 10 bits per axis
 * over the bounding box. Processing sparse-gather rows in this order makes consecutive rows touch
 * nearby centres, so the rows of H they read are still in cache (measured in bench/nn.bench.ts).
 */
export function mortonOrder(xyz: ArrayLike<number>, n: number): Int32Array {
  const b = [0, 0, 0, 0, 0, 0];
  boundsInto(xyz, 0, n, b);
  const [x0, y0, z0, x1, y1, z1] = b;
  const s = 1023.999 / Math.max(x1 - x0, y1 - y0, z1 - z0, 1e-30);
  // key = code·2^22 + index: exact in a double for n < 2^22, so one numeric sort orders both.
  if (n >= 1 << 22) throw new RangeError('mortonOrder: too many points');
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const code = spread((xyz[3 * i] - x0) * s) | (spread((xyz[3 * i + 1] - y0) * s) << 1) | (spread((xyz[3 * i + 2] - z0) * s) << 2);
    keys[i] = (code >>> 0) * 4194304 + i;
  }
  keys.sort();
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = keys[i] % 4194304;
  return order;
}

/** Spread the low 10 bits of v so that bit k moves to bit 3k. */
function spread(v: number): number {
  let x = (v | 0) & 1023;
  x = (x | (x << 16)) & 0x030000ff;
  x = (x | (x << 8)) & 0x0300f00f;
  x = (x | (x << 4)) & 0x030c30c3;
  x = (x | (x << 2)) & 0x09249249;
  return x;
}
