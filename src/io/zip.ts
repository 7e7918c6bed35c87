/**
 * The little of the zip format that `.npz` archives need: the central directory (with zip64
 * sizes, as numpy writes them) and a deflate that stops at a byte cap.
 *
 * Why not fflate's `unzipSync`: it allocates each member's declared uncompressed size before
 * inflating it, and it decodes a deflate stream to its end even when the output passes that
 * size. Here the caller sees each member's declared sizes first and inflates only the members it
 * wants, in steps of 1 KiB (headers) or 64 KiB (data) of compressed input, so one step yields at
 * most ~1 MB or ~66 MB (deflate's 1032× ratio), stopping as soon as it has what it needs and
 * never keeping more than the member's declared size. fflate still does the inflating.
 * CRC-32 checksums are not verified (as with `unzipSync`).
 */
import { Inflate } from 'fflate';
import { InputError, quote } from '../errors.ts';

export interface ZipEntry {
  /** Member name (UTF-8 when the archive says so, else Latin-1). */
  name: string;
  /** 0 = stored, 8 = deflate; others are refused when read. */
  method: number;
  /** General-purpose flags (bit 0: encrypted). */
  flags: number;
  /** Bytes of (compressed) data in the archive. */
  compressedSize: number;
  /** Declared uncompressed size, bytes. */
  size: number;
  /** Offset of the member's data in the archive (after its local header). */
  dataOffset: number;
}

/** Deflate expands at most 1032× (a 258-byte match costs 2 bits at best), plus a little. */
const MAX_DEFLATE_RATIO = 1032;
/** Compressed bytes per inflate step while only a header is wanted (`read(n)` with a small n):
 *  one step yields at most ~1 MB, whatever the ratio. */
const SMALL_STEP = 1 << 10;
/** Compressed bytes per step for the data, once its size passed the limits: one step yields at
 *  most ~66 MB past what is needed (fflate briefly holds about twice that). Smaller steps cost
 *  time (16 KiB: +30%), larger ones gain nothing. Streaming inflate is ~2× slower than fflate's
 *  one-shot `inflateSync` (60 MB: 1.1 s vs 0.6 s), the price of being able to stop. */
const STEP = 1 << 16;

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

/**
 * Lists the members of a zip archive from its central directory. Nothing is decompressed.
 * @throws InputError 'truncated' when the directory is missing, inconsistent or points outside the file.
 */
