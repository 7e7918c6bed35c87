import { Random } from '../../geometry/Random.ts';
import { deriveSeed } from '../../data/shapeSeed.ts';

/** How an experiment's input clouds are drawn (paper §IV-A: 300 points, noise 0.005). */
export interface InputSpec {
  /** Points per cloud, ≥ 1 and ≤ the shape's stored surface samples (2048 in a default cache). */
  points: number;
  /** Std of the Gaussian noise per coordinate, unit-cube units, ≥ 0. */
  noise: number;
  /** Base seed of the draws. */
  seed: number;
}

/** Folder-safe name of an input spec, e.g. `p300-n0.005`. */
export function inputSpecName(s: InputSpec): string {
  return `p${s.points}-n${s.noise}`;
}

/**
 * The fixed input cloud of one test shape: `points` of the shape's surface samples chosen
 * without replacement, each coordinate plus N(0, noise²). The choice depends only on
 * (seed, points, shape) and the unit noise vector only on (seed, points, shape), so two noise
 * levels of the same density differ by a scale of the same noise (a controlled comparison),
 * and results never depend on the order or the set of shapes processed.
 *
 * @param surfacePoints the shape's surface samples (xyz, unit-cube frame).
 * @param spec see {@link InputSpec}.
 * @param key the shape's stable name ("category/id").
 * @returns xyz per point (length 3·points).
 */
export function drawInput(surfacePoints: Float32Array, spec: InputSpec, key: string): Float32Array {
  const S = Math.floor(surfacePoints.length / 3);
  if (!Number.isInteger(spec.points) || spec.points < 1 || spec.points > S)
    throw new RangeError(`drawInput: ${key} has ${S} surface samples, cannot draw ${spec.points}`);
  if (!(spec.noise >= 0) || !Number.isFinite(spec.noise))
    throw new RangeError(`drawInput: noise must be finite and ≥ 0, got ${spec.noise}`);
  const pick = new Random(deriveSeed(spec.seed, `input/${spec.points}/${key}`)).choose(S, spec.points);
  const noise = new Random(deriveSeed(spec.seed, `noise/${spec.points}/${key}`));
  const out = new Float32Array(3 * spec.points);
  for (let i = 0; i < spec.points; i++) {
    const j = 3 * pick[i];
    for (let a = 0; a < 3; a++) out[3 * i + a] = surfacePoints[j + a] + spec.noise * noise.normal();
  }
  return out;
}
