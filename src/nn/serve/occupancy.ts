/**
 * Inference API of a trained occupancy model — pcnn-occ or the ONet baseline, whichever the
 * folder's `config.json` names (`method`; see OccupancyNet.ts): P(inside) of query points given
 * an input cloud.
 *
 * Query sets are cut into chunks served from one queue by worker threads (query-parallel: each
 * worker takes the next chunk when it has fewer than two; each has its own Engine
 * instantiated from one compiled WebAssembly.Module, its own copy of the weights, and prepares
 * the cloud itself — pcnn-occ: levels, plans and the seven fields H; ONet: the code c and the
 * folded batch norms — once, then keeps it, and a few other recent clouds (HeldClouds.ts), for
 * further batches). `workers: 0`
 * evaluates in the calling thread.
 *
 * Coordinates: input and queries in the normalised unit-cube frame (docs/design.md §2). The input may
 * have any number N ≥ 16 of points, not only `config.inputPoints`: the levels become
 * min(levelSizes[l], N_{l−1}) points and σ_l = c/√N_l follows the actual sizes, so the kernel
 * keeps its ratio to the point spacing. Accuracy is best near the trained count (the network's
 * features are density-normalised, but it only saw that sampling density in training). ONet
 * takes any N ≥ 1 (its encoder max-pools over the points).
 */
import type { Worker } from 'node:worker_threads';
import { moduleUrl, startWorker } from '../../data/workerScript.ts';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { compileNnModule } from '../engine/loadWasm.ts';
import { Engine } from '../engine/Engine.ts';
import { readOccupancyNetConfig, createOccupancyNet } from './modelIo.ts';
import { probability } from '../ops/softmaxCrossEntropy.ts';
import type { OccupancyNet, OccupancyNetConfig } from '../models/OccupancyNet.ts';
import type { OccupancyWorkerReply, OccupancyWorkerRequest } from './occupancyWorker.ts';
import { UsageError } from '../../errors.ts';
import { validateConfig } from '../models/pcnnOcc/PcnnOccConfig.ts';
import { HeldClouds, PreparedStack, type HeldCloudState } from './HeldClouds.ts';

export interface OccupancyPredictorOptions {
  /**
   * Worker threads (default: the number of cores, `os.availableParallelism()`); 0 evaluates in
   * the calling thread.
   */
  workers?: number;
  /**
   * Fewest queries worth sending to one more worker (default 2048): smaller sets use fewer
   * workers, since each worker first prepares the cloud once.
   */
  minQueriesPerWorker?: number;
  /**
   * Overrides the model's `density.sigmaPoints` (pcnn-occ density models; null: none, σ follows
   * every N0), for comparing settings on validation (scripts/choose-pass-size.ts). Checked as the
   * config field is: an integer in [inputPoints, maxPoints].
   */
  sigmaPoints?: number | null;
}

/** A cloud registered with the predictor (an id lets workers keep its prepared state). */
export interface PreparedInput {
  readonly id: number;
  readonly points: Float32Array;
  /** Held by one worker only (see {@link OccupancyPredictor.input}); released by `release`. */
  readonly pinned?: boolean;
}

interface Pending {
  resolve: (p: Float32Array) => void;
  reject: (e: Error) => void;
}

interface WorkerSlot {
  worker: Worker;
  /** Cloud ids the worker will hold after its queued jobs (messages are handled in order). */
  held: HeldClouds;
  /** Chunks sent to the worker and not answered yet. */
  inFlight: number;
}

/** A part of a query set waiting for a worker. */
interface Chunk {
  input: PreparedInput;
  queries: Float32Array;
  resolve: (p: Float32Array) => void;
  reject: (e: Error) => void;
}

/** Largest chunk of queries sent to a worker at once (about 0.1 s of work near a surface). */
const CHUNK_QUERIES = 8192;
/** Smallest chunk once every worker holds the cloud (below it, messages cost more than they save). */
const MIN_CHUNK_QUERIES = 256;
/** Cost of preparing a cloud, in queries near the surface per input point (see duplicateFloor). */
const PREPARE_QUERIES_PER_POINT = 11;
/** Chunks a worker may hold at once: one running, one waiting, so it never idles between them. */
const MAX_IN_FLIGHT = 2;