export function listZip(bytes: Uint8Array, file: string): ZipEntry[] {
  const len = bytes.length;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bad = (why: string, offset?: number): InputError =>
    new InputError(
      'truncated',
      file,
      `cannot unzip the archive (${why}); the file is damaged or truncated`,
      offset === undefined ? {} : { offset },
    );
  // End-of-central-directory record: 22 bytes plus a comment of up to 65535 bytes, at the end.
  let eocd = -1;
  for (let i = len - 22; i >= 0 && i >= len - 22 - 0xffff; i--) {
    if (dv.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad('no end-of-central-directory record');
  let count = dv.getUint16(eocd + 10, true);
  let cdSize = dv.getUint32(eocd + 12, true);
  let cdOffset = dv.getUint32(eocd + 16, true);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    // zip64: a locator (20 bytes) just before the record points at the zip64 record.
    const loc = eocd - 20;
    if (loc < 0 || dv.getUint32(loc, true) !== 0x07064b50) throw bad('zip64 locator missing', Math.max(loc, 0));
    const z = Number(dv.getBigUint64(loc + 8, true));
    if (!(z >= 0 && z + 56 <= len) || dv.getUint32(z, true) !== 0x06064b50) throw bad('zip64 end record missing', loc + 8);
    count = Number(dv.getBigUint64(z + 32, true));
    cdSize = Number(dv.getBigUint64(z + 40, true));
    cdOffset = Number(dv.getBigUint64(z + 48, true));
  }
  if (cdOffset + cdSize > len)
    throw bad(`central directory at byte ${cdOffset} (${cdSize} bytes) lies outside the ${len}-byte file`, eocd + 16);
  // Each directory entry has at least 46 bytes: a count beyond that is a lie (and a long loop).
  if (count * 46 > cdSize) throw bad(`the directory lists ${count} members but has room for ${Math.floor(cdSize / 46)}`, eocd + 10);
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  const end = cdOffset + cdSize;
  for (let k = 0; k < count; k++) {
    if (p + 46 > end || dv.getUint32(p, true) !== 0x02014b50) throw bad(`directory entry ${k + 1} is damaged`, p);
    const flags = dv.getUint16(p + 8, true);
    const method = dv.getUint16(p + 10, true);
    let compressedSize = dv.getUint32(p + 20, true);
    let size = dv.getUint32(p + 24, true);
    const nameLen = dv.getUint16(p + 28, true),
      extraLen = dv.getUint16(p + 30, true),
      commentLen = dv.getUint16(p + 32, true);
    let local = dv.getUint32(p + 42, true);
    const nameAt = p + 46,
      extraAt = nameAt + nameLen,
      next = extraAt + extraLen + commentLen;
    if (next > end) throw bad(`directory entry ${k + 1} is damaged`, p);
    const name = (flags & 0x800 ? utf8 : latin1).decode(bytes.subarray(nameAt, extraAt));
    // zip64 extra field (id 1): the 64-bit values of the fields that hold 0xFFFFFFFF, in order.
    for (let e = extraAt; e + 4 <= extraAt + extraLen;) {
      const id = dv.getUint16(e, true),
        sz = dv.getUint16(e + 2, true);
      if (e + 4 + sz > extraAt + extraLen) break;
      if (id === 1) {
        let q = e + 4;
        const take = (): number => {
          if (q + 8 > e + 4 + sz) throw bad(`zip64 field of directory entry ${k + 1} is damaged`, e);
          const v = Number(dv.getBigUint64(q, true));
          q += 8;
          return v;
        };
        if (size === 0xffffffff) size = take();
        if (compressedSize === 0xffffffff) compressedSize = take();
        if (local === 0xffffffff) local = take();
      }
      e += 4 + sz;
    }
    if (local + 30 > len || dv.getUint32(local, true) !== 0x04034b50)
      throw bad(`member ${quote(name)} has no local header at byte ${local}`, p + 42);
    const dataOffset = local + 30 + dv.getUint16(local + 26, true) + dv.getUint16(local + 28, true);
    if (dataOffset + compressedSize > len)
      throw bad(`member ${quote(name)} declares ${compressedSize} bytes of data at byte ${dataOffset}, past the end of the file`, local);
    entries.push({ name, method, flags, compressedSize, size, dataOffset });
    p = next;
  }
  return entries;
}

/**
 * Checks what a member declares against what its data can hold: stored data is exactly as long
 * as its content; deflate expands at most ~1032×. Cheap, and refuses the crudest bombs first.
 * @param label name for messages, e.g. "member 'points.npy'".
 */
export function checkEntrySize(e: ZipEntry, file: string, label: string): void {
  if (e.flags & 1) throw new InputError('unsupported', file, `${label} is encrypted`);
  if (e.method !== 0 && e.method !== 8)
    throw new InputError('unsupported', file, `${label} uses zip compression method ${e.method} (only stored and deflate are supported)`);
  const max = e.method === 0 ? e.compressedSize : MAX_DEFLATE_RATIO * e.compressedSize + 1024;
  if (e.size > max) {
    throw new InputError(
      'count-too-large',
      file,
      `${label} declares ${e.size} bytes, more than its ${e.compressedSize} stored bytes can hold`,
    );
  }
}

/**
 * Reads a member's content incrementally: `read(n, cap)` returns the first n bytes of the
 * uncompressed content, inflating only as far as needed. A stored member is a view into the
 * archive; a deflated one is inflated into one buffer of its own (which the caller may keep).
 */
export class ZipMemberReader {
  /** Content so far: buf[0, have). */
  private buf: Uint8Array = new Uint8Array(0);
  private have = 0;
  /** Compressed bytes pushed so far. */
  private inPos = 0;
  private done = false;
  private over = false;
  /** Bytes the current `read` wants, and the most it accepts (see `append`). */
  private want = 0;
  private cap = 0;
  private inflater: Inflate | null = null;

  /**
   * @param bytes the archive. @param entry the member (checked by `checkEntrySize`).
   * @param file, label for messages.
   */
  constructor(
    private bytes: Uint8Array,
    readonly entry: ZipEntry,
    private file: string,
    private label: string,
  ) {
    if (entry.method === 0) {
      this.buf = bytes.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
      this.have = this.buf.length;
      this.done = true;
    } else {
      this.inflater = new Inflate((chunk) => this.append(chunk));
    }
  }

  /** Takes one inflated chunk, keeping nothing past `cap` (the overflow is noted, then dropped). */
  private append(chunk: Uint8Array): void {
    let c = chunk;
    if (this.have + c.length > this.cap) {
      c = c.subarray(0, this.cap - this.have);
      this.over = true;
    }
    const need = this.have + c.length;
    if (need > this.buf.length) {
      // Grow to what this read wants at once (the whole member, for the final read), else double.
      const nb = new Uint8Array(Math.min(this.cap, Math.max(need, this.want, 2 * this.buf.length)));
      nb.set(this.buf.subarray(0, this.have));
      this.buf = nb;
    }
    this.buf.set(c, this.have);
    this.have = need;
  }

  /**
   * The first `n` bytes of the content (fewer when the content is shorter). Inflates a step of
   * compressed input at a time until `n` bytes are there, then stops. Output past `cap` is
   * never kept: a stream that runs on past its member's declared size is cut there, as the
   * directory says (and inflating stops).
   * @param n bytes wanted. @param cap the most output kept, bytes: the member's declared size.
   * @throws InputError 'truncated' for a damaged deflate stream.
   */
  read(n: number, cap: number): Uint8Array {
    this.want = Math.min(n, cap);
    this.cap = cap;
    const e = this.entry;
    const step = n <= 1 << 17 ? SMALL_STEP : STEP;
    while (this.have < n && !this.done && !this.over) {
      const start = e.dataOffset + this.inPos;
      const stop = Math.min(start + step, e.dataOffset + e.compressedSize);
      const last = stop === e.dataOffset + e.compressedSize;
      try {
        (this.inflater as Inflate).push(this.bytes.subarray(start, stop), last);
      } catch (err) {
        this.done = true;
        throw new InputError(
          'truncated',
          this.file,
          `cannot inflate ${this.label} (${(err as Error).message}); the file is damaged or truncated`,
          { offset: start },
        );
      }
      this.inPos = stop - e.dataOffset;
      if (last) this.done = true;
    }
    return this.buf.subarray(0, Math.min(n, this.have));
  }
}
