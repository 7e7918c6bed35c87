/**
 * The fixed validation set of a run: a seeded subset of a split's shapes, and per shape a fixed
 * noisy input cloud and a fixed subset of its uniform (IoU) points. Everything is derived from
 * the run seed and the shape's key, so the set is the same across resumes and worker counts.
 */
import { Random } from '../geometry/Random.ts';
import { UsageError } from '../errors.ts';
import { deriveSeed } from '../data/shapeSeed.ts';
import { DEFAULT_INPUT_POINTS_DISTRIBUTION, drawInputPoints, type InputPointsDistribution } from '../data/TrainingSampler.ts';
import { shapeKey, type ShapeDataset, type ShapeRef, type Split } from '../data/ShapeDataset.ts';
import type { ValidationShape } from './Replica.ts';

/** Options of {@link buildValidationSet}. */
export interface ValidationSetOptions {
  /** Split to draw from. */
  split: Split;
  /** Shapes to keep (a seeded subset when the split has more; all of them otherwise). */
  shapes: number;
  /** Uniform points per shape (a seeded subset; all when the shape has fewer). */
  points: number;
  /** Input points per shape. */
  inputPoints: number;
  /** Std of the Gaussian noise on each input coordinate (unit-cube units). */
  noise: number;
  /** When a true range: each shape's input size is drawn log-uniformly in it, as training items
   *  draw theirs (TrainingSamplerOptions.inputPointsRange), so validation scores the whole
   *  trained range; otherwise `inputPoints`. */
  inputPointsRange?: readonly [number, number] | null;
  /** How N is drawn in `inputPointsRange` (default log-uniform, as the sampler). */
  inputPointsDistribution?: InputPointsDistribution;
  /** When a true range: each shape's noise std is uniform in it; otherwise `noise`. */
  noiseRange?: readonly [number, number] | null;
  /** Run seed. */
  seed: number;
}

export interface ValidationSet {
  refs: ShapeRef[];
  shapes: ValidationShape[];
}

/**
 * Loads the validation shapes (with their uniform points) and draws their fixed inputs.
 * Shape subset: `Random(deriveSeed(seed, "val:subset")).choose`, kept in split order. Per shape,
 * `Random(deriveSeed(seed, "val:" + key))` draws the input indices, then the noise, then the
 * point subset; the input size and noise std of a shape with ranges come from their own stream,
 * `Random(deriveSeed(seed, "val:aug:" + key))`, so a set without ranges is the one it always was.
 * Validation shapes are not scaled or rotated (train.scaleRange / rotate): they score the
 * shapes as they are.
 * @throws UsageError when a chosen shape has no uniform points.
 */
export async function buildValidationSet(dataset: ShapeDataset, o: ValidationSetOptions): Promise<ValidationSet> {
  const all = dataset.shapes(o.split);
  let refs = all;
  if (o.shapes < all.length) {
    const idx = Array.from(new Random(deriveSeed(o.seed, 'val:subset')).choose(all.length, o.shapes)).sort((a, b) => a - b);
    refs = idx.map((i) => all[i]);
  }
  const shapes: ValidationShape[] = [];
  for (const ref of refs) {
    const s = await dataset.load(ref, { uniform: true, eval: false, normals: false });
    const key = shapeKey(ref);
    if (!s.uniformPoints || !s.uniformOccupancies || s.uniformOccupancies.length === 0)
      throw new UsageError(`validation shape ${key} has no uniform (IoU) points`);
    if (s.surfacePoints.length === 0) throw new UsageError(`validation shape ${key} has no surface points`);
    const rng = new Random(deriveSeed(o.seed, `val:${key}`));
    const pr = o.inputPointsRange,
      nr = o.noiseRange;
    const aug = new Random(deriveSeed(o.seed, `val:aug:${key}`));
    const P = drawInputPoints(aug, pr, o.inputPoints, o.inputPointsDistribution ?? DEFAULT_INPUT_POINTS_DISTRIBUTION);
    const noise = nr ? (nr[0] < nr[1] ? aug.uniform(nr[0], nr[1]) : nr[0]) : o.noise;
    const S = s.surfacePoints.length / 3;
    const inIdx = P <= S ? rng.choose(S, P) : Uint32Array.from({ length: P }, () => rng.int(S));
    const input = new Float32Array(3 * P);
    for (let k = 0; k < P; k++) for (let c = 0; c < 3; c++) input[3 * k + c] = s.surfacePoints[3 * inIdx[k] + c];
    if (noise > 0) for (let i = 0; i < 3 * P; i++) input[i] += rng.normal(0, noise);
    const U = s.uniformOccupancies.length;
    const n = Math.min(o.points, U);
    const pIdx = n < U ? rng.choose(U, n) : Uint32Array.from({ length: U }, (_, i) => i);
    const points = new Float32Array(3 * n),
      labels = new Uint8Array(n);
    for (let k = 0; k < n; k++) {
      const j = pIdx[k];
      points[3 * k] = s.uniformPoints[3 * j];
      points[3 * k + 1] = s.uniformPoints[3 * j + 1];
      points[3 * k + 2] = s.uniformPoints[3 * j + 2];
      labels[k] = s.uniformOccupancies[j];
    }
    shapes.push({ input, points, labels });
  }
  return { refs, shapes };
}
