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

/** Distance from p to the surface of the cube [-0.5, 0.5]³ (inside or out). */
function distanceToUnitCubeSurface(x: number, y: number, z: number): number {
  const d = [Math.abs(x) - 0.5, Math.abs(y) - 0.5, Math.abs(z) - 0.5];
  const outside = Math.hypot(Math.max(d[0], 0), Math.max(d[1], 0), Math.max(d[2], 0));
  return outside > 0 ? outside : -Math.max(d[0], d[1], d[2]);
}

test('data build: --near-std sets how far the near queries lie from the surface (a cube, measured analytically)', async () => {
  const root = mkdtempSync(join(tmpdir(), 'pointocc-cli-build-std-'));
  try {
    mkdirSync(join(root, 'm/cubes'), { recursive: true });
    // A cube of side 2: the unit-cube normalisation maps it onto [-0.5, 0.5]³.
    writeMesh(join(root, 'm/cubes/c.off'), box([5, 5, 5], [1, 1, 1]));
    const measure = async (std: string): Promise<{ mean: number; settings: number }> => {
      const out = join(root, `cache-${std}`);
      await run([
        ...['--meshes', join(root, 'm'), '--out', out, '--workers', '1', '--surface', '16', '--near', '2000', '--far', '0'],
        ...['--uniform', '10', '--eval', '10', '--near-std', std, '--no-progress'],
      ]);
      const ds = CacheDataset.open(out);
      const s = await ds.load(ds.shapes()[0], { uniform: false, eval: false, normals: false });
      let sum = 0;
      const q = s.queryPoints;
      for (let i = 0; i < q.length; i += 3) sum += distanceToUnitCubeSurface(q[i], q[i + 1], q[i + 2]);
      return { mean: sum / (q.length / 3), settings: JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).settings.nearStd };
    };
    // Offsets N(0, σ²) per axis: the distance to a face is |N(0, σ²)| away from edges, mean σ·√(2/π) ≈ 0.8σ.
    const fine = await measure('0.001');
    const coarse = await measure('0.05');
    assert.equal(fine.settings, 0.001);
    assert.equal(coarse.settings, 0.05);
    assert.ok(fine.mean > 0.0004 && fine.mean < 0.0012, `σ 0.001: mean distance ${fine.mean}`);
    assert.ok(coarse.mean > 0.03 && coarse.mean < 0.05, `σ 0.05: mean distance ${coarse.mean}`);
    for (const bad of ['-1', 'wide', '']) {
      await assert.rejects(run(['--meshes', join(root, 'm'), '--out', join(root, 'x'), '--near-std', bad]), {
        name: 'UsageError',
        message: /--near-std must be a distance/,
      });
    }
    await assert.rejects(run(['--meshes', join(root, 'm'), '--out', join(root, 'x'), '--far-std', '11']), {
      name: 'UsageError',
      message: /farStd must be a number in \[0, 10\]/,
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
