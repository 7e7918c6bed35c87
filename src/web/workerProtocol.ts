/**
 * Messages between the page (`ReconClient`) and the reconstruction worker (`reconWorker.ts`).
 * Arrays travel as transferred typed arrays; the compiled nn.wasm module is posted as a
 * `WebAssembly.Module` (compiled once by the page, instantiated by each worker).
 */

/** Settings of one reconstruction (see `reconstruct` in src/recon/reconstruct.ts). */
export interface ReconSettings {
  /** Final grid cells per axis (multiple of 2^upsamplingSteps, 8…1024). */
  resolution: number;
  /** MISE halvings of the voxel size (0…6). */
  upsamplingSteps: number;
  /** Decision threshold on P(inside); default the model's. */
  threshold?: number;
  /** Taubin smoothing iterations (default 0). */
  smoothIterations?: number;
  /** Seed of the input-subset choice (default 0). */
  seed?: number;
  /** Query points per model call (default 8192: progress granularity). */
  batchSize?: number;
}

export type WorkerRequest =
  | { type: 'init'; wasm: WebAssembly.Module; configText: string; weights: Uint8Array; modelName: string }
  | { type: 'reconstruct'; job: number; positions: Float32Array; settings: ReconSettings; name: string }
  | { type: 'error-colors'; job: number; positions: Float32Array; faces: Uint32Array; gtPositions: Float32Array; gtFaces: Uint32Array };

/** Summary of a finished reconstruction (a subset of ReconstructStats). */
export interface ReconSummary {
  points: number;
  subsets: number;
  subsetSize: number;
  resolution: number;
  resolution0: number;
  upsamplingSteps: number;
  threshold: number;
  vertices: number;
  faces: number;
  watertight: boolean;
  evaluations: number;
  seconds: number;
  networkSeconds: number;
  warnings: string[];
}

export type WorkerReply =
  | { type: 'ready'; inputPoints: number; threshold: number; parameters: number }
  | { type: 'progress'; job: number; fraction: number; text: string }
  | { type: 'mesh'; job: number; positions: Float32Array; faces: Uint32Array; summary: ReconSummary }
  | { type: 'colors'; job: number; colors: Uint8Array; range: number; meanAbs: number }
  | { type: 'error'; job: number; message: string };