let nextCloudId = 1;

export class OccupancyPredictor {
  /** The model's config (`method` tells pcnn-occ from ONet). */
  readonly config: OccupancyNetConfig;
  /** Decision threshold on P(inside) stored with the model. */
  readonly threshold: number;
  /** Number of worker threads (0: in-thread). */
  readonly workers: number;
  private readonly minPerWorker: number;
  private readonly slots: WorkerSlot[];
  private readonly pending = new Map<number, Pending>();
  private readonly queue: Chunk[] = [];
  private nextJob = 1;
  private pumpScheduled = false;
  /** Ticks of requests: one per scheduled pump (a round's passes are asked for in one tick). */
  private tick = 0;
  /** Per cloud not released, the tick of its latest request (siblings share it: duplicateFloor). */
  private readonly askedInTick = new Map<number, number>();
  private closed = false;
  /** In-thread model and its prepared clouds (workers: 0). */
  private readonly local: OccupancyNet | null;
  private readonly localHeld = new HeldClouds();
  private readonly localStates: PreparedStack<unknown>;
  /** Clouds sent to a worker to prepare (each costs about as much as a few thousand queries). */
  prepares = 0;
  /** Pinned inputs not released yet: their worker is not handed another pinned cloud. */
  private readonly active = new Set<number>();
  /** Inputs released: a worker holding one drops it first. */
  private readonly released = new Set<number>();
  private readonly stateOf = (id: number): HeldCloudState =>
    this.active.has(id) ? 'pinned' : this.released.has(id) ? 'released' : 'plain';

  private constructor(config: OccupancyNetConfig, slots: WorkerSlot[], local: OccupancyNet | null, minPerWorker: number) {
    this.config = config;
    this.threshold = config.threshold;
    this.slots = slots;
    this.workers = slots.length;
    this.local = local;
    this.localStates = new PreparedStack((state) => local!.releaseCloud(state));
    this.minPerWorker = minPerWorker;
    for (const s of slots) {
      s.worker.on('message', (m: OccupancyWorkerReply) => this.onReply(m));
      s.worker.on('error', (e) => this.failAll(e instanceof Error ? e : new Error(String(e))));
      s.worker.on('exit', (code) => {
        if (!this.closed) this.failAll(new Error(`occupancy worker exited with code ${code}`));
      });
    }
  }

  /**
   * Load a model directory (config.json + weights.safetensors) and start the workers.
   * @param modelDir a directory written by `saveModel` (pcnn-occ) or `saveOnetModel` (ONet).
   * @throws UsageError when it is not a model directory (missing files, bad config).
   */
  static async create(modelDir: string, opts: OccupancyPredictorOptions = {}): Promise<OccupancyPredictor> {
    const config = withSigmaPoints(readOccupancyNetConfig(modelDir), opts.sigmaPoints, modelDir);
    const wpath = join(modelDir, 'weights.safetensors');
    if (!existsSync(wpath)) throw new UsageError(`${modelDir} has no weights.safetensors`);
    const weights = new Uint8Array(readFileSync(wpath));
    const n = opts.workers ?? availableParallelism();
    if (!Number.isInteger(n) || n < 0) throw new UsageError(`workers must be an integer ≥ 0, got ${n}`);
    const minPer = opts.minQueriesPerWorker ?? 2048;
    const module = await compileNnModule();
    if (n === 0) {
      const model = createOccupancyNet(Engine.fromModule(module), config, weights, wpath);
      return new OccupancyPredictor(config, [], model, minPer);
    }
    const slots: WorkerSlot[] = [];
    try {
      await Promise.all(
        Array.from({ length: n }, async () => {
          const worker = startWorker(moduleUrl('./occupancyWorker', import.meta.url));
          slots.push({ worker, held: new HeldClouds(), inFlight: 0 });
          await new Promise<void>((resolve, reject) => {
            const onMsg = (m: OccupancyWorkerReply): void => {
              worker.off('message', onMsg);
              worker.off('error', reject);
              if (m.type === 'ready') resolve();
              else reject(new Error(`occupancy worker failed to start: ${'message' in m ? m.message : m.type}`));
            };
            worker.on('message', onMsg);
            worker.once('error', reject);
            worker.postMessage({ type: 'init', module, config, weights } satisfies OccupancyWorkerRequest);
          });
        }),
      );
    } catch (e) {
      for (const s of slots) void s.worker.terminate();
      throw e;
    }
    return new OccupancyPredictor(config, slots, null, minPer);
  }

