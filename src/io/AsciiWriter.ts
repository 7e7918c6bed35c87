/**
 * Builds ASCII text directly into a growing byte buffer, for the text writers (OBJ, OFF, ascii
 * PLY, XYZ). Faster than joining millions of small strings and encoding them: integers are
 * written digit by digit, floats through `formatFloat32`.
 */
import { formatFloat32 } from './formatFloat.ts';

export class AsciiWriter {
  private buf: Uint8Array;
  private n = 0;

  /** @param capacity initial size in bytes (grows by doubling). */
  constructor(capacity = 1 << 16) {
    this.buf = new Uint8Array(Math.max(16, capacity));
  }

  /** Appends an ASCII string (characters above 0x7f are written as '?'). */
  str(s: string): this {
    this.reserve(s.length);
    const b = this.buf;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      b[this.n++] = c < 128 ? c : 63;
    }
    return this;
  }

  /** Appends one character code (0–127). */
  char(c: number): this {
    this.reserve(1);
    this.buf[this.n++] = c;
    return this;
  }

  /** Appends a non-negative integer below 2^53 in decimal. */
  uint(v: number): this {
    this.reserve(16);
    const b = this.buf;
    if (v === 0) {
      b[this.n++] = 48;
      return this;
    }
    let digits = 0;
    for (let t = v; t >= 1; t = Math.floor(t / 10)) digits++;
    let p = this.n + digits;
    this.n = p;
    for (let t = v; t >= 1; t = Math.floor(t / 10)) b[--p] = 48 + (t % 10);
    return this;
  }

  /** Appends a float32 value in its shortest exact decimal form (see `formatFloat32`). */
  float(v: number): this {
    return this.str(formatFloat32(v));
  }

  /** Appends the float32 values a[3i], a[3i + 1], a[3i + 2] (point or normal i of an xyz
   *  array), separated by the character `sep` (default a space). */
  floats3(a: ArrayLike<number>, i: number, sep = 32): this {
    return this.float(a[3 * i])
      .char(sep)
      .float(a[3 * i + 1])
      .char(sep)
      .float(a[3 * i + 2]);
  }

  /** Appends the integers a[3i], a[3i + 1], a[3i + 2] (a face's indices, a colour) separated by
   *  spaces. */
  uints3(a: ArrayLike<number>, i: number): this {
    return this.uint(a[3 * i])
      .char(32)
      .uint(a[3 * i + 1])
      .char(32)
      .uint(a[3 * i + 2]);
  }

  /** The bytes written so far (a trimmed copy). */
  finish(): Uint8Array {
    return this.buf.slice(0, this.n);
  }

  private reserve(k: number): void {
    if (this.n + k <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.n + k) cap *= 2;
    const nb = new Uint8Array(cap);
    nb.set(this.buf.subarray(0, this.n));
    this.buf = nb;
  }
}
