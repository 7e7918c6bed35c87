/**
 * Size limits of the web app (documented in src/web/README.md). A browser tab has far less memory
 * than the CLI: a 50 MB text cloud becomes ~3 copies of its points (parser, three.js buffer,
 * worker), and the reconstruction's cost grows with the number of points it normalises and
 * subsamples. Files beyond these limits are refused with a plain message pointing to the CLI.
 */

/** Largest file (bytes) the page reads: 50 MB. */
export const MAX_FILE_BYTES = 50_000_000;

/** Most points accepted in one cloud: 2 million. Checked against the count a file declares
 *  (PLY header, NPY shape, …) before its points are read (`readCloudFile`). */
export const MAX_POINTS = 2_000_000;

/** Fewest points the reconstruction accepts (the model's coarsest level needs 16 points). */
export const MIN_POINTS = 16;

/** Human-readable byte size: "12.3 MB" (decimal units, as file managers show them). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} kB`;
  if (bytes < 1e9) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e9).toFixed(2)} GB`;
}
