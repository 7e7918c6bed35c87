/**
 * Point Cloud Library `.pcd` files (versions 0.6/0.7, as written by PCL and Open3D): reader for
 * `DATA ascii`, `binary` (point-major records, little-endian) and `binary_compressed` (LZF,
 * field-major). Fields x y z (required), normal_x normal_y normal_z, and rgb / rgba (packed
 * 0x00RRGGBB in a float or uint32) are kept; other fields are skipped.
 */
import type { PointCloud } from '../geometry/PointCloud.ts';
import { InputError, quote } from '../errors.ts';
import { checkDeclaredSize } from './declaredSize.ts';
import { checkLimit, DEFAULT_READ_LIMITS, type ReadLimits } from './limits.ts';
import { TextLines, decodeText, splitTokens, parseNumberToken } from './TextLines.ts';
import { lzfDecompress } from './lzf.ts';

interface PcdField {
  name: string;
  size: number;
  type: 'F' | 'I' | 'U';
  count: number;
}

export interface PcdHeader {
  fields: PcdField[];
  points: number;
  data: 'ascii' | 'binary' | 'binary_compressed';
  /** Byte offset of the data. */
  dataOffset: number;
  /** Number of header lines (the data's first line is `headerLines + 1`). */
  headerLines: number;
}

const latin1 = new TextDecoder('latin1');