  /**
   * Register a cloud for repeated evaluation (see `createEvaluator`). The array is copied.
   *
   * `pinned`: the cloud is prepared by one worker only, which keeps it until `release(input)`
   * (its chunks wait for that worker, and the worker is handed no other cloud meanwhile). For
   * callers that evaluate several clouds at once, one per worker — the tiles of a large cloud
   * (src/recon/tiledMise.ts): each is then prepared once, not once per worker and round.
   */
  input(points: Float32Array, opts: { pinned?: boolean } = {}): PreparedInput {
    if (points.length % 3 !== 0) throw new RangeError('OccupancyPredictor: cloud length is not a multiple of 3');
    const id = nextCloudId++;
    if (opts.pinned) this.active.add(id);
    return { id, points: Float32Array.from(points), ...(opts.pinned ? { pinned: true } : {}) };
  }

  /** Done with an input: a pinned input's worker may take other clouds, and whoever holds its
   *  prepared state drops it before preparing another cloud. */
  release(input: PreparedInput): void {
    this.released.add(input.id);
    this.askedInTick.delete(input.id);
    if (this.active.delete(input.id)) this.pump();
  }

  /**
   * P(inside) of each query for the given input cloud.
   * @param inputCloud xyz of the input points (N ≥ 16, unit-cube frame).
   * @param queries xyz of the Q query points (unit-cube frame).
   * @returns Float32Array(Q) of probabilities in [0, 1].
   */
  predict(inputCloud: Float32Array | PreparedInput, queries: Float32Array): Promise<Float32Array> {
    const input = inputCloud instanceof Float32Array ? this.input(inputCloud) : inputCloud;
    return this.run(input, queries);
  }

  private async run(input: PreparedInput, queries: Float32Array): Promise<Float32Array> {
    if (this.closed) throw new Error('OccupancyPredictor: closed');
    if (queries.length % 3 !== 0) throw new RangeError('OccupancyPredictor: queries length is not a multiple of 3');
    const Q = queries.length / 3;
    if (this.local) {
      const local = this.local;
      let state = this.localStates.get(input.id);
      if (state === undefined) {
        this.prepares++;
        state = this.localStates.push(input.id, this.localHeld.admit(input.id, this.stateOf), () => local.prepareCloud(input.points));
        this.forgetReleased();
      }
      return probability(local.evaluate(state, queries));
    }
    const out = new Float32Array(Q);
    if (Q === 0) return out;
    // Cut into chunks that go through one queue to whichever worker is free (at most
    // MAX_IN_FLIGHT each): the workers stay busy while the caller handles replies, and a part of
    // the set that costs more (queries near the surface need far more restriction entries than
    // far ones) does not leave the other worker idle at the end, as equal static halves did.
    // Smallest chunk: minQueriesPerWorker while a worker may still have to prepare the cloud;
    // once every worker holds it, small sets (MISE's last rounds) are split too.
    const allHold = this.slots.every((s) => s.held.has(input.id));
    const floor = allHold ? MIN_CHUNK_QUERIES : this.minPerWorker;
    const size = Math.max(Math.min(CHUNK_QUERIES, Math.ceil(Q / (2 * this.slots.length))), Math.min(Q, floor));
    const parts: Array<Promise<void>> = [];
    for (let s0 = 0; s0 < Q; s0 += size) {
      const s1 = Math.min(Q, s0 + size);
      parts.push(
        new Promise<Float32Array>((resolve, reject) => {
          this.queue.push({ input, queries: queries.slice(3 * s0, 3 * s1), resolve, reject });
        }).then((p) => {
          out.set(p, s0);
        }),
      );
    }
    this.askedInTick.set(input.id, this.tick);
    this.schedulePump();
    await Promise.all(parts);
    return out;
  }

