/** The options and result of `train()` (train.ts). */
import type { BestValidation } from './Checkpoint.ts';
import type { ShapeDataset } from '../data/ShapeDataset.ts';
import type { ValidationSummary } from './OccupancyCounts.ts';
import type { StepEntry, ValEntry } from './TrainLog.ts';
import type { TrainRunConfig } from './TrainRunConfig.ts';
import type { TrainSettings } from './TrainSettings.ts';
import type { ModelKitRef } from './TrainableModel.ts';

/** Settings a resumed run may change (they do not alter the trained weights' trajectory, except
 *  `workers`, which changes the last bits of the gradient sums, and `steps`, which extends the
 *  run — with a cosine schedule that also changes the learning rates from here on — and `lr`,
 *  the base rate of the schedule from the checkpoint's step on: a manual step decay, recorded
 *  per step in the log). */
export type ResumeOverrides = Partial<Pick<TrainSettings, 'steps' | 'lr' | 'workers' | 'valEvery' | 'checkpointMinutes' | 'logEvery'>>;

export interface TrainOptions {
  /** Run folder (created). */
  out: string;
  /** A fresh run's resolved config (see resolveTrainConfig); ignored when resuming. */
  config?: { model: unknown; train: TrainSettings };
  /** Continue the run in `out` from its checkpoint. */
  resume?: boolean;
  /** When resuming: settings to change (see {@link ResumeOverrides}). */
  overrides?: ResumeOverrides;
  /** Data folder (cache or ONet root); when resuming, default: the run's. */
  data?: string;
  /** An already opened dataset instead of `data` (bench, tests). */
  dataset?: ShapeDataset;
  /** A fresh run's initial weights from this model folder instead of the random initialisation
   *  (same architecture; see warmStart.ts). Ignored when resuming (the checkpoint holds them). */
  init?: string;
  /**
   * The model kit: for a new run, required (the method registry's `method.trainKit()`, or a
   * stand-in); when resuming, default: `kitOf(run)`.
   */
  kit?: ModelKitRef;
  /**
   * How a resumed run's kit is found from its config.json when `kit` is not given: the method
   * registry's `trainKitOfRun` (src/methods/trainKits.ts), which train/, below the registry,
   * does not import.
   */
  kitOf?: (run: TrainRunConfig, source: string) => Promise<ModelKitRef>;
  /** Progress bar on stderr. Default false. */
  progress?: boolean;
  /** Stop cleanly (checkpoint, return) on SIGINT/SIGTERM. Default false (the CLI sets it). */
  signals?: boolean;
  /** Receives human-readable messages. Default: stderr lines. */
  message?: (line: string) => void;
  /** Called after every step; returning true asks for a clean stop, as a signal would. */
  onStep?: (e: StepEntry) => boolean | void;
  /** Called after every validation. */
  onValidation?: (e: ValEntry) => void;
}

export interface TrainResult {
  /** Steps taken in total. */
  step: number;
  /** 'done': reached `steps`; 'stopped': a signal or onStep asked to stop. */
  status: 'done' | 'stopped';
  best: BestValidation | null;
  lastValidation: ValidationSummary | null;
  /** Training wall time over all sessions (s). */
  elapsedSeconds: number;
  /** The run's resolved config. */
  config: TrainRunConfig;
}
