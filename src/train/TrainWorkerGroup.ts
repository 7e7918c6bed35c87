/**
 * The main thread's handle on the data-parallel replicas: starts `workers` threads (each with its
 * own Engine from one compiled WebAssembly.Module and its own model replica), sets up the shared
 * gradient exchange, and turns requests into promises.
 */
import type { Worker } from 'node:worker_threads';
import { moduleUrl, startWorker } from '../data/workerScript.ts';
import { UsageError } from '../errors.ts';
import { compileNnModule } from '../nn/engine/loadWasm.ts';
import { GradientExchange } from './GradientExchange.ts';
import type { OccupancyCounts } from './OccupancyCounts.ts';
import type { ReplicaState, StepStats, ValidationShape } from './Replica.ts';
import type { ItemBlock } from './ItemBlock.ts';
import type { ModelKitRef } from './TrainableModel.ts';
import type { TrainWorkerData, TrainWorkerRequest } from './trainWorker.ts';

type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; message: string; stack?: string; usage: boolean };
type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };
/** A request without its id (the group assigns one). */
type Request = TrainWorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** Options of {@link TrainWorkerGroup.start}. */
export interface TrainWorkerGroupOptions {
  kit: ModelKitRef;
  /** Validated model config (the same for every replica). */
  config: unknown;
  /** Run seed (initialisation). */
  seed: number;
  /** Worker threads, ≥ 1. */
  workers: number;
}

export class TrainWorkerGroup {
  readonly workers: number;
  /** Parameter count of the model. */
  readonly size: number;
  private readonly threads: Worker[];
  private readonly pending: Map<number, Pending>[];
  private nextId = 1;
  private failure: Error | null = null;
  private closed = false;
  private readonly exchange: GradientExchange;

  private constructor(threads: Worker[], size: number) {
    this.threads = threads;
    this.workers = threads.length;
    this.size = size;
    this.pending = threads.map(() => new Map());
    this.exchange = new GradientExchange(this.workers, size);
    threads.forEach((w, rank) => {
      w.on('message', (m: Reply) => this.onReply(rank, m));
      w.on('error', (e) => this.fail(new Error(`trainer worker ${rank} failed: ${e instanceof Error ? e.message : String(e)}`)));
      w.on('exit', (code) => {
        if (!this.closed) this.fail(new Error(`trainer worker ${rank} exited with code ${code}`));
      });
    });
  }

  /**
   * Starts the threads and waits until every replica is built and attached to the exchange.
   * @throws the first worker's start-up error (a UsageError from the model kit stays one).
   */
  static async start(o: TrainWorkerGroupOptions): Promise<TrainWorkerGroup> {
    const module = await compileNnModule();
    const entry = moduleUrl('./trainWorker', import.meta.url);
    const threads: Worker[] = [];
    const sizes = await Promise.all(
      Array.from(
        { length: o.workers },
        (_, rank) =>
          new Promise<number>((resolve, reject) => {
            const data: TrainWorkerData = { kit: o.kit, config: o.config, seed: o.seed, rank, workers: o.workers, module };
            const w = startWorker(entry, { ...data });
            threads.push(w);
            const onMsg = (m: { ready?: boolean; size?: number }): void => {
              if (m.ready) {
                w.off('message', onMsg);
                w.off('error', onErr);
                w.off('exit', onExit);
                resolve(m.size!);
              }
            };
            const onErr = (e: unknown): void => {
              const err = e instanceof Error ? e : new Error(String(e));
              reject(
                err.name === 'UsageError'
                  ? new UsageError(err.message)
                  : new Error(`trainer worker ${rank} failed to start: ${err.message}`),
              );
            };
            const onExit = (code: number): void => reject(new Error(`trainer worker ${rank} exited with code ${code} while starting`));
            w.on('message', onMsg);
            w.on('error', onErr);
            w.on('exit', onExit);
          }),
      ),
    ).catch(async (e) => {
      await Promise.all(threads.map((t) => t.terminate()));
      throw e;
    });
    if (sizes.some((s) => s !== sizes[0])) throw new Error(`replicas disagree on the parameter count: ${sizes.join(', ')}`);
    const g = new TrainWorkerGroup(threads, sizes[0]);
    await Promise.all(g.broadcast({ type: 'exchange', grad: g.exchange.gradBuffer, control: g.exchange.controlBuffer }));
    return g;
  }

