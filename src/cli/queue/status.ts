/**
 * `pointocc queue status`: what a queue holds and how fast it drains. Everything is read from
 * Redis (no worker is asked), so status works from any machine that reaches Redis.
 *
 * Throughput is measured on the most recent completed jobs (at most RECENT_JOBS of them, within
 * RECENT_WINDOW_MS before the last completion): jobs per minute = their count over the time from
 * the earliest start among them to the last finish. The ETA divides what is left (waiting,
 * delayed for a retry, running) by that rate; with no completion yet there is no ETA.
 */
import { Queue, type Job } from 'bullmq';
import cliProgress from 'cli-progress';
import { bullConnection, probeRedis } from './connection.ts';
import type { ReconstructJobData, ReconstructJobResult } from './job.ts';

/** Most recent completions that throughput is measured on. */
const RECENT_JOBS = 500;
/** Completions further back than this before the last one are not counted (5 minutes, in ms). */
const RECENT_WINDOW_MS = 5 * 60_000;
/** Most failures listed. */
const MAX_FAILURES = 50;

export interface QueueStatus {
  queue: string;
  counts: { waiting: number; active: number; delayed: number; completed: number; failed: number; total: number };
  /** Completed jobs per minute, over the recent completions (null before the first one). */
  jobsPerMinute: number | null;
  /** Seconds until the queue is empty at that rate (null: no rate yet, or nothing left). */
  etaSeconds: number | null;
  /** Mean seconds a job spent in its processor, over the recent completions. */
  meanJobSeconds: number | null;
  failures: { id: string; input: string; message: string; attempts: number }[];
}

/** Reads the status of a queue. */
export async function queueStatus(redis: string, name: string): Promise<QueueStatus> {
  await probeRedis(redis);
  const queue = new Queue<ReconstructJobData, ReconstructJobResult>(name, { connection: bullConnection(redis) });
  queue.on('error', () => {});
  try {
    return await readStatus(queue);
  } finally {
    await queue.close();
  }
}

async function readStatus(queue: Queue<ReconstructJobData, ReconstructJobResult>): Promise<QueueStatus> {
  const c = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'completed', 'failed');
  const waiting = c.waiting + c.prioritized;
  const counts = { waiting, active: c.active, delayed: c.delayed, completed: c.completed, failed: c.failed, total: 0 };
  counts.total = waiting + c.active + c.delayed + c.completed + c.failed;
  // Completed jobs are kept in a set ordered by finish time; newest first.
  const recent = (await queue.getJobs(['completed'], 0, RECENT_JOBS - 1, false)) as Job<ReconstructJobData, ReconstructJobResult>[];
  const { jobsPerMinute, meanJobSeconds } = rate(recent);
  const left = waiting + c.active + c.delayed;
  const etaSeconds = jobsPerMinute && left > 0 ? (60 * left) / jobsPerMinute : null;
  const failedJobs = (await queue.getJobs(['failed'], 0, MAX_FAILURES - 1, false)) as Job<ReconstructJobData, ReconstructJobResult>[];
  const failures = failedJobs
    .filter(Boolean)
    .map((j) => ({ id: String(j.id), input: j.data.input, message: j.failedReason, attempts: j.attemptsMade }));
  return { queue: queue.name, counts, jobsPerMinute, etaSeconds, meanJobSeconds, failures };
}

/** Jobs per minute and mean processor seconds over recent completions (see the file comment). */
export function rate(jobs: { finishedOn?: number; processedOn?: number; returnvalue?: ReconstructJobResult | null }[]): {
  jobsPerMinute: number | null;
  meanJobSeconds: number | null;
} {
  const done = jobs.filter((j) => j && j.finishedOn !== undefined && j.processedOn !== undefined);
  if (done.length === 0) return { jobsPerMinute: null, meanJobSeconds: null };
  const last = Math.max(...done.map((j) => j.finishedOn!));
  const inWindow = done.filter((j) => j.finishedOn! >= last - RECENT_WINDOW_MS);
  const first = Math.min(...inWindow.map((j) => j.processedOn!));
  const spanMinutes = Math.max(last - first, 1) / 60_000;
  const secs = inWindow.map((j) => j.returnvalue?.seconds).filter((s): s is number => typeof s === 'number');
  return {
    jobsPerMinute: inWindow.length / spanMinutes,
    meanJobSeconds: secs.length ? secs.reduce((a, b) => a + b, 0) / secs.length : null,
  };
}

/** "1 h 02 min", "3 min 05 s", "12 s". */
export function duration(s: number): string {
  const t = Math.round(s);
  if (t >= 3600) return `${Math.floor(t / 3600)} h ${String(Math.floor((t % 3600) / 60)).padStart(2, '0')} min`;
  if (t >= 60) return `${Math.floor(t / 60)} min ${String(t % 60).padStart(2, '0')} s`;
  return `${t} s`;
}

/** The status as text lines (the failures one per line, `pointocc: ` + the CLI's message). */
export function statusLines(s: QueueStatus): string[] {
  const k = s.counts;
  const lines = [
    `queue ${s.queue}: ${k.total} jobs: ${k.completed} completed, ${k.active} running, ${k.waiting} waiting, ${k.delayed} waiting to retry, ${k.failed} failed`,
    s.jobsPerMinute === null
      ? 'throughput: no job completed yet'
      : `throughput: ${s.jobsPerMinute.toFixed(1)} jobs/min${s.meanJobSeconds !== null ? ` (${s.meanJobSeconds.toFixed(2)} s per job in a processor)` : ''}` +
        (s.etaSeconds !== null ? `; ETA ${duration(s.etaSeconds)}` : k.active + k.waiting + k.delayed === 0 ? '; nothing left to do' : ''),
  ];
  if (s.failures.length > 0) {
    lines.push(`failed${k.failed > s.failures.length ? ` (latest ${s.failures.length} of ${k.failed})` : ''}:`);
    for (const f of s.failures) lines.push(`  pointocc: ${f.message}`);
  }
  return lines;
}

/**
 * Watches a queue on a terminal: a progress bar of finished (completed + failed) jobs of all,
 * with throughput and ETA, redrawn every `intervalMs` until nothing is left, then the status.
 */
export async function watchStatus(redis: string, name: string, intervalMs: number, stream: NodeJS.WriteStream): Promise<QueueStatus> {
  await probeRedis(redis);
  const queue = new Queue<ReconstructJobData, ReconstructJobResult>(name, { connection: bullConnection(redis) });
  queue.on('error', () => {});
  const bar = new cliProgress.SingleBar(
    {
      stream,
      hideCursor: true,
      format: 'reconstructing {bar} {value}/{total} clouds | {running} running | {failed} failed | {rate} jobs/min | ETA {eta}',
    },
    cliProgress.Presets.shades_classic,
  );
  try {
    let s = await readStatus(queue);
    const payload = (st: QueueStatus) => ({
      running: st.counts.active,
      failed: st.counts.failed,
      rate: st.jobsPerMinute?.toFixed(1) ?? '–',
      eta: st.etaSeconds === null ? '–' : duration(st.etaSeconds),
    });
    bar.start(s.counts.total, s.counts.completed + s.counts.failed, payload(s));
    while (s.counts.waiting + s.counts.active + s.counts.delayed > 0) {
      await new Promise((r) => setTimeout(r, intervalMs));
      s = await readStatus(queue);
      bar.setTotal(s.counts.total);
      bar.update(s.counts.completed + s.counts.failed, payload(s));
    }
    bar.stop();
    return s;
  } finally {
    bar.stop();
    await queue.close();
  }
}
