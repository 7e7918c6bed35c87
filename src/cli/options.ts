/** Option parsers shared by the commands (`reconstruct`, `upsample`, `data build`): each names its option in the error. */
import { InputError, UsageError } from '../errors.ts';

/** Parses an integer option in [min, max], naming it in the error. */
export function intOption(name: string, v: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (v === undefined) return undefined;
  const s = v.trim();
  if (!/^-?\d+$/.test(s) || Number(s) < min || Number(s) > max) {
    throw new UsageError(`--${name} must be an integer ${max < Number.MAX_SAFE_INTEGER ? `in [${min}, ${max}]` : `≥ ${min}`}, got "${v}"`);
  }
  return Number(s);
}

/** Parses --threshold: a probability strictly between 0 and 1. */
export function thresholdOption(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const t = Number(v);
  if (v.trim() === '' || !(t > 0 && t < 1)) throw new UsageError(`--threshold must be a probability in (0, 1), got "${v}"`);
  return t;
}

/** Parses a distance option in unit-cube units: a finite number ≥ 0, naming the option in the error
 *  (an empty string is rejected, not read as 0; callers' settings check their own upper bounds). */
export function distanceOption(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const s = v.trim();
  const x = Number(s);
  if (s === '' || !Number.isFinite(x) || x < 0) throw new UsageError(`--${name} must be a distance ≥ 0 in unit-cube units, got "${v}"`);
  return x;
}

/** Parses --resolution: 128 (default) or 256; any multiple of 4 in [16, 1024] for previews or finer grids. */
export function resolutionOption(v: string | undefined): number {
  const r = intOption('resolution', v, 16, 1024) ?? 128;
  if (r % 4 !== 0) throw new UsageError(`--resolution must be a multiple of 4 (128 or 256 usually), got "${v}"`);
  return r;
}

/**
 * Runs a reader, rewording its NaN/Inf hint for the command line: the readers name their API
 * option (`dropInvalid`); a command names its flag, or where the flag lives (`hint`).
 */
export function withCliNanHint<T>(read: () => T, hint: string): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof InputError && e.code === 'invalid-coordinates') {
      throw new InputError(e.code, e.file, e.reason.replace('pass dropInvalid to skip them', hint), { line: e.line, offset: e.offset });
    }
    throw e;
  }
}
