// Shared test helpers for test/io: fixture paths and independent geometric measures
// (computed here from first principles, not by the code under test).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, type InputErrorCode } from '../../src/io/errors.ts';
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
  const min = [Infinity, Infinity, Infinity], max = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < p.length; i += 3) {
    for (let k = 0; k < 3; k++) { min[k] = Math.min(min[k], p[i + k]); max[k] = Math.max(max[k], p[i + k]); }
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
    const a = 3 * f[t], b = 3 * f[t + 1], c = 3 * f[t + 2];
    v += (p[a] * (p[b + 1] * p[c + 2] - p[b + 2] * p[c + 1])
      - p[a + 1] * (p[b] * p[c + 2] - p[b + 2] * p[c])
      + p[a + 2] * (p[b] * p[c + 1] - p[b + 1] * p[c])) / 6;
  }
  return v;
}

/** Total triangle area. */
export function surfaceArea(p: ArrayLike<number>, f: ArrayLike<number>): number {
  let s = 0;
  for (let t = 0; t < f.length; t += 3) {
    const a = 3 * f[t], b = 3 * f[t + 1], c = 3 * f[t + 2];
    const ux = p[b] - p[a], uy = p[b + 1] - p[a + 1], uz = p[b + 2] - p[a + 2];
    const vx = p[c] - p[a], vy = p[c + 1] - p[a + 1], vz = p[c + 2] - p[a + 2];
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
  for (const b of bufs) { out.set(b, o); o += b.length; }
  return out;
}

export const text = (s: string): Uint8Array => new TextEncoder().encode(s);
