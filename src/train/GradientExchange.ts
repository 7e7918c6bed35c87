/**
 * Shared memory of the data-parallel gradient all-reduce: one flat float32 gradient slot per
 * worker plus a small control block (barrier counter, generation, abort flag).
 *
 * Protocol of one step (docs/design.md §8, data-parallel workers): every worker writes its gradient into
 * its own slot, passes the barrier, then sums all slots **in rank order** into its parameters'
 * gradients and applies the identical Adam update, so all replicas stay bit-identical without
 * any parameter broadcast. Slots are rewritten only in the next step, which the main thread
 * starts after every worker has reported the end of this one.
 */

const ARRIVED = 0;
const GENERATION = 1;
const ABORT = 2;
const CONTROL_INTS = 4;

/** Thrown in a worker waiting at the barrier when another worker has failed. */
export class ExchangeAborted extends Error {
  constructor() {
    super('gradient exchange aborted (another worker failed)');
    this.name = 'ExchangeAborted';
  }
}

export class GradientExchange {
  readonly workers: number;
  /** Floats per slot (the model's parameter count). */
  readonly size: number;
  readonly gradBuffer: SharedArrayBuffer;
  readonly controlBuffer: SharedArrayBuffer;
  private readonly ctl: Int32Array;
  private readonly slots: Float32Array[];

  /**
   * @param workers number of replicas, ≥ 1.
   * @param size floats per gradient slot.
   * @param buffers the shared buffers of an exchange made elsewhere (a worker attaching to the
   *   main thread's exchange); omitted: new zeroed buffers.
   */
  constructor(workers: number, size: number, buffers?: { grad: SharedArrayBuffer; control: SharedArrayBuffer }) {
    if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`GradientExchange: workers must be ≥ 1, got ${workers}`);
    this.workers = workers;
    this.size = size;
    this.gradBuffer = buffers?.grad ?? new SharedArrayBuffer(workers * size * 4);
    this.controlBuffer = buffers?.control ?? new SharedArrayBuffer(CONTROL_INTS * 4);
    if (this.gradBuffer.byteLength !== workers * size * 4) throw new RangeError('GradientExchange: gradient buffer size does not match');
    this.ctl = new Int32Array(this.controlBuffer);
    this.slots = Array.from({ length: workers }, (_, r) => new Float32Array(this.gradBuffer, r * size * 4, size));
  }

  /** The flat gradient slot of worker `rank`. */
  slot(rank: number): Float32Array {
    return this.slots[rank];
  }

  /**
   * Blocks until all `workers` replicas have called it (a generation barrier, reusable every
   * step). Writes made before it are visible to every replica after it (Atomics are
   * sequentially consistent). Only for worker threads.
   * @throws ExchangeAborted when {@link abort} was called while waiting.
   */
  barrier(): void {
    const ctl = this.ctl;
    if (Atomics.load(ctl, ABORT)) throw new ExchangeAborted();
    const gen = Atomics.load(ctl, GENERATION);
    if (Atomics.add(ctl, ARRIVED, 1) === this.workers - 1) {
      // Last to arrive: reset the count before releasing the others, so the barrier is reusable.
      Atomics.store(ctl, ARRIVED, 0);
      Atomics.add(ctl, GENERATION, 1);
      Atomics.notify(ctl, GENERATION);
      return;
    }
    while (Atomics.load(ctl, GENERATION) === gen) {
      // A timeout, so a failed peer (which sets ABORT) never leaves us blocked forever.
      Atomics.wait(ctl, GENERATION, gen, 250);
      if (Atomics.load(ctl, ABORT)) throw new ExchangeAborted();
    }
  }

  /** Wakes and fails every replica waiting at (or later reaching) the barrier. */
  abort(): void {
    Atomics.store(this.ctl, ABORT, 1);
    Atomics.notify(this.ctl, GENERATION);
  }

  /** Whether {@link abort} was called. */
  get aborted(): boolean {
    return Atomics.load(this.ctl, ABORT) !== 0;
  }
}
