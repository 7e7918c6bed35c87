/**
 * `pointocc queue submit`: one BullMQ job per cloud. Everything that can be checked here is
 * checked before anything is queued (options, model folder, output folder, name clashes, Redis),
 * so a mistake fails at once with one line instead of as N failed jobs later. Ids come from
 * ./jobId.ts: a job already in the queue (waiting, running, completed or failed) is not added
 * again, so re-submitting a dataset only queues what is new.
 */
import { basename, extname, join, resolve } from 'node:path';
import { Queue } from 'bullmq';
import { UsageError } from '../../errors.ts';
import { checkOutputFolder } from '../outputCheck.ts';
import { MESH_EXTENSIONS, modelDirFor, settingsFrom, type ReconstructCliOptions } from '../reconstructRunner.ts';
import { queueInputs } from './inputs.ts';
import { fileSha256, jobIdFor, modelSha256 } from './jobId.ts';
import { bullConnection, probeRedis } from './connection.ts';
import { jobOptions, type JobOptions, type ReconstructJobData } from './job.ts';

export interface SubmitRequest {
  redis: string;
  queue: string;
  /** Folder or glob of clouds. */
  input: string;
  outDir: string;
  /** Mesh format of the outputs (extension without the dot). */
  format: string;
  options: JobOptions;
  /** Tries per job in all (1 = no retry). */
  attempts: number;
  /** First retry delay, milliseconds (doubled for each further retry). */
  backoffMs: number;
  /** Put jobs that failed earlier (same id) back in the queue. */
  retryFailed: boolean;
}

export interface SubmitSummary {
  queue: string;
  total: number;
  /** Jobs added now. */
  added: number;
  /** Jobs that were already in the queue, by their state then (completed, failed, active, …). */
  existing: Record<string, number>;
  /** Failed jobs put back by --retry-failed. */
  retried: number;
  jobs: { id: string; input: string; output: string; state: string }[];
}

/** The jobs of a request, without Redis: every check that can fail on the user's input. */
export function planJobs(r: SubmitRequest): { id: string; data: ReconstructJobData }[] {
  const fmt = r.format.replace(/^\./, '').toLowerCase();
  if (!MESH_EXTENSIONS.includes(fmt)) throw new UsageError(`--format must be one of ${MESH_EXTENSIONS.join(', ')}, got "${r.format}"`);
  // An explicit model travels as an absolute path (the same path on every worker, shared storage).
  const options: JobOptions = { ...r.options, ...(r.options.model !== undefined ? { model: resolve(r.options.model) } : {}) };
  const cli: ReconstructCliOptions = { ...options, format: fmt, progress: false };
  const s = settingsFrom(cli);
  const modelSha = s.method.learned ? modelSha256(modelDirFor(cli, s)) : null;
  const inputs = queueInputs(r.input);
  const outDir = resolve(r.outDir);
  const outs = inputs.map((p) => join(outDir, `${basename(p, extname(p))}.${fmt}`));
  const dup = outs.find((p, i) => outs.indexOf(p) !== i);
  if (dup) throw new UsageError(`queue submit: two inputs would both be written to ${dup} (same name, different extension or folder)`);
  const clash = outs.find((p) => inputs.includes(p));
  if (clash) throw new UsageError(`queue submit: ${clash} is an input and would be overwritten; choose another OUT_DIR or --format`);
  checkOutputFolder(outDir);
  return inputs.map((input, i) => {
    let sha: string;
    try {
      sha = fileSha256(input);
    } catch (e) {
      throw new UsageError(`cannot read ${input}: ${(e as Error).message}`);
    }
    const output = outs[i];
    const data: ReconstructJobData = {
      input,
      inputSha256: sha,
      output,
      report: join(outDir, `${basename(output, extname(output))}.json`),
      options,
      modelSha256: modelSha,
    };
    return { id: jobIdFor(sha, s, modelSha, output), data };
  });
}

/** Adds the request's jobs that the queue does not hold yet. */
export async function submitJobs(r: SubmitRequest): Promise<SubmitSummary> {
  const planned = planJobs(r);
  await probeRedis(r.redis);
  const queue = new Queue<ReconstructJobData>(r.queue, { connection: bullConnection(r.redis) });
  queue.on('error', () => {});
  const existing: Record<string, number> = {};
  const jobs: SubmitSummary['jobs'] = [];
  const fresh: typeof planned = [];
  let retried = 0;
  try {
    for (const p of planned) {
      let state: string = await queue.getJobState(p.id);
      if (state === 'unknown') fresh.push(p);
      else {
        existing[state] = (existing[state] ?? 0) + 1;
        if (state === 'failed' && r.retryFailed) {
          await (await queue.getJob(p.id))?.retry('failed');
          retried++;
          state = 'waiting';
        }
      }
      jobs.push({ id: p.id, input: p.data.input, output: p.data.output, state: state === 'unknown' ? 'waiting' : state });
    }
    const opts = jobOptions(r.attempts, r.backoffMs);
    // In chunks: one addBulk is one Redis transaction; a huge one would block the server.
    for (let i = 0; i < fresh.length; i += 500) {
      await queue.addBulk(fresh.slice(i, i + 500).map((p) => ({ name: 'reconstruct', data: p.data, opts: { ...opts, jobId: p.id } })));
    }
  } finally {
    await queue.close();
  }
  return { queue: r.queue, total: planned.length, added: fresh.length, existing, retried, jobs };
}

/** The one-line summary of a submit. */
export function submitLine(s: SubmitSummary): string {
  const ex = Object.entries(s.existing)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  return `queued ${s.added} of ${s.total} clouds on queue ${s.queue}${ex ? ` (already there: ${ex}${s.retried ? `; ${s.retried} failed put back` : ''})` : ''}`;
}
