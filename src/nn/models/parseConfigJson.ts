/**
 * The JSON value of a model folder's `config.json` text, before any network validates it (every
 * network's config parser starts here, so a malformed file reads the same for all).
 * No Node imports (browser worker).
 */
import { InputError } from '../../errors.ts';

/**
 * `JSON.parse(text)`, as an InputError ('bad-header', "is not valid JSON: …") when it fails.
 * @param text the file's contents. @param file its name for error messages.
 * @returns the parsed value, not yet validated (may be any JSON value).
 */
export function parseConfigJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError('bad-header', file, `is not valid JSON: ${(e as Error).message}`);
  }
}