  /** Sends a request to one replica. */
  call<T>(rank: number, req: Request): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error('TrainWorkerGroup is closed'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending[rank].set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.threads[rank].postMessage({ ...req, id });
    });
  }

  /** Sends the same request to every replica. */
  broadcast<T>(req: Request): Promise<T>[] {
    return this.threads.map((_, r) => this.call<T>(r, req));
  }

  /**
   * One optimiser step over a batch already split into per-replica blocks (one per worker; a
   * block may be empty). Resolves when every replica has applied the update.
   * @param gradScale 1 / (items in the whole batch). @param lr the step's learning rate.
   */
  async step(blocks: readonly ItemBlock[], gradScale: number, lr: number): Promise<StepStats[]> {
    if (blocks.length !== this.workers) throw new RangeError(`step: ${blocks.length} blocks for ${this.workers} workers`);
    return Promise.all(blocks.map((block, r) => this.call<StepStats>(r, { type: 'step', block, gradScale, lr })));
  }

  /** Hands each replica its share of the validation shapes (shape i goes to replica i mod W). */
  async setValidation(shapes: readonly ValidationShape[], chunk: number): Promise<void> {
    await Promise.all(
      this.threads.map((_, r) => this.call(r, { type: 'setValidation', shapes: shapes.filter((_, i) => i % this.workers === r), chunk })),
    );
  }

  /** Per-shape counts of every validation shape, in the order given to {@link setValidation}. */
  async validate(): Promise<OccupancyCounts[]> {
    const parts = await Promise.all(this.broadcast<OccupancyCounts[]>({ type: 'validate' }));
    const n = parts.reduce((a, p) => a + p.length, 0);
    const out: OccupancyCounts[] = new Array(n);
    parts.forEach((p, r) =>
      p.forEach((c, k) => {
        out[k * this.workers + r] = c;
      }),
    );
    return out;
  }

  /** Parameters and Adam state of replica `rank` (default 0). */
  state(rank = 0): Promise<ReplicaState> {
    return this.call<ReplicaState>(rank, { type: 'getState' });
  }

  /** The flat parameter gradient held by replica `rank` (after a step: the summed batch gradient). */
  gradient(rank = 0): Promise<Float32Array> {
    return this.call<Float32Array>(rank, { type: 'getGradient' });
  }

  /** Loads the same state into every replica. */
  async loadState(state: Pick<ReplicaState, 'names' | 'params' | 'adam'>): Promise<void> {
    await Promise.all(this.broadcast({ type: 'loadState', state }));
  }

  /** Replica 0 writes a loadable model directory through the kit's `save`. */
  async saveModel(dir: string): Promise<void> {
    await this.call(0, { type: 'save', dir });
  }

  /** Stops the threads. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.threads.map((t) => t.terminate()));
  }

  private onReply(rank: number, m: Reply): void {
    const p = this.pending[rank].get(m.id);
    if (!p) return;
    this.pending[rank].delete(m.id);
    if (m.ok) p.resolve(m.result);
    else {
      const e = m.usage ? new UsageError(m.message) : new Error(`trainer worker ${rank}: ${m.message}`);
      if (!m.usage && m.stack) e.stack = m.stack;
      p.reject(e);
    }
  }

  private fail(e: Error): void {
    if (this.failure || this.closed) return;
    this.failure = e;
    this.exchange.abort();
    for (const map of this.pending) {
      for (const p of map.values()) p.reject(e);
      map.clear();
    }
  }
}
