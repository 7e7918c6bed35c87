/**
 * The sandboxed processor: the module BullMQ runs in a child process of `pointocc queue worker`
 * (one process per concurrent job, reused from job to job), so that a reconstruction — seconds
 * of CPU — never blocks the worker process, whose event loop renews the job locks in Redis.
 * BullMQ imports this file by path: dist/queue/processor.js in the installed package, the .ts
 * source under tsx in development (the child inherits `--import tsx`).
 *
 * Each job reconstructs one cloud exactly as `pointocc reconstruct IN -o OUT` with the job's
 * options (the same `settingsFrom` / `openRunner` code, src/cli/reconstructRunner.ts), then
 * writes the JSON report; both writes are atomic (temp file + rename), so a reader of the shared
 * folder sees a complete file or none, and a job killed half way leaves nothing to clean up.
 * Errors in the input (InputError, UsageError) fail the job permanently with the CLI's message;
 * anything else is thrown as is, and BullMQ retries it with backoff.
 */
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { UnrecoverableError, type SandboxedJob } from 'bullmq';
import { InputError, UsageError } from '../../errors.ts';
import { atomicWriteFileSync } from '../../io/atomicWrite.ts';
import { modelDirFor, openRunner, settingsFrom, type ReconstructCliOptions, type Runner } from '../reconstructRunner.ts';
import { fileSha256, modelSha256 } from './jobId.ts';
import type { ReconstructJobData, ReconstructJobResult } from './job.ts';

/** Env: network threads per job (set by `queue worker --workers`; unset = the CLI's default). */
export const THREADS_ENV = 'POINTOCC_QUEUE_THREADS';
/** Env, for tests only: milliseconds to wait before each reconstruction, so that a test can
 *  kill a worker while it certainly holds a job. */
export const TEST_PAUSE_ENV = 'POINTOCC_QUEUE_TEST_PAUSE_MS';

// A child left behind by a worker that was killed (SIGKILL gives the worker no chance to stop
// its children) would hold its model threads forever: it leaves when its IPC channel closes.
if (process.send) process.on('disconnect', () => process.exit(0));

const WORKER = `${hostname()}:${process.pid}`;

/** The open runner and what it was opened for: reused while jobs keep the same options (a
 *  dataset's jobs do), so the model loads once per child process, not once per job. */
let cached: { key: string; runner: Runner; modelSha: string | null } | null = null;

async function runnerFor(o: ReconstructCliOptions): Promise<{ runner: Runner; modelSha: string | null }> {
  const key = JSON.stringify(o);
  if (cached?.key === key) return cached;
  const s = settingsFrom(o);
  const modelDir = s.method.learned ? modelDirFor(o, s) : '';
  if (cached) {
    const old = cached.runner;
    cached = null;
    await old.close();
  }
  const runner = await openRunner(o, s, () => {}, modelDir);
  cached = { key, runner, modelSha: s.method.learned ? modelSha256(modelDir) : null };
  return cached;
}

/** Whether this very job's outputs are already complete (its report names its id). */
function alreadyDone(d: ReconstructJobData, id: string): boolean {
  if (!existsSync(d.output) || !existsSync(d.report)) return false;
  try {
    return (JSON.parse(readFileSync(d.report, 'utf8')) as { job?: { id?: string } }).job?.id === id;
  } catch {
    return false;
  }
}

async function run(job: SandboxedJob<ReconstructJobData, ReconstructJobResult>): Promise<ReconstructJobResult> {
  const t0 = performance.now();
  const d = job.data;
  const id = String(job.id);
  let sha: string;
  try {
    sha = fileSha256(d.input);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // Missing on this machine: the shared folder may not be mounted here (yet): retried.
    if (code === 'ENOENT')
      throw new Error(`${d.input}: not found on ${hostname()} (is the shared storage mounted at the same path on every worker?)`);
    throw e;
  }
  if (sha !== d.inputSha256)
    throw new UsageError(`${d.input}: the file changed after it was submitted (its content hash differs); submit it again`);
  if (alreadyDone(d, id)) {
    return { output: d.output, report: d.report, faces: null, seconds: (performance.now() - t0) / 1000, alreadyDone: true, worker: WORKER };
  }
  const threads = process.env[THREADS_ENV];
  const o: ReconstructCliOptions = {
    ...d.options,
    format: d.output.split('.').pop() ?? 'ply',
    progress: false,
    ...(threads ? { workers: threads } : {}),
  };
  const { runner, modelSha } = await runnerFor(o);
  if (modelSha !== d.modelSha256) {
    throw new UsageError(
      `${d.input}: this worker's model (${o.model ?? 'the default model'}) differs from the one the job was submitted with (other weights or threshold); install the same pointocc on every worker`,
    );
  }
  const pause = Number(process.env[TEST_PAUSE_ENV] ?? 0);
  if (pause > 0) await new Promise((r) => setTimeout(r, pause));
  const { report } = await runner.run(d.input, d.output, () => {}, t0);
  const full = { ...report, job: { id, queue: job.queueName, attempt: job.attemptsMade + 1, worker: WORKER, inputSha256: sha } };
  atomicWriteFileSync(d.report, `${JSON.stringify(full, null, 2)}\n`);
  const faces = (report as { faces?: number }).faces ?? null;
  return { output: d.output, report: d.report, faces, seconds: (performance.now() - t0) / 1000, alreadyDone: false, worker: WORKER };
}

/** The processor BullMQ calls once per job (in this child process, one job at a time). */
export default async function processReconstructJob(
  job: SandboxedJob<ReconstructJobData, ReconstructJobResult>,
): Promise<ReconstructJobResult> {
  try {
    return await run(job);
  } catch (e) {
    // The same one-line message as the CLI's `pointocc: …` (without the prefix); not retried.
    if (e instanceof InputError || e instanceof UsageError) throw new UnrecoverableError(e.message);
    throw e;
  }
}
