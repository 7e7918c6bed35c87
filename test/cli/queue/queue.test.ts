// `pointocc queue` end to end, against a real redis-server on a loopback port and the compiled
// CLI (bin/pointocc.js → dist/, as users run it): worker processes, a worker killed mid-job, a bad
// input, a duplicate submit. Meshes are compared byte for byte with `pointocc reconstruct
// --batch` on the same clouds and options (a tiny random model on the coarsest grid, 16³, keeps it quick).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { spherePoints } from '../../helpers/sphere.ts';
import { saveTinyModel, medianProbability } from '../commands/tinyModel.ts';
import { startRedis, type RedisServer } from './redisServer.ts';

const root = join(fileURLToPath(import.meta.url), '../../../..');
const bin = join(root, 'bin/pointocc.js');
const CLOUDS = 20;

let redis: RedisServer;
let tmp = '';
let inDir = '';
let cliDir = '';
let recon: string[] = [];
const workers: ChildProcess[] = [];

const xyzText = (p: Float32Array): string =>
  Array.from({ length: p.length / 3 }, (_, i) => `${p[3 * i]} ${p[3 * i + 1]} ${p[3 * i + 2]}`).join('\n') + '\n';

/** Runs the CLI to completion. */
function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env } });
    let stdout = '',
      stderr = '';
    p.stdout.on('data', (d) => {
      stdout += d;
    });
    p.stderr.on('data', (d) => {
      stderr += d;
    });
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A `queue worker` process; `exited` resolves with its exit code and stderr. */
function worker(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): { proc: ChildProcess; exited: Promise<{ code: number | null; signal: string | null; stderr: string }>; ready: Promise<void> } {
  const proc = spawn(process.execPath, [bin, 'queue', 'worker', '--redis', redis.url, ...args], { env: { ...process.env, ...env } });
  workers.push(proc);
  let stderr = '';
  let onReady: () => void = () => {};
  const ready = new Promise<void>((r) => {
    onReady = r;
  });
  proc.stderr!.on('data', (d) => {
    stderr += d;
    if (/^worker .* on redis/m.test(stderr)) onReady();
  });
  proc.stdout!.resume();
  const exited = new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) =>
    proc.on('close', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { proc, exited, ready };
}

