/**
 * Messages between the page (`ReconClient`) and the reconstruction worker (`reconWorker.ts`).
 * Arrays travel as transferred typed arrays; the compiled nn.wasm module is posted as a
 * `WebAssembly.Module` (compiled once by the page, instantiated by each worker).
 */
import type { TwoWayError } from '../eval/errorColors.ts';

/** Settings of one reconstruction (see `reconstruct` in src/recon/reconstruct.ts). */
export interface ReconSettings {
  /** Final grid cells per axis (multiple of 2^upsamplingSteps, 8…1024). */
  resolution: number;
  /** MISE halvings of the voxel size (0…6). */
  upsamplingSteps: number;
  /** Decision threshold on P(inside); default the model's. */
  threshold?: number;
  /** Taubin smoothing iterations (default DEFAULT_SMOOTH_ITERATIONS, 10; 0: none). */
  smoothIterations?: number;
  /** Seed of the input-subset choice (default 0). */
  seed?: number;
  /** Query points per model call (default 8192: progress granularity). */
  batchSize?: number;
}

export type WorkerRequest =
  | { type: 'init'; wasm: WebAssembly.Module; configText: string; weights: Uint8Array; modelName: string }
  | { type: 'reconstruct'; job: number; positions: Float32Array; settings: ReconSettings; name: string }
  /** `unit`: input units per reported unit (the cloud's longest bounding-box side, 1 / scale), so
   *  the reply's distances are unit-cube units of the normalised frame. */
  | {
      type: 'error-colors';
      job: number;
      positions: Float32Array;
      faces: Uint32Array;
      gtPositions: Float32Array;
      gtFaces: Uint32Array;
      unit: number;
    };

/** Summary of a finished reconstruction (a subset of ReconstructStats). */
export interface ReconSummary {
  points: number;
  subsets: number;
  subsetSize: number;
  /** Poses the input was read in (test-time rotations; several subsets cycle through them). */
  poses: number;
  resolution: number;
  resolution0: number;
  upsamplingSteps: number;
  threshold: number;
  vertices: number;
  faces: number;
  watertight: boolean;
  evaluations: number;
  /** MISE rounds until the fixed point (not known in advance; at least 1). */
  rounds: number;
  /** The input → unit-cube map's scale, 1 / (longest side of the cloud's bounding box), 1 / input units. */
  scale: number;
  seconds: number;
  networkSeconds: number;
  warnings: string[];
}

export type WorkerReply =
  | { type: 'ready'; inputSizes: string; poses: number; threshold: number; parameters: number }
  /** `fraction`: done share of the current step (MISE: of the current round), null when unknown. */
  | { type: 'progress'; job: number; fraction: number | null; text: string }
  | { type: 'mesh'; job: number; positions: Float32Array; faces: Uint32Array; summary: ReconSummary }
  | ({ type: 'colors'; job: number } & ErrorFigures)
  | { type: 'error'; job: number; message: string };

/**
 * Error colouring of a result against a ground truth, both directions (src/eval/errorColors.ts).
 * Distances in unit-cube units: the input cloud's bounding box scaled so its longest side is 1.
 */
export type ErrorFigures = Pick<
  TwoWayError,
  'accuracy' | 'completeness' | 'missingFraction' | 'extraFraction' | 'tau' | 'missingPoints'
> & {
  /** Per-vertex RGB of the reconstruction: signed distance to the ground truth (jet, ±range). */
  colors: Uint8Array;
  /** Half-width of the colour scale: the largest |signed distance| of a vertex. */
  range: number;
};
