/**
 * `pointocc queue submit | worker | status`: reconstruct a whole dataset on many machines through
 * a BullMQ job queue on Redis (docs/queue.md). The queue logic lives in src/cli/queue/; this file
 * parses the command lines. Every mistake — options, paths, an unreachable Redis — is one
 * `pointocc: …` line and exit code 2, before anything is queued or started.
 */
import type { Command } from 'commander';
import { SUMMARIES } from './summaries.ts';
import { UsageError } from '../../errors.ts';
import { intOption } from '../options.ts';
import { addReconstructOptions, type ReconstructCliOptions } from '../reconstructRunner.ts';
import { parseRedisUrl } from '../queue/connection.ts';
import { DEFAULT_QUEUE, JOB_OPTION_KEYS, type JobOptions } from '../queue/job.ts';

interface QueueCommon {
  redis?: string;
  queue: string;
}

function queueName(q: string): string {
  if (!/^[A-Za-z0-9_.-]{1,100}$/.test(q)) throw new UsageError(`--queue must be 1 to 100 letters, digits, '.', '_' or '-', got "${q}"`);
  return q;
}

function submitCommand(queue: Command): void {
  const cmd = queue
    .command('submit')
    .description(
      'queue one job per cloud of IN (a folder, or a quoted glob such as "scans/**/*.ply"); the meshes and JSON reports go to OUT_DIR',
    )
    .argument('<in>', 'folder of clouds, or a glob (quote it: the same paths must work on every worker)')
    .argument('<outDir>', 'folder for the meshes and their JSON reports (on storage every worker mounts at the same path)')
    .option('--redis <url>', 'Redis URL, e.g. redis://10.0.0.5:6379')
    .option('--queue <name>', 'queue name', DEFAULT_QUEUE)
    .option('--format <ext>', 'mesh format of the outputs', 'ply');
  addReconstructOptions(cmd)
    .option('--attempts <n>', 'tries per job in all, for transient failures (a bad input is never retried)', '3')
    .option('--backoff <ms>', 'delay before the first retry, doubled for each further one', '5000')
    .option('--retry-failed', 'put jobs that failed earlier (same input, options and output) back in the queue')
    .option('--json', 'print the jobs (id, input, output, state) as JSON on stdout')
    .addHelpText(
      'after',
      `
Each job's id is a hash of the input's bytes, the options, the model and the output path: a second
submit of the same dataset adds no job (it reports what the queue holds), only new or changed ones.

Examples:
  $ pointocc queue submit --redis redis://10.0.0.5:6379 /mnt/scans/ /mnt/meshes/
  $ pointocc queue submit --redis redis://10.0.0.5:6379 "/mnt/scans/**/*.xyz" /mnt/meshes/ --resolution 256 --format obj`,
    )
    .action(
      async (
        input: string,
        outDir: string,
        o: QueueCommon & ReconstructCliOptions & { attempts: string; backoff: string; retryFailed?: boolean },
      ) => {
        const redis = parseRedisUrl(o.redis);
        const options: JobOptions = {};
        for (const k of JOB_OPTION_KEYS) if (o[k] !== undefined) (options as Record<string, unknown>)[k] = o[k];
        const { submitJobs, submitLine } = await import('../queue/submit.ts');
        const s = await submitJobs({
          redis,
          queue: queueName(o.queue),
          input,
          outDir,
          format: o.format,
          options,
          attempts: intOption('attempts', o.attempts, 1, 100)!,
          backoffMs: intOption('backoff', o.backoff, 0, 3_600_000)!,
          retryFailed: !!o.retryFailed,
        });
        if (o.json) process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
        else process.stdout.write(`${submitLine(s)}\n`);
      },
    );
}

