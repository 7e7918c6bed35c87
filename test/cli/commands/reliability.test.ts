// The reliability audit's cases end to end, each in a child process (exit codes, signals and
// peak memory are the process's): `node --import tsx src/cli/main.ts …`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveTinyModel } from './tinyModel.ts';

const MAIN = 'src/cli/main.ts';
const dir = mkdtempSync(join(tmpdir(), 'pointocc-reliability-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stderr: r.stderr };
}
/** The `pointocc:` lines of stderr (errors), without progress lines. */
const errorLines = (s: string): string[] => s.split('\n').filter((l) => l.startsWith('pointocc:') || l.startsWith('error:'));

/** Fibonacci unit sphere as xyz text, full float64 precision. */
function sphereXyz(n: number, offset = 0, twice = false): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const y = 1 - (2 * (i + 0.5)) / n,
      r = Math.sqrt(1 - y * y),
      t = i * Math.PI * (3 - Math.sqrt(5));
    const l = [r * Math.cos(t) + offset, y + offset, r * Math.sin(t) + offset].map((v) => v.toPrecision(17)).join(' ');
    lines.push(l);
    if (twice) lines.push(l);
  }
  return lines.join('\n') + '\n';
}
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
const leftovers = (): string[] => readdirSync(dir).filter((f) => f.includes('.tmp-'));

test('bpa on a cloud with every point twice: exit 0; a cloud of one point 20 times: exit 2, one line', () => {
  const out = join(dir, 'dup.ply');
  const r = cli('reconstruct', file('dup.xyz', sphereXyz(300, 0, true)), '-o', out, '--method', 'bpa');
  assert.equal(r.status, 0, r.stderr);
  assert.ok(existsSync(out));
  const one = cli('reconstruct', file('one.xyz', '1 2 3\n'.repeat(20)), '-o', join(dir, 'one.ply'), '--method', 'bpa');
  assert.equal(one.status, 2);
  assert.equal(errorLines(one.stderr).length, 1, one.stderr);
  assert.match(one.stderr, /^pointocc: .*all 20 points coincide/m);
  assert.equal(existsSync(join(dir, 'one.ply')), false);
});

test('299 sphere points + one at (40, 40, 40): the default model finds the sphere, warning of 1 outlier left out', () => {
  const out = join(dir, 'outlier.ply');
  const r = cli('reconstruct', file('outlier.xyz', sphereXyz(299) + '40 40 40\n'), '-o', out);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^warning: left out 1 far outlier point/m);
});

test('a unit sphere offset by 1e6: the CLI says in one warning line that 32-bit floats cannot hold it', () => {
  const r = cli('reconstruct', file('offset.xyz', sphereXyz(300, 1e6)), '-o', join(dir, 'offset.ply'));
  assert.equal(r.status, 0, r.stderr);
  const w = r.stderr.split('\n').filter((l) => l.includes('32-bit floats'));
  assert.equal(w.length, 1, r.stderr);
  assert.match(w[0], /^warning: .*degenerate.*translate the cloud near the origin/);
});

test('--resolution 1024: refused up front, exit 2, one line naming the memory, no output', () => {
  const out = join(dir, 'r1024.ply');
  const r = cli('reconstruct', file('s.xyz', sphereXyz(300)), '-o', out, '--resolution', '1024');
  assert.equal(r.status, 2);
  assert.deepEqual(errorLines(r.stderr).length, 1, r.stderr);
  assert.match(r.stderr, /^pointocc: resolution 1024 needs about 10\.8 GB .* ≤ 552/m);
  assert.equal(existsSync(out), false);
});

test('peak memory at --resolution 128 (tiny model; a random model refines nearly everywhere, so 256 takes minutes) stays far below the 2 GB budget', async () => {
  const model = await saveTinyModel();
  try {
    // The child runs the CLI in-process and prints its peak RSS (resourceUsage().maxRSS, KiB;
    // worker threads included). Threshold 0.5 of a random model: a surface, so MISE refines.
    const code = `const { runCli } = await import('./${MAIN}'); const c = await runCli(${JSON.stringify(['reconstruct', file('m.xyz', sphereXyz(300)), '-o', join(dir, 'm.ply'), '--model', model, '--resolution', '128', '--workers', '0'])}); console.log('RSS', process.resourceUsage().maxRSS, c); process.exit(0);`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8', timeout: 300_000 });
    const m = /RSS (\d+) (\d+)/.exec(r.stdout);
    assert.ok(m, r.stdout + r.stderr);
    assert.equal(m[2], '0', r.stderr);
    const gb = (Number(m[1]) * 1024) / 1e9;
    // dense grid 10 B × 129³ = 0.02 GB + ~0.3 GB base (src/recon/mise.ts miseGridBytes)
    assert.ok(gb < 0.8, `peak RSS ${gb.toFixed(2)} GB`);
  } finally {
    rmSync(model, { recursive: true, force: true });
  }
});

test('Ctrl-C during reconstruct: exit 130, one line "pointocc: interrupted", no output or temp file', async () => {
  const out = join(dir, 'int.ply');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', MAIN, 'reconstruct', file('int.xyz', sphereXyz(300)), '-o', out, '--resolution', '256'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  const done = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  child.stderr.on('data', (d) => {
    stderr += d;
    if (/MISE round 1/.test(stderr) && !child.killed) child.kill('SIGINT');
  });
  const code = await done;
  assert.equal(code, 130, stderr);
  assert.deepEqual(errorLines(stderr), ['pointocc: interrupted']);
  assert.equal(existsSync(out), false);
  assert.deepEqual(leftovers(), []);
});

test('an unknown option: exit 2, one line prefixed pointocc:', () => {
  const r = cli('reconstruct', 'x.xyz', '-o', 'y.ply', '--bogus');
  assert.equal(r.status, 2);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], /^pointocc: unknown option '--bogus'/);
});
