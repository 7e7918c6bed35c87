/**
 * NumPy `.npy` arrays: a generic reader (`parseNpy`), a point-cloud view of it ([N,3] or [N,6]
 * arrays) and a writer.
 *
 * Format (numpy/lib/format.py): magic `\x93NUMPY`, version bytes, a little-endian header
 * length (uint16 for version 1, uint32 for 2 and 3), a Python dict literal
 * `{'descr': '<f4', 'fortran_order': False, 'shape': (500, 3), }`, then the raw data.
 * Supported dtypes: float16/32/64, int8/16/32/64, uint8/16/32/64, bool; either byte order;
 * C or Fortran order. Structured dtypes and object arrays are not supported.
 */
import type { PointCloud } from '../geometry/PointCloud.ts';
import { InputError, quote, type InputErrorLocation } from '../errors.ts';
import { checkDeclaredSize } from './declaredSize.ts';
import { checkLimit, resolveReadLimits, DEFAULT_READ_LIMITS, type ReadLimits } from './limits.ts';
import { halfArrayToFloat32 } from './float16.ts';
import { assertEncodable } from './geometryChecks.ts';

export type NpyDtype =
  'float16' | 'float32' | 'float64' | 'int8' | 'int16' | 'int32' | 'int64' | 'uint8' | 'uint16' | 'uint32' | 'uint64' | 'bool';

/** Typed arrays `parseNpy` returns. float16 data comes as Float32Array (exact), 64-bit
 *  integers as Float64Array (exact up to 2^53), bool as Uint8Array of 0/1. */
export type NpyData = Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array;

