/**
 * Wavefront OBJ: reader and writer (geometry only; materials and texture coordinates ignored).
 *
 * Read: `v x y z [w]` and the common extension `v x y z r g b` (vertex colours, 0–1);
 * `vn`; `f` corners in the forms `v`, `v/vt`, `v//vn`, `v/vt/vn`, with negative (relative)
 * indices; polygons fan-triangulated; `#` comments and blank lines; every other statement
 * (`vt`, `o`, `g`, `s`, `usemtl`, `mtllib`, `l`, `p`, …) is ignored. Normals are kept per vertex
 * only when consistent: every vertex gets exactly one normal from the faces (or, in a file
 * without faces, there are as many `vn` as `v` lines, taken in order).
 */
import type { Mesh } from '../geometry/Mesh.ts';
import { InputError, quote } from '../errors.ts';
import { checkLimit, DEFAULT_READ_LIMITS, type ReadLimits } from './limits.ts';
import { TextLines, decodeText, splitTokens, parseNumberToken } from './TextLines.ts';
import { TriangleBuilder } from './TriangleBuilder.ts';
import { assertEncodable } from './geometryChecks.ts';
import { AsciiWriter } from './AsciiWriter.ts';

/**
 * Parses an OBJ file.
 * @param bytes the whole file.
 * @param file name used in error messages.
 * @returns the mesh (faces empty when the file has only vertices). Colours when every `v` line
 *   has r g b; normals when consistent (see the module comment).
 * @throws InputError 'bad-value' (malformed number or corner), 'index-out-of-range' (a face
 *   refers to a vertex or normal not defined before it, or index 0).
 */
export function parseObj(bytes: Uint8Array, file: string, limits: ReadLimits = DEFAULT_READ_LIMITS): Mesh {
  const lines = new TextLines(decodeText(bytes));
  const pos: number[] = [];
  const col: number[] = [];
  const vn: number[] = [];
  const cornerV: number[] = [];
  const cornerN: number[] = [];
  let colored = 0;
  let cornersWithoutNormal = 0;
  const tb = new TriangleBuilder();
  const tok: string[] = [];
  let poly = new Float64Array(16);
  let polyN = new Float64Array(16);

  const num = (t: string, what: string): number => {
    const v = parseNumberToken(t);
    if (v === undefined) throw new InputError('bad-value', file, `invalid number ${quote(t)} in ${what}`, { line: lines.lineNo });
    return v;
  };

  for (let line = lines.next(); line !== null; line = lines.next()) {
    const hash = line.indexOf('#');
    const nt = splitTokens(hash >= 0 ? line.slice(0, hash) : line, tok);
    if (nt === 0) continue;
    const kw = tok[0];
    if (kw === 'v') {
      if (nt < 4) throw new InputError('bad-value', file, `vertex needs 3 coordinates, got ${nt - 1}`, { line: lines.lineNo });
      pos.push(num(tok[1], 'vertex'), num(tok[2], 'vertex'), num(tok[3], 'vertex'));
      // No declared counts in OBJ: the arrays grow with the text, but not past the limits.
      if (pos.length > 3 * limits.maxPoints) {
        const at = lines.lineNo;
        checkLimit(file, 'the file', pos.length / 3 + countVertexLines(lines), limits.maxPoints, 'points', 12, { line: at }, 'has');
      }
      if (nt >= 7) {
        col.push(num(tok[4], 'vertex colour'), num(tok[5], 'vertex colour'), num(tok[6], 'vertex colour'));
        colored++;
      }
    } else if (kw === 'vn') {
      if (nt < 4) throw new InputError('bad-value', file, `normal needs 3 components, got ${nt - 1}`, { line: lines.lineNo });
      vn.push(num(tok[1], 'normal'), num(tok[2], 'normal'), num(tok[3], 'normal'));
    } else if (kw === 'f' || kw === 'fo') {
      const k = nt - 1;
      if (k < 3) throw new InputError('bad-value', file, `face has ${k} vertices (a face needs at least 3)`, { line: lines.lineNo });
      if (k > poly.length) {
        poly = new Float64Array(2 * k);
        polyN = new Float64Array(2 * k);
      }
      const nv = pos.length / 3,
        nn = vn.length / 3;
      for (let j = 0; j < k; j++) {
        const c = tok[j + 1];
        const s1 = c.indexOf('/');
        const vi = resolveIndex(s1 < 0 ? c : c.slice(0, s1), nv, 'vertex', c, file, lines.lineNo);
        poly[j] = vi;
        let ni = -1;
        if (s1 >= 0) {
          const s2 = c.indexOf('/', s1 + 1);
          if (s2 >= 0 && s2 + 1 < c.length) ni = resolveIndex(c.slice(s2 + 1), nn, 'normal', c, file, lines.lineNo);
        }
        polyN[j] = ni;
      }
      for (let j = 0; j < k; j++) {
        cornerV.push(poly[j]);
        cornerN.push(polyN[j]);
        if (polyN[j] < 0) cornersWithoutNormal++;
      }
      tb.addPolygon(poly, k);
      if (tb.count > limits.maxFaces) checkLimit(file, 'the file', tb.count, limits.maxFaces, 'faces', 12, { line: lines.lineNo }, 'has');
    }
    // Anything else (vt, vp, o, g, s, usemtl, mtllib, l, p, unknown words) carries no geometry.
  }

  const nv = pos.length / 3;
  const mesh: Mesh = { positions: Float32Array.from(pos), faces: tb.finish() };
  if (colored === nv && nv > 0) {
    const scale = col.every((c) => c <= 1) ? 255 : 1;
    mesh.colors = new Uint8Array(3 * nv);
    for (let i = 0; i < col.length; i++) mesh.colors[i] = Math.max(0, Math.min(255, Math.round(col[i] * scale)));
  }
  const normals = perVertexNormals(nv, vn, cornerV, cornerN, cornersWithoutNormal);
  if (normals) mesh.normals = normals;
  return mesh;
}

