import type { OccupancyFunction } from './mise.ts';
import { passMean } from './passMean.ts';

/**
 * What reconstruction needs from a learned occupancy model: P(inside) of query points given an
 * input cloud, both in the normalised unit-cube frame (docs/design.md §2). `OccupancyPredictor`
 * (`src/nn/serve/occupancy.ts`) satisfies it; tests use analytic stand-ins. Kept to this minimum so the
 * recon library has no dependency on the engine, threads or the file system (the web app calls
 * it with its own predictor).
 */
export interface OccupancyModel {
  /** Decision threshold on P(inside) stored with the model, in (0, 1). */
  readonly threshold: number;
  /** The model's hyper-parameters; only `inputPoints` (the cloud size it was trained with) is used. */
  readonly config: { readonly inputPoints: number };
  /**
   * P(inside) of each query.
   * @param input the input cloud, xyz per point (length 3·P, any P ≥ 16), unit-cube frame.
   * @param queries xyz per query (length 3·Q), unit-cube frame.
   * @returns Float32Array(Q) of probabilities in [0, 1].
   */
  predict(input: Float32Array, queries: Float32Array): Promise<Float32Array> | Float32Array;
}

/** An occupancy function bound to one cloud; `release`, when present, says the caller is done
 *  with it (a pinned cloud's worker may then take other clouds; a worker may drop its prepared
 *  state). */
export type BoundOccupancy = OccupancyFunction & { release?: () => void };

/**
 * Binds a model to one input cloud, returning an occupancy function of the queries alone.
 * A predictor that caches per-cloud work (levels, plans, the PCNN fields) is bound through its
 * own binder (e.g. `(input, o) => createEvaluator(predictor, input, o)`); the default calls
 * `predict`. `pinned` (tiles, evaluated one per worker at a time) asks that one worker prepare
 * and keep the cloud until `release()`; a binder may ignore it (then only slower).
 */
export type CloudBinder = (input: Float32Array, opts?: { pinned?: boolean }) => BoundOccupancy;

/** The default binder: every batch of queries is a `predict(input, queries)` call. */
export function bindByPredict(model: OccupancyModel): CloudBinder {
  return (input) => (queries) => model.predict(input, queries);
}

/**
 * The mean P(inside) over several bound clouds (the input subsets of one shape, see
 * `chooseInputSubsets`). The functions are called one after another, each with the whole batch,
 * so a predictor that parallelises over queries keeps all its workers busy.
 *
 * @param parts occupancy functions (≥ 1) returning probabilities.
 * @returns an occupancy function returning their arithmetic mean; with one part, that part.
 */
export function averageOccupancy(parts: OccupancyFunction[]): OccupancyFunction {
  if (parts.length === 0) throw new RangeError('averageOccupancy: no occupancy functions');
  if (parts.length === 1) return parts[0];
  return (queries) => passMean(parts, queries);
}