/** True when the file starts with a PCD header comment or keyword. */
export function isPcd(bytes: Uint8Array): boolean {
  const head = latin1.decode(bytes.subarray(0, 64));
  return /^(#\s*\.PCD|VERSION\s|FIELDS\s)/.test(head);
}

/** Parses and validates a PCD header. */
export function parsePcdHeader(bytes: Uint8Array, file: string): PcdHeader {
  if (bytes.length === 0) throw new InputError('empty', file, 'file is empty');
  const text = latin1.decode(bytes.subarray(0, Math.min(bytes.length, 1 << 16)));
  const lines = new TextLines(text);
  const tok: string[] = [];
  const kv = new Map<string, { values: string[]; line: number }>();
  let dataOffset = -1,
    headerLines = 0;
  for (let line = lines.next(); line !== null; line = lines.next()) {
    const nt = splitTokens(line, tok);
    if (nt === 0 || tok[0].startsWith('#')) continue;
    const key = tok[0].toUpperCase();
    kv.set(key, { values: tok.slice(1, nt), line: lines.lineNo });
    if (key === 'DATA') {
      headerLines = lines.lineNo;
      // Offset just after this line's newline.
      let off = 0;
      for (let l = 0; l < headerLines; l++) {
        const nl = text.indexOf('\n', off);
        off = nl < 0 ? text.length : nl + 1;
      }
      dataOffset = off;
      break;
    }
  }
  if (dataOffset < 0) throw new InputError('bad-header', file, "PCD header has no 'DATA' line");
  const need = (k: string) => {
    const e = kv.get(k);
    if (!e || e.values.length === 0) throw new InputError('bad-header', file, `PCD header has no '${k}' line`);
    return e;
  };
  const fields = need('FIELDS');
  const n = fields.values.length;
  const sizes = need('SIZE'),
    types = need('TYPE');
  const counts = kv.get('COUNT') ?? { values: fields.values.map(() => '1'), line: fields.line };
  for (const [name, e] of [
    ['SIZE', sizes],
    ['TYPE', types],
    ['COUNT', counts],
  ] as const) {
    if (e.values.length !== n)
      throw new InputError('bad-header', file, `PCD ${name} lists ${e.values.length} entries for ${n} fields`, { line: e.line });
  }
  const out: PcdField[] = [];
  for (let i = 0; i < n; i++) {
    const size = Number(sizes.values[i]),
      type = types.values[i].toUpperCase(),
      count = Number(counts.values[i]);
    const fname = quote(fields.values[i]);
    if (![1, 2, 4, 8].includes(size))
      throw new InputError('bad-header', file, `PCD field ${fname} has invalid SIZE ${quote(sizes.values[i])}`, { line: sizes.line });
    if (type !== 'F' && type !== 'I' && type !== 'U')
      throw new InputError('bad-header', file, `PCD field ${fname} has invalid TYPE ${quote(types.values[i])}`, { line: types.line });
    if (type === 'F' && size !== 4 && size !== 8)
      throw new InputError('bad-header', file, `PCD float field ${fname} has SIZE ${size}`, { line: sizes.line });
    // COUNT multiplies the record size: past 2^20 values per field it is damage, not data.
    if (!Number.isInteger(count) || count < 1 || count > 1 << 20)
      throw new InputError('bad-header', file, `PCD field ${fname} has invalid COUNT ${quote(counts.values[i])}`, { line: counts.line });
    out.push({ name: fields.values[i], size, type, count });
  }
  let points: number;
  const pe = kv.get('POINTS');
  if (pe) points = Number(pe.values[0]);
  else {
    const w = Number(need('WIDTH').values[0]),
      h = Number(kv.get('HEIGHT')?.values[0] ?? 1);
    points = w * h;
  }
  if (!Number.isSafeInteger(points) || points < 0)
    throw new InputError('bad-header', file, `invalid PCD point count ${quote(String(pe ? pe.values[0] : points))}`, { line: pe?.line });
  const data = need('DATA').values[0].toLowerCase();
  if (data !== 'ascii' && data !== 'binary' && data !== 'binary_compressed')
    throw new InputError('unsupported', file, `PCD DATA ${quote(data)} is not supported (ascii, binary, binary_compressed are)`, {
      line: headerLines,
    });
  return { fields: out, points, data, dataOffset, headerLines };
}

/**
 * Parses a PCD point cloud.
 * @param bytes the whole file.
 * @param file name used in error messages.
 * @throws InputError 'empty' | 'bad-header' | 'unsupported' | 'truncated' | 'count-too-large' | 'bad-value' | 'no-geometry'
 */
export function parsePcd(bytes: Uint8Array, file: string, limits: ReadLimits = DEFAULT_READ_LIMITS): PointCloud {
  const h = parsePcdHeader(bytes, file);
  const fi = (name: string) => h.fields.findIndex((f) => f.name === name);
  const x = fi('x'),
    y = fi('y'),
    z = fi('z');
  if (x < 0 || y < 0 || z < 0) throw new InputError('no-geometry', file, 'PCD has no x, y, z fields');
  let nx = fi('normal_x'),
    ny = fi('normal_y'),
    nz = fi('normal_z');
  if (nx < 0 || ny < 0 || nz < 0) nx = ny = nz = -1;
  let rgb = fi('rgb');
  if (rgb < 0) rgb = fi('rgba');
  // Packed colour is 4 bytes (0x00RRGGBB in a float or uint32); any other size is not one.
  if (rgb >= 0 && h.fields[rgb].size !== 4) rgb = -1;
  const n = h.points;
  const want = [x, y, z, nx, ny, nz];

  if (h.data === 'ascii') return parseAscii(bytes, file, h, want, rgb, limits);
  // Bytes per point as read: positions, normals (12 each), colours (3).
  const memEach = 12 + (nx >= 0 ? 12 : 0) + (rgb >= 0 ? 3 : 0);

  const stride = h.fields.reduce((s, f) => s + f.size * f.count, 0);
  let body: Uint8Array;
  let soa: boolean;
  if (h.data === 'binary') {
    checkDeclaredSize(file, `the PCD header declares ${n} points of ${stride} bytes`, n * stride, bytes.length - h.dataOffset, 'bytes', {
      offset: h.dataOffset,
    });
    checkLimit(file, 'the PCD header', n, limits.maxPoints, 'points', memEach, { line: h.headerLines });
    body = bytes.subarray(h.dataOffset, h.dataOffset + n * stride);
    soa = false;
  } else {
    if (bytes.length < h.dataOffset + 8)
      throw new InputError('truncated', file, 'file is truncated before the compressed PCD sizes', { offset: bytes.length });
    const dv0 = new DataView(bytes.buffer, bytes.byteOffset + h.dataOffset, 8);
    const csize = dv0.getUint32(0, true),
      usize = dv0.getUint32(4, true);
    if (usize !== n * stride)
      throw new InputError(
        'bad-header',
        file,
        `compressed PCD data expands to ${usize} bytes, but ${n} points of ${stride} bytes need ${n * stride}`,
        { offset: h.dataOffset + 4 },
      );
    checkDeclaredSize(file, `compressed PCD data declares ${csize} bytes`, csize, bytes.length - h.dataOffset - 8, 'bytes', {
      offset: h.dataOffset,
    });
    // LZF-compressed data is not bounded by the file size: the limit bounds what it may expand to.
    checkLimit(file, 'the PCD header', n, limits.maxPoints, 'points', memEach, { line: h.headerLines });
    // LZF expands at most ~88× (a 3-byte back reference copies 264 bytes): refuse larger claims
    // before allocating the output.
    if (usize > 90 * csize + 64)
      throw new InputError('count-too-large', file, `compressed PCD data of ${csize} bytes cannot expand to the declared ${usize} bytes`, {
        offset: h.dataOffset + 4,
      });
    const r = lzfDecompress(bytes.subarray(h.dataOffset + 8, h.dataOffset + 8 + csize), usize);
    if (typeof r === 'string') throw new InputError('bad-value', file, `corrupt compressed PCD data: ${r}`, { offset: h.dataOffset + 8 });
    body = r;
    soa = true;
  }
  // Byte position of field k of point i: AoS i·stride + off[k]; SoA base[k] + i·size·count.
  const off: number[] = [],
    base: number[] = [];
  for (let k = 0, o = 0, b = 0; k < h.fields.length; k++) {
    off.push(o);
    base.push(b);
    o += h.fields[k].size * h.fields[k].count;
    b += h.fields[k].size * h.fields[k].count * n;
  }
  const dv = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const read = (k: number, i: number): number => {
    const f = h.fields[k];
    const p = soa ? base[k] + i * f.size * f.count : i * stride + off[k];
    return readValue(dv, p, f);
  };
  const positions = new Float32Array(3 * n);
  const normals = nx >= 0 ? new Float32Array(3 * n) : undefined;
  const colors = rgb >= 0 ? new Uint8Array(3 * n) : undefined;
  for (let i = 0; i < n; i++) {
    positions[3 * i] = read(x, i);
    positions[3 * i + 1] = read(y, i);
    positions[3 * i + 2] = read(z, i);
    if (normals) {
      normals[3 * i] = read(nx, i);
      normals[3 * i + 1] = read(ny, i);
      normals[3 * i + 2] = read(nz, i);
    }
    if (colors) {
      const f = h.fields[rgb];
      const p = soa ? base[rgb] + i * f.size * f.count : i * stride + off[rgb];
      const u = dv.getUint32(p, true);
      colors[3 * i] = (u >>> 16) & 255;
      colors[3 * i + 1] = (u >>> 8) & 255;
      colors[3 * i + 2] = u & 255;
    }
  }
  const cloud: PointCloud = { positions };
  if (normals) cloud.normals = normals;
  if (colors) cloud.colors = colors;
  return cloud;
}

function readValue(dv: DataView, p: number, f: PcdField): number {
  if (f.type === 'F') return f.size === 4 ? dv.getFloat32(p, true) : dv.getFloat64(p, true);
  if (f.type === 'U')
    return f.size === 1
      ? dv.getUint8(p)
      : f.size === 2
        ? dv.getUint16(p, true)
        : f.size === 4
          ? dv.getUint32(p, true)
          : Number(dv.getBigUint64(p, true));
  return f.size === 1
    ? dv.getInt8(p)
    : f.size === 2
      ? dv.getInt16(p, true)
      : f.size === 4
        ? dv.getInt32(p, true)
        : Number(dv.getBigInt64(p, true));
}

function parseAscii(bytes: Uint8Array, file: string, h: PcdHeader, want: number[], rgb: number, limits: ReadLimits): PointCloud {
  const lines = new TextLines(decodeText(bytes.subarray(h.dataOffset)), 0, h.headerLines + 1);
  const n = h.points;
  checkDeclaredSize(file, `the PCD header declares ${n} points (one per line)`, n, lines.remainingLines(), 'lines', {
    line: h.headerLines,
  });
  checkLimit(file, 'the PCD header', n, limits.maxPoints, 'points', 12 + (want[3] >= 0 ? 12 : 0) + (rgb >= 0 ? 3 : 0), {
    line: h.headerLines,
  });
  // Token index of each field's first value.
  const at: number[] = [];
  let width = 0;
  for (const f of h.fields) {
    at.push(width);
    width += f.count;
  }
  const [x, y, z, nx, ny, nz] = want;
  const positions = new Float32Array(3 * n);
  const normals = nx >= 0 ? new Float32Array(3 * n) : undefined;
  const colors = rgb >= 0 ? new Uint8Array(3 * n) : undefined;
  const tok: string[] = [];
  const f32 = new Float32Array(1),
    u32 = new Uint32Array(f32.buffer);
  const num = (k: number): number => {
    const v = parseNumberToken(tok[at[k]]);
    if (v === undefined)
      throw new InputError('bad-value', file, `invalid number ${quote(tok[at[k]])} for field ${quote(h.fields[k].name)}`, {
        line: lines.lineNo,
      });
    return v;
  };
  for (let i = 0; i < n; i++) {
    let line = lines.next();
    while (line !== null && line.trim() === '') line = lines.next();
    if (line === null)
      throw new InputError('truncated', file, `file is truncated: it ends after ${i} of ${n} points`, { line: lines.lineNo + 1 });
    const nt = splitTokens(line, tok);
    if (nt < width) throw new InputError('bad-value', file, `point has ${nt} values, the fields need ${width}`, { line: lines.lineNo });
    positions[3 * i] = num(x);
    positions[3 * i + 1] = num(y);
    positions[3 * i + 2] = num(z);
    if (normals) {
      normals[3 * i] = num(nx);
      normals[3 * i + 1] = num(ny);
      normals[3 * i + 2] = num(nz);
    }
    if (colors) {
      // Packed colour written as a number: a float's bit pattern (type F) or an integer.
      const v = num(rgb);
      let u: number;
      if (h.fields[rgb].type === 'F') {
        f32[0] = v;
        u = u32[0];
      } else u = v >>> 0;
      colors[3 * i] = (u >>> 16) & 255;
      colors[3 * i + 1] = (u >>> 8) & 255;
      colors[3 * i + 2] = u & 255;
    }
  }
  const cloud: PointCloud = { positions };
  if (normals) cloud.normals = normals;
  if (colors) cloud.colors = colors;
  return cloud;
}
