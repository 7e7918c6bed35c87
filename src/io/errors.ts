/**
 * Typed errors for bad input. Every reader throws `InputError` (never a bare Error) for a
 * malformed file, so the CLI can print one line and exit with code 2 instead of a stack trace.
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

export class InputError extends Error {
  readonly code: InputErrorCode;
  readonly file: string;
  readonly reason: string;
  readonly line?: number;
  readonly offset?: number;

  constructor(code: InputErrorCode, file: string, reason: string, where: InputErrorLocation = {}) {
    const loc = where.line !== undefined ? ` (line ${where.line})` : where.offset !== undefined ? ` (byte ${where.offset})` : '';
    super(`${file}: ${reason}${loc}`);
    this.name = 'InputError';
    this.code = code;
    this.file = file;
    this.reason = reason;
    this.line = where.line;
    this.offset = where.offset;
  }
}

/** Errors in what the user asked for (bad option values, missing model), also exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
