// Unit-level checks of the reliability fixes (issue "close the holes a hostile-input and fault
// audit found"); the same cases end to end through the CLI are in test/cli/commands/reliability.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ballPivoting, distinctPoints } from '../../src/recon/ballPivoting.ts';
import { findFarOutliers, float32RelativeError, computeNormalization } from '../../src/geometry/normalize.ts';
import { prepareCloudOccupancy } from '../../src/recon/cloudOccupancy.ts';
import type { OccupancyModel } from '../../src/recon/OccupancyModel.ts';
import { maxMiseResolution, mise, miseGridBytes } from '../../src/recon/mise.ts';
import { atomicWriteFileSync, removeStaleTemps } from '../../src/io/atomicWrite.ts';
import { lockRunFolder, RUN_LOCK } from '../../src/train/runLock.ts';
import { UsageError } from '../../src/errors.ts';

/** Fibonacci sphere, radius 1, in float64 (plain numbers). */
function sphere(n: number, offset = 0): number[] {
  const p: number[] = [];
  for (let i = 0; i < n; i++) {
    const y = 1 - (2 * (i + 0.5)) / n,
      r = Math.sqrt(1 - y * y),
      t = i * Math.PI * (3 - Math.sqrt(5));
    p.push(r * Math.cos(t) + offset, y + offset, r * Math.sin(t) + offset);
  }
  return p;
}

const standIn: OccupancyModel = { threshold: 0.5, config: { inputPoints: 300 }, predict: (_i, q) => new Float32Array(q.length / 3) };

/** A PID that surely is not running: a child that has exited (PIDs are not reused at once). */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

test('ball pivoting on a cloud with every point twice: no crash, faces over the first copies', () => {
  const once = sphere(200);
  const pts = Float32Array.from([...once, ...once]);
  const normals = Float32Array.from([...once, ...once]); // unit sphere: the normal is the point
  const { distinct } = distinctPoints(pts, 400);
  assert.equal(distinct.length, 200);
  const m = ballPivoting(pts, normals);
  assert.equal(m.positions.length, 3 * 400, 'one vertex per input point');
  assert.ok(m.faces.length / 3 > 300, `faces ${m.faces.length / 3}`);
  for (const f of m.faces) assert.ok(f < 200, 'faces use the first copy of each point');
});

test('far outliers: one point at (40, 40, 40) beside 299 sphere points is found; 10 % far points are all kept', () => {
  const one = [...sphere(299), 40, 40, 40];
  assert.deepEqual(findFarOutliers(one).indices, [299]);
  const many = [...sphere(270)];
  for (let i = 0; i < 30; i++) many.push(40 + i, 40, 40);
  const r = findFarOutliers(many);
  assert.deepEqual(r.indices, [], '10 % far: part of the distribution, nothing dropped');
  // a clean shape loses nothing
  assert.deepEqual(findFarOutliers(sphere(300)).indices, []);
});

test("prepareCloudOccupancy drops the outlier with a warning naming the count, and the frame is the sphere's", () => {
  const p = prepareCloudOccupancy(Float32Array.from([...sphere(299), 40, 40, 40]), standIn, {
    bind: () => (q) => new Float32Array(q.length / 3),
  });
  assert.equal(p.subsets[0].length / 3, 299);
  assert.match(p.warnings.join('\n'), /left out 1 far outlier point/);
  // longest side ≈ 2 (the sphere), not 40 (scale is 1/side, 1/input units)
  assert.ok(Math.abs(1 / p.transform.scale - 2) < 0.05, `side ${1 / p.transform.scale}`);
});

test('precision: a unit sphere at 1e6 loses > 1e-4 of its extent to float32, and the pipeline says so', () => {
  const t = computeNormalization(sphere(300, 1e6));
  // float32 at 1e6 rounds to ±2^-5 = 0.031 units of a 2-unit extent: 1.6 %
  assert.ok(Math.abs(float32RelativeError(t) - 0.03125 / 2) < 1e-3);
  assert.ok(float32RelativeError(computeNormalization(sphere(300))) < 1e-6, 'at the origin: no loss');
  const p = prepareCloudOccupancy(Float32Array.from(sphere(300, 1e6)), standIn, { bind: () => (q) => new Float32Array(q.length / 3) });
  assert.match(p.warnings.join('\n'), /32-bit floats/);
});

test('mise refuses up front (UsageError) a resolution whose dense grid exceeds the memory budget', async () => {
  let calls = 0;
  const f = (q: Float32Array): Float32Array => {
    calls++;
    return new Float32Array(q.length / 3);
  };
  await assert.rejects(
    mise(f, { threshold: 0.5, resolution0: 256, upsamplingSteps: 2 }),
    (e: unknown) => e instanceof UsageError && /resolution 1024 needs about 10\.8 GB/.test(e.message) && /≤ 552/.test(e.message),
  );
  assert.equal(calls, 0, 'refused before any evaluation');
  // 512 (the largest power of two) fits the default 2 GB budget (bytes)
  assert.ok(miseGridBytes(512) < 1.7e9 && maxMiseResolution() >= 512);
});

test('atomic write removes temp files of dead writers next to the target, keeps those of live ones', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pointocc-tmp-'));
  try {
    const stale = join(dir, `.x.ply.tmp-${deadPid()}-abc123`);
    const live = join(dir, `.x.ply.tmp-${process.ppid}-abc123`); // the test runner: alive
    const other = join(dir, `.y.ply.tmp-${deadPid()}-abc123`); // another target: not ours to judge now
    for (const f of [stale, live, other]) writeFileSync(f, 'partial');
    atomicWriteFileSync(join(dir, 'x.ply'), 'ok');
    assert.deepEqual(readdirSync(dir).sort(), [basename(live), basename(other), 'x.ply'].sort());
    assert.equal(removeStaleTemps(join(dir, 'y.ply')), 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('run lock: a second holder is refused naming the first; a stale lock (dead PID) is taken; release removes it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pointocc-lock-'));
  try {
    const release = lockRunFolder(dir);
    const held = JSON.parse(readFileSync(join(dir, RUN_LOCK), 'utf8'));
    assert.equal(held.pid, process.pid);
    assert.throws(
      () => lockRunFolder(dir),
      (e: unknown) => e instanceof UsageError && e.message.includes(`pid ${process.pid}`),
    );
    release();
    assert.equal(existsSync(join(dir, RUN_LOCK)), false);
    writeFileSync(join(dir, RUN_LOCK), JSON.stringify({ pid: deadPid(), host: held.host, started: held.started }));
    const r2 = lockRunFolder(dir);
    assert.equal(JSON.parse(readFileSync(join(dir, RUN_LOCK), 'utf8')).pid, process.pid);
    r2();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
