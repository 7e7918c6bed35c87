// Hostile inputs (issue "Reliability: close the holes"): decompression bombs, declared counts far
// beyond the file or the limits, binary PLY in the wrong byte order, escape sequences in file
// names and content. Every input is made here. The CLI cases run `pointocc info` from source in
// a child process, which reports its own peak RSS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { zipSync } from 'fflate';
import { InputError } from '../../src/errors.ts';
import { parseNpz, parseNpzPointCloud } from '../../src/io/npz.ts';
import { parseNpyPointCloud, encodeNpy } from '../../src/io/npy.ts';
import { parsePly, encodePly } from '../../src/io/ply.ts';
import { parseOff } from '../../src/io/off.ts';
import { parsePcd } from '../../src/io/pcd.ts';
import { parseStl, encodeStl } from '../../src/io/stl.ts';
import { parseXyz } from '../../src/io/xyz.ts';
import { parseObj } from '../../src/io/obj.ts';
import { decodeSafetensors } from '../../src/io/safetensors.ts';
import { parsePointCloud } from '../../src/io/codec.ts';
import { resolveReadLimits } from '../../src/io/limits.ts';
import { REPO_ROOT } from '../fixtures.ts';
import { BAD, fixtureBytes, expectInputError, concatBytes, text, tempDir, npyHeader, deflatedZip } from './helpers.ts';

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** Peak RSS allowed to `pointocc info` on a bomb, bytes (Node + tsx alone take ~130 MB). */
const MAX_CLI_RSS = 300e6;

/** `pointocc info ARGS` run from source in a child process; its exit code, output, and its peak
 *  RSS (bytes, from its own `process.resourceUsage()`). */
