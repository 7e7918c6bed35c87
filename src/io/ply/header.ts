/** The PLY header: element and property declarations, format, comments; where the body starts. */
import { InputError, quote } from '../../errors.ts';

export type PlyScalarType = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64';

const TYPE_NAMES: Record<string, PlyScalarType> = {
  char: 'int8',
  int8: 'int8',
  uchar: 'uint8',
  uint8: 'uint8',
  short: 'int16',
  int16: 'int16',
  ushort: 'uint16',
  uint16: 'uint16',
  int: 'int32',
  int32: 'int32',
  uint: 'uint32',
  uint32: 'uint32',
  float: 'float32',
  float32: 'float32',
  double: 'float64',
  float64: 'float64',
};

export const TYPE_SIZE: Record<PlyScalarType, number> = {
  int8: 1,
  uint8: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  float32: 4,
  float64: 8,
};

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
    if (kw === 'comment' || kw === 'obj_info') {
      comments.push(line.trim().slice(kw.length).trim());
      continue;
    }
    if (kw === 'format') {
      if (t[1] !== 'ascii' && t[1] !== 'binary_little_endian' && t[1] !== 'binary_big_endian') {
        throw new InputError(
          'bad-header',
          file,
          `unknown PLY format ${quote(t[1] ?? '')} (expected ascii, binary_little_endian or binary_big_endian)`,
          { line: lineNo },
        );
      }
      format = t[1];
      continue;
    }
    if (kw === 'element') {
      if (t.length !== 3)
        throw new InputError('bad-header', file, `malformed element line ${quote(line.trim())} (expected 'element <name> <count>')`, {
          line: lineNo,
        });
      // Counts past 2^53 cannot even be represented exactly: refused here, not multiplied later.
      if (!/^\d+$/.test(t[2]) || !Number.isSafeInteger(Number(t[2])))
        throw new InputError(
          'bad-header',
          file,
          `element ${quote(t[1])} has an invalid count ${quote(t[2])} (expected a non-negative integer below 2^53)`,
          { line: lineNo },
        );
      elements.push({ name: t[1], count: Number(t[2]), properties: [], line: lineNo });
      continue;
    }
    if (kw === 'property') {
      const el = elements[elements.length - 1];
      if (!el) throw new InputError('bad-header', file, 'property declared before any element', { line: lineNo });
      if (t[1] === 'list') {
        const ct = TYPE_NAMES[t[2]],
          it = TYPE_NAMES[t[3]];
        if (t.length !== 5 || !ct || !it)
          throw new InputError(
            'bad-header',
            file,
            `malformed list property ${quote(line.trim())} (expected 'property list <count type> <item type> <name>')`,
            { line: lineNo },
          );
        if (ct === 'float32' || ct === 'float64')
          throw new InputError('bad-header', file, `list ${quote(t[4])} has a floating-point count type ${quote(t[2])}`, { line: lineNo });
        el.properties.push({ name: t[4], type: it, countType: ct });
      } else {
        const ty = TYPE_NAMES[t[1]];
        if (t.length !== 3 || !ty)
          throw new InputError(
            'bad-header',
            file,
            `malformed property ${quote(line.trim())} (expected 'property <type> <name>' with a PLY scalar type)`,
            { line: lineNo },
          );
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
    if (before === 10 && (after === 10 || after === 13 || after === 32 || after === 9)) return i;
    i = text.indexOf(END_HEADER, i + 1);
  }
  return -1;
}
