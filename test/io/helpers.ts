// Shared test helpers for test/io: fixture paths and independent geometric measures
// (computed here from first principles, not by the code under test).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync, constants as zlibConstants } from 'node:zlib';
import { InputError, type InputErrorCode } from '../../src/errors.ts';
import { IO_FIXTURES, ONET_FIXTURES } from '../fixtures.ts';

export const FIX = IO_FIXTURES;
export const BAD = join(FIX, 'bad');
export const ONET = ONET_FIXTURES;

/** The bytes of a fixture as a plain Uint8Array (not a Buffer). */
export function fixtureBytes(name: string): Uint8Array {
  const b = readFileSync(join(FIX, name));
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'pointocc-io-'));
}

export function bbox(p: ArrayLike<number>): { min: number[]; max: number[] } {
  const min = [Infinity, Infinity, Infinity],
    max = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < p.length; i += 3) {
    for (let k = 0; k < 3; k++) {
      min[k] = Math.min(min[k], p[i + k]);
      max[k] = Math.max(max[k], p[i + k]);
    }
  }
  return { min, max };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length, 'arrays differ in length');
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

export function assertClose(actual: number, expected: number, tol: number, what = ''): void {
  assert.ok(Math.abs(actual - expected) <= tol, `${what} ${actual} is not within ${tol} of ${expected}`);
}

/** Signed volume of a closed triangle mesh by the divergence theorem (Σ a·(b×c)/6). */
export function signedVolume(p: ArrayLike<number>, f: ArrayLike<number>): number {
  let v = 0;
  for (let t = 0; t < f.length; t += 3) {
    const a = 3 * f[t],
      b = 3 * f[t + 1],
      c = 3 * f[t + 2];
    v +=
      (p[a] * (p[b + 1] * p[c + 2] - p[b + 2] * p[c + 1]) -
        p[a + 1] * (p[b] * p[c + 2] - p[b + 2] * p[c]) +
        p[a + 2] * (p[b] * p[c + 1] - p[b + 1] * p[c])) /
      6;
  }
  return v;
}

/** Total triangle area. */
export function surfaceArea(p: ArrayLike<number>, f: ArrayLike<number>): number {
  let s = 0;
  for (let t = 0; t < f.length; t += 3) {
    const a = 3 * f[t],
      b = 3 * f[t + 1],
      c = 3 * f[t + 2];
    const ux = p[b] - p[a],
      uy = p[b + 1] - p[a + 1],
      uz = p[b + 2] - p[a + 2];
    const vx = p[c] - p[a],
      vy = p[c + 1] - p[a + 1],
      vz = p[c + 2] - p[a + 2];
    s += 0.5 * Math.hypot(uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx);
  }
  return s;
}

/** Asserts every normal has unit length within `tol`. */
export function assertUnitNormals(n: ArrayLike<number>, tol = 1e-5): void {
  for (let i = 0; i < n.length; i += 3) assertClose(Math.hypot(n[i], n[i + 1], n[i + 2]), 1, tol, `|normal ${i / 3}|`);
}

/** Runs `fn`, asserts it throws an InputError with `code` whose message names `fileName`. */
export function expectInputError(fn: () => unknown, code: InputErrorCode, fileName: string): InputError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof InputError, `expected an InputError, got ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
    assert.equal(e.code, code, `wrong code; message: ${e.message}`);
    assert.ok(e.message.includes(fileName), `message '${e.message}' does not name '${fileName}'`);
    return e;
  }
  assert.fail(`expected InputError '${code}', nothing was thrown`);
}

/** Builds a little file from text and raw binary parts. */
export function concatBytes(...parts: (string | Uint8Array)[]): Uint8Array {
  const enc = new TextEncoder();
  const bufs = parts.map((p) => (typeof p === 'string' ? enc.encode(p) : p));
  const out = new Uint8Array(bufs.reduce((s, b) => s + b.length, 0));
  let o = 0;
  for (const b of bufs) {
    out.set(b, o);
    o += b.length;
  }
  return out;
}

export const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The header of an NPY v1.0 file (magic, version, length, dict padded to 64 bytes), no data. */
export function npyHeader(descr: string, shape: number[]): Uint8Array {
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  dict = dict.padEnd(total - 11, ' ') + '\n';
  const out = new Uint8Array(total);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, dict.length, true);
  for (let i = 0; i < dict.length; i++) out[10 + i] = dict.charCodeAt(i);
  return out;
}

/**
 * A zip archive with one deflated member whose content is `head` followed by `zeros` zero bytes,
 * built without ever holding those zeros: 1 MiB of zeros deflated once with a full flush (a
 * self-contained, non-final deflate block sequence of ~1 kB), repeated, then an empty final
 * block. So a ~1.9 MB file really inflates to ~1.9 GB: a decompression bomb.
 * @param declaredSize the uncompressed size written in the zip headers (default: the true size).
 */
export function deflatedZip(name: string, head: Uint8Array, zeros: number, declaredSize = head.length + zeros): Uint8Array {
  const MB = 1 << 20;
  const ff = { finishFlush: zlibConstants.Z_FULL_FLUSH, level: 9 };
  const firstLen = Math.min(MB, head.length + zeros);
  const first = new Uint8Array(firstLen);
  first.set(head);
  const parts: Uint8Array[] = [deflateRawSync(first, ff)];
  let left = head.length + zeros - firstLen;
  const full = deflateRawSync(new Uint8Array(MB), ff);
  for (; left >= MB; left -= MB) parts.push(full);
  if (left > 0) parts.push(deflateRawSync(new Uint8Array(left), ff));
  parts.push(Uint8Array.from([3, 0])); // empty final block (fixed Huffman, end-of-block code)
  const data = concatBytes(...parts);
  const nm = new TextEncoder().encode(name);
  const local = new Uint8Array(30),
    cd = new Uint8Array(46),
    end = new Uint8Array(22);
  const l = new DataView(local.buffer),
    c = new DataView(cd.buffer),
    e = new DataView(end.buffer);
  l.setUint32(0, 0x04034b50, true);
  l.setUint16(4, 20, true);
  l.setUint16(8, 8, true);
  l.setUint32(18, data.length, true);
  l.setUint32(22, declaredSize, true);
  l.setUint16(26, nm.length, true);
  c.setUint32(0, 0x02014b50, true);
  c.setUint16(4, 20, true);
  c.setUint16(6, 20, true);
  c.setUint16(10, 8, true);
  c.setUint32(20, data.length, true);
  c.setUint32(24, declaredSize, true);
  c.setUint16(28, nm.length, true);
  c.setUint32(42, 0, true);
  e.setUint32(0, 0x06054b50, true);
  e.setUint16(8, 1, true);
  e.setUint16(10, 1, true);
  e.setUint32(12, 46 + nm.length, true);
  e.setUint32(16, 30 + nm.length + data.length, true);
  return concatBytes(local, nm, data, cd, nm, end);
}