function cli(...args: string[]): { status: number | null; stdout: string; stderr: string; maxRss: number } {
  const main = pathToFileURL(join(REPO_ROOT, 'src/cli/main.ts')).href;
  const code = `const { runCli } = await import(${JSON.stringify(main)});
    const c = await runCli(${JSON.stringify(args)});
    process.stderr.write('#maxrss=' + process.resourceUsage().maxRSS + '\\n');
    process.exitCode = c;`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const m = /#maxrss=(\d+)\n$/.exec(r.stderr);
  assert.ok(m, `no RSS report (status ${r.status}, signal ${r.signal}): ${r.stderr.slice(-2000)}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.slice(0, m.index), maxRss: Number(m[1]) * 1024 };
}

/** ArrayBuffer bytes allocated (and not yet collected) while `fn` runs, roughly. */
function arrayBufferGrowth(fn: () => void): number {
  const before = process.memoryUsage().arrayBuffers;
  try {
    fn();
  } catch {
    /* measured either way */
  }
  return process.memoryUsage().arrayBuffers - before;
}

// ------------------------------------------------------------------ NPZ decompression bombs

/** 160 million float32 points of zeros (1.92 GB) in a 1.9 MB NPZ, sizes declared honestly. */
const BOMB_POINTS = 160_000_000;
const bomb = deflatedZip('points.npy', npyHeader('<f4', [BOMB_POINTS, 3]), BOMB_POINTS * 12);

test('NPZ bomb (1.9 MB → 1.9 GB): refused from its declared sizes before inflating, in one line', () => {
  assert.ok(bomb.length < 2.5e6, `${bomb.length} bytes`);
  let e!: InputError;
  const grown = arrayBufferGrowth(() => {
    e = expectInputError(() => parseNpz(bomb, 'bomb.npz'), 'count-too-large', 'bomb.npz');
  });
  assert.equal(e.message, "bomb.npz: array 'points' declares 480,000,000 values (1.9 GB); the limit is 120,000,000 values");
  assert.deepEqual(e.limit, { unit: 'values', declared: 480_000_000, limit: 120_000_000 });
  // Only the header's step was inflated (1 KiB of input → ≤ 1 MB), not the 1.9 GB.
  assert.ok(grown < 8e6, `${grown} bytes of ArrayBuffers`);
  const p = expectInputError(() => parseNpzPointCloud(bomb, 'bomb.npz'), 'count-too-large', 'bomb.npz');
  assert.equal(p.message, "bomb.npz: array 'points' declares 160,000,000 points (1.9 GB); the limit is 20,000,000 points");
  // The web's limit (2 million points) refuses it the same way.
  const w = expectInputError(() => parsePointCloud(bomb, 'bomb.npz', { limits: { maxPoints: 2_000_000 } }), 'count-too-large', 'bomb.npz');
  assert.deepEqual(w.limit, { unit: 'points', declared: BOMB_POINTS, limit: 2_000_000 });
});

test('pointocc info on the NPZ bomb: exit 2, one line, peak RSS under 300 MB (was 3.8 GB and exit 0)', () => {
  const file = join(tempDir(), 'bomb.npz');
  writeFileSync(file, bomb);
  const r = cli('info', file);
  assert.equal(r.status, 2, r.stdout + r.stderr);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], /^pointocc: .*bomb\.npz: array 'points' declares 160,000,000 points \(1\.9 GB\); the limit is 20,000,000 points$/);
  assert.ok(r.maxRss < MAX_CLI_RSS, `peak RSS ${(r.maxRss / 1e6).toFixed(0)} MB`);
});

test('NPZ member whose deflate stream runs far past its declared size: inflation stops at the bytes the header needs', () => {
  // Declares 1000 points (12 kB of data), but its stream inflates to 1.9 GB of zeros.
  const head = npyHeader('<f4', [1000, 3]);
  const z = deflatedZip('points.npy', head, 1.9e9, head.length + 12_000);
  const t0 = performance.now();
  let n = 0;
  const grown = arrayBufferGrowth(() => {
    n = parseNpzPointCloud(z, 'long.npz').positions.length / 3;
  });
  const ms = performance.now() - t0;
  assert.equal(n, 1000);
  assert.ok(ms < 1000, `${ms.toFixed(0)} ms: the stream was inflated to its end?`);
  assert.ok(grown < 40e6, `${grown} bytes of ArrayBuffers`);
});

test("NPZ member whose NPY header needs more than the member declares: 'truncated', before inflating the data", () => {
  const head = npyHeader('<f4', [1_000_000, 3]);
  const z = deflatedZip('points.npy', head, 1000);
  const e = expectInputError(() => parseNpzPointCloud(z, 'short.npz'), 'truncated', 'short.npz:points.npy');
  assert.match(e.message, /needing 12000128 bytes, but the member declares only 1128/);
});

test('NPY/NPZ point counts are checked against limits.maxPoints from the header; arrays against maxArrayValues', () => {
  const pts = new Float32Array(3000 * 3).fill(0.5);
  const npy = encodeNpy(pts, [3000, 3]);
  const small = resolveReadLimits({ maxPoints: 2000 });
  const e = expectInputError(() => parseNpyPointCloud(npy, 'a.npy', small), 'count-too-large', 'a.npy');
  assert.match(e.message, /^a\.npy: the NPY array declares 3,000 points \(36\.0 kB\); the limit is 2,000 points \(byte 128\)$/);
  const npz = zipSync({ 'points.npy': npy }, { level: 6 });
  const z = expectInputError(() => parsePointCloud(npz, 'a.npz', { limits: { maxPoints: 2000 } }), 'count-too-large', 'a.npz');
  assert.deepEqual(z.limit, { unit: 'points', declared: 3000, limit: 2000 });
  const v = expectInputError(() => parseNpz(npz, 'v.npz', { limits: { maxArrayValues: 100 } }), 'count-too-large', 'v.npz');
  assert.equal(v.message, "v.npz: array 'points' declares 9,000 values (36.0 kB); the limit is 100 values");
  // Within the limits: read as before.
  assert.equal(parsePointCloud(npz, 'a.npz').positions.length, 9000);
});

// ------------------------------------------------------------------ declared counts

const plyHead = (format: string, nv: number) =>
  `ply\nformat ${format} 1.0\nelement vertex ${nv}\nproperty float x\nproperty float y\nproperty float z\nend_header\n`;

test('PLY declaring 4e9 vertices in a tiny file: refused before allocating (binary and ascii)', () => {
  for (const [format, body] of [
    ['binary_little_endian', new Uint8Array(12)],
    ['ascii', text('0 0 0\n')],
  ] as const) {
    const bytes = concatBytes(plyHead(format, 4_000_000_000), body);
    assert.ok(bytes.length < 150);
    let e!: InputError;
    const grown = arrayBufferGrowth(() => {
      e = expectInputError(() => parsePly(bytes, 'huge.ply'), 'count-too-large', 'huge.ply');
    });
    assert.match(e.message, /element 'vertex' declares 4000000000 records/);
    assert.ok(grown < 1e6, `${format}: ${grown} bytes allocated`);
  }
  // A count beyond 2^53 cannot even be multiplied exactly: a bad header.
  expectInputError(
    () => parsePly(concatBytes(plyHead('ascii', 0).replace('vertex 0', 'vertex 99999999999999999999'), '0 0 0\n'), 'h.ply'),
    'bad-header',
    'h.ply',
  );
});

test('declared counts over the limits are refused before the records are read (PLY, OFF, PCD, STL, XYZ, OBJ)', () => {
  const lim = resolveReadLimits({ maxPoints: 100, maxFaces: 100 });
  // 200 records of garbage: a reader that read them would fail on 'x' ('bad-value') first.
  const garbage = 'x y z\n'.repeat(200);
  const ply = expectInputError(() => parsePly(text(plyHead('ascii', 200) + garbage), 'p.ply', lim), 'count-too-large', 'p.ply');
  assert.equal(ply.message, "p.ply: element 'vertex' declares 200 points (2.4 kB); the limit is 100 points (line 3)");
  assert.deepEqual(ply.limit, { unit: 'points', declared: 200, limit: 100 });
  const plyBin = concatBytes(plyHead('binary_little_endian', 200), new Uint8Array(2400).fill(0xff));
  expectInputError(() => parsePly(plyBin, 'b.ply', lim), 'count-too-large', 'b.ply');
  const off = expectInputError(() => parseOff(text('OFF\n200 0 0\n' + garbage), 'o.off', lim), 'count-too-large', 'o.off');
  assert.match(off.message, /the header declares 200 points .*; the limit is 100 points/);
  const offFaces = expectInputError(() => parseOff(text('OFF\n3 200 0\n' + garbage + garbage), 'f.off', lim), 'count-too-large', 'f.off');
  assert.equal(offFaces.limit?.unit, 'faces');
  const pcdHead = (data: string) =>
    `VERSION 0.7\nFIELDS x y z\nSIZE 4 4 4\nTYPE F F F\nCOUNT 1 1 1\nWIDTH 200\nHEIGHT 1\nPOINTS 200\nDATA ${data}\n`;
  expectInputError(() => parsePcd(text(pcdHead('ascii') + garbage), 'a.pcd', lim), 'count-too-large', 'a.pcd');
  expectInputError(() => parsePcd(concatBytes(pcdHead('binary'), new Uint8Array(2400)), 'b.pcd', lim), 'count-too-large', 'b.pcd');
  // binary_compressed: LZF data is not bounded by the file size, only by the limit.
  const lzf = new Uint8Array([0]); // garbage: one literal byte, far short of 2400
  const sizes = new Uint8Array(8);
  new DataView(sizes.buffer).setUint32(0, 1, true);
  new DataView(sizes.buffer).setUint32(4, 2400, true);
  const c = expectInputError(
    () => parsePcd(concatBytes(pcdHead('binary_compressed'), sizes, lzf), 'c.pcd', lim),
    'count-too-large',
    'c.pcd',
  );
  assert.match(c.message, /the PCD header declares 200 points/);
  // Binary STL: 200 triangles.
  const tri = { positions: new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0]), faces: new Uint32Array(600).fill(0).map((_, i) => i % 3) };
  const stl = expectInputError(() => parseStl(encodeStl(tri), 's.stl', lim), 'count-too-large', 's.stl');
  assert.match(stl.message, /binary STL declares 200 faces .*; the limit is 100 faces/);
  // No declared count in XYZ and OBJ: refused as the rows pass the limit, with the full count.
  const rows = '1 2 3\n'.repeat(130);
  const xyz = expectInputError(() => parseXyz(text(rows), 'r.xyz', lim), 'count-too-large', 'r.xyz');
  assert.deepEqual(xyz.limit, { unit: 'points', declared: 130, limit: 100 });
  assert.equal(xyz.message, 'r.xyz: the file has 130 points (1.6 kB); the limit is 100 points (line 101)');
  const obj = expectInputError(() => parseObj(text('v 1 2 3\n'.repeat(130)), 'v.obj', lim), 'count-too-large', 'v.obj');
  assert.equal(obj.message, 'v.obj: the file has 130 points (1.6 kB); the limit is 100 points (line 101)');
});

test('XYZ: blank lines do not reserve memory (capacity follows the text, not the line count)', () => {
  const bytes = text('1 2 3\n' + '\n'.repeat(2_000_000));
  const grown = arrayBufferGrowth(() => assert.equal(parseXyz(bytes, 'blank.xyz').positions.length, 3));
  // Before: 12 bytes per line (24 MB); now at most 2 bytes per character of text, ~4 MB.
  assert.ok(grown < 8e6, `${grown} bytes`);
});

// ------------------------------------------------------------------ byte order

test('binary PLY in the other byte order than declared: "looks like the other byte order", not "NaN coordinates"', () => {
  const cases: [string, string, string][] = [
    ['sphere_points_binary.ply', 'binary_little_endian', 'binary_big_endian'], // float32 point cloud
    ['sphere_points_double_be.ply', 'binary_big_endian', 'binary_little_endian'], // float64 point cloud
    ['torus_binary.ply', 'binary_little_endian', 'binary_big_endian'], // float32 mesh with faces
  ];
  for (const [f, from, to] of cases) {
    const good = fixtureBytes(f);
    assert.ok(parsePly(good, f).positions.length > 0);
    const swapped = new Uint8Array(Buffer.from(Buffer.from(good).toString('latin1').replace(`format ${from}`, `format ${to}`), 'latin1'));
    for (const read of [
      () => parsePly(swapped, f),
      () => parsePointCloud(swapped, f),
      () => parsePointCloud(swapped, f, { dropInvalid: true }),
    ]) {
      const e = expectInputError(read, 'bad-header', f);
      assert.match(e.message, /looks like the other byte order \(binary_little_endian vs binary_big_endian\)/);
      assert.match(
        e.message,
        new RegExp(`read as the declared ${to}, \\d+% of vertices have NaN, infinite or absurd coordinates; read as ${from}, 0% do`),
      );
    }
  }
});

test('byte-order check: NaN-heavy data in the right byte order is not mistaken for the other order', () => {
  const p = new Float32Array(30).fill(NaN);
  p.set([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
  const bytes = encodePly({ positions: p });
  const c = parsePointCloud(bytes, 'holes.ply', { dropInvalid: true });
  assert.deepEqual(Array.from(c.positions), Array.from(p.subarray(0, 6)));
  expectInputError(() => parsePointCloud(bytes, 'holes.ply'), 'invalid-coordinates', 'holes.ply');
});

// ------------------------------------------------------------------ messages

test('messages quote at most a short excerpt of content, escaped: passwd-like first lines, escape codes in content and names', () => {
  const passwd = text('root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n');
  const ply = expectInputError(() => parsePly(passwd, 'p.ply'), 'bad-header', 'p.ply');
  assert.equal(ply.message, "p.ply: not a PLY file: the first line starts 'root:x:0:0:root:…', expected 'ply' (line 1)");
  const off = expectInputError(() => parseOff(passwd, 'p.off'), 'bad-header', 'p.off');
  assert.doesNotMatch(off.message, /bin\/bash/);
  // Escape codes in the content and in the name: escaped, never raw; a long token cut.
  const name = 'e\u001b]0;pwned\u0007.xyz';
  const e = expectInputError(() => parseXyz(text(`1 2 3\n4 \u001b[2J${'A'.repeat(100)} 6\n`), name), 'bad-value', 'pwned');
  assert.doesNotMatch(e.message, CONTROL);
  assert.equal(e.message, "e\\u001b]0;pwned\\u0007.xyz: invalid number '\\u001b[2JAAAAAAAAAAAAAAAAAAAA…' in column 2 (line 2)");
  // Names inside files (NPZ members, PLY elements) are content too.
  const npz = zipSync({ '\u001b[31mevil.npy': encodeNpy(new Float32Array(3), [1, 3]) });
  const m = expectInputError(() => parseNpzPointCloud(npz, 'm.npz'), 'no-geometry', 'm.npz');
  assert.equal(m.message, "m.npz: NPZ archive has no 'points' array (it has: '\\u001b[31mevil')");
  const el = expectInputError(
    () => parsePly(text(`ply\nformat ascii 1.0\nelement \u001b[5m${'v'.repeat(60)} 1\nproperty float x\nend_header\n1\n`), 'el.ply'),
    'no-geometry',
    'el.ply',
  );
  assert.doesNotMatch(el.message, CONTROL);
});

test('pointocc info: escape codes in a file name and its content are escaped on stderr; a symlink to a system file shows a few characters at most', () => {
  const dir = tempDir();
  const file = join(dir, 'esc\u001b[2Jname.xyz');
  writeFileSync(file, '1 2 3\n4 \u001b[31mfive 6\n');
  const r = cli('info', file);
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.doesNotMatch(r.stderr.trimEnd(), CONTROL);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], /esc\\u001b\[2Jname\.xyz: invalid number '\\u001b\[31mfive' in column 2 \(line 2\)$/);
  // info on a symlink to /etc/passwd (when there is one): at most a 16-character excerpt.
  if (process.platform !== 'win32') {
    const link = join(dir, 'passwd.ply');
    try {
      symlinkSync('/etc/passwd', link);
    } catch {
      return;
    }
    const p = cli('info', link);
    assert.equal(p.status, 2, p.stdout + p.stderr);
    const excerpt = /the first line starts '([^']*)'/.exec(p.stderr);
    assert.ok(excerpt, p.stderr);
    assert.ok(Array.from(excerpt[1].replace(/…$/, '')).length <= 16, excerpt[1]);
  }
});

test('pointocc info on NaN points names the CLI flag (--drop-invalid), not the API option', () => {
  const r = cli('info', join(BAD, 'nan_points.xyz'));
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /2 of 4 points have NaN or infinite coordinates .*--drop-invalid/);
  assert.doesNotMatch(r.stderr, /dropInvalid/);
});

// ------------------------------------------------------------------ safetensors

test('safetensors headers are validated field by field: every malformation is an InputError', () => {
  const st = (header: string, data = new Uint8Array(16)) => {
    const h = text(header);
    const len = new Uint8Array(8);
    new DataView(len.buffer).setBigUint64(0, BigInt(h.length), true);
    return concatBytes(len, h, data);
  };
  expectInputError(() => decodeSafetensors(st('[1, 2]'), 'w.st'), 'bad-header', 'w.st');
  expectInputError(() => decodeSafetensors(st('{"a": null}'), 'w.st'), 'bad-header', 'w.st');
  expectInputError(
    () => decodeSafetensors(st('{"a": {"dtype": "F32", "shape": "x", "data_offsets": [0, 4]}}'), 'w.st'),
    'bad-header',
    'w.st',
  );
  expectInputError(() => decodeSafetensors(st('{"a": {"dtype": "F32", "shape": [1]}}'), 'w.st'), 'bad-header', 'w.st');
  expectInputError(
    () => decodeSafetensors(st('{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 7]}}'), 'w.st'),
    'bad-header',
    'w.st',
  );
  expectInputError(
    () => decodeSafetensors(st('{"a": {"dtype": "Q9", "shape": [1], "data_offsets": [0, 4]}}'), 'w.st'),
    'unsupported',
    'w.st',
  );
  expectInputError(
    () => decodeSafetensors(st('{"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 400]}}'), 'w.st'),
    'truncated',
    'w.st',
  );
  const ok = decodeSafetensors(st('{"a": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]}}'), 'w.st');
  assert.deepEqual(ok.tensors.a.shape, [2, 2]);
});
