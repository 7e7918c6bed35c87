/**
 * The body of a binary PLY (either byte order): sizes checked against the bytes before anything
 * is allocated, vertices, fan-triangulated faces, other elements skipped, and a refusal of vertex
 * data written in the other byte order than declared.
 */
import type { Mesh } from '../../geometry/Mesh.ts';
import { InputError, quote } from '../../errors.ts';
import { checkDeclaredSize } from '../declaredSize.ts';
import type { ReadLimits } from '../limits.ts';
import { TriangleBuilder } from '../TriangleBuilder.ts';
import { TYPE_SIZE, type PlyElement, type PlyFormat, type PlyHeader, type PlyScalarType } from './header.ts';
import { checkPlyLimits, colorByte, newGeometry, type VertexLayout } from './layout.ts';

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

export function parseBinaryBody(
  bytes: Uint8Array,
  file: string,
  h: PlyHeader,
  vEl: PlyElement,
  layout: VertexLayout,
  fEl: PlyElement | undefined,
  fList: number,
  limits: ReadLimits,
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
    checkDeclaredSize(
      file,
      `element ${quote(el.name)} declares ${el.count} records of at least ${min} bytes`,
      needed,
      len - h.bodyOffset,
      'bytes',
      { offset: h.bodyOffset },
    );
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
    } else if (el === fEl) {
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
  for (let k = 0, o = 0; k < props.length; k++) {
    po.push(o);
    o += TYPE_SIZE[props[k].type];
  }
  const at = [po[L.x], po[L.y], po[L.z]];
  const le = format === 'binary_little_endian';
  const m = Math.min(n, BYTE_ORDER_SAMPLE);
  let badDeclared = 0,
    badOther = 0;
  for (let s = 0; s < m; s++) {
    const b = off + Math.floor((s * n) / m) * stride;
    let d = false,
      o = false;
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
    throw new InputError(
      'bad-header',
      file,
      `vertex data looks like the other byte order (binary_little_endian vs binary_big_endian): read as the declared ${format}, ${pct(badDeclared)} of vertices have NaN, infinite or absurd coordinates; read as ${other}, ${pct(badOther)} do`,
    );
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
  return new InputError(
    'truncated',
    file,
    `file is truncated: it ends inside record ${record + 1} of ${el.count} of element ${quote(el.name)}`,
    { offset: len },
  );
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
      if (n < 0)
        throw new InputError(
          'bad-value',
          file,
          `list ${quote(p.name)} of element ${quote(el.name)} record ${record + 1} has a negative length ${n}`,
          { offset: off },
        );
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
  const pos = mesh.positions,
    nor = mesh.normals,
    col = mesh.colors;
  const rx = READERS[props[L.x].type],
    ry = READERS[props[L.y].type],
    rz = READERS[props[L.z].type];
  const stride = fixedStride(el);
  if (stride >= 0) {
    if (off + n * stride > dv.byteLength) throw truncatedAt(file, el, Math.floor((dv.byteLength - off) / stride), dv.byteLength);
    const po = new Int32Array(props.length);
    for (let k = 0, o = 0; k < props.length; k++) {
      po[k] = o;
      o += TYPE_SIZE[props[k].type];
    }
    const ox = po[L.x],
      oy = po[L.y],
      oz = po[L.z];
    // Fast path for the common layouts (all float32 or all float64 coordinates).
    const tx = props[L.x].type;
    if (tx === props[L.y].type && tx === props[L.z].type && (tx === 'float32' || tx === 'float64')) {
      if (tx === 'float32') {
        for (let i = 0, b = off; i < n; i++, b += stride) {
          pos[3 * i] = dv.getFloat32(b + ox, le);
          pos[3 * i + 1] = dv.getFloat32(b + oy, le);
          pos[3 * i + 2] = dv.getFloat32(b + oz, le);
        }
      } else {
        for (let i = 0, b = off; i < n; i++, b += stride) {
          pos[3 * i] = dv.getFloat64(b + ox, le);
          pos[3 * i + 1] = dv.getFloat64(b + oy, le);
          pos[3 * i + 2] = dv.getFloat64(b + oz, le);
        }
      }
    } else {
      for (let i = 0, b = off; i < n; i++, b += stride) {
        pos[3 * i] = rx(dv, b + ox, le);
        pos[3 * i + 1] = ry(dv, b + oy, le);
        pos[3 * i + 2] = rz(dv, b + oz, le);
      }
    }
    if (nor) {
      const r0 = READERS[props[L.nx].type],
        r1 = READERS[props[L.ny].type],
        r2 = READERS[props[L.nz].type];
      const o0 = po[L.nx],
        o1 = po[L.ny],
        o2 = po[L.nz];
      for (let i = 0, b = off; i < n; i++, b += stride) {
        nor[3 * i] = r0(dv, b + o0, le);
        nor[3 * i + 1] = r1(dv, b + o1, le);
        nor[3 * i + 2] = r2(dv, b + o2, le);
      }
    }
    if (col) {
      const t0 = props[L.r].type,
        t1 = props[L.g].type,
        t2 = props[L.b].type;
      const r0 = READERS[t0],
        r1 = READERS[t1],
        r2 = READERS[t2];
      const o0 = po[L.r],
        o1 = po[L.g],
        o2 = po[L.b];
      for (let i = 0, b = off; i < n; i++, b += stride) {
        col[3 * i] = colorByte(r0(dv, b + o0, le), t0);
        col[3 * i + 1] = colorByte(r1(dv, b + o1, le), t1);
        col[3 * i + 2] = colorByte(r2(dv, b + o2, le), t2);
      }
    }
    return off + n * stride;
  }
  // Vertex records with list properties: walk each record.
  const at = new Int32Array(props.length);
  for (let i = 0; i < n; i++) {
    off = walkRecord(dv, off, le, el, at, i, file);
    pos[3 * i] = rx(dv, at[L.x], le);
    pos[3 * i + 1] = ry(dv, at[L.y], le);
    pos[3 * i + 2] = rz(dv, at[L.z], le);
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

function readBinaryFaces(
  dv: DataView,
  off: number,
  le: boolean,
  el: PlyElement,
  fList: number,
  nv: number,
  file: string,
): { off: number; faces: Uint32Array } {
  const len = dv.byteLength;
  const props = el.properties;
  const lp = props[fList];
  const cType = lp.countType as PlyScalarType;
  const iType = lp.type;
  const cs = TYPE_SIZE[cType],
    is = TYPE_SIZE[iType];
  const rc = READERS[cType],
    ri = READERS[iType];
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
        throw new InputError(
          'index-out-of-range',
          file,
          `face ${f + 1} refers to vertex ${v}, but there are ${nv} vertices (indices 0..${nv - 1})`,
          { offset: o },
        );
      }
      idx[j] = v;
    }
    tb.addPolygon(idx, k);
  }
  return { off, faces: tb.finish() };
}
