/**
 * The reconstruction library's `OccupancyModel` on any occupancy network (pcnn-occ, ONet: the
 * network list nn/models/networks.ts opens a model folder by its config's `method`) in the
 * calling thread (the web worker). `bind` keeps one prepared cloud (for pcnn-occ: levels, plans
 * and the seven PCNN fields) and reuses it for every batch of queries of that cloud;
 * `reconstruct` evaluates subset-major, so each input subset is prepared once per MISE round.
 */
import type { OccupancyNet } from '../nn/models/OccupancyNet.ts';
import { probability } from '../nn/ops/softmaxCrossEntropy.ts';
import type { OccupancyModel, CloudBinder } from '../recon/OccupancyModel.ts';

export class OccupancyNetModel<C = unknown> implements OccupancyModel {
  readonly threshold: number;
  readonly config: { readonly inputPoints: number };
  private current: { input: Float32Array; state: C } | null = null;

  /** @param net a loaded network (see loadOccupancyNetFromBytes). */
  constructor(private readonly net: OccupancyNet<C>) {
    this.threshold = net.config.threshold;
    this.config = net.config;
  }

  /**
   * P(inside) of each query given an input cloud (both unit-cube frame).
   * @param input xyz per point (≥ 16 points). @param queries xyz per query.
   * @returns Float32Array(Q) of probabilities.
   */
  predict(input: Float32Array, queries: Float32Array): Float32Array {
    return probability(this.net.evaluate(this.stateFor(input), queries));
  }

  /** A binder for `reconstruct({bind})`: the evaluator of one cloud (by identity of its array). */
  readonly bind: CloudBinder = (input) => (queries) => this.predict(input, queries);

  /** Free the prepared cloud (arena memory); the model stays usable. */
  release(): void {
    if (this.current) this.net.releaseCloud(this.current.state);
    this.current = null;
  }

  private stateFor(input: Float32Array): C {
    if (this.current?.input !== input) {
      this.release();
      this.current = { input, state: this.net.prepareCloud(input) };
    }
    return this.current.state;
  }
}
