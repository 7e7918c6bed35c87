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

/** A pass answering table[x] for the query at x, recording which queries it saw. */
function tablePass(table: number[], seen: number[][]): OccupancyFunction {
  const mine: number[] = [];
  seen.push(mine);
  return (q) => {
    const out = new Float32Array(q.length / 3);
    for (let i = 0; i < out.length; i++) {
      mine.push(q[3 * i]);
      out[i] = table[q[3 * i]];
    }
    return out;
  };
}

test('margin 1 (off): every query sees every pass, the plain mean', async () => {
  const seen: number[][] = [];
  const parts = [tablePass([0, 1, 0.5, 0.25], seen), tablePass([0, 0, 1, 0.75], seen), tablePass([0.3, 0.2, 0.6, 0.5], seen)];
  const r = await passMean(parts, queries(4), { threshold: 0.4, margin: 1, batchSize: 3 });
  assert.equal(r.queries, 12);
  // hand-computed means: (0+0+0.3)/3, (1+0+0.2)/3, (0.5+1+0.6)/3, (0.25+0.75+0.5)/3
  const want = [0.1, 0.4, 0.7, 0.5];
  for (let i = 0; i < 4; i++) assert.ok(Math.abs(r.values[i] - want[i]) < 1e-6, `query ${i}: ${r.values[i]} vs ${want[i]}`);
  for (const s of seen) assert.deepEqual([...s].sort(), [0, 1, 2, 3]);
});

test('a query further than the margin from the threshold after a pass skips the remaining passes', async () => {
  const seen: number[][] = [];
  // threshold 0.4, margin 0.3: settled when the running mean is < 0.1 or > 0.7
  const parts = [
    tablePass([0.05, 0.9, 0.5, 0.3, 0.0], seen),
    tablePass([0.9, 0.9, 0.1, 1.0, 0.2], seen),
    tablePass([0.9, 0.9, 0.0, 1.0, 0.1], seen),
  ];
  const r = await passMean(parts, queries(5), { threshold: 0.4, margin: 0.3, batchSize: 2 });
  // after pass 1: queries 0 (0.05), 1 (0.9) and 4 (0.0) settle; 2 (0.5) and 3 (0.3) stay open.
  // after pass 2: query 2's mean 0.3 and query 3's mean 0.65 stay open; pass 3 decides both.
  assert.deepEqual(seen[0], [0, 1, 2, 3, 4]);
  assert.deepEqual(seen[1], [2, 3]);
  assert.deepEqual(seen[2], [2, 3]);
  assert.equal(r.queries, 9);
  const want = [0.05, 0.9, 0.2, 0.7666667, 0.0];
  for (let i = 0; i < 5; i++) assert.ok(Math.abs(r.values[i] - want[i]) < 1e-6, `query ${i}: ${r.values[i]} vs ${want[i]}`);
});

test('progress: the total shrinks as queries settle and ends equal to the queries made', async () => {
  const seen: number[][] = [];
  const parts = [tablePass([0, 1, 0.4, 0.4], seen), tablePass([0, 1, 0.4, 0.4], seen)];
  const reports: Array<[number, number]> = [];
  const r = await passMean(parts, queries(4), { threshold: 0.4, margin: 0.2, batchSize: 4, onBatch: (d, t) => reports.push([d, t]) });
  assert.deepEqual(reports, [
    [4, 8],
    [4, 6],
    [6, 6],
  ]);
  assert.equal(r.queries, 6);
});

test('one pass: its own values; every query settled at once stops early', async () => {
  const seen: number[][] = [];
  const one = await passMean([tablePass([0.2, 0.8], seen)], queries(2), { threshold: 0.5, margin: 0, batchSize: 8 });
  assert.deepEqual(
    [...one.values].map((v) => Math.round(v * 10) / 10),
    [0.2, 0.8],
  );
  const seen2: number[][] = [];
  const all = await passMean([tablePass([0, 1], seen2), tablePass([1, 0], seen2)], queries(2), {
    threshold: 0.5,
    margin: 0.1,
    batchSize: 8,
  });
  assert.deepEqual(seen2[1], []);
  assert.deepEqual([...all.values], [0, 1]);
  await assert.rejects(() => passMean([], queries(1), { threshold: 0.5, margin: 0, batchSize: 1 }), RangeError);
  await assert.rejects(() => passMean([tablePass([0], [])], queries(1), { threshold: 0.5, margin: -1, batchSize: 1 }), RangeError);
});
