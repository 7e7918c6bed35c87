/**
 * Which prepared clouds one model instance (a worker, or the in-thread model) keeps.
 *
 * A prepared cloud lives in the engine's arena, which frees in reverse order of allocation
 * (`releaseCloud` frees a state and everything prepared after it), so the held clouds form a
 * stack. Several are kept because a reconstruction may alternate between clouds every MISE
 * round: the averaged input subsets of a large cloud and the poses of `--rotations` are
 * evaluated one after the other in each round, and an instance that kept only the last cloud
 * prepared every one of them again in every round (measured on a 10 000-point chair, 4 subsets,
 * 2 workers: 27 preparations instead of 8).
 *
 * The main thread decides for every instance (`HeldClouds.admit`) and tells it how many states
 * to keep below the new one; the instance only obeys (`PreparedStack.push`), so both sides agree
 * without asking each other.
 */

/** Clouds an instance keeps at most (the default number of averaged subsets, `--subsets`):
 *  a 3000-point pcnn-occ cloud state is about 85 MiB of arena (bench/results/density.json). */
export const MAX_HELD_CLOUDS = 4;

/** What the predictor knows of a held cloud: `pinned` (a pinned cloud its caller still uses:
 *  never dropped), `released` (its caller is done with it: never needed again), `plain` (may be
 *  asked for again, e.g. next MISE round; kept while there is room). */
export type HeldCloudState = 'pinned' | 'released' | 'plain';

export class HeldClouds {
  /** Held cloud ids, bottom (prepared first) to top. */
  readonly ids: number[] = [];

  /** @param capacity clouds kept at most, ≥ 1 (default MAX_HELD_CLOUDS). */
  constructor(readonly capacity = MAX_HELD_CLOUDS) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`HeldClouds: capacity must be an integer ≥ 1, got ${capacity}`);
  }

  has(id: number): boolean {
    return this.ids.includes(id);
  }

  /**
   * Make room for a cloud that is not held and record it on top. Released clouds on top are
   * dropped; then, while the stack is full, whatever is on top unless it is pinned (so a full
   * stack of plain clouds starts over, and a pinned cloud is never dropped — the stack may then
   * exceed `capacity`).
   * @param id the new cloud. @param stateOf what the predictor knows of a held cloud.
   * @returns how many of the previously held states stay below the new one.
   */
  admit(id: number, stateOf: (id: number) => HeldCloudState = () => 'plain'): number {
    if (this.has(id)) throw new Error(`HeldClouds: cloud ${id} is already held`);
    const top = (): number => this.ids[this.ids.length - 1];
    while (this.ids.length > 0 && stateOf(top()) === 'released') this.ids.pop();
    while (this.ids.length >= this.capacity && stateOf(top()) !== 'pinned') this.ids.pop();
    this.ids.push(id);
    return this.ids.length - 1;
  }
}

/** The prepared states an instance holds, bottom to top, in the order `HeldClouds.admit` keeps. */
export class PreparedStack<S> {
  private readonly entries: Array<{ id: number; state: S }> = [];

  /** @param release frees a state and everything prepared after it (the net's `releaseCloud`). */
  constructor(private readonly release: (state: S) => void) {}

  /** The state of a held cloud, if held. */
  get(id: number): S | undefined {
    return this.entries.find((e) => e.id === id)?.state;
  }

  /** Keep the bottom `keep` states (one release frees all above them), then prepare `id` on top. */
  push(id: number, keep: number, prepare: () => S): S {
    if (this.entries.length > keep) {
      this.release(this.entries[keep].state);
      this.entries.length = keep;
    }
    const state = prepare();
    this.entries.push({ id, state });
    return state;
  }

  /** Free every state. */
  clear(): void {
    if (this.entries.length > 0) this.release(this.entries[0].state);
    this.entries.length = 0;
  }
}
