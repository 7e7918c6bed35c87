/**
 * Object File Format (OFF, Princeton Shape Benchmark / Geomview): reader and writer.
 *
 * Read: header keyword `OFF` with the optional prefixes `ST`, `C`, `N` (`COFF`, `NOFF`,
 * `CNOFF`, …), counts either on the header line or the next one, `#` comments and blank lines
 * anywhere; vertices `x y z [nx ny nz (N)] [r g b [a] (C)]`, faces `n i1 … in [colour]`,
 * fan-triangulated, 0-based. The 4D (`4OFF`), n-dimensional (`nOFF`) and binary variants are
 * reported as unsupported.
 */
import type { Mesh } from '../geometry/Mesh.ts';
import { InputError, quote } from '../errors.ts';
import { checkDeclaredSize } from './declaredSize.ts';
import { checkLimit, DEFAULT_READ_LIMITS, type ReadLimits } from './limits.ts';
import { TextLines, decodeText, splitTokens, parseNumberToken, parseIntToken } from './TextLines.ts';
import { TriangleBuilder } from './TriangleBuilder.ts';
import { assertEncodable } from './geometryChecks.ts';
import { AsciiWriter } from './AsciiWriter.ts';

/** The OFF header keyword grammar: [ST][C][N][4][n]OFF. */
const HEADER = /^(ST)?(C)?(N)?(4)?(n)?OFF$/;

/**
 * Parses an OFF file.
 * @param bytes the whole file.
 * @param file name used in error messages.
 * @throws InputError 'empty' | 'bad-header' | 'unsupported' | 'count-too-large' | 'truncated' | 'bad-value' | 'index-out-of-range'
 */