export interface NpyArray {
  /** The dtype stored in the file (not necessarily the JS array type; see `NpyData`). */
  dtype: NpyDtype;
  /** Array shape; [] for a 0-d (scalar) array. */
  shape: number[];
  /** The elements in C (row-major) order, whatever the file's order. */
  data: NpyData;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** True when `bytes` starts with the NPY magic string. */
export function isNpy(bytes: Uint8Array): boolean {
  if (bytes.length < 6) return false;
  for (let i = 0; i < 6; i++) if (bytes[i] !== MAGIC[i]) return false;
  return true;
}

const KINDS: Record<string, NpyDtype> = {
  f2: 'float16',
  f4: 'float32',
  f8: 'float64',
  i1: 'int8',
  i2: 'int16',
  i4: 'int32',
  i8: 'int64',
  u1: 'uint8',
  u2: 'uint16',
  u4: 'uint32',
  u8: 'uint64',
  b1: 'bool',
};

const latin1 = new TextDecoder('latin1');

/** Longest NPY header accepted (bytes). numpy writes ~128 bytes and itself refuses to read more
 *  than 10 000 (`np.load(max_header_size=10000)`); a longer one is damage, not data. */
const MAX_HEADER_BYTES = 1 << 16;

/** What an NPY header declares; the data starts at `dataStart`. */
export interface NpyHeader {
  dtype: NpyDtype;
  /** The numpy type string, e.g. '<f4'. */
  descr: string;
  /** Bytes per element. */
  itemSize: number;
  /** True for big-endian data that needs swapping. */
  bigEndian: boolean;
  fortranOrder: boolean;
  shape: number[];
  /** Number of elements, the product of the shape (1 for a 0-d array). */
  count: number;
  /** Byte offset of the data, right after the header. */
  dataStart: number;
}

/**
 * Where the data of an NPY file starts, from its first 10 (version 1) or 12 (versions 2, 3)
 * bytes: lets a reader of compressed input (NPZ) inflate just the header first.
 * @throws InputError 'empty' | 'bad-header' | 'unsupported' | 'truncated' (fewer bytes than the preamble)
 */
export function npyDataStart(bytes: Uint8Array, file: string): number {
  if (bytes.length === 0) throw new InputError('empty', file, 'file is empty');
  if (!isNpy(bytes)) throw new InputError('bad-header', file, 'not an NPY file (missing the \\x93NUMPY magic)', { offset: 0 });
  if (bytes.length < 10) throw new InputError('truncated', file, 'file is truncated inside the NPY preamble', { offset: bytes.length });
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  let headerLen: number, headerStart: number;
  if (major === 1) {
    headerLen = dv.getUint16(8, true);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new InputError('truncated', file, 'file is truncated inside the NPY preamble', { offset: bytes.length });
    headerLen = dv.getUint32(8, true);
    headerStart = 12;
  } else throw new InputError('unsupported', file, `NPY format version ${major}.${bytes[7]} is not supported (1, 2, 3 are)`, { offset: 6 });
  if (headerLen > MAX_HEADER_BYTES)
    throw new InputError(
      'bad-header',
      file,
      `the NPY header declares ${headerLen} bytes; headers longer than ${MAX_HEADER_BYTES} bytes are not read`,
      { offset: 8 },
    );
  return headerStart + headerLen;
}

/**
 * Parses the preamble and header of an NPY file (the data itself need not be present).
 * @param bytes at least the first `npyDataStart(bytes)` bytes of the file.
 * @throws InputError 'empty' | 'bad-header' | 'unsupported' | 'truncated'
 */
export function parseNpyHeader(bytes: Uint8Array, file: string): NpyHeader {
  const dataStart = npyDataStart(bytes, file);
  const headerStart = bytes[6] === 1 ? 10 : 12;
  if (dataStart > bytes.length)
    throw new InputError('truncated', file, `file is truncated inside the NPY header (declared ${dataStart - headerStart} bytes)`, {
      offset: bytes.length,
    });
  const raw = bytes.subarray(headerStart, dataStart);
  const header = bytes[6] === 3 ? new TextDecoder('utf-8').decode(raw) : latin1.decode(raw);

  const descrM = /['"]descr['"]\s*:\s*(['"])([^'"]*)\1/.exec(header);
  if (!descrM) {
    if (/['"]descr['"]\s*:\s*\[/.test(header))
      throw new InputError('unsupported', file, 'structured NPY dtypes are not supported', { offset: headerStart });
    throw new InputError('bad-header', file, `NPY header has no 'descr': ${quote(header.trim())}`, { offset: headerStart });
  }
  const descr = descrM[2];
  const order = descr[0];
  const dtype = KINDS[descr.slice(1)];
  if (!'<>|='.includes(order) || !dtype)
    throw new InputError('unsupported', file, `NPY dtype ${quote(descr)} is not supported (float16/32/64, int/uint 8–64, bool are)`, {
      offset: headerStart,
    });
  const fortM = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(header);
  if (!fortM) throw new InputError('bad-header', file, "NPY header has no 'fortran_order'", { offset: headerStart });
  const shapeM = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(header);
  if (!shapeM) throw new InputError('bad-header', file, "NPY header has no 'shape'", { offset: headerStart });
  const shape: number[] = [];
  for (const s of shapeM[1].split(',')) {
    const t = s.trim().replace(/L$/, '');
    if (t === '') continue;
    // Dimensions past 2^53 cannot be counted exactly (nor stored): damage, not data.
    if (!/^\d+$/.test(t) || !Number.isSafeInteger(Number(t)))
      throw new InputError('bad-header', file, `invalid NPY shape (${quote(shapeM[1])})`, { offset: headerStart });
    shape.push(Number(t));
  }
  const count = shape.reduce((a, b) => a * b, 1);
  const itemSize = Number(descr.slice(2));
  return { dtype, descr, itemSize, bigEndian: order === '>', fortranOrder: fortM[1] === 'True', shape, count, dataStart };
}

/** Options of `parseNpy`. */
export interface ParseNpyOptions {
  /** Limits on the declared size (default `DEFAULT_READ_LIMITS`; only `maxArrayValues` applies). */
  limits?: ReadLimits;
  /** How messages name the array (default "the NPY array"; NPZ members: "array 'points'"). */
  label?: string;
  /** File name for the limit message when it differs from `file` (an NPZ member's archive). */
  limitFile?: string;
  /** The caller hands `bytes` over: the data may be viewed (and byte-swapped) in place instead
   *  of copied, when aligned. For freshly inflated NPZ members; default false. */
  owned?: boolean;
}

/**
 * Parses an `.npy` file.
 * @param bytes the whole file.
 * @param file name used in error messages (default 'array.npy').
 * @throws InputError 'empty' | 'bad-header' | 'unsupported' | 'truncated' | 'count-too-large'
 *   (more data declared than present, or more than `limits.maxArrayValues` values)
 */
export function parseNpy(bytes: Uint8Array, file = 'array.npy', opts: ParseNpyOptions = {}): NpyArray {
  const h = parseNpyHeader(bytes, file);
  const { shape, count, itemSize, dtype, dataStart } = h;
  checkDeclaredSize(
    file,
    `the NPY header declares shape (${shape.join(', ')}) of ${h.descr}`,
    count * itemSize,
    bytes.length - dataStart,
    'bytes',
    { offset: dataStart },
  );
  checkNpyLimit(
    h,
    opts.limitFile ?? file,
    opts.label ?? 'the NPY array',
    resolveReadLimits(opts.limits),
    opts.limitFile ? {} : { offset: dataStart },
  );

  // Copy into a fresh, aligned buffer, unless the caller handed the bytes over and they are
  // aligned already; swap bytes for big-endian data.
  // (Explicit copy: Node's Buffer.slice would share memory instead of copying.)
  const nbytes = count * itemSize;
  let raw: Uint8Array;
  if (opts.owned && (bytes.byteOffset + dataStart) % itemSize === 0) raw = bytes.subarray(dataStart, dataStart + nbytes);
  else {
    raw = new Uint8Array(nbytes);
    raw.set(bytes.subarray(dataStart, dataStart + nbytes));
  }
  if (h.bigEndian && itemSize > 1) {
    for (let i = 0; i < raw.length; i += itemSize) {
      for (let a = i, b = i + itemSize - 1; a < b; a++, b--) {
        const t = raw[a];
        raw[a] = raw[b];
        raw[b] = t;
      }
    }
  }
  let data: NpyData;
  const buf = raw.buffer,
    at = raw.byteOffset;
  switch (dtype) {
    case 'float16':
      data = halfArrayToFloat32(new Uint16Array(buf, at, count));
      break;
    case 'float32':
      data = new Float32Array(buf, at, count);
      break;
    case 'float64':
      data = new Float64Array(buf, at, count);
      break;
    case 'int8':
      data = new Int8Array(buf, at, count);
      break;
    case 'int16':
      data = new Int16Array(buf, at, count);
      break;
    case 'int32':
      data = new Int32Array(buf, at, count);
      break;
    case 'uint8':
    case 'bool':
      data = raw;
      break;
    case 'uint16':
      data = new Uint16Array(buf, at, count);
      break;
    case 'uint32':
      data = new Uint32Array(buf, at, count);
      break;
    case 'int64': {
      const b = new BigInt64Array(buf, at, count);
      data = new Float64Array(b.length);
      for (let i = 0; i < b.length; i++) data[i] = Number(b[i]);
      break;
    }
    case 'uint64': {
      const b = new BigUint64Array(buf, at, count);
      data = new Float64Array(b.length);
      for (let i = 0; i < b.length; i++) data[i] = Number(b[i]);
      break;
    }
  }
  if (h.fortranOrder && shape.length > 1) data = fortranToC(data, shape);
  return { dtype, shape, data };
}

/**
 * Refuses an array whose declared element count passes `limits.maxArrayValues`, in one line:
 * "array 'points' declares 2,100,000,000 values (8.4 GB); the limit is 120,000,000 values".
 * The size is what the data takes in memory as read (float16 and 64-bit integers are widened).
 */
export function checkNpyLimit(
  h: NpyHeader,
  file: string,
  label: string,
  limits: ReadLimits,
  where: InputErrorLocation = { offset: h.dataStart },
): void {
  const memBytes = h.dtype === 'float16' ? 4 : h.dtype === 'int64' || h.dtype === 'uint64' ? 8 : h.itemSize;
  checkLimit(file, label, h.count, limits.maxArrayValues, 'values', memBytes, where);
}

/**
 * Refuses a point-cloud array ([N,3] or [N,6]) of more than `limits.maxPoints` points, from
 * its header (before its data is read or inflated). Other shapes are left to `npyToPointCloud`.
 */
export function checkNpyPoints(
  h: NpyHeader,
  file: string,
  label: string,
  limits: ReadLimits,
  where: InputErrorLocation = { offset: h.dataStart },
): void {
  const s = h.shape;
  if (s.length === 2 && (s[1] === 3 || s[1] === 6)) checkLimit(file, label, s[0], limits.maxPoints, 'points', 12 * (s[1] / 3), where);
}

/** Reorders column-major (Fortran) elements into row-major (C) order. */
function fortranToC<T extends NpyData>(src: T, shape: number[]): T {
  const out = new (src.constructor as new (n: number) => T)(src.length);
  const nd = shape.length;
  if (nd === 2) {
    const [r, c] = shape;
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[i * c + j] = src[j * r + i];
    return out;
  }
  // General case: walk C order with a multi-index, tracking the Fortran offset.
  const fStride = new Array<number>(nd);
  for (let d = 0, s = 1; d < nd; d++) {
    fStride[d] = s;
    s *= shape[d];
  }
  const idx = new Array<number>(nd).fill(0);
  let fo = 0;
  for (let k = 0; k < src.length; k++) {
    out[k] = src[fo];
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]++;
      fo += fStride[d];
      if (idx[d] < shape[d]) break;
      fo -= idx[d] * fStride[d];
      idx[d] = 0;
    }
  }
  return out;
}

/**
 * Interprets an NPY array as a point cloud: shape [N,3] → positions, [N,6] → positions and
 * normals (columns 4–6). Any numeric dtype; values are converted to float32.
 * @throws InputError 'unsupported' for any other shape.
 */
export function npyToPointCloud(arr: NpyArray, file: string): PointCloud {
  const s = arr.shape;
  if (s.length !== 2 || (s[1] !== 3 && s[1] !== 6)) {
    throw new InputError('unsupported', file, `NPY array has shape (${s.join(', ')}); a point cloud must be (N, 3) or (N, 6) with normals`);
  }
  const n = s[0],
    w = s[1],
    d = arr.data;
  if (w === 3) return { positions: d instanceof Float32Array ? d : Float32Array.from(d) };
  const positions = new Float32Array(3 * n),
    normals = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 3; k++) {
      positions[3 * i + k] = d[6 * i + k];
      normals[3 * i + k] = d[6 * i + 3 + k];
    }
  }
  return { positions, normals };
}

