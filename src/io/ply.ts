/**
 * Stanford PLY: reader (ascii, binary_little_endian, binary_big_endian; every scalar type and
 * its sized alias) and writer (binary little-endian by default, ascii on request).
 *
 * Read: element `vertex` → x, y, z (required), nx, ny, nz and red, green, blue (kept when all
 * three are present); element `face` → the list `vertex_indices` (or `vertex_index`) of any
 * count/index types, fan-triangulated. Every other property and element is skipped. A PLY
 * without faces is a point cloud (`faces` empty).
 *
 * No `fs` here: parsers and encoders work on bytes so the web app can use them.
 */
import type { Mesh } from '../geometry/Mesh.ts';
import type { PointCloud } from '../geometry/PointCloud.ts';
import { InputError, quote } from '../errors.ts';
import { checkDeclaredSize } from './declaredSize.ts';
import { checkLimit, DEFAULT_READ_LIMITS, type ReadLimits } from './limits.ts';
import { TextLines, decodeText, splitTokens, parseNumberToken } from './TextLines.ts';
import { TriangleBuilder } from './TriangleBuilder.ts';
import { assertEncodable } from './geometryChecks.ts';
import { AsciiWriter } from './AsciiWriter.ts';

export type PlyScalarType = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64';

const TYPE_NAMES: Record<string, PlyScalarType> = {
  char: 'int8', int8: 'int8', uchar: 'uint8', uint8: 'uint8',
  short: 'int16', int16: 'int16', ushort: 'uint16', uint16: 'uint16',
  int: 'int32', int32: 'int32', uint: 'uint32', uint32: 'uint32',
  float: 'float32', float32: 'float32', double: 'float64', float64: 'float64',
};

const TYPE_SIZE: Record<PlyScalarType, number> = { int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, float32: 4, float64: 8 };

/** One property of a PLY element; a list property when `countType` is set. */
export interface PlyProperty {
  name: string;
  /** Scalar type, or the item type of a list. */
  type: PlyScalarType;
  /** Type of a list's length prefix; undefined for scalar properties. */
  countType?: PlyScalarType;
}

export interface PlyElement {
  name: string;
  /** Declared number of records. */
  count: number;
  properties: PlyProperty[];
  /** 1-based header line that declared it. */
  line: number;
}

export type PlyFormat = 'ascii' | 'binary_little_endian' | 'binary_big_endian';

export interface PlyHeader {
  format: PlyFormat;
  elements: PlyElement[];
  comments: string[];
  /** Byte offset where the body (the data after `end_header`) starts. */
  bodyOffset: number;
  /** Number of header lines, so the body's first line is `headerLines + 1`. */
  headerLines: number;
}

const latin1 = new TextDecoder('latin1');
const END_HEADER = 'end_header';

