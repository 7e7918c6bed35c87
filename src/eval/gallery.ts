/**
 * Comparison galleries (paper Fig. 5): one row per shape — input points | each method's
 * reconstruction (error-coloured when the ground-truth mesh is known) | ground truth — every
 * tile of a row rendered with the same camera (framed on the ground truth and the input), so
 * sizes and positions compare directly.
 */
import type { Mesh } from '../geometry/Mesh.ts';
import { boundsOf, unionBounds, type Bounds } from '../render/Bounds.ts';
import { contactSheet } from '../render/contactSheet.ts';
import { drawText, textWidth } from '../render/bitmapFont.ts';
import { renderMesh, renderPoints, type RenderOptions } from '../render/renderMesh.ts';
import { createImage, type RgbaImage } from '../render/RgbaImage.ts';
import type { View } from '../render/Camera.ts';

/** One reconstruction in a gallery row. */
export interface GalleryCell {
  /** Label under the tile (e.g. "pointocc IoU 0.81"). */
  label: string;
  /** The mesh (unit-cube frame), or null when there is none (the tile says `missingText`). */
  mesh: Mesh | null;
  /** Per-vertex RGB (e.g. error colours); default `mesh.colors` or the renderer's grey-blue. */
  colors?: Uint8Array;
  /** Text drawn in an empty tile. Default 'no mesh'. */
  missingText?: string;
}

/** One shape. */
export interface GalleryRow {
  /** Label of the input tile (e.g. the shape's name). */
  label: string;
  /** The input cloud, xyz (unit-cube frame). */
  input: Float32Array;
  cells: GalleryCell[];
  /** Ground truth: a mesh, or dense surface points when the mesh is not at hand. */
  gt: Mesh | Float32Array | null;
  /** Label of the ground-truth tile. Default 'ground truth'. */
  gtLabel?: string;
}

export interface GalleryOptions {
  /** Tile size in pixels. Default 192. */
  tile?: number;
  /** Camera direction. Default the renderer's (azimuth 35°, elevation 25°). */
  view?: View;
}

function emptyTile(size: number, text: string): RgbaImage {
  const img = createImage(size, size, [250, 250, 250, 255]);
  drawText(img, text, Math.floor((size - textWidth(text)) / 2), Math.floor(size / 2) - 4, [150, 150, 150, 255]);
  return img;
}

/** Frame of a row: the ground truth and the input (predictions may stray; they stay comparable). */
function rowBounds(row: GalleryRow): Bounds {
  let b = boundsOf(row.input);
  if (row.gt) b = unionBounds(b, boundsOf(row.gt instanceof Float32Array ? row.gt : row.gt.positions));
  return b;
}

/**
 * Renders a gallery: rows × (1 + cells + 1) tiles, labelled, as one RGBA image.
 * @param rows the shapes (≥ 1), each with the same number of cells.
 * @param options see {@link GalleryOptions}.
 */
export function renderGallery(rows: readonly GalleryRow[], options: GalleryOptions = {}): RgbaImage {
  if (rows.length === 0) throw new RangeError('renderGallery: no rows');
  const size = options.tile ?? 192;
  const cols = rows[0].cells.length + 2;
  const tiles: RgbaImage[] = [],
    labels: string[] = [];
  for (const row of rows) {
    if (row.cells.length !== cols - 2) throw new RangeError('renderGallery: rows have different numbers of cells');
    const ro: RenderOptions = { width: size, height: size, bounds: rowBounds(row), view: options.view, margin: 0.06 };
    const tile = (rgba: Uint8Array): RgbaImage => ({ width: size, height: size, data: rgba });
    tiles.push(tile(renderPoints(row.input, { ...ro, radius: Math.max(1, size / 128) })));
    labels.push(row.label);
    for (const c of row.cells) {
      tiles.push(
        c.mesh && c.mesh.faces.length > 0
          ? tile(renderMesh(c.mesh, { ...ro, colors: c.colors ?? c.mesh.colors }))
          : emptyTile(size, c.missingText ?? 'no mesh'),
      );
      labels.push(c.label);
    }
    if (!row.gt) tiles.push(emptyTile(size, 'no ground truth'));
    else if (row.gt instanceof Float32Array) tiles.push(tile(renderPoints(row.gt, { ...ro, radius: 1, color: [120, 130, 150] })));
    else tiles.push(tile(renderMesh(row.gt, ro)));
    labels.push(row.gtLabel ?? 'ground truth');
  }
  return contactSheet(tiles, cols, labels, { gap: 4 });
}
