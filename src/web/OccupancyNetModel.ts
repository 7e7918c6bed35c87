/**
 * The reconstruction library's `OccupancyModel` on any occupancy network (pcnn-occ, ONet: the
 * network list nn/models/networks.ts opens a model folder by its config's `method`) in the
 * calling thread (the web worker). `bind` keeps prepared clouds (for pcnn-occ: levels, plans
 * and the seven PCNN fields; a few at once, as the Node predictor's workers do: HeldClouds.ts)
 * and reuses them for every batch of queries, so the averaged subsets of a large cloud and the
 * poses of test-time rotations are each prepared once per reconstruction, not once per round.
 */
import type { OccupancyNet } from '../nn/models/OccupancyNet.ts';
import { probability } from '../nn/ops/softmaxCrossEntropy.ts';
import type { OccupancyModel, CloudBinder } from '../recon/OccupancyModel.ts';
import { HeldClouds, PreparedStack } from '../nn/serve/HeldClouds.ts';

export class OccupancyNetModel<C = unknown> implements OccupancyModel {
  readonly threshold: number;
  readonly config: { readonly inputPoints: number };
  private readonly held = new HeldClouds();
  /** Prepared states in the order of `held.ids`, and each input array's id. */
  private readonly states: PreparedStack<C>;
  private readonly ids = new WeakMap<Float32Array, number>();
  private readonly released = new Set<number>();
  private nextId = 1;

  /** @param net a loaded network (see loadOccupancyNetFromBytes). */
  constructor(private readonly net: OccupancyNet<C>) {
    this.threshold = net.config.threshold;
    this.config = net.config;
    this.states = new PreparedStack((state) => net.releaseCloud(state));
  }

  /**
   * P(inside) of each query given an input cloud (both unit-cube frame).
   * @param input xyz per point (≥ 16 points). @param queries xyz per query.
   * @returns Float32Array(Q) of probabilities.
   */
  predict(input: Float32Array, queries: Float32Array): Float32Array {
    return probability(this.net.evaluate(this.stateFor(input), queries));
  }

  /** A binder for `reconstruct({bind})`: the evaluator of one cloud (by identity of its array);
   *  its `release()` lets the prepared state go. */
  readonly bind: CloudBinder = (input) =>
    Object.assign((queries: Float32Array) => this.predict(input, queries), {
      release: () => {
        const id = this.ids.get(input);
        if (id !== undefined && this.held.has(id)) this.released.add(id);
      },
    });

  /** Free every prepared cloud (arena memory); the model stays usable. */
  release(): void {
    this.states.clear();
    this.held.ids.length = 0;
    this.released.clear();
  }

  private stateFor(input: Float32Array): C {
    let id = this.ids.get(input);
    if (id === undefined) this.ids.set(input, (id = this.nextId++));
    let state = this.states.get(id);
    if (state === undefined) {
      const keep = this.held.admit(id, (h) => (this.released.has(h) ? 'released' : 'plain'));
      state = this.states.push(id, keep, () => this.net.prepareCloud(input));
      for (const r of this.released) if (!this.held.has(r)) this.released.delete(r);
    }
    return state;
  }
}