/** Parses and validates the header of a PLY file. Throws `InputError` ('empty', 'bad-header'). */
export function parsePlyHeader(bytes: Uint8Array, file: string): PlyHeader {
  if (bytes.length === 0) throw new InputError('empty', file, 'file is empty');
  // Decode a growing prefix until it holds `end_header`, so huge bodies are never decoded here.
  let lim = Math.min(bytes.length, 1 << 16);
  let text = '';
  let end = -1;
  for (;;) {
    text = latin1.decode(bytes.subarray(0, lim));
    end = findEndHeader(text);
    // Stop once end_header and its newline are inside the decoded prefix (or nothing is left).
    if ((end >= 0 && text.indexOf('\n', end) >= 0) || lim === bytes.length) break;
    lim = Math.min(bytes.length, lim * 4);
  }
  if (!/^ply[ \t]*\r?\n/.test(text) && !(text.trim() === 'ply')) {
    const first = text.slice(0, 256).split('\n')[0].replace(/\r$/, '');
    throw new InputError('bad-header', file, `not a PLY file: the first line starts ${quote(first, 16)}, expected 'ply'`, { line: 1 });
  }
  if (end < 0) throw new InputError('bad-header', file, "PLY header has no 'end_header' line");
  const nl = text.indexOf('\n', end);
  const bodyOffset = nl < 0 ? text.length : nl + 1;
  const lines = text.slice(0, end).split('\n');
  const headerLines = lines.length; // the lines before end_header, plus end_header itself

  let format: PlyFormat | undefined;
  const elements: PlyElement[] = [];
  const comments: string[] = [];
  for (let li = 1; li < lines.length; li++) {
    const line = lines[li].replace(/\r$/, '');
    const lineNo = li + 1;
    const t = line.trim().split(/\s+/);
    const kw = t[0];
    if (kw === '' || kw === undefined) continue;
    if (kw === 'comment' || kw === 'obj_info') { comments.push(line.trim().slice(kw.length).trim()); continue; }
    if (kw === 'format') {
      if (t[1] !== 'ascii' && t[1] !== 'binary_little_endian' && t[1] !== 'binary_big_endian') {
        throw new InputError('bad-header', file, `unknown PLY format ${quote(t[1] ?? '')} (expected ascii, binary_little_endian or binary_big_endian)`, { line: lineNo });
      }
      format = t[1];
      continue;
    }
    if (kw === 'element') {
      if (t.length !== 3) throw new InputError('bad-header', file, `malformed element line ${quote(line.trim())} (expected 'element <name> <count>')`, { line: lineNo });
      // Counts past 2^53 cannot even be represented exactly: refused here, not multiplied later.
      if (!/^\d+$/.test(t[2]) || !Number.isSafeInteger(Number(t[2]))) throw new InputError('bad-header', file, `element ${quote(t[1])} has an invalid count ${quote(t[2])} (expected a non-negative integer below 2^53)`, { line: lineNo });
      elements.push({ name: t[1], count: Number(t[2]), properties: [], line: lineNo });
      continue;
    }
    if (kw === 'property') {
      const el = elements[elements.length - 1];
      if (!el) throw new InputError('bad-header', file, 'property declared before any element', { line: lineNo });
      if (t[1] === 'list') {
        const ct = TYPE_NAMES[t[2]], it = TYPE_NAMES[t[3]];
        if (t.length !== 5 || !ct || !it) throw new InputError('bad-header', file, `malformed list property ${quote(line.trim())} (expected 'property list <count type> <item type> <name>')`, { line: lineNo });
        if (ct === 'float32' || ct === 'float64') throw new InputError('bad-header', file, `list ${quote(t[4])} has a floating-point count type ${quote(t[2])}`, { line: lineNo });
        el.properties.push({ name: t[4], type: it, countType: ct });
      } else {
        const ty = TYPE_NAMES[t[1]];
        if (t.length !== 3 || !ty) throw new InputError('bad-header', file, `malformed property ${quote(line.trim())} (expected 'property <type> <name>' with a PLY scalar type)`, { line: lineNo });
        el.properties.push({ name: t[2], type: ty });
      }
      continue;
    }
    throw new InputError('bad-header', file, `unknown PLY header keyword ${quote(kw)}`, { line: lineNo });
  }
  if (!format) throw new InputError('bad-header', file, "PLY header has no 'format' line");
  return { format, elements, comments, bodyOffset, headerLines };
}

function findEndHeader(text: string): number {
  let i = text.indexOf(END_HEADER);
  while (i >= 0) {
    const before = i === 0 ? 10 : text.charCodeAt(i - 1);
    const after = i + END_HEADER.length < text.length ? text.charCodeAt(i + END_HEADER.length) : 10;
    if ((before === 10) && (after === 10 || after === 13 || after === 32 || after === 9)) return i;
    i = text.indexOf(END_HEADER, i + 1);
  }
  return -1;
}

/** Where the wanted vertex properties are, as indices into the element's property list. */
interface VertexLayout { x: number; y: number; z: number; nx: number; ny: number; nz: number; r: number; g: number; b: number }

function vertexLayout(el: PlyElement, file: string): VertexLayout {
  const find = (...names: string[]) => el.properties.findIndex((p) => !p.countType && names.includes(p.name));
  const l: VertexLayout = {
    x: find('x'), y: find('y'), z: find('z'),
    nx: find('nx'), ny: find('ny'), nz: find('nz'),
    r: find('red', 'diffuse_red', 'r'), g: find('green', 'diffuse_green', 'g'), b: find('blue', 'diffuse_blue', 'b'),
  };
  for (const k of ['x', 'y', 'z'] as const) {
    if (l[k] < 0) throw new InputError('bad-header', file, `element 'vertex' has no scalar property '${k}'`, { line: el.line });
  }
  if (l.nx < 0 || l.ny < 0 || l.nz < 0) l.nx = l.ny = l.nz = -1;
  if (l.r < 0 || l.g < 0 || l.b < 0) l.r = l.g = l.b = -1;
  return l;
}