/**
 * Parses an `.npy` point cloud ([N,3] or [N,6]); the point count is checked against
 * `limits.maxPoints` from the header, before the data is copied.
 */
export function parseNpyPointCloud(bytes: Uint8Array, file: string, limits: ReadLimits = DEFAULT_READ_LIMITS): PointCloud {
  const h = parseNpyHeader(bytes, file);
  checkDeclaredSize(
    file,
    `the NPY header declares shape (${h.shape.join(', ')}) of ${h.descr}`,
    h.count * h.itemSize,
    bytes.length - h.dataStart,
    'bytes',
    { offset: h.dataStart },
  );
  checkNpyPoints(h, file, 'the NPY array', limits);
  return npyToPointCloud(parseNpy(bytes, file, { limits }), file);
}

/** Typed arrays `encodeNpy` can write, with their little-endian numpy descr. */
const DESCR = new Map<Function, string>([
  [Float32Array, '<f4'],
  [Float64Array, '<f8'],
  [Int8Array, '|i1'],
  [Int16Array, '<i2'],
  [Int32Array, '<i4'],
  [Uint8Array, '|u1'],
  [Uint16Array, '<u2'],
  [Uint32Array, '<u4'],
]);

/**
 * Encodes a typed array as NPY version 1.0, C order, little-endian (the JS platform order on
 * every supported engine). The header is padded so the data starts on a 64-byte boundary, as
 * numpy does.
 * @param data the elements in C order.
 * @param shape the array shape; its product must equal `data.length`.
 */
export function encodeNpy(data: NpyData, shape: number[]): Uint8Array {
  const descr = DESCR.get(data.constructor);
  if (!descr) throw new RangeError(`encodeNpy: unsupported array type ${data.constructor.name}`);
  if (shape.reduce((a, b) => a * b, 1) !== data.length)
    throw new RangeError(`encodeNpy: shape (${shape.join(', ')}) does not match ${data.length} elements`);
  const shapeStr = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeStr}, }`;
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 10 - 1, ' ') + '\n';
  const out = new Uint8Array(total + data.byteLength);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), total);
  return out;
}

/** Encodes a point cloud as float32 NPY: [N,3], or [N,6] (x y z nx ny nz) when it has normals. */
export function encodeNpyPointCloud(cloud: PointCloud): Uint8Array {
  assertEncodable(cloud);
  const p = cloud.positions,
    nrm = cloud.normals,
    n = p.length / 3;
  if (!nrm) return encodeNpy(p, [n, 3]);
  const d = new Float32Array(6 * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 3; k++) {
      d[6 * i + k] = p[3 * i + k];
      d[6 * i + 3 + k] = nrm[3 * i + k];
    }
  }
  return encodeNpy(d, [n, 6]);
}
