/**
 * LZF decompression (Marc Lehmann's liblzf format), used by PCD `binary_compressed` data.
 * Control byte c < 32: a literal run of c + 1 bytes follows. Otherwise a back reference of
 * length (c >> 5) + 2 (with an extra length byte when c >> 5 is 7) at distance
 * ((c & 31) << 8 | next byte) + 1.
 */

/**
 * Decompresses `input` into exactly `outLength` bytes.
 * @returns the output, or a string describing why the data is invalid.
 */
export function lzfDecompress(input: Uint8Array, outLength: number): Uint8Array | string {
  const out = new Uint8Array(outLength);
  let ip = 0,
    op = 0;
  while (ip < input.length) {
    const ctrl = input[ip++];
    if (ctrl < 32) {
      const n = ctrl + 1;
      if (ip + n > input.length) return `literal run past the end of the compressed data (at ${ip})`;
      if (op + n > outLength) return 'decompressed data longer than declared';
      out.set(input.subarray(ip, ip + n), op);
      ip += n;
      op += n;
    } else {
      let len = ctrl >> 5;
      if (len === 7) {
        if (ip >= input.length) return 'back reference cut off';
        len += input[ip++];
      }
      if (ip >= input.length) return 'back reference cut off';
      const ref = op - ((ctrl & 31) << 8) - 1 - input[ip++];
      len += 2;
      if (ref < 0) return `back reference before the start of the output (at ${ip})`;
      if (op + len > outLength) return 'decompressed data longer than declared';
      for (let k = 0; k < len; k++) out[op++] = out[ref + k]; // may overlap: byte by byte
    }
  }
  if (op !== outLength) return `decompressed ${op} bytes, expected ${outLength}`;
  return out;
}
