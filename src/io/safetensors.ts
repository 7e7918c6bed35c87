/**
 * safetensors (https://github.com/huggingface/safetensors) — the model weights format, chosen so
 * Python's `safetensors`/numpy can read and write pointocc models.
 *
 * Layout: u64 little-endian N | N bytes of JSON header | data. The header maps each tensor name
 * to {dtype, shape, data_offsets: [begin, end)} (offsets relative to the data section) and may
 * hold "__metadata__" (string → string). We write F32 (and I32/U8 for completeness) tensors in
 * name order, pad the header with spaces to a multiple of 8 bytes, and read F32/F16/F64/I32/U8.
 * Parsing only (no fs) so the browser can use it.
 */
import { InputError, quote } from '../errors.ts';
import { halfArrayToFloat32 } from './float16.ts';

export type SafeTensorData = Float32Array | Int32Array | Uint8Array;
export interface SafeTensor {
  data: SafeTensorData;
  shape: number[];
}

const DTYPE_OF = (a: SafeTensorData): string => (a instanceof Float32Array ? 'F32' : a instanceof Int32Array ? 'I32' : 'U8');

export function encodeSafetensors(tensors: Record<string, SafeTensor>, metadata: Record<string, string> = {}): Uint8Array {
  const names = Object.keys(tensors).sort();
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length) header.__metadata__ = metadata;
  let offset = 0;
  for (const name of names) {
    const { data, shape } = tensors[name];
    const n = shape.reduce((a, b) => a * b, 1);
    if (n !== data.length)
      throw new Error(`safetensors: ${name}: shape ${JSON.stringify(shape)} holds ${n} values, data has ${data.length}`);
    header[name] = { dtype: DTYPE_OF(data), shape, data_offsets: [offset, offset + data.byteLength] };
    offset += data.byteLength;
  }
  let json = JSON.stringify(header);
  const headerBytes = new TextEncoder().encode(json);
  const padded = Math.ceil(headerBytes.length / 8) * 8;
  const out = new Uint8Array(8 + padded + offset);
  const dv = new DataView(out.buffer);
  dv.setBigUint64(0, BigInt(padded), true);
  out.set(headerBytes, 8);
  out.fill(0x20, 8 + headerBytes.length, 8 + padded);
  let p = 8 + padded;
  for (const name of names) {
    const d = tensors[name].data;
    out.set(new Uint8Array(d.buffer, d.byteOffset, d.byteLength), p);
    p += d.byteLength;
  }
  return out;
}

/** Bytes per element of the dtypes `decodeSafetensors` reads. */
const ITEM_SIZE: Record<string, number> = { F32: 4, I32: 4, U8: 1, F64: 8, F16: 2 };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Decodes a safetensors file. Model folders are user input (`--model DIR`), so the header is
 * validated field by field: every problem is an InputError, never a TypeError from a missing key.
 * @throws InputError 'truncated' | 'count-too-large' | 'bad-header' | 'unsupported'
 */
export function decodeSafetensors(
  bytes: Uint8Array,
  file = 'weights.safetensors',
): { tensors: Record<string, SafeTensor>; metadata: Record<string, string> } {
  if (bytes.length < 8) throw new InputError('truncated', file, 'too short for a safetensors header', { offset: 0 });
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n64 = dv.getBigUint64(0, true);
  if (n64 > BigInt(bytes.length - 8))
    throw new InputError('count-too-large', file, `header length ${n64} exceeds the file size`, { offset: 0 });
  const n = Number(n64);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
  } catch {
    throw new InputError('bad-header', file, 'safetensors header is not valid JSON', { offset: 8 });
  }
  if (!isObject(header)) throw new InputError('bad-header', file, 'safetensors header is not a JSON object', { offset: 8 });
  const base = 8 + n;
  const tensors: Record<string, SafeTensor> = {};
  for (const [name, info] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const t = `tensor ${quote(name)}`;
    if (!isObject(info)) throw new InputError('bad-header', file, `${t}: its header entry is not an object`, { offset: 8 });
    const { dtype, shape, data_offsets: offs } = info;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0))
      throw new InputError('bad-header', file, `${t}: shape is not a list of non-negative integers`, { offset: 8 });
    if (!Array.isArray(offs) || offs.length !== 2 || !offs.every((o) => Number.isSafeInteger(o)))
      throw new InputError('bad-header', file, `${t}: data_offsets is not a pair of integers`, { offset: 8 });
    const [b, e] = offs as [number, number];
    if (!(b >= 0 && e >= b && base + e <= bytes.length))
      throw new InputError('truncated', file, `${t} lies outside the file`, { offset: base + Math.max(0, b) });
    const itemSize = typeof dtype === 'string' && Object.hasOwn(ITEM_SIZE, dtype) ? ITEM_SIZE[dtype] : 0;
    if (!itemSize) throw new InputError('unsupported', file, `${t}: dtype ${quote(String(dtype))} is not supported`);
    const count = (shape as number[]).reduce((a, c) => a * c, 1);
    if (count * itemSize !== e - b)
      throw new InputError('bad-header', file, `${t}: shape ${JSON.stringify(shape)} does not match its ${e - b} bytes of ${dtype}`);
    const raw = bytes.slice(base + b, base + e); // copy: aligned and independent of the file buffer
    let data: SafeTensorData;
    switch (dtype) {
      case 'F32':
        data = new Float32Array(raw.buffer);
        break;
      case 'I32':
        data = new Int32Array(raw.buffer);
        break;
      case 'F64':
        data = Float32Array.from(new Float64Array(raw.buffer));
        break;
      case 'F16':
        data = halfArrayToFloat32(new Uint16Array(raw.buffer));
        break;
      default:
        data = raw;
        break; // U8
    }
    tensors[name] = { data, shape: shape as number[] };
  }
  const meta = header.__metadata__;
  if (meta !== undefined && !isObject(meta))
    throw new InputError('bad-header', file, 'safetensors __metadata__ is not an object', { offset: 8 });
  return { tensors, metadata: (meta as Record<string, string>) ?? {} };
}
