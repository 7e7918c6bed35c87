/**
 * Plain-text point clouds (`.xyz`, `.txt`, `.csv`, `.pts`-like): one point per line, values
 * separated by whitespace and/or commas. Reader and writer.
 *
 * Read: `#` and `//` comment lines and blank lines are skipped; an optional first line of
 * column names (any non-numeric token makes it a header; names x y z, nx ny nz / normal_x …,
 * red green blue / r g b are recognised, case-insensitive). Without names: columns 1–3 are the
 * position; exactly 6 columns are x y z nx ny nz (or x y z r g b when the last three are all
 * integers in 0–255, not all 0/1); other columns are ignored. Every row must have the same
 * number of columns. `nan` / `inf` values are read (as NaN/±Infinity) so callers can report or
 * drop invalid points.
 */
import type { PointCloud } from '../geometry/PointCloud.ts';
import { InputError, quote } from '../errors.ts';
import { checkLimit, DEFAULT_READ_LIMITS, type ReadLimits } from './limits.ts';
import { TextLines, decodeText, splitTokens, parseNumberToken } from './TextLines.ts';
import { assertEncodable } from './geometryChecks.ts';
import { AsciiWriter } from './AsciiWriter.ts';

/** Column roles found in a header line; −1 when absent. */
interface Columns {
  x: number;
  y: number;
  z: number;
  nx: number;
  ny: number;
  nz: number;
  r: number;
  g: number;
  b: number;
}

const NAMES: Record<keyof Columns, string[]> = {
  x: ['x', '//x'],
  y: ['y'],
  z: ['z'],
  nx: ['nx', 'normal_x', 'normalx', 'n_x'],
  ny: ['ny', 'normal_y', 'normaly', 'n_y'],
  nz: ['nz', 'normal_z', 'normalz', 'n_z'],
  r: ['red', 'r'],
  g: ['green', 'g'],
  b: ['blue', 'b'],
};

