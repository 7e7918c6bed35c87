/** An 8-bit RGBA image, rows top to bottom, 4 bytes per pixel (length 4·width·height). */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A new image filled with one colour (RGBA, 0–255; default opaque white). */
export function createImage(width: number, height: number, fill: readonly number[] = [255, 255, 255, 255]): RgbaImage {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) {
    throw new RangeError(`createImage: width and height must be positive integers, got ${width}×${height}`);
  }
  const data = new Uint8Array(width * height * 4);
  const a = fill.length > 3 ? fill[3] : 255;
  for (let i = 0; i < data.length; i += 4) {
    data[i] = fill[0];
    data[i + 1] = fill[1];
    data[i + 2] = fill[2];
    data[i + 3] = a;
  }
  return { width, height, data };
}
