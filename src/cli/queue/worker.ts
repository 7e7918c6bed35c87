/**
 * `pointocc queue worker`: a BullMQ Worker whose processor is a file (./processor.ts), so BullMQ
 * runs each job in a child process (sandboxed processor). This process only talks to Redis: it
 * takes jobs, renews their locks every lockDuration/2 and records results, and its event loop
 * stays free while the children compute. A worker that dies (SIGKILL, machine lost) stops
 * renewing; after `lockDuration` its jobs count as stalled, and the stalled-job check of any live
 * worker (every `stalledInterval`) puts them back in the queue for another worker.
 */
import { availableParallelism, hostname } from 'node:os';
import { Queue, Worker, type Job } from 'bullmq';
import { moduleUrl } from '../../data/workerScript.ts';
import { bullConnection, probeRedis, safeUrl } from './connection.ts';
import { THREADS_ENV } from './processor.ts';
import type { ReconstructJobData, ReconstructJobResult } from './job.ts';

export interface WorkerRequest {
  redis: string;
  queue: string;
  /** Jobs at once, each in its own child process. */
  concurrency: number;
  /** Network threads per job; default: the cores shared out among the concurrent jobs. */
  threads?: number;
  /** Milliseconds a job's lock lasts without renewal (BullMQ default 30 000). */
  lockDuration: number;
  /** Milliseconds between checks for stalled jobs (BullMQ default 30 000). */
  stalledInterval: number;
  /** Exit once the queue has nothing waiting, delayed or running (batch use; default: run until
   *  SIGINT/SIGTERM). */
  untilEmpty: boolean;
  /** One line per finished job, on stderr. */
  log: (line: string) => void;
}

/** Milliseconds between checks of an idle worker for `untilEmpty`. */
const EMPTY_POLL_MS = 500;

/** Whether nothing is left to do: no job waiting, delayed (a retry's backoff), prioritized or
 *  running anywhere (a running job may still fail and come back). */
async function queueEmpty(q: Queue): Promise<boolean> {
  const c = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
  return Object.values(c).every((v) => v === 0);
}

/**
 * Runs a worker until a signal (SIGINT/SIGTERM: stop taking jobs, let the running ones finish,
 * exit; a second signal exits at once) or, with `untilEmpty`, until the queue is empty.
 * @returns the numbers of jobs this worker completed and failed.
 */
export async function runWorker(r: WorkerRequest): Promise<{ completed: number; failed: number }> {
  const version = await probeRedis(r.redis);
  const threads = r.threads ?? Math.max(1, Math.floor(availableParallelism() / r.concurrency));
  // The children inherit the environment: how many network threads each job starts.
  process.env[THREADS_ENV] = String(threads);
  const connection = bullConnection(r.redis);
  const processor = moduleUrl('./processor', import.meta.url);
  const worker = new Worker<ReconstructJobData, ReconstructJobResult>(r.queue, processor, {
    connection,
    concurrency: r.concurrency,
    lockDuration: r.lockDuration,
    stalledInterval: r.stalledInterval,
    // One stall is forgiven (the job runs again elsewhere); a job that stalls twice fails.
    maxStalledCount: 1,
    useWorkerThreads: false,
  });
  const queue = new Queue(r.queue, { connection });
  queue.on('error', () => {});
  let completed = 0,
    failed = 0;
  const name = `${hostname()}:${process.pid}`;
  worker.on('completed', (job: Job<ReconstructJobData, ReconstructJobResult>, res) => {
    completed++;
    r.log(
      `${res.alreadyDone ? 'already done' : 'done'} ${job.data.input} → ${job.data.output}${res.faces !== null ? ` (${res.faces} faces)` : ''} in ${res.seconds.toFixed(2)} s`,
    );
  });
  worker.on('failed', (job, err) => {
    if (!job) return;
    const final = err.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
    if (final) failed++;
    // Input errors name their file already; other errors get it in front.
    const msg = err.message.startsWith(job.data.input) ? err.message : `${job.data.input}: ${err.message}`;
    r.log(`${final ? 'failed' : `failed (try ${job.attemptsMade} of ${job.opts.attempts ?? 1}, will retry)`}: ${msg}`);
  });
  worker.on('stalled', (id) => r.log(`job ${id} stalled (its worker stopped renewing the lock): back in the queue`));
  worker.on('error', (e) => r.log(`redis: ${e.message}`));
  r.log(
    `worker ${name} on ${safeUrl(r.redis)} (Redis ${version}), queue ${r.queue}: ${r.concurrency} job${r.concurrency === 1 ? '' : 's'} at a time, ${threads} network thread${threads === 1 ? '' : 's'} each`,
  );

  let stopping = false;
  const done = new Promise<void>((resolveDone) => {
    const stop = (why: string): void => {
      if (stopping) return;
      stopping = true;
      r.log(`stopping (${why}): finishing the running jobs`);
      resolveDone();
    };
    for (const sig of ['SIGINT', 'SIGTERM'] as const) {
      process.on(sig, () => {
        if (stopping) process.exit(sig === 'SIGINT' ? 130 : 143);
        stop(sig);
      });
    }
    if (r.untilEmpty) {
      const poll = async (): Promise<void> => {
        if (stopping) return;
        try {
          if (await queueEmpty(queue)) {
            stop('the queue is empty');
            return;
          }
        } catch {
          /* Redis away for a moment: ask again */
        }
        setTimeout(poll, EMPTY_POLL_MS).unref();
      };
      setTimeout(poll, EMPTY_POLL_MS).unref();
    }
  });
  // Holds the event loop while waiting (the poll timers above are unref'd).
  const keepAlive = setInterval(() => {}, 1 << 30);
  await done;
  clearInterval(keepAlive);
  await worker.close();
  await queue.close();
  return { completed, failed };
}
