/**
 * STL (stereolithography): ascii and binary reader, binary writer.
 *
 * Binary or ascii is decided by size, not by the word "solid" (many binary writers start their
 * 80-byte header with it): a file is binary when its length is exactly 84 + 50·n, n being the
 * uint32 triangle count at byte 80. The triangle soup is welded (bit-identical positions merged,
 * see `weld.ts`) so the mesh is indexed and its edges can be checked for watertightness.
 * Stored facet normals are not kept (they are per face, not per vertex).
 */
import type { Mesh } from '../geometry/Mesh.ts';
import { InputError, quote } from '../errors.ts';
import { checkDeclaredSize } from './declaredSize.ts';
import { checkLimit, DEFAULT_READ_LIMITS, type ReadLimits } from './limits.ts';
import { TextLines, decodeText, splitTokens, parseNumberToken } from './TextLines.ts';
import { weldPositions } from './weld.ts';
import { assertEncodable } from './geometryChecks.ts';

/** True when `bytes` has the exact size of a binary STL with the triangle count it declares. */
export function isBinaryStl(bytes: Uint8Array): boolean {
  if (bytes.length < 84) return false;
  const n = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(80, true);
  return bytes.length === 84 + 50 * n;
}

/** True when the text starts (after whitespace) with the word `solid`. */
function startsWithSolid(bytes: Uint8Array): boolean {
  let i = 0;
  while (i < bytes.length && (bytes[i] === 32 || bytes[i] === 9 || bytes[i] === 10 || bytes[i] === 13)) i++;
  return bytes.length - i >= 5 && String.fromCharCode(...bytes.subarray(i, i + 5)).toLowerCase() === 'solid';
}

/**
 * Parses an STL file (binary or ascii) into a welded, indexed mesh.
 * @param bytes the whole file.
 * @param file name used in error messages.
 * @throws InputError 'empty' | 'truncated' | 'count-too-large' | 'bad-value'
 */
export function parseStl(bytes: Uint8Array, file: string, limits: ReadLimits = DEFAULT_READ_LIMITS): Mesh {
  if (bytes.length === 0) throw new InputError('empty', file, 'file is empty');
  const binary = isBinaryStl(bytes);
  if (!binary && startsWithSolid(bytes)) return parseAscii(bytes, file, limits);
  if (bytes.length < 84)
    throw new InputError('truncated', file, `binary STL is ${bytes.length} bytes, shorter than its 84-byte header`, {
      offset: bytes.length,
    });
  const n = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(80, true);
  // (A file of exactly 84 + 50·n bytes passes this at once.) Longer than declared: tolerated
  // (some writers pad); the extra bytes are ignored.
  checkDeclaredSize(file, `binary STL declares ${n} triangles of 50 bytes`, 50 * n, bytes.length - 84, 'bytes', { offset: 80 });
  // Reading and welding take ~120 bytes per triangle (soup, bit patterns, hash table, indices).
  checkLimit(file, 'binary STL', n, limits.maxFaces, 'faces', 120, { offset: 80 });
  return parseBinary(bytes, n);
}

function parseBinary(bytes: Uint8Array, count?: number): Mesh {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = count ?? dv.getUint32(80, true);
  const soup = new Float32Array(9 * n);
  for (let t = 0, o = 84; t < n; t++, o += 50) {
    // 12 bytes of facet normal, then 3 vertices of 3 float32, then a 2-byte attribute.
    for (let k = 0; k < 9; k++) soup[9 * t + k] = dv.getFloat32(o + 12 + 4 * k, true);
  }
  return fromSoup(soup);
}

function fromSoup(soup: Float32Array): Mesh {
  const w = weldPositions(soup);
  return { positions: w.positions, faces: w.indices };
}

