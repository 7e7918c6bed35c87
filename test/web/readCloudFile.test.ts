import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCloudFile, readMeshFile, checkFileSize, UserFacingError } from '../../src/web/readCloudFile.ts';
import { MAX_FILE_BYTES, MAX_POINTS, formatBytes } from '../../src/web/webLimits.ts';
import { REPO_ROOT } from '../fixtures.ts';
import { deflatedZip, npyHeader } from '../io/helpers.ts';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
/** An XYZ file of n points (x = i, y = 2i, z = −i). */
const xyz = (n: number, extra = ''): Uint8Array =>
  text(Array.from({ length: n }, (_, i) => `${i} ${2 * i} ${-i}`).join('\n') + '\n' + extra);

test('limits are the documented 50 MB and 2 million points; sizes read as people write them', () => {
  assert.equal(MAX_FILE_BYTES, 50_000_000);
  assert.equal(MAX_POINTS, 2_000_000);
  assert.equal(formatBytes(999), '999 bytes');
  assert.equal(formatBytes(12_345), '12.3 kB');
  assert.equal(formatBytes(50_000_000), '50.0 MB');
  assert.equal(formatBytes(3_210_000_000), '3.21 GB');
});

test('checkFileSize refuses files over the limit, with both sizes and the CLI alternative', () => {
  checkFileSize('a.ply', MAX_FILE_BYTES); // at the limit: accepted
  assert.throws(
    () => checkFileSize('big.ply', MAX_FILE_BYTES + 1),
    (e: unknown) => {
      assert.ok(e instanceof UserFacingError);
      assert.equal(
        e.message,
        '"big.ply" is too large for the browser (50.0 MB; the limit is 50.0 MB). Use the command line instead: pointocc reconstruct big.ply',
      );
      return true;
    },
  );
  assert.throws(
    () => checkFileSize('c.xyz', 2_000_000, 1_000_000),
    /"c\.xyz" is too large for the browser \(2\.0 MB; the limit is 1\.0 MB\)/,
  );
});

test('readCloudFile reads an XYZ cloud with its exact coordinates', () => {
  const r = readCloudFile(xyz(20), 'cloud.xyz');
  assert.equal(r.format, 'xyz');
  assert.equal(r.cloud.positions.length, 60);
  assert.deepEqual(Array.from(r.cloud.positions.subarray(3 * 7, 3 * 8)), [7, 14, -7]);
  assert.equal(r.dropped, 0);
  assert.equal(r.fromMesh, false);
});

test('readCloudFile drops NaN/Inf points and says how many', () => {
  const r = readCloudFile(xyz(20, 'nan 1 2\n3 inf 4\n'), 'n.xyz');
  assert.equal(r.cloud.positions.length / 3, 20);
  assert.equal(r.dropped, 2);
});

test('readCloudFile: too few points, in plain words, also after dropping invalid ones', () => {
  assert.throws(
    () => readCloudFile(xyz(15), 'few.xyz'),
    (e: unknown) => {
      assert.ok(e instanceof UserFacingError);
      assert.equal(e.message, '"few.xyz" has too few points: 15 points. The reconstruction needs at least 16 points.');
      return true;
    },
  );
  readCloudFile(xyz(16), 'sixteen.xyz'); // exactly 16: accepted
  assert.throws(
    () => readCloudFile(text('nan 0 0\n'), 'one.xyz'),
    /^UserFacingError: "one\.xyz" has too few points: 0 points \(after dropping 1 with NaN or infinite coordinates\)\./,
  );
});

test('readCloudFile: more points than the limit', () => {
  assert.throws(
    () => readCloudFile(xyz(30), 'many.xyz', 25),
    /"many\.xyz" has 30 points, more than the browser limit of 25\. Subsample it/,
  );
});

test('readCloudFile: an unreadable file gives "Cannot read" with the reader\'s reason and line, no class names', () => {
  const bad = text(
    'ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\nend_header\n1 2 3\n4 5\n',
  );
  assert.throws(
    () => readCloudFile(bad, 'broken.ply'),
    (e: unknown) => {
      assert.ok(e instanceof UserFacingError);
      assert.match(e.message, /^Cannot read "broken\.ply": .+/);
      assert.doesNotMatch(e.message, /InputError|broken\.ply: /);
      return true;
    },
  );
  assert.throws(() => readCloudFile(new Uint8Array(0), 'empty.xyz'), /^UserFacingError: Cannot read "empty\.xyz": file is empty\.$/);
  assert.throws(() => readCloudFile(text('1 2 3\n4 five 6\n'), 'words.xyz'), /Cannot read "words\.xyz": .*\(line 2\)/);
});

test('a mesh file gives its vertices as the cloud; readMeshFile needs faces', () => {
  const bytes = new Uint8Array(readFileSync(join(REPO_ROOT, 'examples', 'ground-truth', 'chair.ply')));
  const m = readMeshFile(bytes, 'chair.ply');
  assert.ok(m.faces.length > 0);
  const r = readCloudFile(bytes, 'chair.ply');
  assert.equal(r.fromMesh, true);
  assert.equal(r.cloud.positions.length, m.positions.length);
  assert.throws(
    () => readMeshFile(xyz(20), 'pts.xyz'),
    /^UserFacingError: Cannot read "pts\.xyz": is a point cloud \(XYZ\) and has no faces/,
  );
});

test('readCloudFile: the point limit is checked against the count a file declares, before its points are read', () => {
  // 30 declared vertices whose lines are garbage: refused for the count, not for the garbage.
  const ply = text(
    'ply\nformat ascii 1.0\nelement vertex 30\nproperty float x\nproperty float y\nproperty float z\nend_header\n' + 'x y z\n'.repeat(30),
  );
  assert.throws(
    () => readCloudFile(ply, 'many.ply', 25),
    /^UserFacingError: "many\.ply" has 30 points, more than the browser limit of 25\. Subsample it/,
  );
  // A 1.9 MB NPZ declaring 160 million points (1.9 GB of zeros once inflated): refused from its
  // header, without inflating it (it used to take the tab to 4 GB).
  const bomb = deflatedZip('points.npy', npyHeader('<f4', [160_000_000, 3]), 160_000_000 * 12);
  const before = process.memoryUsage().arrayBuffers;
  assert.throws(
    () => readCloudFile(bomb, 'bomb.npz'),
    /^UserFacingError: "bomb\.npz" has 160,000,000 points, more than the browser limit of 2,000,000\./,
  );
  assert.ok(process.memoryUsage().arrayBuffers - before < 8e6);
});

test('readCloudFile: control characters in a file name or a reason are escaped on the page too', () => {
  assert.throws(
    () => readCloudFile(text('1 2 3\n4 \u001b[31mfive 6\n'), 'a\u202eyxz.xyz'),
    (e: unknown) => {
      assert.ok(e instanceof UserFacingError);
      assert.equal(e.message, 'Cannot read "a\\u202eyxz.xyz": invalid number \'\\u001b[31mfive\' in column 2 (line 2).');
      return true;
    },
  );
});
