/**
 * Guards against headers that declare more data than the file holds (PLY/OFF/PCD/NPY/STL),
 * checked *before* allocating arrays of the declared size, so a corrupt or hostile header
 * (4 000 000 000 vertices in a 124-byte file) is an `InputError`, not an out-of-memory crash.
 */
import { InputError, type InputErrorLocation } from '../errors.ts';

/**
 * Throws when `needed > available`.
 *
 * Both conditions are "the file is shorter than its header says"; the code tells which is the
 * likelier story: `count-too-large` when the declared amount is more than twice what is present
 * (a wrong count), `truncated` otherwise (the file was cut off part-way).
 *
 * @param file name for the message.
 * @param what what was declared, e.g. "element 'vertex' declares 288 records of at least 51 bytes".
 * @param needed minimum size the declaration implies (bytes, or lines for text formats).
 * @param available what the file holds from that point on (same unit).
 * @param unit 'bytes' or 'lines', for the message.
 * @param where location of the declaration or of the data (line or byte offset).
 */
export function checkDeclaredSize(
  file: string,
  what: string,
  needed: number,
  available: number,
  unit: 'bytes' | 'lines',
  where: InputErrorLocation,
): void {
  if (needed <= available) return;
  if (needed > 2 * available) {
    throw new InputError(
      'count-too-large',
      file,
      `${what}, needing at least ${needed} ${unit}, but only ${available} ${unit} follow`,
      where,
    );
  }
  throw new InputError(
    'truncated',
    file,
    `file is truncated: ${what}, needing at least ${needed} ${unit}, but only ${available} ${unit} follow`,
    where,
  );
}
