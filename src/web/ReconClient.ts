/**
 * The page's handle on the reconstruction worker: starts it (posting the compiled nn.wasm
 * module and the model bytes), sends jobs, routes progress, and cancels by terminating the
 * worker — the next job starts a fresh one.
 */
import type { ErrorFigures, ReconSettings, ReconSummary, WorkerReply, WorkerRequest } from './workerProtocol.ts';

/** Rejection reason of jobs stopped by `cancel()`. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/** What the page needs to start workers. */
export interface ModelSource {
  /** Compiled build/wasm/nn.wasm. */
  wasm: WebAssembly.Module;
  /** Text of the model's config.json. */
  configText: string;
  /** Bytes of its weights.safetensors (copied to each worker). */
  weights: Uint8Array;
  /** Name for messages. */
  name: string;
}

export interface ModelInfo {
  /** The input sizes the model was trained on: "300" or "300–3000". */
  inputSizes: string;
  /** Poses each cloud is read in by default (the model's testRotations). */
  poses: number;
  threshold: number;
  parameters: number;
}

export interface ReconMesh {
  positions: Float32Array;
  faces: Uint32Array;
  summary: ReconSummary;
}

interface Pending {
  resolve: (r: WorkerReply) => void;
  reject: (e: Error) => void;
  onProgress?: (fraction: number | null, text: string) => void;
}

export class ReconClient {
  private worker: Worker | null = null;
  private ready: Promise<ModelInfo> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextJob = 1;

  /** @param source the module and model every worker gets. */
  constructor(private readonly source: ModelSource) {}

  /** Start the worker (if not running) and load the model; resolves with the model's facts. */
  start(): Promise<ModelInfo> {
    if (this.ready) return this.ready;
    const worker = new Worker(new URL('./reconWorker.ts', import.meta.url), { type: 'module', name: 'pointocc-recon' });
    this.worker = worker;
    this.ready = new Promise<ModelInfo>((resolve, reject) => {
      this.pending.set(0, {
        resolve: (r) => {
          if (r.type === 'ready') resolve(r);
        },
        reject,
      });
      worker.onmessage = (ev: MessageEvent<WorkerReply>) => this.onReply(ev.data);
      worker.onerror = (ev) => {
        ev.preventDefault();
        worker.terminate();
        if (this.worker === worker) {
          this.worker = null;
          this.ready = null;
        }
        this.failAll(new Error(`the reconstruction worker stopped: ${ev.message || 'it could not be started'}`));
      };
      const { wasm, configText, weights, name } = this.source;
      worker.postMessage({ type: 'init', wasm, configText, weights, modelName: name } satisfies WorkerRequest);
    });
    return this.ready;
  }

  /**
   * Reconstruct a surface from a cloud (input coordinates); the mesh comes back in them too.
   * @param positions xyz per point (copied). @param settings grid and threshold.
   * @param name file name for messages. @param onProgress done share of the current step in
   *   [0, 1] (null when the step has no count; see reconProgress.ts) and a status line.
   * @throws CancelledError after `cancel()`, Error with a plain message otherwise.
   */
  async reconstruct(
    positions: Float32Array,
    settings: ReconSettings,
    name: string,
    onProgress?: (fraction: number | null, text: string) => void,
  ): Promise<ReconMesh> {
    await this.start();
    const r = await this.send({ type: 'reconstruct', job: this.nextJob++, positions: positions.slice(), settings, name }, onProgress);
    if (r.type !== 'mesh') throw new Error(`unexpected reply ${r.type}`);
    return { positions: r.positions, faces: r.faces, summary: r.summary };
  }

  /**
   * Error colours and figures of a mesh against a ground truth in the same frame (input units):
   * per-vertex colours of the mesh by signed distance (red outside, blue inside, light green on
   * it), and both directions' mean distances, the missing and extra area shares, and the missing
   * ground-truth samples (see src/eval/errorColors.ts).
   * @param unit input units per reported unit: the cloud's longest bounding-box side (1 / scale),
   *   so the figures are unit-cube units.
   */
  async errorColors(
    positions: Float32Array,
    faces: Uint32Array,
    gtPositions: Float32Array,
    gtFaces: Uint32Array,
    unit: number,
  ): Promise<ErrorFigures> {
    await this.start();
    const r = await this.send({
      type: 'error-colors',
      job: this.nextJob++,
      positions: positions.slice(),
      faces: faces.slice(),
      gtPositions: gtPositions.slice(),
      gtFaces: gtFaces.slice(),
      unit,
    });
    if (r.type !== 'colors') throw new Error(`unexpected reply ${r.type}`);
    const { type: _t, job: _j, ...figures } = r;
    return figures;
  }

  /** Stop whatever runs now (its promise rejects with CancelledError); the next call restarts. */
  cancel(): void {
    this.worker?.terminate();
    this.worker = null;
    this.ready = null;
    this.failAll(new CancelledError());
  }

  private send(
    req: Extract<WorkerRequest, { job: number }>,
    onProgress?: (fraction: number | null, text: string) => void,
  ): Promise<WorkerReply> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new CancelledError());
    return new Promise<WorkerReply>((resolve, reject) => {
      this.pending.set(req.job, { resolve, reject, onProgress });
      const transfer: Transferable[] =
        req.type === 'reconstruct'
          ? [req.positions.buffer]
          : req.type === 'error-colors'
            ? [req.positions.buffer, req.faces.buffer, req.gtPositions.buffer, req.gtFaces.buffer]
            : [];
      worker.postMessage(req, transfer);
    });
  }

  private onReply(r: WorkerReply): void {
    const job = r.type === 'ready' ? 0 : r.job;
    const p = this.pending.get(job);
    if (!p) return;
    if (r.type === 'progress') {
      p.onProgress?.(r.fraction, r.text);
      return;
    }
    this.pending.delete(job);
    if (r.type === 'error') {
      p.reject(new Error(r.message));
      if (job === 0) {
        this.worker?.terminate();
        this.worker = null;
        this.ready = null;
      }
    } else p.resolve(r);
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}
