// The npm package as a user receives it: `npm pack` (of the already built tree: `npm test`
// builds first), then installed from the tarball into an empty folder, where the CLI and
// `import … from 'pointocc'` must work and the declared types must check.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, IO_FIXTURES } from './fixtures.ts';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let tmp = '';
let app = '';
let packed: { filename: string; size: number; entryCount: number; files: { path: string }[] };

function run(cmd: string, args: string[], o: SpawnSyncOptions = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...o });
  return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'pointocc-pack-'));
  // --ignore-scripts: `prepare` already ran (npm test builds dist/ and the WASM first).
  const p = run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], { cwd: REPO_ROOT });
  assert.equal(p.status, 0, p.stderr);
  packed = JSON.parse(p.stdout)[0];
  app = join(tmp, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  const i = run(npm, ['install', join(tmp, packed.filename), '--no-audit', '--no-fund', '--prefer-offline'], { cwd: app });
  assert.equal(i.status, 0, i.stderr);
});

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('the tarball holds the compiled code, the WASM kernels, the default model, README and licence, and nothing else', () => {
  const paths = packed.files.map((f) => f.path);
  for (const p of [
    'dist/index.js',
    'dist/index.d.ts',
    'dist/cli/main.js',
    'bin/pointocc.js',
    'build/wasm/nn.wasm',
    'models/pcnn-occ-corpus/config.json',
    'models/pcnn-occ-corpus/weights.safetensors',
    'README.md',
    'LICENSE',
    'package.json',
    // The queue's sandboxed processor: BullMQ forks it by path from dist/ (docs/queue.md).
    'dist/cli/queue/processor.js',
  ]) {
    assert.ok(paths.includes(p), `missing ${p}`);
  }
  const top = new Set(paths.map((p) => p.split('/')[0]));
  assert.deepEqual([...top].sort(), ['LICENSE', 'README.md', 'bin', 'build', 'dist', 'docs', 'models', 'package.json']);
  assert.ok(!paths.some((p) => p.endsWith('.ts') && !p.endsWith('.d.ts')), 'TypeScript sources in the tarball');
  process.stderr.write(`# tarball ${packed.filename}: ${(packed.size / 2 ** 20).toFixed(2)} MiB, ${packed.entryCount} files\n`);
});

test('installed from the tarball: `pointocc reconstruct` writes a closed mesh with the bundled model', () => {
  copyFileSync(join(IO_FIXTURES, 'sphere_points.xyz'), join(app, 'cloud.xyz'));
  const r = run(
    join(app, 'node_modules', '.bin', 'pointocc'),
    ['reconstruct', 'cloud.xyz', '-o', 'mesh.ply', '--resolution', '32', '--json'],
    { cwd: app },
  );
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout) as { faces: number; model: { dir: string } };
  assert.ok(report.faces > 0);
  assert.ok(report.model.dir.includes(join('node_modules', 'pointocc', 'models')), report.model.dir);
  assert.ok(existsSync(join(app, 'mesh.ply')));
});

test("installed from the tarball (after the CLI test, whose mesh it compares with): `import … from 'pointocc'` runs, and its types check under NodeNext", () => {
  writeFileSync(
    join(app, 'use.ts'),
    [
      "import { readPointCloud, readMesh, loadModel, reconstructCloud, evaluateMesh, checkMesh, type Mesh } from 'pointocc';",
      "const cloud = readPointCloud('cloud.xyz');",
      'const model = await loadModel(undefined, { workers: 0 });',
      'const { mesh } = await reconstructCloud(cloud.positions, model, { resolution: 32 });',
      'await model.close();',
      'const m: Mesh = mesh;',
      "console.log(JSON.stringify({ closed: checkMesh(m).edgeManifold, iou: evaluateMesh(m, readMesh('mesh.ply'), { samples: 5000 }).iou }));",
    ].join('\n'),
  );
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        target: 'ES2022',
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: ['node'],
        typeRoots: [join(REPO_ROOT, 'node_modules', '@types')],
        lib: ['ES2022', 'DOM'],
      },
      files: ['use.ts'],
    }),
  );
  const tsc = run(process.execPath, [join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], { cwd: app });
  assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
  // The same program as JavaScript (types stripped by hand: the one annotation).
  const js = readFileSync(join(app, 'use.ts'), 'utf8').replace(', type Mesh', '').replace('const m: Mesh = mesh;', 'const m = mesh;');
  writeFileSync(join(app, 'use.mjs'), js);
  const r = run(process.execPath, ['use.mjs'], { cwd: app });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { closed: boolean; iou: number };
  assert.equal(out.closed, true);
  // Same cloud, same model and resolution as the CLI test: the same surface.
  assert.ok(out.iou > 0.99, `IoU against the CLI's mesh ${out.iou}`);
});
