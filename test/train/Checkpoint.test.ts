import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasCheckpoint, readCheckpoint, writeCheckpoint } from '../../src/train/Checkpoint.ts';
import type { ReplicaState } from '../../src/train/Replica.ts';

function replica(seed: number): ReplicaState {
  const f = (n: number, k: number) =>
    Float32Array.from({ length: n }, (_, i) => Math.fround(Math.sin(seed * 7.1 + k * 3.3 + i) * 1e-3 + (i === 0 ? 1e-38 : 0)));
  return {
    names: ['z.W', 'a.b'], // not sorted: the checkpoint must keep the model's order
    shapes: [[2, 3], [3]],
    params: [f(6, 0), f(3, 1)],
    adam: { step: 17, lr: 3e-4, beta1: 0.9, beta2: 0.999, eps: 1e-8, names: ['z.W', 'a.b'], m: [f(6, 2), f(3, 3)], v: [f(6, 4), f(3, 5)] },
  };
}

test('checkpoint round trip is bit-exact and keeps parameter order; the folder is replaced whole', async () => {
  const root = mkdtempSync(join(tmpdir(), 'pointocc-ckpt-'));
  try {
    const dir = join(root, 'checkpoint');
    assert.equal(hasCheckpoint(dir), false);
    const base = {
      step: 17,
      sampler: { version: 1 as const, seed: 3, shapes: 10, epoch: 4, cursor: 8 },
      elapsedSeconds: 12.5,
      logBytes: 999,
      best: { step: 10, iou: 0.5 },
      workers: 2,
    };
    let modelWrites = 0;
    await writeCheckpoint(dir, base, replica(1), async (d) => {
      modelWrites++;
      mkdirSync(d);
      writeFileSync(join(d, 'marker'), 'x');
    });
    const r = replica(1);
    const c = readCheckpoint(dir);
    assert.equal(modelWrites, 1);
    assert.deepEqual(readdirSync(join(dir, 'model')), ['marker']);
    assert.equal(c.state.step, 17);
    assert.deepEqual(c.state.sampler, base.sampler);
    assert.deepEqual(c.state.best, base.best);
    assert.equal(c.state.logBytes, 999);
    assert.deepEqual(c.replica.names, ['z.W', 'a.b']);
    assert.deepEqual(c.replica.params, r.params);
    assert.deepEqual(c.replica.adam.m, r.adam.m);
    assert.deepEqual(c.replica.adam.v, r.adam.v);
    assert.equal(c.replica.adam.step, 17);
    assert.equal(c.replica.adam.lr, 3e-4);
    // A second checkpoint replaces the first entirely (no model/ this time).
    await writeCheckpoint(dir, { ...base, step: 18 }, replica(2));
    const c2 = readCheckpoint(dir);
    assert.equal(c2.state.step, 18);
    assert.deepEqual(c2.replica.params, replica(2).params);
    assert.deepEqual(readdirSync(dir).sort(), ['optimizer.safetensors', 'params.safetensors', 'state.json']);
    assert.deepEqual(readdirSync(root), ['checkpoint']);
    // A failing model writer leaves the previous checkpoint intact and no temporary folder.
    await assert.rejects(
      writeCheckpoint(dir, { ...base, step: 19 }, replica(3), async () => {
        throw new Error('disk full');
      }),
      /disk full/,
    );
    assert.equal(readCheckpoint(dir).state.step, 18);
    assert.deepEqual(readdirSync(root), ['checkpoint']);
    // Damaged files are reported as input errors.
    writeFileSync(join(dir, 'params.safetensors'), 'xx');
    assert.throws(() => readCheckpoint(dir), { name: 'InputError' });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
