import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';

/** Mesh extensions a prediction may have, in order of preference when several exist. */
export const PREDICTION_EXTENSIONS: readonly string[] = ['.ply', '.obj', '.off', '.stl'];

/**
 * The mesh files under a prediction folder, keyed by their path without extension
 * ('/'-separated, e.g. `chair/chair_0001`), so predictions named `<category>/<id>.<ext>` or
 * flat `<id>.<ext>` can be matched to shapes.
 */
export class PredictionIndex {
  readonly root: string;
  private readonly files = new Map<string, string>();
  private readonly used = new Set<string>();

  /**
   * @param root the prediction folder (walked recursively; hidden entries skipped).
   * @throws Error from the file system when `root` is not a readable folder (the caller
   *   reports it).
   */
  constructor(root: string) {
    this.root = root;
    if (!statSync(root).isDirectory()) throw new Error(`${root} is not a folder`);
    this.walk(root, '');
  }

  private walk(dir: string, prefix: string): void {
    for (const d of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (d.name.startsWith('.')) continue;
      const rel = prefix ? `${prefix}/${d.name}` : d.name;
      if (d.isDirectory()) {
        this.walk(join(dir, d.name), rel);
        continue;
      }
      const ext = extname(d.name).toLowerCase();
      const rank = PREDICTION_EXTENSIONS.indexOf(ext);
      if (rank < 0) continue;
      const key = rel.slice(0, rel.length - ext.length);
      const prev = this.files.get(key);
      if (prev === undefined || PREDICTION_EXTENSIONS.indexOf(extname(prev).toLowerCase()) > rank) this.files.set(key, join(dir, d.name));
    }
  }

  /** Number of distinct predictions found. */
  get size(): number {
    return this.files.size;
  }

  /** The prediction of a shape: `<category>/<id>.*` first, then a flat `<id>.*`; null when none. */
  find(category: string, id: string): string | null {
    for (const key of [`${category}/${id}`, id]) {
      const f = this.files.get(key);
      if (f !== undefined) {
        this.used.add(key);
        return f;
      }
    }
    return null;
  }

  /** Predictions no `find` call matched (e.g. misnamed files), as keys. */
  unmatched(): string[] {
    return [...this.files.keys()].filter((k) => !this.used.has(k));
  }
}
