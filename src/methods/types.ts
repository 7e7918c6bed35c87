/**
 * The shape of a method registry entry (see index.ts). One file per method package
 * (pcnnOcc.ts, onet.ts, baselines.ts) fills it in; index.ts lists them.
 */
import type { OccupancyNetwork } from '../nn/models/OccupancyNet.ts';
import type { ModelKit, ModelKitRef } from '../train/TrainableModel.ts';
import type { BaselineFunction } from '../recon/baselines.ts';

interface MethodBase {
  /** The one name of the method (`--method`, `--methods`, reports): lower case, digits, '-'. */
  readonly name: string;
  /** One line for `--help`, errors and reports. */
  readonly description: string;
}

/** A method that reconstructs with a trained network held in a model folder. */
export interface LearnedMethod extends MethodBase {
  readonly learned: true;
  /** How messages name it ("ONet"); '' keeps the plain wording ("no model at …"). */
  readonly title: string;
  /** Its default model folder, `models/<modelFolder>/` in the package. */
  readonly modelFolder: string;
  /** The command that trains one (for "no model" messages). */
  readonly trainCommand: string;
  /** How a model folder of this method is validated and opened (its config.json `method`). */
  readonly network: OccupancyNetwork;
  /**
   * The training kit, loaded on demand with a literal `import('…')` (so the import graph sees
   * it, and `pointocc reconstruct` does not load the trainer).
   */
  trainKit(): Promise<{ kit: ModelKit; ref: ModelKitRef }>;
  /** Experiments: the option naming its model folder, and the key of that folder in eval's
   *  MethodContext. */
  readonly experimentFlag: string;
  readonly contextKey: 'modelDir' | 'onetModelDir';
  /** Experiments: prefix of the cache identity of its meshes (kept across renames so cached
   *  meshes stay valid). */
  readonly cacheId: string;
}

/** A classical method: a function of the cloud, no model. */
export interface BaselineMethod extends MethodBase {
  readonly learned: false;
  /** Whether its meshes are closed by construction (reports say when one is not). */
  readonly watertight: boolean;
  /** Unit-cube cloud → mesh in the same frame (recon/baselines.ts: `runInUnitCube` for any units). */
  readonly reconstruct: BaselineFunction;
}

export type Method = LearnedMethod | BaselineMethod;
