import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reconstruct, type ReconstructProgress } from '../../src/recon/reconstruct.ts';
import { Random } from '../../src/geometry/Random.ts';
import { ReconProgressText, countsIn, type ProgressView } from '../../src/web/reconProgress.ts';

/**
 * An analytic occupancy with parts thinner than a coarse voxel (a rod of radius 0.03, a plate
 * 0.024 thick, unit-cube units): MISE then refines coarse voxels late, when a finer neighbour
 * finds the surface on their common face, and takes more rounds than steps + 1 — the case that
 * showed "round 9 of 3".
 */
const thinParts = (q: Float32Array): Float32Array => {
  const o = new Float32Array(q.length / 3);
  for (let i = 0; i < o.length; i++) {
    const x = q[3 * i],
      y = q[3 * i + 1],
      z = q[3 * i + 2];
    const rod = x * x + y * y < 0.03 ** 2 && Math.abs(z) < 0.45;
    const plate = Math.abs(z - 0.11) < 0.012 && Math.abs(x) < 0.4 && Math.abs(y) < 0.35;
    const ball = (x - 0.3) ** 2 + (y + 0.2) ** 2 + (z + 0.3) ** 2 < 0.04;
    o[i] = rod || plate || ball ? 0.9 : 0.1;
  }
  return o;
};

/** A cloud of 400 points in the unit cube (2 input subsets of the model's 300). */
function cloud(): Float32Array {
  const rng = new Random(7),
    p = new Float32Array(3 * 400);
  for (let i = 0; i < p.length; i++) p[i] = rng.next() - 0.5;
  return p;
}

test('progress of a MISE run with more rounds than steps + 1: no "k of n" with k > n, exact query counts', async () => {
  const batchSize = 1000,
    upsamplingSteps = 2;
  const tracker = new ReconProgressText();
  const events: ReconstructProgress[] = [];
  const views: ProgressView[] = [];
  const { stats } = await reconstruct(
    cloud(),
    { threshold: 0.5, config: { inputPoints: 300 }, predict: (_input, q) => thinParts(q) },
    {
      resolution: 32,
      upsamplingSteps,
      batchSize,
      onProgress: (p) => {
        events.push(p);
        views.push(tracker.view(p));
      },
    },
  );
  const lastIndex = (f: (e: ReconstructProgress) => boolean): number => {
    for (let i = events.length - 1; i >= 0; i--) if (f(events[i])) return i;
    return -1;
  };
  assert.equal(stats.subsets, 2);
  assert.ok(stats.rounds > upsamplingSteps + 1, `this case must take more than ${upsamplingSteps + 1} rounds, took ${stats.rounds}`);
  for (const v of views) {
    for (const [k, n] of countsIn(v.text)) assert.ok(k <= n, `"${v.text}" counts ${k} of ${n}`);
    assert.ok(v.fraction === null || (v.fraction >= 0 && v.fraction <= 1), `fraction ${v.fraction}`);
    assert.doesNotMatch(v.text, /round \d+ of/, 'the number of rounds is not known in advance');
  }
  // the last event of each round says "T of T queries": 2 subsets per grid point
  for (let round = 1; round <= stats.rounds; round++) {
    const i = lastIndex((e) => e.phase === 'mise' && e.round === round);
    const e = events[i] as Extract<ReconstructProgress, { phase: 'mise' }>;
    const points = stats.roundPoints[round - 1];
    const total = (2 * points).toLocaleString('en-US');
    assert.match(views[i].text, new RegExp(`MISE round ${round} · ${total} of ${total} queries of this round \\(`));
    assert.equal(e.done, e.total);
    assert.equal(views[i].fraction, 1);
  }
  const lastMise = views[lastIndex((e) => e.phase === 'mise')];
  assert.match(
    lastMise.text,
    new RegExp(`\\(${stats.queries.toLocaleString('en-US')} in all\\)$`),
    'the running total ends at the queries made',
  );
  assert.match(
    views[lastIndex((e) => e.phase === 'marching-cubes')].text,
    new RegExp(`^marching cubes at 32³ \\(after ${stats.rounds} MISE rounds\\)$`),
  );
  assert.equal(views.at(-1)!.text, 'smoothing (10 iterations)');
});

test('countsIn reads thousands separators; a wrong total is caught', () => {
  assert.deepEqual(countsIn('batch 3 of 12 (24,576 of 98,304 queries)'), [
    [3, 12],
    [24576, 98304],
  ]);
  assert.deepEqual(countsIn('occupancy, round 9 of 3'), [[9, 3]]);
  assert.deepEqual(countsIn('300 points → 2 input subsets of 150'), []);
});