  /**
   * Fewest waiting queries of a cloud that another worker already holds for which `slot`, free,
   * prepares it a second time. Usually `minQueriesPerWorker`: the worker then shares this cloud's
   * work in this round and in every later one. But a worker that holds a sibling — a live cloud
   * asked for in the same tick, i.e. another pass of the same MISE round (passMean.ts) — gets its
   * own work back next round; preparing this cloud only gains half of the queries now waiting,
   * so it pays only when they cost more than two preparations: about 2 × 11·N queries (measured
   * single-thread on the default model: preparing 18.5 ms at 300 points, 105 ms at 1500, 226 ms
   * at 3000, 0.07 ms per point; a query near the surface 6.5 µs whatever N). With the plain
   * floor, the worker that finished its pass of a 3000-point cloud prepared the other pass
   * (105 ms) to take its last 8192-query chunk (about 50 ms of work): 3–4 preparations instead
   * of 2, and 0.3–0.4 s more, in two runs out of three (bench:tiles).
   */
  private duplicateFloor(input: PreparedInput, slot: WorkerSlot): number {
    const tick = this.askedInTick.get(input.id);
    const sibling = slot.held.ids.some((id) => id !== input.id && this.stateOf(id) !== 'released' && this.askedInTick.get(id) === tick);
    return sibling ? Math.max(this.minPerWorker, 2 * PREPARE_QUERIES_PER_POINT * (input.points.length / 3)) : this.minPerWorker;
  }

