/**
 * The list of bundled assets the page reads first (`pointocc-assets.json`, written by
 * assetsPlugin.ts). Browser-safe: types and the file name only.
 */

/** File name of the manifest, beside index.html. */
export const MANIFEST_FILE = 'pointocc-assets.json';

/** Manifest of the bundled assets; every path is relative to the page. */
export interface AssetManifest {
  model: null | {
    name: string;
    config: string;
    weights: string;
    /** Size of the weights file, bytes. */
    bytes: number;
    trainedOn?: string;
    /** The numeric fields of metrics.json when present (e.g. iou, step). */
    metrics?: Record<string, number>;
  };
  examples: Array<{ name: string; file: string; bytes: number; groundTruth?: string }>;
}
