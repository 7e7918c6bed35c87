import type { ShapeDataset, ShapeRef } from '../../data/ShapeDataset.ts';
import type { DatasetFormat } from '../openEvalDataset.ts';

/** Everything an experiment needs besides its methods. */
export interface ExperimentSetup {
  /** Data folder (cache or ONet layout) and its opened dataset. */
  dataRoot: string;
  dataFormat: DatasetFormat;
  dataset: ShapeDataset;
  /** Test shapes used (at most `limit` per class, in dataset order). */
  refs: ShapeRef[];
  /** Report folder (report.md, results.json, figures, inputs). */
  out: string;
  /** Folder of cached reconstructions, shared between experiments (`<work>/<variant>/<method>/`). */
  work: string;
  /** Ground-truth mesh folder (the cache's source meshes), for error colours; null when unknown. */
  meshesRoot: string | null;
  /** Base seed of inputs, rotations, evaluation sampling. */
  seed: number;
  /** Surface samples per prediction for Chamfer/NC/F (100 000 in the protocol). */
  samples: number;
  /** F-score thresholds, unit-cube units. */
  taus: number[];
  /** Worker threads of the evaluation. */
  evalWorkers: number;
  /** Redo cached reconstructions. */
  force: boolean;
  /** Gallery rows (one shape per class, in class order), 0 for none. */
  galleryRows: number;
  /** Progress of long phases. */
  onProgress?: (label: string, done: number, total: number) => void;
  /** Notes for the user (stderr in the CLI). */
  log?: (line: string) => void;
}