/** `v` statements from the next line on, to say how many vertices a file over the limit has. */
function countVertexLines(lines: TextLines): number {
  let n = 0;
  for (let line = lines.next(); line !== null; line = lines.next()) {
    const t = line.trimStart();
    if (t.charCodeAt(0) === 118 /* v */ && (t.charCodeAt(1) === 32 || t.charCodeAt(1) === 9)) n++;
  }
  return n;
}

/** 1-based (or negative, relative) OBJ index → 0-based, validated against the count so far. */
function resolveIndex(t: string, count: number, what: string, corner: string, file: string, line: number): number {
  const v = +t;
  if (t.length === 0 || !Number.isInteger(v))
    throw new InputError('bad-value', file, `invalid ${what} index ${quote(t)} in face corner ${quote(corner)}`, { line });
  const i = v > 0 ? v - 1 : count + v;
  if (v === 0 || i < 0 || i >= count) {
    throw new InputError(
      'index-out-of-range',
      file,
      `face refers to ${what} ${v}, but only ${count} ${what === 'vertex' ? 'vertices' : 'normals'} are defined before it`,
      { line },
    );
  }
  return i;
}

/** Normals per vertex when the face corners assign each vertex one normal value; else null. */
function perVertexNormals(
  nv: number,
  vn: number[],
  cornerV: number[],
  cornerN: number[],
  cornersWithoutNormal: number,
): Float32Array | null {
  if (vn.length === 0 || nv === 0) return null;
  if (cornerV.length === 0) return vn.length === 3 * nv ? Float32Array.from(vn) : null;
  if (cornersWithoutNormal > 0) return null;
  const of = new Int32Array(nv).fill(-1);
  for (let c = 0; c < cornerV.length; c++) {
    const v = cornerV[c],
      n = cornerN[c],
      prev = of[v];
    if (prev < 0) of[v] = n;
    else if (prev !== n && (vn[3 * prev] !== vn[3 * n] || vn[3 * prev + 1] !== vn[3 * n + 1] || vn[3 * prev + 2] !== vn[3 * n + 2]))
      return null;
  }
  const out = new Float32Array(3 * nv);
  for (let v = 0; v < nv; v++) {
    const n = of[v];
    if (n < 0) return null; // a vertex used by no face has no normal
    out[3 * v] = vn[3 * n];
    out[3 * v + 1] = vn[3 * n + 1];
    out[3 * v + 2] = vn[3 * n + 2];
  }
  return out;
}

/**
 * Encodes a mesh as OBJ text: `v x y z` (with `r g b` in 0–1 when the mesh has colours), `vn`
 * when it has normals, and `f a b c` (or `f a//a b//b c//c` with normals), 1-based.
 * @throws RangeError for inconsistent input.
 */
export function encodeObj(mesh: Mesh): Uint8Array {
  assertEncodable(mesh);
  const p = mesh.positions,
    n = mesh.normals,
    c = mesh.colors,
    f = mesh.faces;
  const nv = p.length / 3,
    nf = f.length / 3;
  const w = new AsciiWriter(nv * (n ? 70 : 35) + nf * (n ? 40 : 24) + 64);
  w.str(`# written by pointocc\n# vertices: ${nv}\n# triangles: ${nf}\n`);
  for (let i = 0; i < nv; i++) {
    w.str('v ').floats3(p, i);
    if (c)
      w.char(32)
        .float(c[3 * i] / 255)
        .char(32)
        .float(c[3 * i + 1] / 255)
        .char(32)
        .float(c[3 * i + 2] / 255);
    w.char(10);
  }
  if (n) for (let i = 0; i < nv; i++) w.str('vn ').floats3(n, i).char(10);
  for (let t = 0; t < nf; t++) {
    w.str('f');
    for (let k = 0; k < 3; k++) {
      const v = f[3 * t + k] + 1;
      w.char(32).uint(v);
      if (n) w.str('//').uint(v);
    }
    w.char(10);
  }
  return w.finish();
}
