/**
 * An in-memory dataset of spheres for trainer tests (not a test file itself): shape k of a split
 * is a sphere with a seeded centre (|c_i| ≤ 0.1) and radius in [0.2, 0.4]; surface points exact,
 * queries near the surface (±0.05 radial, half inside), uniform points in [-0.55, 0.55]³;
 * labels by the exact distance test.
 */
import { Random } from '../../src/geometry/Random.ts';
import type { ShapeDataset, ShapeRef, ShapeSample, Split } from '../../src/data/ShapeDataset.ts';

export class SphereDataset implements ShapeDataset {
  loads = 0;
  constructor(
    readonly counts: Record<Split, number>,
    readonly sizes = { surface: 400, queries: 1000, uniform: 2000 },
  ) {}
  categories(): string[] {
    return ['sphere'];
  }
  shapes(split?: Split): ShapeRef[] {
    const out: ShapeRef[] = [];
    for (const s of ['train', 'val', 'test'] as Split[]) {
      if (split && s !== split) continue;
      for (let i = 0; i < this.counts[s]; i++) out.push({ category: 'sphere', id: `${s}${i}`, split: s });
    }
    return out;
  }
  /** Centre and radius of a shape. */
  static geometry(id: string): { c: number[]; r: number } {
    let h = 7;
    for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    const rng = new Random(h);
    return { c: [rng.uniform(-0.1, 0.1), rng.uniform(-0.1, 0.1), rng.uniform(-0.1, 0.1)], r: rng.uniform(0.2, 0.4) };
  }
  async load(ref: ShapeRef): Promise<ShapeSample> {
    this.loads++;
    const { c, r } = SphereDataset.geometry(ref.id);
    const rng = new Random(12345 + ref.id.length * 7 + ref.id.charCodeAt(ref.id.length - 1));
    const dir = (): number[] => {
      const v = [rng.normal(), rng.normal(), rng.normal()];
      const n = Math.hypot(v[0], v[1], v[2]) || 1;
      return v.map((x) => x / n);
    };
    const S = this.sizes.surface,
      M = this.sizes.queries,
      U = this.sizes.uniform;
    const surfacePoints = new Float32Array(3 * S);
    for (let i = 0; i < S; i++) {
      const d = dir();
      for (let k = 0; k < 3; k++) surfacePoints[3 * i + k] = c[k] + r * d[k];
    }
    const queryPoints = new Float32Array(3 * M),
      queryOccupancies = new Uint8Array(M);
    for (let i = 0; i < M; i++) {
      const d = dir(),
        rad = r + rng.uniform(-0.05, 0.05);
      for (let k = 0; k < 3; k++) queryPoints[3 * i + k] = c[k] + rad * d[k];
      queryOccupancies[i] = inside(queryPoints, i, c, r);
    }
    const uniformPoints = new Float32Array(3 * U),
      uniformOccupancies = new Uint8Array(U);
    for (let i = 0; i < U; i++) {
      for (let k = 0; k < 3; k++) uniformPoints[3 * i + k] = rng.uniform(-0.55, 0.55);
      uniformOccupancies[i] = inside(uniformPoints, i, c, r);
    }
    return {
      category: 'sphere',
      id: ref.id,
      surfacePoints,
      surfaceNormals: new Float32Array(0),
      queryPoints,
      queryOccupancies,
      uniformPoints,
      uniformOccupancies,
      loc: [0, 0, 0],
      scale: 1,
    };
  }
}

function inside(p: Float32Array, i: number, c: number[], r: number): number {
  return Math.hypot(p[3 * i] - c[0], p[3 * i + 1] - c[1], p[3 * i + 2] - c[2]) < r ? 1 : 0;
}