export function parseOff(bytes: Uint8Array, file: string, limits: ReadLimits = DEFAULT_READ_LIMITS): Mesh {
  const text = decodeText(bytes);
  const lines = new TextLines(text);
  const tok: string[] = [];
  /** Next non-blank, non-comment line split into `tok`; returns the token count, 0 at the end. */
  const nextRecord = (): number => {
    for (let line = lines.next(); line !== null; line = lines.next()) {
      const hash = line.indexOf('#');
      const n = splitTokens(hash >= 0 ? line.slice(0, hash) : line, tok);
      if (n > 0) return n;
    }
    return 0;
  };

  let nt = nextRecord();
  if (nt === 0) throw new InputError('empty', file, 'file has no content');
  const m = HEADER.exec(tok[0]);
  if (!m)
    throw new InputError('bad-header', file, `not an OFF file: the header is ${quote(tok[0], 16)}, expected OFF (or COFF, NOFF, …)`, {
      line: lines.lineNo,
    });
  if (m[4] || m[5])
    throw new InputError('unsupported', file, `${quote(tok[0])} files (4D / n-dimensional OFF) are not supported`, { line: lines.lineNo });
  if (nt > 1 && tok[1].toUpperCase() === 'BINARY')
    throw new InputError('unsupported', file, 'binary OFF is not supported', { line: lines.lineNo });
  const hasST = !!m[1],
    hasC = !!m[2],
    hasN = !!m[3];
  let first = 1; // counts may follow the keyword on the same line
  if (nt === 1) {
    nt = nextRecord();
    first = 0;
  }
  if (nt - first < 2)
    throw new InputError('bad-header', file, 'missing vertex and face counts after the OFF keyword', { line: lines.lineNo });
  const nv = parseIntToken(tok[first]),
    nf = parseIntToken(tok[first + 1]);
  const countLine = lines.lineNo;
  if (nv === undefined || nf === undefined || nv < 0 || nf < 0) {
    throw new InputError(
      'bad-header',
      file,
      `invalid counts ${quote(`${tok[first]} ${tok[first + 1]}`)} (expected non-negative integers: vertices faces [edges])`,
      { line: countLine },
    );
  }
  checkDeclaredSize(file, `the header declares ${nv} vertices and ${nf} faces (one per line)`, nv + nf, lines.remainingLines(), 'lines', {
    line: countLine,
  });
  checkLimit(file, 'the header', nv, limits.maxPoints, 'points', 12, { line: countLine });
  checkLimit(file, 'the header', nf, limits.maxFaces, 'faces', 12, { line: countLine });

  const positions = new Float32Array(3 * nv);
  const normals = hasN ? new Float32Array(3 * nv) : undefined;
  const colors = hasC ? new Uint8Array(3 * nv) : undefined;
  const perVertex = 3 + (hasN ? 3 : 0) + (hasST ? 2 : 0);
  const num = (t: string): number => {
    const v = parseNumberToken(t);
    if (v === undefined) throw new InputError('bad-value', file, `invalid number ${quote(t)}`, { line: lines.lineNo });
    return v;
  };
  for (let i = 0; i < nv; i++) {
    const n = nextRecord();
    if (n === 0)
      throw new InputError('truncated', file, `file is truncated: it ends after ${i} of ${nv} vertices`, { line: lines.lineNo + 1 });
    if (n < perVertex + (hasC ? 3 : 0))
      throw new InputError('bad-value', file, `vertex ${i} has ${n} values, expected at least ${perVertex + (hasC ? 3 : 0)}`, {
        line: lines.lineNo,
      });
    positions[3 * i] = num(tok[0]);
    positions[3 * i + 1] = num(tok[1]);
    positions[3 * i + 2] = num(tok[2]);
    if (normals) {
      normals[3 * i] = num(tok[3]);
      normals[3 * i + 1] = num(tok[4]);
      normals[3 * i + 2] = num(tok[5]);
    }
    if (colors) {
      // Colours are integers 0–255 or floats 0–1; a decimal point tells which.
      const c0 = perVertex;
      const isFloat = tok[c0].includes('.') || tok[c0 + 1].includes('.') || tok[c0 + 2].includes('.');
      for (let k = 0; k < 3; k++) {
        const v = num(tok[c0 + k]) * (isFloat ? 255 : 1);
        colors[3 * i + k] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
      }
    }
  }
  // Capacity hint bounded by the text too: blank and comment lines counted as lines above.
  const tb = new TriangleBuilder(Math.min(nf, text.length >> 3));
  let idx = new Float64Array(16);
  for (let f = 0; f < nf; f++) {
    const n = nextRecord();
    if (n === 0)
      throw new InputError('truncated', file, `file is truncated: it ends after ${f} of ${nf} faces`, { line: lines.lineNo + 1 });
    const k = parseIntToken(tok[0]);
    if (k === undefined || k < 3)
      throw new InputError('bad-value', file, `face ${f} has vertex count ${quote(tok[0])} (a face needs at least 3)`, {
        line: lines.lineNo,
      });
    if (n < k + 1) throw new InputError('bad-value', file, `face ${f} declares ${k} vertices but lists ${n - 1}`, { line: lines.lineNo });
    if (k > idx.length) idx = new Float64Array(2 * k);
    for (let j = 0; j < k; j++) {
      const v = parseIntToken(tok[1 + j]);
      if (v === undefined)
        throw new InputError('bad-value', file, `invalid vertex index ${quote(tok[1 + j])} in face ${f}`, { line: lines.lineNo });
      if (v < 0 || v >= nv)
        throw new InputError(
          'index-out-of-range',
          file,
          `face ${f} refers to vertex ${v}, but there are ${nv} vertices (indices 0..${nv - 1})`,
          { line: lines.lineNo },
        );
      idx[j] = v;
    }
    tb.addPolygon(idx, k);
  }
  const mesh: Mesh = { positions, faces: tb.finish() };
  if (normals) mesh.normals = normals;
  if (colors) mesh.colors = colors;
  return mesh;
}

/**
 * Encodes a mesh as OFF text (`OFF`, or `NOFF`/`COFF`/`CNOFF` when it has normals / colours),
 * triangles as `3 a b c`, 0-based.
 * @throws RangeError for inconsistent input.
 */
export function encodeOff(mesh: Mesh): Uint8Array {
  assertEncodable(mesh);
  const p = mesh.positions,
    n = mesh.normals,
    c = mesh.colors,
    f = mesh.faces;
  const nv = p.length / 3,
    nf = f.length / 3;
  const w = new AsciiWriter(nv * (n ? 70 : 35) + nf * 24 + 64);
  w.str(`${c ? 'C' : ''}${n ? 'N' : ''}OFF\n${nv} ${nf} 0\n`);
  for (let i = 0; i < nv; i++) {
    w.floats3(p, i);
    if (n) w.char(32).floats3(n, i);
    if (c) w.char(32).uints3(c, i).str(' 255');
    w.char(10);
  }
  for (let t = 0; t < nf; t++) w.str('3 ').uints3(f, t).char(10);
  return w.finish();
}
