/**
 * Render target of the software rasteriser: an RGBA colour buffer and a z-buffer of "nearness"
 * values (see `Camera.project`: larger is nearer). Several draws (mesh, points) can share one
 * raster and occlude each other correctly.
 */
import type { RgbaImage } from './RgbaImage.ts';

export class Raster {
  readonly width: number;
  readonly height: number;
  /** RGBA, 4 bytes per pixel, rows top to bottom. */
  readonly rgba: Uint8Array;
  /** Nearness per pixel; −∞ where nothing was drawn. */
  readonly depth: Float64Array;

  /**
   * @param width pixels (positive integer)
   * @param height pixels (positive integer)
   * @param background RGBA 0–255 (default opaque white)
   */
  constructor(width: number, height: number, background: readonly number[] = [255, 255, 255, 255]) {
    if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) {
      throw new RangeError(`Raster: width and height must be positive integers, got ${width}×${height}`);
    }
    this.width = width;
    this.height = height;
    this.rgba = new Uint8Array(width * height * 4);
    this.depth = new Float64Array(width * height).fill(-Infinity);
    const a = background.length > 3 ? background[3] : 255;
    for (let i = 0; i < this.rgba.length; i += 4) {
      this.rgba[i] = background[0];
      this.rgba[i + 1] = background[1];
      this.rgba[i + 2] = background[2];
      this.rgba[i + 3] = a;
    }
  }

  /** Writes an opaque pixel if `near` beats the z-buffer. Colour components are clamped to 0–255. */
  plot(x: number, y: number, near: number, r: number, g: number, b: number): void {
    const i = y * this.width + x;
    if (near <= this.depth[i]) return;
    this.depth[i] = near;
    const o = 4 * i;
    this.rgba[o] = r < 0 ? 0 : r > 255 ? 255 : r;
    this.rgba[o + 1] = g < 0 ? 0 : g > 255 ? 255 : g;
    this.rgba[o + 2] = b < 0 ? 0 : b > 255 ? 255 : b;
    this.rgba[o + 3] = 255;
  }

  image(): RgbaImage {
    return { width: this.width, height: this.height, data: this.rgba };
  }
}
