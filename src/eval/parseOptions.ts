import { UsageError } from '../errors.ts';

/**
 * Parses an integer command-line option.
 * @param name option name without dashes (for the message).
 * @param v the raw text.
 * @param min smallest allowed value.
 * @throws UsageError naming the option.
 */
export function parseIntOption(name: string, v: string, min: number): number {
  if (!/^-?\d+$/.test(v.trim()) || !Number.isSafeInteger(Number(v)) || Number(v) < min)
    throw new UsageError(`--${name} must be an integer ≥ ${min}, got "${v}"`);
  return Number(v);
}

/**
 * Parses a comma-separated list of finite numbers (e.g. `--tau 0.01,0.02`), each > 0, or ≥ 0
 * with `allowZero`.
 * @throws UsageError naming the option.
 */
export function parseNumberList(name: string, v: string, allowZero = false): number[] {
  const parts = v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (parts.length === 0) throw new UsageError(`--${name} needs at least one number, got "${v}"`);
  return parts.map((p) => {
    const x = Number(p);
    if (!/^[0-9.eE+-]+$/.test(p) || !Number.isFinite(x) || !(allowZero ? x >= 0 : x > 0))
      throw new UsageError(`--${name}: "${p}" is not a ${allowZero ? 'non-negative' : 'positive'} number`);
    return x;
  });
}

/** Parses a choice among fixed values. @throws UsageError listing the choices. */
export function parseChoice<T extends string>(name: string, v: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(v)) throw new UsageError(`--${name} must be one of ${choices.join(', ')}; got "${v}"`);
  return v as T;
}