/** Waits (polling Redis every 50 ms) until `cond` holds for the queue's counts. */
async function until(queueName: string, cond: (c: Record<string, number>) => boolean): Promise<Record<string, number>> {
  const q = new Queue(queueName, { connection: { url: redis.url } });
  q.on('error', () => {});
  try {
    for (;;) {
      const c = await q.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed');
      if (cond(c)) return c;
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await q.close();
  }
}

const meshes = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.ply'))
    .sort();

/** Every mesh of the queue's OUT_DIR is byte-identical to the CLI's, and has its report. */
function assertSameAsCli(outDir: string): void {
  assert.deepEqual(meshes(outDir), meshes(cliDir));
  assert.equal(meshes(outDir).length, CLOUDS);
  for (const f of meshes(outDir)) {
    assert.ok(readFileSync(join(outDir, f)).equals(readFileSync(join(cliDir, f))), `${f} differs from reconstruct --batch's`);
    const rep = JSON.parse(readFileSync(join(outDir, f.replace(/\.ply$/, '.json')), 'utf8'));
    assert.equal(rep.output, join(outDir, f));
    assert.equal(rep.watertight, true);
    assert.match(rep.job.id, /^pc-[0-9a-f]{40}$/);
  }
  // Atomic writes leave no temporary files behind.
  assert.deepEqual(
    readdirSync(outDir).filter((f) => f.startsWith('.')),
    [],
  );
}

before(async () => {
  redis = await startRedis();
  tmp = mkdtempSync(join(tmpdir(), 'pointocc-queue-'));
  inDir = join(tmp, 'clouds');
  mkdirSync(inDir);
  const model = await saveTinyModel();
  // 20 spheres of 64…83 points (above the tiny model's 64 inputs: seeded random subsets), each
  // moved and scaled differently.
  for (let i = 0; i < CLOUDS; i++) {
    const p = spherePoints(64 + i, 10 + i, 'fibonacci', { centre: [i, -2 * i, 100] });
    writeFileSync(join(inDir, `s${String(i).padStart(2, '0')}.xyz`), xyzText(p));
  }
  const threshold = String(await medianProbability(model, spherePoints(64, 0.4, 'fibonacci')));
  recon = ['--model', model, '--resolution', '16', '--threshold', threshold];
  cliDir = join(tmp, 'cli');
  const r = spawnSync(process.execPath, [bin, 'reconstruct', '--batch', inDir, cliDir, ...recon, '--no-progress'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

after(async () => {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
  await redis?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('2 worker processes reconstruct 20 clouds: every mesh identical to reconstruct --batch, with its report', async () => {
  const out = join(tmp, 'two');
  const s = await cli(['queue', 'submit', '--redis', redis.url, '--queue', 'two', inDir, out, ...recon]);
  assert.equal(s.code, 0, s.stderr);
  assert.equal(s.stdout, `queued ${CLOUDS} of ${CLOUDS} clouds on queue two\n`);
  // Started after the submit: --until-empty exits as soon as the queue is empty.
  const a = worker(['--queue', 'two', '--until-empty', '--workers', '1']);
  const b = worker(['--queue', 'two', '--until-empty', '--workers', '1']);
  const [ea, eb] = await Promise.all([a.exited, b.exited]);
  assert.equal(ea.code, 0, ea.stderr);
  assert.equal(eb.code, 0, eb.stderr);
  assertSameAsCli(out);
  // Both workers did some of the work (each report names the processor that wrote it).
  const done = [ea.stderr, eb.stderr].map((e) => (e.match(/^done /gm) ?? []).length);
  assert.equal(done[0] + done[1], CLOUDS);
  assert.ok(done[0] > 0 && done[1] > 0, `jobs per worker: ${done}`);
  const st = await cli(['queue', 'status', '--redis', redis.url, '--queue', 'two', '--json']);
  assert.equal(st.code, 0, st.stderr);
  const status = JSON.parse(st.stdout);
  assert.deepEqual(status.counts, { waiting: 0, active: 0, delayed: 0, completed: CLOUDS, failed: 0, total: CLOUDS });
  assert.ok(status.jobsPerMinute > 0);
  assert.equal(status.etaSeconds, null);
});

test('a worker killed (SIGKILL) mid-job: the other worker retries its job; every output complete and identical', async () => {
  const out = join(tmp, 'kill');
  const stall = ['--lock-duration', '1000', '--stalled-interval', '300'];
  // Worker A holds each job it takes for a minute (test hook) before reconstructing: it is
  // certainly mid-job when it is killed.
  const a = worker(['--queue', 'kill', ...stall, '--workers', '1'], { POINTOCC_QUEUE_TEST_PAUSE_MS: '60000' });
  await a.ready;
  const s = await cli(['queue', 'submit', '--redis', redis.url, '--queue', 'kill', inDir, out, ...recon]);
  assert.equal(s.code, 0, s.stderr);
  await until('kill', (c) => c.active === 1);
  const q = new Queue('kill', { connection: { url: redis.url } });
  q.on('error', () => {});
  try {
    // The one running job is A's.
    const [held] = await q.getJobs(['active']);
    assert.equal(held.attemptsStarted, 1);
    const b = worker(['--queue', 'kill', ...stall, '--until-empty', '--workers', '1']);
    // Both run side by side: B completes jobs while A holds one.
    await until('kill', (c) => c.completed >= 3);
    assert.equal(await held.getState(), 'active');
    a.proc.kill('SIGKILL');
    const ea = await a.exited;
    assert.equal(ea.signal, 'SIGKILL');
    const eb = await b.exited;
    assert.equal(eb.code, 0, eb.stderr);
    assert.match(eb.stderr, new RegExp(`^job ${held.id} stalled`, 'm'));
    const again = (await q.getJob(held.id!))!;
    assert.equal(await again.getState(), 'completed');
    // Started twice (A, then B after the stall); the report is B's processor's.
    assert.equal(again.attemptsStarted, 2);
    const rep = JSON.parse(readFileSync(held.data.report, 'utf8'));
    assert.equal(rep.job.id, held.id);
    assert.equal(rep.job.worker, again.returnvalue.worker);
    assert.equal((eb.stderr.match(/^done /gm) ?? []).length, CLOUDS);
  } finally {
    await q.close();
  }
  assertSameAsCli(out);
});

test('a bad input fails permanently (no retry) with the one-line message the CLI gives', async () => {
  const bad = join(tmp, 'bad');
  mkdirSync(bad);
  const nan = join(bad, 'nan.xyz');
  writeFileSync(nan, xyzText(spherePoints(64, 1, 'fibonacci')).replace(/^[^\n]*\n/, 'NaN 0 0\n'));
  const ply = join(bad, 'cut.ply');
  writeFileSync(
    ply,
    'ply\nformat binary_little_endian 1.0\nelement vertex 100\nproperty float x\nproperty float y\nproperty float z\nend_header\n' +
      'x'.repeat(50),
  );
  const out = join(tmp, 'bad-out');
  const s = await cli([
    'queue',
    'submit',
    '--redis',
    redis.url,
    '--queue',
    'bad',
    bad,
    out,
    ...recon,
    '--attempts',
    '5',
    '--backoff',
    '100',
  ]);
  assert.equal(s.code, 0, s.stderr);
  const w = worker(['--queue', 'bad', '--until-empty', '--workers', '1']);
  const ew = await w.exited;
  assert.equal(ew.code, 0, ew.stderr);
  const st = await cli(['queue', 'status', '--redis', redis.url, '--queue', 'bad', '--json']);
  const status = JSON.parse(st.stdout);
  assert.equal(status.counts.failed, 2);
  assert.equal(status.counts.completed, 0);
  for (const input of [nan, ply]) {
    const f = status.failures.find((x: { input: string }) => x.input === input);
    assert.ok(f, input);
    assert.equal(f.attempts, 1, 'not retried');
    const c = await cli(['reconstruct', input, '-o', join(tmp, 'x.ply'), ...recon]);
    assert.equal(c.code, 2);
    assert.equal(`pointocc: ${f.message}\n`, c.stderr);
    assert.equal(c.stderr.split('\n').length, 2, 'one line');
  }
  assert.match(status.failures.find((x: { input: string }) => x.input === nan).message, /NaN/);
  // The text status lists each failure as the CLI would print it.
  const text = await cli(['queue', 'status', '--redis', redis.url, '--queue', 'bad']);
  assert.match(text.stdout, /2 failed/);
  for (const f of status.failures) assert.ok(text.stdout.includes(`  pointocc: ${f.message}\n`));
  assert.equal(readdirSync(bad).length, 2);
});

test('a transient failure (input gone from the shared folder) is retried with backoff, then fails after --attempts tries', async () => {
  const dir = join(tmp, 'vanish');
  mkdirSync(dir);
  const f = join(dir, 'gone.xyz');
  writeFileSync(f, xyzText(spherePoints(64, 1, 'fibonacci')));
  const s = await cli([
    'queue',
    'submit',
    '--redis',
    redis.url,
    '--queue',
    'vanish',
    dir,
    join(tmp, 'vanish-out'),
    ...recon,
    '--attempts',
    '3',
    '--backoff',
    '50',
  ]);
  assert.equal(s.code, 0, s.stderr);
  rmSync(f);
  const w = worker(['--queue', 'vanish', '--until-empty']);
  const ew = await w.exited;
  assert.equal(ew.code, 0, ew.stderr);
  assert.equal((ew.stderr.match(/will retry\): .*gone\.xyz: not found on /g) ?? []).length, 2, ew.stderr);
  const st = JSON.parse((await cli(['queue', 'status', '--redis', redis.url, '--queue', 'vanish', '--json'])).stdout);
  assert.equal(st.counts.failed, 1);
  assert.equal(st.failures[0].attempts, 3);
  assert.match(st.failures[0].message, /gone\.xyz: not found on .*is the shared storage mounted at the same path on every worker\?/);
});

test('submitting the same dataset again adds no job and a worker does no work twice', async () => {
  const out = join(tmp, 'two');
  const before = meshes(out).map((f) => statSync(join(out, f)).mtimeMs);
  const s = await cli(['queue', 'submit', '--redis', redis.url, '--queue', 'two', inDir, out, ...recon, '--json']);
  assert.equal(s.code, 0, s.stderr);
  const sum = JSON.parse(s.stdout);
  assert.equal(sum.added, 0);
  assert.deepEqual(sum.existing, { completed: CLOUDS });
  // Equivalent spellings of the same options give the same jobs (the default seed, as a glob).
  const g = await cli(['queue', 'submit', '--redis', redis.url, '--queue', 'two', join(inDir, '*.xyz'), out, ...recon, '--seed', '0']);
  assert.equal(g.stdout, `queued 0 of ${CLOUDS} clouds on queue two (already there: ${CLOUDS} completed)\n`);
  const w = worker(['--queue', 'two', '--until-empty']);
  const ew = await w.exited;
  assert.equal(ew.code, 0, ew.stderr);
  assert.match(ew.stderr, /worker done: 0 completed, 0 failed/);
  assert.deepEqual(
    meshes(out).map((f) => statSync(join(out, f)).mtimeMs),
    before,
  );
  // Other options are other jobs.
  const o = await cli(['queue', 'submit', '--redis', redis.url, '--queue', 'two', inDir, join(tmp, 'other'), ...recon, '--seed', '7']);
  assert.equal(o.stdout, `queued ${CLOUDS} of ${CLOUDS} clouds on queue two\n`);
});

test('unreachable Redis, bad URL, bad options: one line, exit 2', async () => {
  const r = await cli(['queue', 'submit', '--redis', 'redis://127.0.0.1:1', inDir, join(tmp, 'never'), ...recon]);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, 'pointocc: cannot reach Redis at redis://127.0.0.1:1: connection refused (is redis-server running there?)\n');
  for (const [args, msg] of [
    [['queue', 'status', '--redis', 'localhost:6379'], /^pointocc: --redis must start with redis:\/\/ or rediss:\/\//],
    [
      ['queue', 'worker', '--redis', redis.url, '--concurrency', '0'],
      /^pointocc: --concurrency must be an integer in \[1, 256\], got "0"\n$/,
    ],
    [
      ['queue', 'submit', '--redis', redis.url, inDir, join(tmp, 'never'), '--resolution', '30'],
      /^pointocc: --resolution must be a multiple of 4/,
    ],
    [
      ['queue', 'submit', '--redis', redis.url, join(tmp, 'nothing-*.xyz'), join(tmp, 'never')],
      /^pointocc: queue submit: no point-cloud files match/,
    ],
  ] as const) {
    const x = await cli([...args]);
    assert.equal(x.code, 2, x.stderr);
    assert.match(x.stderr, msg);
    assert.equal(x.stderr.split('\n').length, 2, x.stderr);
  }
});
