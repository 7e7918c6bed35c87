/**
 * Line-by-line reading of text formats (OBJ, OFF, ascii PLY/STL/PCD, XYZ) with 1-based line
 * numbers for error messages. Works on a decoded string, not on `fs`, so the web app can reuse it.
 *
 * Tokens are split by a hand-written scanner (no regex, no per-line array allocation: callers
 * pass one reusable `string[]`), because these loops run once per vertex of large files.
 */

const decoder = new TextDecoder('utf-8');

/** Decodes file bytes as UTF-8 (invalid sequences become U+FFFD; ASCII formats are unaffected). */
export function decodeText(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

export class TextLines {
  readonly text: string;
  private pos = 0;
  /** 1-based number of the line last returned by `next()` (0 before the first call). */
  lineNo: number;
  /** Character offset where the line last returned by `next()` starts. */
  lineStart = 0;

  /**
   * @param text the whole text.
   * @param start character offset where reading starts (default 0).
   * @param firstLineNo number of the line that begins at `start` (default 1).
   */
  constructor(text: string, start = 0, firstLineNo = 1) {
    this.text = text;
    this.pos = start;
    this.lineNo = firstLineNo - 1;
  }

  /** The next line without its `\n` / `\r\n` ending, or `null` at the end of the text. A final
   *  newline does not produce an extra empty line. */
  next(): string | null {
    const t = this.text;
    if (this.pos >= t.length) return null;
    let end = t.indexOf('\n', this.pos);
    if (end < 0) end = t.length;
    let stop = end;
    if (stop > this.pos && t.charCodeAt(stop - 1) === 13) stop--;
    const line = t.slice(this.pos, stop);
    this.lineStart = this.pos;
    this.pos = end + 1;
    this.lineNo++;
    return line;
  }

  /** Number of lines from the current position to the end (an upper bound on the records left);
   *  counts newlines, without allocating. */
  remainingLines(): number {
    const t = this.text;
    if (this.pos >= t.length) return 0;
    let n = 0;
    let i = t.indexOf('\n', this.pos);
    let last = this.pos;
    while (i >= 0) {
      n++;
      last = i + 1;
      i = t.indexOf('\n', last);
    }
    if (last < t.length) n++;
    return n;
  }
}

/**
 * Splits `line` into tokens separated by whitespace (and by commas when `commas` is true),
 * writing them into `out[0..n)`; returns n. `out` is reused between calls (its length is not
 * trimmed, only the first n entries are meaningful).
 */
export function splitTokens(line: string, out: string[], commas = false): number {
  let n = 0;
  const len = line.length;
  let i = 0;
  while (i < len) {
    let c = line.charCodeAt(i);
    while (i < len && (c === 32 || c === 9 || c === 13 || c === 11 || c === 12 || (commas && c === 44))) c = line.charCodeAt(++i);
    if (i >= len) break;
    const s = i;
    while (i < len && !(c === 32 || c === 9 || c === 13 || c === 11 || c === 12 || (commas && c === 44))) c = line.charCodeAt(++i);
    out[n++] = line.slice(s, i);
  }
  return n;
}

/**
 * Parses one numeric token strictly. Accepts what `Number()` accepts plus the spellings of
 * non-finite values that C, numpy and Open3D print (`nan`, `-nan`, `inf`, `-inf`, `infinity`,
 * `1.#INF`, `nan(ind)`, any case), so that files with NaN/Inf are read and then reported as
 * invalid coordinates rather than as garbage. Returns `undefined` for anything else.
 */
export function parseNumberToken(tok: string): number | undefined {
  const v = +tok;
  if (v === v) return tok.length > 0 ? v : undefined;
  const s = tok.toLowerCase();
  const sign = s.charCodeAt(0) === 45 ? -1 : 1;
  const body = s.charCodeAt(0) === 45 || s.charCodeAt(0) === 43 ? s.slice(1) : s;
  if (body === 'nan' || body === 'nan(ind)' || body === 'qnan' || body === 'snan' || body === '1.#qnan' || body === '1.#ind') return NaN;
  if (body === 'inf' || body === 'infinity' || body === '1.#inf') return sign * Infinity;
  return undefined;
}

/** Parses a token that must be an integer (decimal digits with an optional sign). */
export function parseIntToken(tok: string): number | undefined {
  const v = +tok;
  return Number.isInteger(v) && tok.length > 0 ? v : undefined;
}