function workerCommand(queue: Command): void {
  queue
    .command('worker')
    .description(
      'take jobs from the queue and reconstruct them, each in its own child process, until stopped (SIGINT/SIGTERM: finish the running jobs, then exit)',
    )
    .option('--redis <url>', 'Redis URL, e.g. redis://10.0.0.5:6379')
    .option('--queue <name>', 'queue name', DEFAULT_QUEUE)
    .option('--concurrency <n>', 'jobs at once on this machine, each in a child process', '1')
    .option('--workers <n>', 'network threads per job (default: the cores divided by --concurrency)')
    .option(
      '--lock-duration <ms>',
      'a job whose worker has not renewed its lock for this long is stalled and goes to another worker',
      '30000',
    )
    .option('--stalled-interval <ms>', 'how often this worker looks for stalled jobs', '30000')
    .option('--until-empty', 'exit once nothing is waiting, retrying or running (for batch jobs)')
    .option('--quiet', 'no line per job on stderr')
    .action(
      async (
        o: QueueCommon & {
          concurrency: string;
          workers?: string;
          lockDuration: string;
          stalledInterval: string;
          untilEmpty?: boolean;
          quiet?: boolean;
        },
      ) => {
        const redis = parseRedisUrl(o.redis);
        const req = {
          redis,
          queue: queueName(o.queue),
          concurrency: intOption('concurrency', o.concurrency, 1, 256)!,
          threads: intOption('workers', o.workers, 1, 256),
          lockDuration: intOption('lock-duration', o.lockDuration, 100, 86_400_000)!,
          stalledInterval: intOption('stalled-interval', o.stalledInterval, 100, 86_400_000)!,
          untilEmpty: !!o.untilEmpty,
          log: o.quiet
            ? () => {}
            : (l: string) => {
                process.stderr.write(`${l}\n`);
              },
        };
        const { runWorker } = await import('../queue/worker.ts');
        const r = await runWorker(req);
        req.log(`worker done: ${r.completed} completed, ${r.failed} failed`);
      },
    );
}

function bar(done: number, total: number, width = 30): string {
  const n = total > 0 ? Math.round((width * done) / total) : 0;
  return `${'█'.repeat(n)}${'░'.repeat(width - n)} ${done}/${total}`;
}

function statusCommand(queue: Command): void {
  queue
    .command('status')
    .description('job counts, throughput, ETA and failures (with their messages) of a queue')
    .option('--redis <url>', 'Redis URL, e.g. redis://10.0.0.5:6379')
    .option('--queue <name>', 'queue name', DEFAULT_QUEUE)
    .option('--watch [seconds]', 'on a terminal: a live progress bar, redrawn every few seconds (default 2) until nothing is left')
    .option('--json', 'print the status as JSON on stdout')
    .action(async (o: QueueCommon & { watch?: boolean | string; json?: boolean }) => {
      const redis = parseRedisUrl(o.redis);
      const name = queueName(o.queue);
      const { queueStatus, statusLines, watchStatus } = await import('../queue/status.ts');
      const every = typeof o.watch === 'string' ? intOption('watch', o.watch, 1, 3600)! : 2;
      const s =
        o.watch !== undefined && process.stderr.isTTY
          ? await watchStatus(redis, name, 1000 * every, process.stderr)
          : await queueStatus(redis, name);
      if (o.json) {
        process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
        return;
      }
      const lines = statusLines(s);
      if (process.stdout.isTTY && o.watch === undefined) lines.splice(1, 0, bar(s.counts.completed + s.counts.failed, s.counts.total));
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}

export function register(program: Command): void {
  const queue = program
    .command('queue')
    .description(SUMMARIES.queue)
    .addHelpText(
      'after',
      `
Workers on any number of machines share one Redis and one storage mounted at the same path
(docs/queue.md; a Kubernetes Deployment for the workers: docs/queue/worker-deployment.yaml).

Examples:
  $ pointocc queue submit --redis redis://10.0.0.5:6379 /mnt/scans/ /mnt/meshes/
  $ pointocc queue worker --redis redis://10.0.0.5:6379          # on every machine
  $ pointocc queue status --redis redis://10.0.0.5:6379 --watch`,
    );
  submitCommand(queue);
  workerCommand(queue);
  statusCommand(queue);
}
