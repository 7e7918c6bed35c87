/**
 * PNG encoding (pngjs) of RGBA pixels, written atomically.
 */
import { PNG } from 'pngjs';
import { atomicWriteFileSync } from '../io/atomicWrite.ts';
import type { RgbaImage } from './RgbaImage.ts';

/** PNG bytes of an RGBA image (8 bits per channel, colour type 6). */
export function encodePng(rgba: Uint8Array, width: number, height: number): Uint8Array {
  if (rgba.length !== width * height * 4) throw new RangeError(`encodePng: ${rgba.length} bytes for ${width}×${height} RGBA`);
  const png = new PNG({ width, height, colorType: 6, inputColorType: 6, inputHasAlpha: true });
  png.data = Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength);
  const buf = PNG.sync.write(png, { colorType: 6, deflateLevel: 9 });
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** Decodes PNG bytes to RGBA. */
export function decodePng(bytes: Uint8Array): RgbaImage {
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return { width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
}

/**
 * Writes an RGBA image as a PNG file (atomically: a temporary file renamed over `path`).
 * @param path output file; parent folders are created
 * @param rgba 4·width·height bytes, rows top to bottom
 */
export function writePng(path: string, rgba: Uint8Array, width: number, height: number): void {
  atomicWriteFileSync(path, encodePng(rgba, width, height));
}
