/**
 * What a queued reconstruction is: the data a job carries from `queue submit` to the sandboxed
 * processor, its result, and the queue's fixed names and defaults. Plain data only: it travels
 * as JSON through Redis and over the IPC channel to the processor's child process.
 */
import type { ReconstructCliOptions } from '../reconstructRunner.ts';

/** Default BullMQ queue name (`--queue` picks another: one queue per dataset or per run). */
export const DEFAULT_QUEUE = 'pointocc';

/**
 * The `reconstruct` options that a job carries, as typed on the submit command line (strings, as
 * commander gives them): the processor parses them with the same `settingsFrom` as the command,
 * so a worker's mesh is byte-identical to `pointocc reconstruct` with the same options. Not
 * carried: `--workers` (threads are the worker machine's business and do not change the mesh),
 * `--json`, `--progress`, `-o`, `--batch`.
 */
export type JobOptions = Pick<
  ReconstructCliOptions,
  'model' | 'resolution' | 'threshold' | 'method' | 'trim' | 'seed' | 'subsets' | 'smooth' | 'simplify' | 'dropInvalid'
>;

/** The option names of {@link JobOptions}, in the order they are copied. */
export const JOB_OPTION_KEYS = [
  'model',
  'resolution',
  'threshold',
  'method',
  'trim',
  'seed',
  'subsets',
  'smooth',
  'simplify',
  'dropInvalid',
] as const satisfies readonly (keyof JobOptions)[];

export interface ReconstructJobData {
  /** Absolute path of the cloud: every worker opens it by this path (shared storage). */
  input: string;
  /** SHA-256 (hex) of the input's bytes when submitted: a changed input fails instead of
   *  silently giving a mesh that the job id does not describe. */
  inputSha256: string;
  /** Absolute path of the mesh to write (its extension is the format). */
  output: string;
  /** Absolute path of the JSON report written after the mesh (the `--json` report plus `job`). */
  report: string;
  /** The reconstruct options; `model` is absolute when given (the default model is each
   *  worker's own installed copy, checked by `modelSha256`). */
  options: JobOptions;
  /** SHA-256 of the model's files (null for baselines without a model): a worker with other
   *  weights refuses the job rather than writing a different mesh. */
  modelSha256: string | null;
}

/** What a completed job returns (kept in Redis with the job; `queue status` reads it). */
export interface ReconstructJobResult {
  output: string;
  report: string;
  faces: number | null;
  /** Seconds the reconstruction took in the processor (read + model + write). */
  seconds: number;
  /** True when the outputs of this very job were already complete (nothing was recomputed). */
  alreadyDone: boolean;
  /** `hostname:pid` of the processor that ran it. */
  worker: string;
}

/**
 * Job options every submitted job gets. Retries: `attempts` tries in all, exponential backoff
 * (`backoffMs`, 2·backoffMs, …) between them; a bad input is not retried (UnrecoverableError).
 * Completed and failed jobs are kept: their ids are what makes a second submit a no-op, and
 * `queue status` reports from them.
 */
export function jobOptions(attempts: number, backoffMs: number) {
  return {
    attempts,
    backoff: { type: 'exponential', delay: backoffMs },
    removeOnComplete: false,
    removeOnFail: false,
  } as const;
}