  /** Pump once the current tick has queued its sets: the passes of a shape are asked for one
   *  after the other in one tick (passMean.ts), so each free worker can be given a pass of its own. */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    queueMicrotask(() => {
      this.pumpScheduled = false;
      this.tick++; // requests made from now on are not siblings of those queued so far
      if (!this.closed) this.pump();
    });
  }

  /**
   * Hand queued chunks to free workers, in queue order. A worker that already holds the chunk's
   * cloud is preferred; another one first takes queued chunks that need no second preparation
   * (of a cloud it holds or nobody holds), and prepares the cloud only when nobody holds it or
   * when at least `minQueriesPerWorker` queries of that cloud are waiting (preparing costs about
   * as much as evaluating a few thousand queries). A pinned cloud's chunks go to its one worker only, and
   * wait without holding up the chunks of other clouds queued behind them.
   */
  private pump(): void {
    let i = 0;
    while (i < this.queue.length) {
      const head = this.queue[i];
      const free = this.slots.filter((s) => s.inFlight < MAX_IN_FLIGHT);
      if (free.length === 0) return;
      let slot = free.find((s) => s.held.has(head.input.id));
      if (!slot) {
        const held = this.slots.some((s) => s.held.has(head.input.id));
        if (head.input.pinned) {
          // a pinned cloud waits for its one worker; an unheld one takes a worker whose cloud
          // no pinned caller still needs (the least busy), or waits; chunks behind it go on
          const open = free.filter((s) => !s.held.ids.some((id) => this.active.has(id)));
          if (held || open.length === 0) {
            i++;
            continue;
          }
          slot = open.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
        } else {
          if (held) {
            // Before a second worker prepares this cloud, it takes queued work that needs no
            // second preparation: a cloud it holds, or one nobody holds yet (the other passes of
            // a shape, queued in the same tick). Then each pass is prepared by one worker, not by
            // all of them.
            const j = this.queue.findIndex(
              (c, k) =>
                k > i && !c.input.pinned && (free.some((s) => s.held.has(c.input.id)) || !this.slots.some((s) => s.held.has(c.input.id))),
            );
            if (j > 0) {
              i = j;
              continue;
            }
            let waiting = 0;
            for (const c of this.queue) if (c.input.id === head.input.id) waiting += c.queries.length / 3;
            slot = free.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
            if (waiting < this.duplicateFloor(head.input, slot)) return; // wait for a holder
          } else slot = free.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
        }
      }
      this.queue.splice(i, 1);
      const send = !slot.held.has(head.input.id);
      const keep = send ? slot.held.admit(head.input.id, this.stateOf) : 0;
      if (send) {
        this.prepares++;
        this.forgetReleased();
      }
      slot.inFlight++;
      const job = this.nextJob++;
      const s = slot;
      this.pending.set(job, {
        resolve: (p) => {
          s.inFlight--;
          head.resolve(p);
          this.pump();
        },
        reject: (e) => {
          s.inFlight--;
          head.reject(e);
          this.pump();
        },
      });
      const msg: OccupancyWorkerRequest = {
        type: 'eval',
        job,
        cloudId: head.input.id,
        queries: head.queries,
        ...(send ? { cloud: { points: head.input.points, keep } } : {}),
      };
      slot.worker.postMessage(msg, [head.queries.buffer as ArrayBuffer]);
    }
  }

  /** Stop the workers (pending predictions fail) and free the in-thread model's cloud. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.failAll(new Error('OccupancyPredictor: closed'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.localStates.clear();
  }

  /** Released clouds nobody holds any more need no remembering. */
  private forgetReleased(): void {
    for (const id of this.released) if (!this.localHeld.has(id) && !this.slots.some((s) => s.held.has(id))) this.released.delete(id);
  }

  private onReply(m: OccupancyWorkerReply): void {
    if (m.type === 'ready') return;
    const p = this.pending.get(m.job);
    if (!p) return;
    this.pending.delete(m.job);
    if (m.type === 'result') p.resolve(m.probs);
    else p.reject(new Error(`occupancy worker: ${m.message}`));
  }

  private failAll(e: Error): void {
    // the queue is emptied first, so the rejections below have nothing left to dispatch
    const queued = this.queue.splice(0),
      pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(e);
    for (const c of queued) c.reject(e);
  }
}

/** The config with `density.sigmaPoints` replaced (`undefined`: unchanged; null: removed). */
function withSigmaPoints(config: OccupancyNetConfig, sigmaPoints: number | null | undefined, modelDir: string): OccupancyNetConfig {
  if (sigmaPoints === undefined) return config;
  if (config.method !== 'pcnn-occ' || !config.density)
    throw new UsageError(`${modelDir}: sigmaPoints needs a pcnn-occ model with density levels (config "density")`);
  const { sigmaPoints: _old, ...density } = config.density;
  return validateConfig({ ...config, density: sigmaPoints === null ? density : { ...density, sigmaPoints } }, `${modelDir} (sigmaPoints)`);
}

/**
 * An evaluation function for MISE (`extractSurface`) over one cloud: the cloud is prepared once
 * per worker on the first call and reused for every later batch.
 * @param predictor an open predictor. @param cloud xyz of the input cloud (unit-cube frame).
 * @returns (queries xyz) → Promise of P(inside) per query.
 */
export function createEvaluator(
  predictor: OccupancyPredictor,
  cloud: Float32Array,
  opts: { pinned?: boolean } = {},
): ((queries: Float32Array) => Promise<Float32Array>) & { release(): void } {
  const input = predictor.input(cloud, opts);
  return Object.assign((queries: Float32Array) => predictor.predict(input, queries), { release: () => predictor.release(input) });
}

/**
 * The binder of a predictor: a cloud → its evaluator (`createEvaluator`), passing `pinned` on, so
 * every caller (CLI, API, experiments) binds clouds and tiles the same way.
 */
export function evaluatorBinder(
  predictor: OccupancyPredictor,
): (cloud: Float32Array, opts?: { pinned?: boolean }) => ReturnType<typeof createEvaluator> {
  return (cloud, opts) => createEvaluator(predictor, cloud, opts);
}
