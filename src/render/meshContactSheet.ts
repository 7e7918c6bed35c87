/**
 * A contact sheet of meshes filled one mesh at a time: the first columns² meshes added are
 * rendered (one labelled tile each) and `write` saves them as one PNG. `pointocc data procshapes`
 * writes one per class (contact-sheets/<class>.png) as the shapes are generated.
 */
import { join } from 'node:path';
import type { Mesh } from '../geometry/Mesh.ts';
import type { View } from './Camera.ts';
import { contactSheet } from './contactSheet.ts';
import { renderMesh } from './renderMesh.ts';
import type { RgbaImage } from './RgbaImage.ts';
import { writePng } from './writePng.ts';

export interface MeshContactSheetOptions {
  /** Tile size in pixels (default 160). */
  tile?: number;
  /** Columns (default 4); the sheet keeps the first columns² meshes. */
  columns?: number;
  /** Viewing direction of every tile (default renderMesh's). */
  view?: View;
}

export class MeshContactSheet {
  private readonly tile: number;
  private readonly columns: number;
  private readonly view: View | undefined;
  private tiles: RgbaImage[] = [];
  private labels: string[] = [];

  constructor(opts: MeshContactSheetOptions = {}) {
    this.tile = opts.tile ?? 160;
    this.columns = opts.columns ?? 4;
    this.view = opts.view;
  }

  /** Renders `mesh` as the next tile, labelled `label`, while the sheet has room (columns²). */
  add(mesh: Mesh, label: string): void {
    if (this.tiles.length >= this.columns * this.columns) return;
    const size = this.tile;
    this.tiles.push({
      width: size,
      height: size,
      data: renderMesh(mesh, { width: size, height: size, view: this.view }),
    });
    this.labels.push(label);
  }

  /** Writes the tiles so far as `<dir>/<name>.png` (nothing when there are none) and empties the sheet. */
  write(dir: string, name: string): void {
    if (this.tiles.length > 0) {
      const sheet = contactSheet(this.tiles, this.columns, this.labels);
      writePng(join(dir, `${name}.png`), sheet.data, sheet.width, sheet.height);
    }
    this.tiles = [];
    this.labels = [];
  }
}
