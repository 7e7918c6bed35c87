/**
 * The one interface every training/evaluation data source presents: the builder's cache
 * (`CacheDataset`), the Occupancy Networks preprocessed ShapeNet layout (`OnetDataset`), and
 * anything added later. All coordinates are in pointocc's unit-cube frame (docs/design.md §2).
 */

/** The three standard splits. */
export type Split = 'train' | 'val' | 'test';

export const SPLITS: readonly Split[] = ['train', 'val', 'test'];

/** Names one shape of a dataset. Cheap to hold; `ShapeDataset.load` turns it into arrays. */
export interface ShapeRef {
  /** Category (class) id, e.g. a ShapeNet synset id or a mesh-folder sub-folder name. */
  category: string;
  /** Model id inside its category (may contain '/' for nested mesh folders). */
  id: string;
  split: Split;
}

/** Which optional array groups to load; leaving one out saves decoding time and memory. */
export interface LoadOptions {
  /** Load `uniformPoints` / `uniformOccupancies` (IoU points). Default true. */
  uniform?: boolean;
  /** Load `evalPoints` / `evalNormals` (dense surface samples for Chamfer/NC/F-score). Default true. */
  eval?: boolean;
  /** Load `surfaceNormals`. Default true. */
  normals?: boolean;
}

/**
 * Arrays of one shape, unit-cube coordinates, xyz interleaved (length 3·N).
 * Occupancies are 0/1 bytes, 1 = inside.
 */
export interface ShapeSample {
  category: string;
  id: string;
  /** Surface samples the network inputs are drawn from (S points). */
  surfacePoints: Float32Array;
  /** Unit outward normals of `surfacePoints` (3·S); empty when not loaded. */
  surfaceNormals: Float32Array;
  /** Labelled training queries (M points). */
  queryPoints: Float32Array;
  /** 1 = inside, 0 = outside, one byte per query point. */
  queryOccupancies: Uint8Array;
  /** Points uniform in the padded box [-0.55, 0.55]³ for IoU (U points), when loaded. */
  uniformPoints?: Float32Array;
  uniformOccupancies?: Uint8Array;
  /** Dense surface samples for surface metrics (E points), when loaded. */
  evalPoints?: Float32Array;
  evalNormals?: Float32Array;
  /** Maps back to the source's own units: original = point · scale + loc (ONet's convention). */
  loc: [number, number, number];
  scale: number;
}

/** A set of shapes split into train/val/test, loaded one shape at a time. */
export interface ShapeDataset {
  /** Category ids, sorted. */
  categories(): string[];
  /** Shapes of one split (or of all splits), in a fixed order (category, then list order). */
  shapes(split?: Split): ShapeRef[];
  /** Reads one shape's arrays. Throws `InputError` for a missing or corrupt file. */
  load(ref: ShapeRef, options?: LoadOptions): Promise<ShapeSample>;
}

/** A stable string key for a shape ("category/id"). */
export function shapeKey(ref: { category: string; id: string }): string {
  return `${ref.category}/${ref.id}`;
}
