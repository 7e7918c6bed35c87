import { test } from 'node:test';
import assert from 'node:assert/strict';
import { duration, rate, statusLines } from '../../../src/cli/queue/status.ts';
import { parseRedisUrl, safeUrl } from '../../../src/cli/queue/connection.ts';
import { UsageError } from '../../../src/errors.ts';

const job = (processedOn: number, finishedOn: number, seconds: number) => ({
  processedOn,
  finishedOn,
  returnvalue: { seconds, output: '', report: '', faces: 1, alreadyDone: false, worker: 'h:1' },
});

test('throughput: completions over the time from the earliest start to the last finish, within 5 minutes of the last', () => {
  assert.deepEqual(rate([]), { jobsPerMinute: null, meanJobSeconds: null });
  // 4 jobs, two at a time, 30 s each, from t = 0 to t = 60 s: 4 jobs/min.
  const r = rate([job(0, 30_000, 30), job(0, 30_000, 30), job(30_000, 60_000, 30), job(30_000, 60_000, 30)]);
  assert.equal(r.jobsPerMinute, 4);
  assert.equal(r.meanJobSeconds, 30);
  // A job finished an hour before the others does not count.
  const late = 3_600_000;
  assert.equal(rate([job(0, 1000, 1), job(late, late + 30_000, 30), job(late, late + 60_000, 60)]).jobsPerMinute, 2);
});

test('status lines: counts, rate, ETA, failures as the CLI prints them', () => {
  const lines = statusLines({
    queue: 'q',
    counts: { waiting: 10, active: 2, delayed: 1, completed: 30, failed: 1, total: 44 },
    jobsPerMinute: 6.5,
    etaSeconds: 120,
    meanJobSeconds: 1.5,
    failures: [{ id: 'pc-1', input: '/a.xyz', message: '/a.xyz: bad', attempts: 1 }],
  });
  assert.deepEqual(lines, [
    'queue q: 44 jobs: 30 completed, 2 running, 10 waiting, 1 waiting to retry, 1 failed',
    'throughput: 6.5 jobs/min (1.50 s per job in a processor); ETA 2 min 00 s',
    'failed:',
    '  pointocc: /a.xyz: bad',
  ]);
  assert.equal(duration(3725), '1 h 02 min');
  assert.equal(duration(12.4), '12 s');
});

test('--redis URLs: redis:// or rediss://, a host, an optional database number; the password hidden in messages', () => {
  assert.equal(parseRedisUrl('redis://10.0.0.5:6379/2'), 'redis://10.0.0.5:6379/2');
  for (const bad of [undefined, '', 'localhost:6379', 'http://h:1', 'redis://h:1/x']) assert.throws(() => parseRedisUrl(bad), UsageError);
  assert.equal(safeUrl('redis://user:secret@h:6379'), 'redis://user:***@h:6379');
});