function isComment(line: string): boolean {
  let i = 0;
  while (i < line.length && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
  const c = line.charCodeAt(i);
  return c === 35 /* # */ || (c === 47 && line.charCodeAt(i + 1) === 47 && !/^\s*\/\/\s*[a-zA-Z]/.test(line));
}

/**
 * Parses a text point cloud.
 * @param bytes the whole file.
 * @param file name used in error messages.
 * @returns the points (normals / colours when the columns say so); may be empty.
 * @throws InputError 'bad-value' (non-numeric value, fewer than 3 columns, ragged rows)
 */
export function parseXyz(bytes: Uint8Array, file: string, limits: ReadLimits = DEFAULT_READ_LIMITS): PointCloud {
  const text = decodeText(bytes);
  const lines = new TextLines(text);
  let capacity = lines.remainingLines();
  const tok: string[] = [];
  let cols: Columns | null = null;
  let width = -1; // columns per row, fixed by the first data row
  let pos: Float32Array = new Float32Array(0);
  let extra: Float32Array = new Float32Array(0); // columns 4–6 when there are exactly 6 and no header
  let n = 0;
  let headerSeen = false;

  for (let line = lines.next(); line !== null; line = lines.next()) {
    if (isComment(line)) continue;
    const nt = splitTokens(line, tok, true);
    if (nt === 0) continue;
    if (width < 0) {
      // First content line: a header when any token is not a number.
      let numeric = true;
      for (let k = 0; k < nt && numeric; k++) if (parseNumberToken(tok[k]) === undefined) numeric = false;
      if (!numeric) {
        if (headerSeen)
          throw new InputError('bad-value', file, `non-numeric values ${quote(line.trim())} (only one header line is allowed)`, {
            line: lines.lineNo,
          });
        headerSeen = true;
        cols = headerColumns(tok, nt);
        if (cols.x < 0 || cols.y < 0 || cols.z < 0) {
          if (nt < 3)
            throw new InputError('bad-value', file, `header ${quote(line.trim())} names fewer than 3 columns`, { line: lines.lineNo });
          cols.x = 0;
          cols.y = 1;
          cols.z = 2;
        }
        continue;
      }
      width = nt;
      if (width < 3)
        throw new InputError('bad-value', file, `a point needs 3 coordinates, this line has ${nt} value${nt === 1 ? '' : 's'}`, {
          line: lines.lineNo,
        });
      // Rows left are bounded by the lines left and by the text: a row of `width` values has at
      // least 2·width characters ("0 0 0\n"). Blank lines must not reserve 12 bytes each.
      capacity = Math.min(capacity, Math.ceil((text.length - lines.lineStart) / (2 * width)) + 1, limits.maxPoints);
      if (!cols) {
        cols = { x: 0, y: 1, z: 2, nx: -1, ny: -1, nz: -1, r: -1, g: -1, b: -1 };
        if (width === 6) extra = new Float32Array(3 * capacity);
      }
      pos = new Float32Array(3 * capacity);
    }
    if (n === capacity) {
      // Reached past maxPoints (the capacity bounds the rows otherwise): count them to say how
      // many. Should the bound ever fall short, grow instead.
      if (n >= limits.maxPoints) {
        const at = lines.lineNo;
        checkLimit(file, 'the file', n + countRows(lines, tok), limits.maxPoints, 'points', 12, { line: at }, 'has');
      }
      capacity = Math.min(2 * capacity + 16, limits.maxPoints);
      pos = grow(pos, 3 * capacity);
      if (extra.length) extra = grow(extra, 3 * capacity);
    }
    if (nt !== width) {
      throw new InputError('bad-value', file, `this line has ${nt} values, the earlier lines have ${width}`, { line: lines.lineNo });
    }
    const c = cols as Columns;
    pos[3 * n] = value(tok, c.x, file, lines.lineNo);
    pos[3 * n + 1] = value(tok, c.y, file, lines.lineNo);
    pos[3 * n + 2] = value(tok, c.z, file, lines.lineNo);
    if (extra.length) {
      extra[3 * n] = value(tok, 3, file, lines.lineNo);
      extra[3 * n + 1] = value(tok, 4, file, lines.lineNo);
      extra[3 * n + 2] = value(tok, 5, file, lines.lineNo);
    }
    n++;
  }
  const cloud: PointCloud = { positions: pos.slice(0, 3 * n) };
  if (!cols || n === 0) return cloud;
  if (width === 6 && cols.nx < 0 && cols.r < 0 && extra.length) {
    const e = extra.subarray(0, 3 * n);
    if (looksLikeColors(e)) cloud.colors = Uint8Array.from(e);
    else cloud.normals = e.slice();
    return cloud;
  }
  // Named normal / colour columns: a second pass over the rows is simpler than a third buffer
  // layout, and header files are the rare case.
  if (cols.nx >= 0 && cols.ny >= 0 && cols.nz >= 0) cloud.normals = namedColumns(bytes, file, [cols.nx, cols.ny, cols.nz], n);
  if (cols.r >= 0 && cols.g >= 0 && cols.b >= 0) {
    const c = namedColumns(bytes, file, [cols.r, cols.g, cols.b], n);
    const scale = c.every((v) => v <= 1) && c.some((v) => v > 0 && v < 1) ? 255 : 1;
    cloud.colors = new Uint8Array(c.length);
    for (let i = 0; i < c.length; i++) cloud.colors[i] = Math.max(0, Math.min(255, Math.round(c[i] * scale)));
  }
  return cloud;
}

function value(tok: string[], k: number, file: string, line: number): number {
  const v = parseNumberToken(tok[k]);
  if (v === undefined) throw new InputError('bad-value', file, `invalid number ${quote(tok[k])} in column ${k + 1}`, { line });
  return v;
}

function grow(a: Float32Array, n: number): Float32Array {
  const b = new Float32Array(n);
  b.set(a);
  return b;
}

/** Content rows from the current line on (this one included), for the limit message. */
function countRows(lines: TextLines, tok: string[]): number {
  let n = 1;
  for (let line = lines.next(); line !== null; line = lines.next()) if (!isComment(line) && splitTokens(line, tok, true) > 0) n++;
  return n;
}

function headerColumns(tok: string[], nt: number): Columns {
  const c: Columns = { x: -1, y: -1, z: -1, nx: -1, ny: -1, nz: -1, r: -1, g: -1, b: -1 };
  for (let k = 0; k < nt; k++) {
    const name = tok[k].toLowerCase().replace(/^["']|["']$/g, '');
    for (const key of Object.keys(NAMES) as (keyof Columns)[]) if (c[key] < 0 && NAMES[key].includes(name)) c[key] = k;
  }
  return c;
}

/** Integers in 0–255 with at least one above 1: colour columns, not unit normals. */
function looksLikeColors(e: Float32Array): boolean {
  let big = false;
  for (let i = 0; i < e.length; i++) {
    const v = e[i];
    if (!Number.isInteger(v) || v < 0 || v > 255) return false;
    if (v > 1) big = true;
  }
  return big;
}

/** Reads three named columns of the `n` data rows (second pass, header files only). */
function namedColumns(bytes: Uint8Array, file: string, which: number[], n: number): Float32Array {
  const out = new Float32Array(3 * n);
  const lines = new TextLines(decodeText(bytes));
  const tok: string[] = [];
  let header = false,
    i = 0;
  for (let line = lines.next(); line !== null && i < n; line = lines.next()) {
    if (isComment(line)) continue;
    const nt = splitTokens(line, tok, true);
    if (nt === 0) continue;
    if (!header) {
      header = true;
      continue;
    }
    for (let k = 0; k < 3; k++) {
      if (which[k] >= nt) throw new InputError('bad-value', file, `missing column ${which[k] + 1}`, { line: lines.lineNo });
      out[3 * i + k] = value(tok, which[k], file, lines.lineNo);
    }
    i++;
  }
  return out;
}

/**
 * The 1-based line number of data row `row` (0-based) of a text point cloud, for error
 * messages about a particular point (e.g. the first NaN). Returns undefined when out of range.
 */
export function xyzLineOfRow(bytes: Uint8Array, row: number): number | undefined {
  const lines = new TextLines(decodeText(bytes));
  const tok: string[] = [];
  let i = 0,
    first = true;
  for (let line = lines.next(); line !== null; line = lines.next()) {
    if (isComment(line)) continue;
    const nt = splitTokens(line, tok, true);
    if (nt === 0) continue;
    if (first) {
      first = false;
      let numeric = true;
      for (let k = 0; k < nt && numeric; k++) if (parseNumberToken(tok[k]) === undefined) numeric = false;
      if (!numeric) continue;
    }
    if (i++ === row) return lines.lineNo;
  }
  return undefined;
}

/** Options of `encodeXyz`. */
export interface XyzEncodeOptions {
  /** Column separator, one character (default ' '; ',' for `.csv`). */
  separator?: ' ' | ',' | '\t' | ';';
}

/**
 * Encodes a point cloud as text, one point per line: `x y z` or, with normals, `x y z nx ny nz`
 * (colours are not written: 6 columns mean normals to the reader). No header line.
 * @throws RangeError for inconsistent input.
 */
export function encodeXyz(cloud: PointCloud, opts: XyzEncodeOptions = {}): Uint8Array {
  assertEncodable(cloud);
  const s = opts.separator ?? ' ';
  const p = cloud.positions,
    nrm = cloud.normals;
  const sep = s.charCodeAt(0);
  const w = new AsciiWriter(p.length * (nrm ? 24 : 12) + 16);
  for (let i = 0; i < p.length / 3; i++) {
    w.floats3(p, i, sep);
    if (nrm) w.char(sep).floats3(nrm, i, sep);
    w.char(10);
  }
  return w.finish();
}
