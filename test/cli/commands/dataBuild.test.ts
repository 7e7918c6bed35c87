import { test } from 'node:test';
import { CacheDataset } from '../../../src/data/CacheDataset.ts';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { register } from '../../../src/cli/commands/dataBuild.ts';
import { writeMesh } from '../../../src/io/registry.ts';
import { box } from '../../data/analyticMeshes.ts';

/** Runs `data build ARGS` on a fresh program; returns what went to stdout. */
async function run(args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  register(program.command('data').exitOverride());
  let out = '';
  const orig = process.stdout.write.bind(process.stdout);
  const origErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => {
    out += s;
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    await program.parseAsync(['data', 'build', ...args], { from: 'user' });
  } finally {
    process.stdout.write = orig;
    process.stderr.write = origErr;
  }
  return out;
}

test('data build: builds, summarises (broken mesh listed), verifies, rejects bad options', async () => {
  const root = mkdtempSync(join(tmpdir(), 'pointocc-cli-build-'));
  try {
    mkdirSync(join(root, 'm/boxes'), { recursive: true });
    writeMesh(join(root, 'm/boxes/a.off'), box([0, 0, 0], [1, 2, 3]));
    writeMesh(join(root, 'm/boxes/b.obj'), box([5, 5, 5], [1, 1, 1]));
    writeFileSync(join(root, 'm/boxes/bad.off'), 'OFF\n1 1 0\n0 0 0\n3 0 0 0\n');
    const out = join(root, 'cache');
    const summary = await run([
      '--meshes',
      join(root, 'm'),
      '--out',
      out,
      '--workers',
      '1',
      '--surface',
      '64',
      '--near',
      '300',
      '--far',
      '100',
      '--box-queries',
      '40',
      '--uniform',
      '200',
      '--eval',
      '50',
      '--seed',
      '3',
      '--no-progress',
    ]);
    assert.match(summary, /2 shapes/);
    assert.match(summary, /built 2, reused 0/);
    assert.match(summary, /broken: boxes\/bad\.off/);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    assert.equal(manifest.settings.surfacePoints, 64);
    assert.equal(manifest.settings.uniformPoints, 200);
    assert.equal(manifest.settings.seed, 3);
    assert.deepEqual([manifest.settings.nearQueries, manifest.settings.farQueries, manifest.settings.boxQueries], [300, 100, 40]);
    const sample = await CacheDataset.open(out).load(CacheDataset.open(out).shapes()[0], { uniform: false, eval: false, normals: false });
    assert.equal(sample.queryOccupancies.length, 440);
    assert.equal(sample.queryPoints.length, 3 * 440);

    const json = JSON.parse(
      await run([
        '--meshes',
        join(root, 'm'),
        '--out',
        out,
        '--workers',
        '1',
        '--surface',
        '64',
        '--near',
        '300',
        '--far',
        '100',
        '--box-queries',
        '40',
        '--uniform',
        '200',
        '--eval',
        '50',
        '--seed',
        '3',
        '--json',
      ]),
    );
    assert.equal(json.skipped, 2);
    assert.equal(json.built, 0);

    assert.match(await run(['--out', out, '--verify']), /2 files ok, 0 missing, 0 corrupt/);
    const f = join(out, 'boxes/a.npz');
    const bytes = readFileSync(f);
    bytes[100] ^= 1;
    writeFileSync(f, bytes);
    await assert.rejects(run(['--out', out, '--verify']), { name: 'InputError', message: /corrupt boxes\/a\.npz/ });

    await assert.rejects(run(['--meshes', join(root, 'm'), '--out', out, '--workers', '0']), { name: 'UsageError' });
    await assert.rejects(run(['--meshes', join(root, 'm'), '--out', out, '--surface', 'lots']), { name: 'UsageError' });
    await assert.rejects(run(['--meshes', join(root, 'm'), '--out', out, '--near', '0', '--far', '0']), {
      name: 'UsageError',
      message: /at least one query point/,
    });
    await assert.rejects(run(['--out', out]), { name: 'UsageError' });
    await assert.rejects(run(['--meshes', join(root, 'nothing'), '--out', out]), { name: 'InputError' });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