function parseAscii(bytes: Uint8Array, file: string, limits: ReadLimits): Mesh {
  const lines = new TextLines(decodeText(bytes));
  const tok: string[] = [];
  const soup: number[] = [];
  const loop: number[] = [];
  let inLoop = false,
    loopLine = 0;
  for (let line = lines.next(); line !== null; line = lines.next()) {
    const nt = splitTokens(line, tok);
    if (nt === 0) continue;
    const kw = tok[0].toLowerCase();
    if (kw === 'vertex') {
      if (!inLoop) throw new InputError('bad-value', file, "'vertex' outside an 'outer loop'", { line: lines.lineNo });
      if (nt < 4) throw new InputError('bad-value', file, `vertex needs 3 coordinates, got ${nt - 1}`, { line: lines.lineNo });
      for (let k = 1; k <= 3; k++) {
        const v = parseNumberToken(tok[k]);
        if (v === undefined) throw new InputError('bad-value', file, `invalid number ${quote(tok[k])}`, { line: lines.lineNo });
        loop.push(v);
      }
    } else if (kw === 'outer') {
      inLoop = true;
      loopLine = lines.lineNo;
      loop.length = 0;
    } else if (kw === 'endloop') {
      const k = loop.length / 3;
      if (k < 3) throw new InputError('bad-value', file, `facet loop has ${k} vertices (a facet needs at least 3)`, { line: loopLine });
      // Polygonal loops (rare) are fan-triangulated like the other formats' polygons.
      for (let j = 1; j + 1 < k; j++) {
        soup.push(loop[0], loop[1], loop[2]);
        soup.push(loop[3 * j], loop[3 * j + 1], loop[3 * j + 2]);
        soup.push(loop[3 * j + 3], loop[3 * j + 4], loop[3 * j + 5]);
      }
      inLoop = false;
      // No declared count in ascii STL: the soup grows with the text, but stays under the limit.
      if (soup.length > 9 * limits.maxFaces)
        checkLimit(file, 'the file', soup.length / 9, limits.maxFaces, 'faces', 120, { line: lines.lineNo }, 'has');
    } else if (kw !== 'solid' && kw !== 'endsolid' && kw !== 'facet' && kw !== 'endfacet') {
      throw new InputError('bad-value', file, `unexpected ${quote(tok[0])} in ascii STL`, { line: lines.lineNo });
    }
  }
  if (inLoop) throw new InputError('truncated', file, "file is truncated: it ends inside an 'outer loop'", { line: lines.lineNo + 1 });
  return fromSoup(Float32Array.from(soup));
}

/**
 * Encodes a mesh as binary STL: an 80-byte header (not starting with "solid"), the triangle
 * count, then per triangle its unit facet normal (zero for degenerate triangles, computed in
 * float64 from the float32 corners), its three corners and a zero attribute word.
 * @throws RangeError for inconsistent input.
 */
export function encodeStl(mesh: Mesh): Uint8Array {
  assertEncodable(mesh);
  const p = mesh.positions,
    f = mesh.faces;
  const nf = f.length / 3;
  const out = new Uint8Array(84 + 50 * nf);
  const header = new TextEncoder().encode('binary STL written by pointocc');
  out.set(header, 0);
  const dv = new DataView(out.buffer);
  dv.setUint32(80, nf, true);
  for (let t = 0, o = 84; t < nf; t++, o += 50) {
    const a = 3 * f[3 * t],
      b = 3 * f[3 * t + 1],
      c = 3 * f[3 * t + 2];
    const ux = p[b] - p[a],
      uy = p[b + 1] - p[a + 1],
      uz = p[b + 2] - p[a + 2];
    const vx = p[c] - p[a],
      vy = p[c + 1] - p[a + 1],
      vz = p[c + 2] - p[a + 2];
    let nx = uy * vz - uz * vy,
      ny = uz * vx - ux * vz,
      nz = ux * vy - uy * vx;
    const l = Math.sqrt(nx * nx + ny * ny + nz * nz);
    if (l > 0) {
      nx /= l;
      ny /= l;
      nz /= l;
    } else {
      nx = ny = nz = 0;
    }
    dv.setFloat32(o, nx, true);
    dv.setFloat32(o + 4, ny, true);
    dv.setFloat32(o + 8, nz, true);
    dv.setFloat32(o + 12, p[a], true);
    dv.setFloat32(o + 16, p[a + 1], true);
    dv.setFloat32(o + 20, p[a + 2], true);
    dv.setFloat32(o + 24, p[b], true);
    dv.setFloat32(o + 28, p[b + 1], true);
    dv.setFloat32(o + 32, p[b + 2], true);
    dv.setFloat32(o + 36, p[c], true);
    dv.setFloat32(o + 40, p[c + 1], true);
    dv.setFloat32(o + 44, p[c + 2], true);
  }
  return out;
}
