/**
 * Tiles equally useful images into one sheet (row-major), optionally labelled with the built-in
 * bitmap font under each tile.
 */
import { drawText, GLYPH_LINE, textWidth } from './bitmapFont.ts';
import { createImage, type RgbaImage } from './RgbaImage.ts';

export interface ContactSheetOptions {
  /** Pixels between tiles and around the sheet (default 2). */
  gap?: number;
  /** Sheet background RGBA (default light grey). */
  background?: readonly number[];
  /** Label colour RGBA (default dark grey). */
  labelColor?: readonly number[];
}

/**
 * Lays out `images` in `cols` columns. Tiles may differ in size: each cell is as large as the
 * largest image, and images are centred in their cells. Labels (one per image, may be shorter
 * than the image list) are drawn centred under the tiles and truncated to the cell width.
 * @param cols columns (positive integer)
 */
export function contactSheet(images: RgbaImage[], cols: number, labels?: readonly string[], opts: ContactSheetOptions = {}): RgbaImage {
  if (!(Number.isInteger(cols) && cols > 0)) throw new RangeError(`contactSheet: cols must be a positive integer, got ${cols}`);
  if (images.length === 0) throw new RangeError('contactSheet: no images');
  const gap = opts.gap ?? 2;
  const cw = Math.max(...images.map((i) => i.width));
  const ch = Math.max(...images.map((i) => i.height));
  const labelH = labels && labels.length > 0 ? GLYPH_LINE + 2 : 0;
  const rows = Math.ceil(images.length / cols);
  const ncols = Math.min(cols, images.length);
  const W = gap + ncols * (cw + gap);
  const H = gap + rows * (ch + labelH + gap);
  const sheet = createImage(W, H, opts.background ?? [236, 236, 236, 255]);
  for (let k = 0; k < images.length; k++) {
    const img = images[k];
    const cx = gap + (k % cols) * (cw + gap),
      cy = gap + Math.floor(k / cols) * (ch + labelH + gap);
    const ox = cx + Math.floor((cw - img.width) / 2),
      oy = cy + Math.floor((ch - img.height) / 2);
    for (let y = 0; y < img.height; y++) {
      const src = 4 * y * img.width;
      sheet.data.set(img.data.subarray(src, src + 4 * img.width), 4 * ((oy + y) * W + ox));
    }
    const label = labels?.[k];
    if (label) {
      const maxChars = Math.max(1, Math.floor(cw / 6));
      const text = label.length > maxChars ? label.slice(0, maxChars) : label;
      drawText(sheet, text, cx + Math.floor((cw - textWidth(text)) / 2), cy + ch + 1, opts.labelColor ?? [40, 40, 40, 255]);
    }
  }
  return sheet;
}