function faceListIndex(el: PlyElement, file: string): number {
  const k = el.properties.findIndex((p) => p.countType && (p.name === 'vertex_indices' || p.name === 'vertex_index'));
  if (k < 0) throw new InputError('bad-header', file, "element 'face' has no list property 'vertex_indices' (or 'vertex_index')", { line: el.line });
  return k;
}

/** Maps a colour value of any PLY type to 0–255: floats are taken as 0–1, integers clamped. */
function colorByte(v: number, type: PlyScalarType): number {
  if (type === 'float32' || type === 'float64') v = Math.round(v * 255);
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

/**
 * Parses a PLY file.
 * @param bytes the whole file.
 * @param file name used in error messages.
 * @returns a mesh; `faces` is empty for a point cloud. Normals and colours when the file has them.
 * @throws InputError 'empty' | 'bad-header' | 'truncated' | 'count-too-large' | 'bad-value' | 'index-out-of-range' | 'no-geometry'
 */
export function parsePly(bytes: Uint8Array, file: string, limits: ReadLimits = DEFAULT_READ_LIMITS): Mesh {
  const h = parsePlyHeader(bytes, file);
  const vEl = h.elements.find((e) => e.name === 'vertex');
  if (!vEl) throw new InputError('no-geometry', file, "PLY has no 'vertex' element");
  const layout = vertexLayout(vEl, file);
  const fEl = h.elements.find((e) => e.name === 'face');
  const fList = fEl ? faceListIndex(fEl, file) : -1;
  return h.format === 'ascii'
    ? parseAsciiBody(bytes, file, h, vEl, layout, fEl, fList, limits)
    : parseBinaryBody(bytes, file, h, vEl, layout, fEl, fList, limits);
}

/** Declared vertex and face counts against the limits; after the file-size checks (a corrupt
 *  count is better reported as "the file is shorter than declared"), before any allocation. */
function checkPlyLimits(file: string, vEl: PlyElement, fEl: PlyElement | undefined, limits: ReadLimits): void {
  checkLimit(file, "element 'vertex'", vEl.count, limits.maxPoints, 'points', 12, { line: vEl.line });
  if (fEl) checkLimit(file, "element 'face'", fEl.count, limits.maxFaces, 'faces', 12, { line: fEl.line });
}

function newGeometry(nv: number, layout: VertexLayout): Mesh {
  const m: Mesh = { positions: new Float32Array(3 * nv), faces: new Uint32Array(0) };
  if (layout.nx >= 0) m.normals = new Float32Array(3 * nv);
  if (layout.r >= 0) m.colors = new Uint8Array(3 * nv);
  return m;
}

// ---------------------------------------------------------------- binary

type Reader = (dv: DataView, o: number, le: boolean) => number;
const READERS: Record<PlyScalarType, Reader> = {
  int8: (dv, o) => dv.getInt8(o),
  uint8: (dv, o) => dv.getUint8(o),
  int16: (dv, o, le) => dv.getInt16(o, le),
  uint16: (dv, o, le) => dv.getUint16(o, le),
  int32: (dv, o, le) => dv.getInt32(o, le),
  uint32: (dv, o, le) => dv.getUint32(o, le),
  float32: (dv, o, le) => dv.getFloat32(o, le),
  float64: (dv, o, le) => dv.getFloat64(o, le),
};

function parseBinaryBody(
  bytes: Uint8Array, file: string, h: PlyHeader,
  vEl: PlyElement, layout: VertexLayout, fEl: PlyElement | undefined, fList: number, limits: ReadLimits,
): Mesh {
  const le = h.format === 'binary_little_endian';
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = bytes.length;

  // Declared sizes against the bytes present, before allocating anything. A face needs at least
  // its count and 3 indices; other lists may be empty.
  let needed = 0;
  for (const el of h.elements) {
    let min = 0;
    for (let k = 0; k < el.properties.length; k++) {
      const p = el.properties[k];
      if (!p.countType) min += TYPE_SIZE[p.type];
      else min += TYPE_SIZE[p.countType] + (el === fEl && k === fList ? 3 * TYPE_SIZE[p.type] : 0);
    }
    needed += el.count * min;
    checkDeclaredSize(file, `element ${quote(el.name)} declares ${el.count} records of at least ${min} bytes`, needed, len - h.bodyOffset, 'bytes', { offset: h.bodyOffset });
  }
  checkPlyLimits(file, vEl, fEl, limits);

  const mesh = newGeometry(vEl.count, layout);
  const nv = vEl.count;
  let off = h.bodyOffset;
  for (const el of h.elements) {
    if (el === vEl) {
      const start = off;
      off = readBinaryVertices(dv, off, le, el, layout, mesh, file);
      checkByteOrder(dv, start, h.format, el, layout, file);
    }
    else if (el === fEl) {
      const r = readBinaryFaces(dv, off, le, el, fList, nv, file);
      off = r.off;
      mesh.faces = r.faces;
    } else off = skipBinary(dv, off, le, el, file);
  }
  return mesh;
}

/** Points sampled by `checkByteOrder` (evenly spread; enough for a clear majority). */
const BYTE_ORDER_SAMPLE = 4096;

/** A coordinate no real file holds: NaN, ±Infinity, |v| > 1e15, or a nonzero |v| < 1e-30. Bytes of
 *  ordinary floats read in the wrong order land here most of the time (0.5f swapped is 8.9e-44,
 *  0.123f is 9e27, and many patterns are NaN). */
function implausible(v: number): boolean {
  const a = Math.abs(v);
  return !(a <= 1e15) || (a !== 0 && a < 1e-30);
}

/**
 * Refuses binary vertex data written in the other byte order than the header declares (a common
 * exporter bug), which would otherwise surface as "NaN coordinates" or a cloud of absurd points.
 * Applies to fixed-size vertex records whose x, y, z are float32 or float64 (integer coordinates
 * are plausible either way). Throws when most sampled vertices (> 50%) have an implausible
 * coordinate in the declared order and almost none (< 5%) in the other.
 */
function checkByteOrder(dv: DataView, off: number, format: PlyFormat, el: PlyElement, L: VertexLayout, file: string): void {
  const props = el.properties;
  const stride = fixedStride(el);
  const n = el.count;
  const types = [props[L.x].type, props[L.y].type, props[L.z].type];
  if (stride <= 0 || n === 0 || !types.every((t) => t === 'float32' || t === 'float64')) return;
  const po: number[] = [];
  for (let k = 0, o = 0; k < props.length; k++) { po.push(o); o += TYPE_SIZE[props[k].type]; }
  const at = [po[L.x], po[L.y], po[L.z]];
  const le = format === 'binary_little_endian';
  const m = Math.min(n, BYTE_ORDER_SAMPLE);
  let badDeclared = 0, badOther = 0;
  for (let s = 0; s < m; s++) {
    const b = off + Math.floor((s * n) / m) * stride;
    let d = false, o = false;
    for (let k = 0; k < 3; k++) {
      const r = READERS[types[k]];
      if (implausible(r(dv, b + at[k], le))) d = true;
      if (implausible(r(dv, b + at[k], !le))) o = true;
    }
    if (d) badDeclared++;
    if (o) badOther++;
  }
  if (badDeclared > 0.5 * m && badOther < 0.05 * m) {
    const other = le ? 'binary_big_endian' : 'binary_little_endian';
    const pct = (c: number) => `${Math.round((100 * c) / m)}%`;
    throw new InputError('bad-header', file,
      `vertex data looks like the other byte order (binary_little_endian vs binary_big_endian): read as the declared ${format}, ${pct(badDeclared)} of vertices have NaN, infinite or absurd coordinates; read as ${other}, ${pct(badOther)} do`);
  }
}

function fixedStride(el: PlyElement): number {
  let s = 0;
  for (const p of el.properties) {
    if (p.countType) return -1;
    s += TYPE_SIZE[p.type];
  }
  return s;
}

function truncatedAt(file: string, el: PlyElement, record: number, len: number): InputError {
  return new InputError('truncated', file, `file is truncated: it ends inside record ${record + 1} of ${el.count} of element ${quote(el.name)}`, { offset: len });
}

/**
 * Walks one record of an element with list properties, storing each property's byte offset in
 * `at` (for a list: the offset of its count). Returns the offset after the record.
 */
function walkRecord(dv: DataView, off: number, le: boolean, el: PlyElement, at: Int32Array, record: number, file: string): number {
  const len = dv.byteLength;
  const props = el.properties;
  for (let k = 0; k < props.length; k++) {
    const p = props[k];
    at[k] = off;
    if (p.countType) {
      const cs = TYPE_SIZE[p.countType];
      if (off + cs > len) throw truncatedAt(file, el, record, len);
      const n = READERS[p.countType](dv, off, le);
      if (n < 0) throw new InputError('bad-value', file, `list ${quote(p.name)} of element ${quote(el.name)} record ${record + 1} has a negative length ${n}`, { offset: off });
      off += cs + n * TYPE_SIZE[p.type];
    } else off += TYPE_SIZE[p.type];
    if (off > len) throw truncatedAt(file, el, record, len);
  }
  return off;
}

function skipBinary(dv: DataView, off: number, le: boolean, el: PlyElement, file: string): number {
  const stride = fixedStride(el);
  if (stride >= 0) {
    const end = off + el.count * stride;
    if (end > dv.byteLength) throw truncatedAt(file, el, Math.floor((dv.byteLength - off) / Math.max(stride, 1)), dv.byteLength);
    return end;
  }
  const at = new Int32Array(el.properties.length);
  for (let i = 0; i < el.count; i++) off = walkRecord(dv, off, le, el, at, i, file);
  return off;
}

function readBinaryVertices(dv: DataView, off: number, le: boolean, el: PlyElement, L: VertexLayout, mesh: Mesh, file: string): number {
  const n = el.count;
  const props = el.properties;
  const pos = mesh.positions, nor = mesh.normals, col = mesh.colors;
  const rx = READERS[props[L.x].type], ry = READERS[props[L.y].type], rz = READERS[props[L.z].type];
  const stride = fixedStride(el);
  if (stride >= 0) {
    if (off + n * stride > dv.byteLength) throw truncatedAt(file, el, Math.floor((dv.byteLength - off) / stride), dv.byteLength);
    const po = new Int32Array(props.length);
    for (let k = 0, o = 0; k < props.length; k++) { po[k] = o; o += TYPE_SIZE[props[k].type]; }
    const ox = po[L.x], oy = po[L.y], oz = po[L.z];
    // Fast path for the common layouts (all float32 or all float64 coordinates).
    const tx = props[L.x].type;
    if (tx === props[L.y].type && tx === props[L.z].type && (tx === 'float32' || tx === 'float64')) {
      if (tx === 'float32') {
        for (let i = 0, b = off; i < n; i++, b += stride) {
          pos[3 * i] = dv.getFloat32(b + ox, le); pos[3 * i + 1] = dv.getFloat32(b + oy, le); pos[3 * i + 2] = dv.getFloat32(b + oz, le);
        }
      } else {
        for (let i = 0, b = off; i < n; i++, b += stride) {
          pos[3 * i] = dv.getFloat64(b + ox, le); pos[3 * i + 1] = dv.getFloat64(b + oy, le); pos[3 * i + 2] = dv.getFloat64(b + oz, le);
        }
      }
    } else {
      for (let i = 0, b = off; i < n; i++, b += stride) {
        pos[3 * i] = rx(dv, b + ox, le); pos[3 * i + 1] = ry(dv, b + oy, le); pos[3 * i + 2] = rz(dv, b + oz, le);
      }
    }
    if (nor) {
      const r0 = READERS[props[L.nx].type], r1 = READERS[props[L.ny].type], r2 = READERS[props[L.nz].type];
      const o0 = po[L.nx], o1 = po[L.ny], o2 = po[L.nz];
      for (let i = 0, b = off; i < n; i++, b += stride) {
        nor[3 * i] = r0(dv, b + o0, le); nor[3 * i + 1] = r1(dv, b + o1, le); nor[3 * i + 2] = r2(dv, b + o2, le);
      }
    }
    if (col) {
      const t0 = props[L.r].type, t1 = props[L.g].type, t2 = props[L.b].type;
      const r0 = READERS[t0], r1 = READERS[t1], r2 = READERS[t2];
      const o0 = po[L.r], o1 = po[L.g], o2 = po[L.b];
      for (let i = 0, b = off; i < n; i++, b += stride) {
        col[3 * i] = colorByte(r0(dv, b + o0, le), t0); col[3 * i + 1] = colorByte(r1(dv, b + o1, le), t1); col[3 * i + 2] = colorByte(r2(dv, b + o2, le), t2);
      }
    }
    return off + n * stride;
  }
  // Vertex records with list properties: walk each record.
  const at = new Int32Array(props.length);
  for (let i = 0; i < n; i++) {
    off = walkRecord(dv, off, le, el, at, i, file);
    pos[3 * i] = rx(dv, at[L.x], le); pos[3 * i + 1] = ry(dv, at[L.y], le); pos[3 * i + 2] = rz(dv, at[L.z], le);
    if (nor) {
      nor[3 * i] = READERS[props[L.nx].type](dv, at[L.nx], le);
      nor[3 * i + 1] = READERS[props[L.ny].type](dv, at[L.ny], le);
      nor[3 * i + 2] = READERS[props[L.nz].type](dv, at[L.nz], le);
    }
    if (col) {
      col[3 * i] = colorByte(READERS[props[L.r].type](dv, at[L.r], le), props[L.r].type);
      col[3 * i + 1] = colorByte(READERS[props[L.g].type](dv, at[L.g], le), props[L.g].type);
      col[3 * i + 2] = colorByte(READERS[props[L.b].type](dv, at[L.b], le), props[L.b].type);
    }
  }
  return off;
}

function readBinaryFaces(dv: DataView, off: number, le: boolean, el: PlyElement, fList: number, nv: number, file: string): { off: number; faces: Uint32Array } {
  const len = dv.byteLength;
  const props = el.properties;
  const lp = props[fList];
  const cType = lp.countType as PlyScalarType;
  const iType = lp.type;
  const cs = TYPE_SIZE[cType], is = TYPE_SIZE[iType];
  const rc = READERS[cType], ri = READERS[iType];
  const isFloat = iType === 'float32' || iType === 'float64';
  const tb = new TriangleBuilder(el.count);
  let idx = new Float64Array(16);
  const onlyList = props.length === 1;
  const at = new Int32Array(props.length);
  for (let f = 0; f < el.count; f++) {
    let lo: number;
    if (onlyList) {
      lo = off;
      if (off + cs > len) throw truncatedAt(file, el, f, len);
    } else {
      off = walkRecord(dv, off, le, el, at, f, file);
      lo = at[fList];
    }
    const k = rc(dv, lo, le);
    if (k < 3) throw new InputError('bad-value', file, `face ${f + 1} has ${k} vertices (a face needs at least 3)`, { offset: lo });
    const end = lo + cs + k * is;
    if (end > len) throw truncatedAt(file, el, f, len);
    if (onlyList) off = end;
    if (k > idx.length) idx = new Float64Array(2 * k);
    for (let j = 0, o = lo + cs; j < k; j++, o += is) {
      const v = ri(dv, o, le);
      if (!(v >= 0 && v < nv) || (isFloat && !Number.isInteger(v))) {
        throw new InputError('index-out-of-range', file, `face ${f + 1} refers to vertex ${v}, but there are ${nv} vertices (indices 0..${nv - 1})`, { offset: o });
      }
      idx[j] = v;
    }
    tb.addPolygon(idx, k);
  }
  return { off, faces: tb.finish() };
}

// ---------------------------------------------------------------- ascii

function parseAsciiBody(
  bytes: Uint8Array, file: string, h: PlyHeader,
  vEl: PlyElement, layout: VertexLayout, fEl: PlyElement | undefined, fList: number, limits: ReadLimits,
): Mesh {
  const text = decodeText(bytes.subarray(h.bodyOffset));
  const lines = new TextLines(text, 0, h.headerLines + 1);
  let records = 0;
  const available = lines.remainingLines();
  for (const el of h.elements) {
    records += el.count;
    checkDeclaredSize(file, `element ${quote(el.name)} declares ${el.count} records (one per line)`, records, available, 'lines', { line: el.line });
  }
  checkPlyLimits(file, vEl, fEl, limits);
  const mesh = newGeometry(vEl.count, layout);
  const tok: string[] = [];
  const at = new Int32Array(Math.max(...h.elements.map((e) => e.properties.length), 1));
  const nv = vEl.count;
  const pos = mesh.positions, nor = mesh.normals, col = mesh.colors;
  // Capacity hint: blank lines count as lines above, so bound it by the text too (a face line
  // "3 0 1 2\n" has 8 characters): a file of newlines must not reserve 12 bytes per newline.
  const tb = fEl ? new TriangleBuilder(Math.min(fEl.count, text.length >> 3)) : null;
  let idx = new Float64Array(16);

  const num = (t: string, what: string): number => {
    const v = parseNumberToken(t);
    if (v === undefined) throw new InputError('bad-value', file, `invalid number ${quote(t)} for ${what}`, { line: lines.lineNo });
    return v;
  };

  for (const el of h.elements) {
    const props = el.properties;
    for (let i = 0; i < el.count; i++) {
      let line = lines.next();
      while (line !== null && isBlank(line)) line = lines.next();
      if (line === null) {
        throw new InputError('truncated', file, `file is truncated: it ends before record ${i + 1} of ${el.count} of element ${quote(el.name)}`, { line: lines.lineNo + 1 });
      }
      const nt = splitTokens(line, tok);
      // Locate each property's token (for lists: the count token).
      let t = 0;
      for (let k = 0; k < props.length; k++) {
        at[k] = t;
        if (t >= nt) throw new InputError('bad-value', file, `record ${i + 1} of element ${quote(el.name)} has too few values (missing ${quote(props[k].name)})`, { line: lines.lineNo });
        if (props[k].countType) {
          const n = parseNumberToken(tok[t]);
          if (n === undefined || !Number.isInteger(n) || n < 0) throw new InputError('bad-value', file, `invalid list length ${quote(tok[t])} for ${quote(props[k].name)}`, { line: lines.lineNo });
          if (n > nt) throw new InputError('bad-value', file, `list ${quote(props[k].name)} declares ${n} items but the line has only ${nt - at[k] - 1}`, { line: lines.lineNo });
          t += 1 + n;
          if (t > nt) throw new InputError('bad-value', file, `list ${quote(props[k].name)} declares ${n} items but the line has only ${nt - at[k] - 1}`, { line: lines.lineNo });
        } else t++;
      }
      if (t !== nt) throw new InputError('bad-value', file, `record ${i + 1} of element ${quote(el.name)} has ${nt} values, expected ${t}`, { line: lines.lineNo });

      if (el === vEl) {
        pos[3 * i] = num(tok[at[layout.x]], 'x'); pos[3 * i + 1] = num(tok[at[layout.y]], 'y'); pos[3 * i + 2] = num(tok[at[layout.z]], 'z');
        if (nor) { nor[3 * i] = num(tok[at[layout.nx]], 'nx'); nor[3 * i + 1] = num(tok[at[layout.ny]], 'ny'); nor[3 * i + 2] = num(tok[at[layout.nz]], 'nz'); }
        if (col) {
          col[3 * i] = colorByte(num(tok[at[layout.r]], 'red'), props[layout.r].type);
          col[3 * i + 1] = colorByte(num(tok[at[layout.g]], 'green'), props[layout.g].type);
          col[3 * i + 2] = colorByte(num(tok[at[layout.b]], 'blue'), props[layout.b].type);
        }
      } else if (el === fEl && tb) {
        const c = at[fList];
        const k = +tok[c];
        if (k < 3) throw new InputError('bad-value', file, `face ${i + 1} has ${k} vertices (a face needs at least 3)`, { line: lines.lineNo });
        if (k > idx.length) idx = new Float64Array(2 * k);
        for (let j = 0; j < k; j++) {
          const v = parseNumberToken(tok[c + 1 + j]);
          if (v === undefined || !Number.isInteger(v)) throw new InputError('bad-value', file, `invalid vertex index ${quote(tok[c + 1 + j])} in face ${i + 1}`, { line: lines.lineNo });
          if (v < 0 || v >= nv) throw new InputError('index-out-of-range', file, `face ${i + 1} refers to vertex ${v}, but there are ${nv} vertices (indices 0..${nv - 1})`, { line: lines.lineNo });
          idx[j] = v;
        }
        tb.addPolygon(idx, k);
      }
    }
  }
  if (tb) mesh.faces = tb.finish();
  return mesh;
}

function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

// ---------------------------------------------------------------- writer

/** Options of `encodePly`. */
export interface PlyEncodeOptions {
  /** Write `format ascii 1.0` instead of binary little-endian (default false). */
  ascii?: boolean;
}

/**
 * Encodes a mesh or point cloud as PLY: vertex x, y, z as float32, plus nx, ny, nz (float32) and
 * red, green, blue (uchar) when present; faces (meshes with at least one face) as
 * `list uchar int vertex_indices`. A point cloud, or a mesh without faces, has no face element.
 * @throws RangeError for inconsistent input (see `assertEncodable`).
 */
export function encodePly(geom: Mesh | PointCloud, opts: PlyEncodeOptions = {}): Uint8Array {
  assertEncodable(geom);
  const p = geom.positions, nrm = geom.normals, col = geom.colors;
  const faces = (geom as Mesh).faces && (geom as Mesh).faces.length > 0 ? (geom as Mesh).faces : null;
  const nv = p.length / 3, nf = faces ? faces.length / 3 : 0;
  let header = `ply\nformat ${opts.ascii ? 'ascii' : 'binary_little_endian'} 1.0\ncomment written by pointocc\nelement vertex ${nv}\nproperty float x\nproperty float y\nproperty float z\n`;
  if (nrm) header += 'property float nx\nproperty float ny\nproperty float nz\n';
  if (col) header += 'property uchar red\nproperty uchar green\nproperty uchar blue\n';
  if (faces) header += `element face ${nf}\nproperty list uchar int vertex_indices\n`;
  header += 'end_header\n';

  if (opts.ascii) {
    const w = new AsciiWriter(header.length + nv * (nrm ? 66 : 33) + nf * 24);
    w.str(header);
    for (let i = 0; i < nv; i++) {
      w.float(p[3 * i]).char(32).float(p[3 * i + 1]).char(32).float(p[3 * i + 2]);
      if (nrm) w.char(32).float(nrm[3 * i]).char(32).float(nrm[3 * i + 1]).char(32).float(nrm[3 * i + 2]);
      if (col) w.char(32).uint(col[3 * i]).char(32).uint(col[3 * i + 1]).char(32).uint(col[3 * i + 2]);
      w.char(10);
    }
    if (faces) for (let f = 0; f < nf; f++) w.str('3 ').uint(faces[3 * f]).char(32).uint(faces[3 * f + 1]).char(32).uint(faces[3 * f + 2]).char(10);
    return w.finish();
  }

  const head = new TextEncoder().encode(header);
  const stride = 12 + (nrm ? 12 : 0) + (col ? 3 : 0);
  const out = new Uint8Array(head.length + nv * stride + nf * 13);
  out.set(head, 0);
  const dv = new DataView(out.buffer);
  let o = head.length;
  for (let i = 0; i < nv; i++) {
    dv.setFloat32(o, p[3 * i], true); dv.setFloat32(o + 4, p[3 * i + 1], true); dv.setFloat32(o + 8, p[3 * i + 2], true);
    o += 12;
    if (nrm) { dv.setFloat32(o, nrm[3 * i], true); dv.setFloat32(o + 4, nrm[3 * i + 1], true); dv.setFloat32(o + 8, nrm[3 * i + 2], true); o += 12; }
    if (col) { out[o] = col[3 * i]; out[o + 1] = col[3 * i + 1]; out[o + 2] = col[3 * i + 2]; o += 3; }
  }
  if (faces) {
    for (let f = 0; f < nf; f++) {
      out[o] = 3;
      dv.setInt32(o + 1, faces[3 * f], true); dv.setInt32(o + 5, faces[3 * f + 1], true); dv.setInt32(o + 9, faces[3 * f + 2], true);
      o += 13;
    }
  }
  return out;
}
