/**
 * (Lives at src/, below io and geometry, which both throw these: neither has to import the other
 * for its errors.)
 *
 * Typed errors for bad input. Every reader throws `InputError` (never a bare Error) for a
 * malformed file, so the CLI can print one line and exit with code 2 instead of a stack trace.
 *
 * Messages are built here, and made safe here: a message is printed to a terminal (CLI) or
 * shown on a page (web), and both its file name and its reason can carry bytes from outside
 * (a name with terminal escape codes, a "PLY header" that is really /etc/passwd). So the
 * constructor escapes every control or invisible character (JSON-style `\n`, `\u001b`, …) in the
 * file name and the reason, and caps their length; readers quote file content only through
 * `quote()`, which also cuts the excerpt to `EXCERPT_CHARS` characters.
 */
export type InputErrorCode =
  | 'empty'
  | 'unknown-format'
  | 'bad-header'
  | 'truncated'
  | 'count-too-large'
  | 'bad-value'
  | 'index-out-of-range'
  | 'no-geometry'
  | 'too-few-points'
  | 'invalid-coordinates'
  | 'not-found'
  | 'unsupported';

export interface InputErrorLocation {
  /** 1-based line number, for text formats. */
  line?: number;
  /** 0-based byte offset, for binary formats. */
  offset?: number;
}

/** What a refused declared count was, for callers that word the limit their own way (the web
 *  app's "more than the browser limit of 2,000,000 points"). */
export interface InputErrorLimit {
  /** What is counted: 'points', 'faces' or 'values' (numbers in one array). */
  unit: 'points' | 'faces' | 'values';
  /** The count the file declares. */
  declared: number;
  /** The largest count accepted. */
  limit: number;
}

/** Most characters of file content a message quotes (see `quote`): enough to recognise a
 *  keyword or a number, too few to leak a line of a file that was never meant to be read. */
export const EXCERPT_CHARS = 24;
/** Most characters of a file name in a message (longer names keep their start and end). */
const MAX_NAME_CHARS = 240;
/** Most characters of a reason (a backstop: readers keep theirs to one short sentence). */
const MAX_REASON_CHARS = 400;

/** Control, format (bidi overrides, zero-width), private-use, unassigned and separator
 *  characters: everything a terminal might act on or a reader could not see. The plain space
 *  is kept (see `escapeInvisible`). */
const INVISIBLE = /[\p{C}\p{Z}]/gu;

function escapeChar(c: string): string {
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\t') return '\\t';
  const cp = c.codePointAt(0) as number;
  return cp <= 0xffff ? `\\u${cp.toString(16).padStart(4, '0')}` : `\\u{${cp.toString(16)}}`;
}

/**
 * `s` with every control / invisible character written as a JSON-style escape (`\n`, `\t`,
 * `\u001b`, `\u202e`, `\u{e0001}`); printable text (any script) and plain spaces unchanged.
 * Idempotent: its output holds only printable characters.
 */
export function escapeInvisible(s: string): string {
  return s.replace(INVISIBLE, (c) => (c === ' ' ? c : escapeChar(c)));
}

/** The first `max` characters (code points) of `s`, with '…' when cut (no escaping: see `quote`). */
export function shorten(s: string, max: number): string {
  if (s.length <= max) return s;
  const cps = Array.from(s);
  return cps.length <= max ? s : `${cps.slice(0, max).join('')}…`;
}

/**
 * A short, safe excerpt of file content for a message, in single quotes: at most `max`
 * characters (then '…'), control / invisible characters, the backslash and the quote escaped
 * JSON-style. Use it for every piece of file content a message repeats (tokens, header lines,
 * names of elements, fields, members, tensors).
 * @example quote('root:x:0:0:root:/root:/bin/bash\n') === "'root:x:0:0:root:/root:/bin/bash\\n'"
 */
export function quote(s: string, max = EXCERPT_CHARS): string {
  const head = shorten(s, max);
  return `'${escapeInvisible(head.replace(/[\\']/g, (c) => `\\${c}`))}'`;
}

/** A file name made safe for a message: invisible characters escaped, at most
 *  MAX_NAME_CHARS characters (the middle is dropped, so the extension stays visible). */
export function safeName(name: string): string {
  let s = name;
  if (s.length > MAX_NAME_CHARS) s = `${s.slice(0, MAX_NAME_CHARS / 2)}…${s.slice(-MAX_NAME_CHARS / 2)}`;
  return escapeInvisible(s);
}

export class InputError extends Error {
  readonly code: InputErrorCode;
  /** The file name as given (a path: not escaped; the message has the escaped form). */
  readonly file: string;
  /** The reason, escaped and capped like the message. */
  readonly reason: string;
  readonly line?: number;
  readonly offset?: number;
  /** Set when a declared count was refused for exceeding a limit (code 'count-too-large'). */
  readonly limit?: InputErrorLimit;

  constructor(code: InputErrorCode, file: string, reason: string, where: InputErrorLocation = {}, limit?: InputErrorLimit) {
    const loc = where.line !== undefined ? ` (line ${where.line})` : where.offset !== undefined ? ` (byte ${where.offset})` : '';
    const safeReason = escapeInvisible(shorten(reason, MAX_REASON_CHARS));
    super(`${safeName(file)}: ${safeReason}${loc}`);
    this.name = 'InputError';
    this.code = code;
    this.file = file;
    this.reason = safeReason;
    this.line = where.line;
    this.offset = where.offset;
    if (limit) this.limit = limit;
  }
}

/** Errors in what the user asked for (bad option values, missing model), also exit code 2.
 *  Invisible characters in the message (paths typed by the user) are escaped as above. */
export class UsageError extends Error {
  constructor(message: string) {
    super(escapeInvisible(message));
    this.name = 'UsageError';
  }
}
