// Fuzzing every reader with mutated valid files: each parse must return a valid result or throw
// InputError (never a TypeError/RangeError, never a message with raw control characters), must
// not hang, and must not allocate beyond a bound. The loop runs in a child process
// (fuzzReadersChild.ts) with its JS heap capped at 256 MB, so a runaway allocation crashes the
// child instead of the runner; the child measures the ArrayBuffer bytes each parse allocates
// (typed arrays live outside the JS heap) and reports its own peak RSS.
//
// Deterministic: seed 1, 12 000 iterations (≈ 43 000 parses, 8–15 s on one core). To replay a
// failure: node --import tsx test/io/fuzzReadersChild.ts 12000 1 ITERATION
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../fixtures.ts';

const ITERATIONS = 12_000;
const SEED = 1;
/** The child's whole run, seconds: a hang fails here. */
const TIMEOUT_S = 60;
/** Peak RSS of the child, bytes: Node + tsx + the fixtures take ~120 MB; a parse that allocates
 *  what a damaged header declares (100s of MB) shows. */
const MAX_RSS = 300e6;
/** ArrayBuffer bytes one parse may allocate, bytes. The inputs are ≤ 40 kB; the most a parse
 *  takes is ~5 MB (a damaged deflate stream inflated up to its member's declared size). A
 *  reader that believed a damaged count would take 100s of MB. */
const MAX_PARSE_BYTES = 32e6;
/** Slowest single parse, ms (inputs are ≤ 40 kB; the typical parse takes well under 1 ms). */
const MAX_PARSE_MS = 2000;

test(`fuzz: ${ITERATIONS} mutated files through every reader give a result or an InputError, in bounded memory and time`, () => {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--max-old-space-size=256', join(REPO_ROOT, 'test/io/fuzzReadersChild.ts'), String(ITERATIONS), String(SEED)],
    {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: TIMEOUT_S * 1000,
      maxBuffer: 1 << 24,
    },
  );
  assert.equal(
    r.error,
    undefined,
    `the fuzz child did not finish within ${TIMEOUT_S} s (a reader hangs?): ${r.error?.message}\n${r.stderr}`,
  );
  assert.equal(r.status, 0, `the fuzz child failed (status ${r.status}, signal ${r.signal}; out of memory?):\n${r.stderr.slice(-3000)}`);
  const rep = JSON.parse(r.stdout.trim().split('\n').pop() as string);
  const summary = `${rep.iterations} iterations, ${rep.parses} parses (${rep.accepted} accepted, ${rep.inputErrors} InputErrors) in ${rep.seconds} s; peak RSS ${(rep.peakRss / 1e6).toFixed(0)} MB, most allocated by one parse ${(rep.peakParseBytes / 1e6).toFixed(1)} MB (${rep.peakParse}), slowest parse ${rep.slowestMs} ms (${rep.slowest})`;
  assert.equal(rep.failureCount, 0, `${rep.failureCount} failures; the first:\n${JSON.stringify(rep.failures, null, 1)}\n${summary}`);
  assert.equal(rep.iterations, ITERATIONS);
  // Both outcomes occur: the mutations leave some files readable and break others.
  assert.ok(rep.accepted > 1000 && rep.inputErrors > 1000, summary);
  assert.ok(rep.peakRss < MAX_RSS, `peak RSS over ${MAX_RSS / 1e6} MB: ${summary}`);
  assert.ok(rep.peakParseBytes < MAX_PARSE_BYTES, `a parse allocated over ${MAX_PARSE_BYTES / 1e6} MB: ${summary}`);
  assert.ok(rep.slowestMs < MAX_PARSE_MS, `a parse took ${rep.slowestMs} ms: ${summary}`);
  process.stdout.write(`# fuzz: ${summary}\n`);
});
