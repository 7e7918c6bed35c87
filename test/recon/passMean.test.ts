import { test } from 'node:test';
import assert from 'node:assert/strict';
import { passMean } from '../../src/recon/passMean.ts';
import type { OccupancyFunction } from '../../src/recon/mise.ts';

/** Queries whose x coordinate is their index, so a pass can answer per query. */
const queries = (m: number): Float32Array => {
  const q = new Float32Array(3 * m);
  for (let i = 0; i < m; i++) q[3 * i] = i;
  return q;
};

/** A pass answering table[x] for the query at x, recording the batch sizes it was called with. */
function tablePass(table: number[], calls: number[][]): OccupancyFunction {
  const mine: number[] = [];
  calls.push(mine);
  return (q) => {
    mine.push(q.length / 3);
    const out = new Float32Array(q.length / 3);
    for (let i = 0; i < out.length; i++) out[i] = table[q[3 * i]];
    return out;
  };
}

test('the mean over the passes, each pass cut into batches of at most batchSize', async () => {
  const calls: number[][] = [];
  const parts = [tablePass([0, 1, 0.5, 0.25], calls), tablePass([0, 0, 1, 0.75], calls), tablePass([0.3, 0.2, 0.6, 0.5], calls)];
  const reports: Array<[number, number]> = [];
  const r = await passMean(parts, queries(4), { batchSize: 3, onBatch: (d, t) => reports.push([d, t]) });
  // hand-computed means: (0+0+0.3)/3, (1+0+0.2)/3, (0.5+1+0.6)/3, (0.25+0.75+0.5)/3
  const want = [0.1, 0.4, 0.7, 0.5];
  for (let i = 0; i < 4; i++) assert.ok(Math.abs(r[i] - want[i]) < 1e-6, `query ${i}: ${r[i]} vs ${want[i]}`);
  assert.deepEqual(calls, [
    [3, 1],
    [3, 1],
    [3, 1],
  ]);
  assert.equal(reports.length, 6);
  assert.deepEqual(reports.at(-1), [12, 12]);
});

test('one pass: its own values; no passes: an error', async () => {
  const one = await passMean([tablePass([0.2, 0.8], [])], queries(2), { batchSize: 8 });
  assert.deepEqual(
    [...one].map((v) => Math.round(v * 10) / 10),
    [0.2, 0.8],
  );
  await assert.rejects(() => passMean([], queries(1), { batchSize: 1 }), RangeError);
  await assert.rejects(() => passMean([() => new Float32Array(0)], queries(1), { batchSize: 1 }), /returned 0 values for 1 queries/);
});
