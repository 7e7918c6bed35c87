import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCache } from '../../../src/data/buildCache.ts';
import { writeMesh } from '../../../src/io/registry.ts';
import { Engine } from '../../../src/nn/engine/Engine.ts';
import { loadModel } from '../../../src/nn/serve/modelIo.ts';
import { readCheckpoint } from '../../../src/train/Checkpoint.ts';
import { TrainLog } from '../../../src/train/TrainLog.ts';
import { box, uvSphere } from '../../data/analyticMeshes.ts';

const RUNNER = new URL('./trainCliRunner.ts', import.meta.url).pathname;

/** Children still running when a test fails are killed in its `finally`. */
const children = new Set<ReturnType<typeof spawn>>();

function start(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', RUNNER, 'train', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '',
    stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  children.add(child);
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((res) =>
    child.on('exit', (code) => {
      children.delete(child);
      res({ code, stdout, stderr });
    }),
  );
  return { child, exit };
}

/** Every path under `dir`, relative. */
function walk(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? [join(rel, d.name) + '/', ...walk(dir, join(rel, d.name))] : [join(rel, d.name)],
  );
}

test('train CLI: SIGTERM mid-run leaves a valid checkpoint and no partial files, exit 0; --resume continues; bad flags exit 2', async () => {
  const root = mkdtempSync(join(tmpdir(), 'pointocc-cli-train-'));
  try {
    mkdirSync(join(root, 'm/blobs'), { recursive: true });
    for (let i = 0; i < 3; i++) writeMesh(join(root, `m/blobs/box${i}.off`), box([0, 0, 0], [0.3 + 0.1 * i, 0.25, 0.2]));
    for (let i = 0; i < 3; i++) writeMesh(join(root, `m/blobs/ball${i}.off`), uvSphere(0.3 + 0.05 * i, [0, 0, 0], 16, 8));
    const data = join(root, 'cache');
    await buildCache({
      meshes: join(root, 'm'),
      out: data,
      workers: 1,
      settings: { surfacePoints: 300, nearQueries: 300, farQueries: 100, uniformPoints: 400, evalPoints: 10 },
      progress: false,
      log: () => {},
    });
    const config = join(root, 'tiny.json');
    writeFileSync(
      config,
      JSON.stringify({
        inputPoints: 32,
        levelSizes: [16, 8, 4],
        widths: [4, 4, 4, 4, 4, 4, 4],
        hidden: 8,
        train: { batch: 2, queries: 64, valShapes: 2, valPoints: 200, valSplit: 'train', valEvery: 1000 },
      }),
    );
    const out = join(root, 'run');
    const run = start(['--data', data, '--config', config, '--out', out, '--steps', '100000', '--workers', '2', '--no-progress']);
    // Wait until a few steps are logged, then ask it to stop.
    const log = join(out, 'train-log.jsonl');
    const steps = () => (existsSync(log) ? TrainLog.read(log).filter((e) => e.type === 'step').length : 0);
    let exited = false;
    void run.exit.then(() => {
      exited = true;
    });
    while (steps() < 3 && !exited) await new Promise((r) => setTimeout(r, 50));
    if (exited) assert.fail(`the run ended early: ${(await run.exit).stderr}`);
    // A second trainer on the same run folder, while the first holds it: refused with one line,
    // exit 2, naming the holder's pid; the first run's folder is untouched by it.
    for (const second of [
      ['--out', out, '--resume'],
      ['--data', data, '--config', config, '--out', out, '--no-progress'],
    ]) {
      const r2 = await start(second).exit;
      assert.equal(r2.code, 2, r2.stderr);
      assert.match(r2.stderr, new RegExp(`in use by another training run \\(pid ${run.child.pid}`));
      assert.equal(r2.stderr.trim().split('\n').length, 1, r2.stderr);
    }
    run.child.kill('SIGTERM');
    const r = await run.exit;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /stopped at step \d+/);
    const files = walk(out);
    assert.deepEqual(
      files.filter((f) => /(^|\/)\./.test(f)),
      [],
      'no temporary files or folders',
    );
    const ck = readCheckpoint(join(out, 'checkpoint'));
    assert.ok(ck.state.step >= 3);
    const lastLogged = Math.max(
      ...TrainLog.read(log)
        .filter((e) => e.type === 'step')
        .map((e) => e.step),
    );
    assert.equal(ck.state.step, lastLogged, 'the checkpoint holds the last finished step');
    // The checkpoint's model folder loads as a pcnn-occ model with the checkpoint's weights.
    const m = loadModel(await Engine.create(), join(out, 'checkpoint', 'model'));
    ck.replica.names.forEach((n, i) => assert.deepEqual(m.params.find((p) => p.name === n)!.data, ck.replica.params[i]));
    assert.equal(m.config.trainedOn, 'cache');

    // --lr on resume: a manual step decay from the checkpoint's step on.
    const more = await start(['--out', out, '--resume', '--steps', String(ck.state.step + 2), '--lr', '0.00025', '--no-progress']).exit;
    assert.equal(more.code, 0, more.stderr);
    assert.match(more.stdout, new RegExp(`finished at step ${ck.state.step + 2}`));
    assert.ok(existsSync(join(out, 'best', 'weights.safetensors')) && existsSync(join(out, 'best', 'metrics.json')));
    const stored = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    assert.equal(stored.train.steps, ck.state.step + 2);
    assert.equal(stored.model.hidden, 8);
    assert.equal(stored.train.lr, 0.00025);
    const logged = TrainLog.read(log).filter((e) => e.type === 'step') as { step: number; lr: number }[];
    assert.ok(logged.some((e) => e.step <= ck.state.step));
    for (const e of logged) assert.equal(e.lr === 0.00025, e.step > ck.state.step, `lr of step ${e.step}`);

    const bad = await start(['--out', out, '--resume', '--batch', '4']).exit;
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /only --steps/);
    const noData = await start(['--out', join(root, 'x')]).exit;
    assert.equal(noData.code, 2);
    assert.match(noData.stderr, /--data is required/);
  } finally {
    for (const c of children) c.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  }
});
