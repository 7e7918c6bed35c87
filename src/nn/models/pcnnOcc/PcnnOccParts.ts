/**
 * What the inference path (`PcnnOccInference`) reads of a pcnn-occ model: its engine, config and
 * parameters, and the per-cloud geometry steps. `PcnnOcc` implements it; a type of its own so
 * that the inference file does not import the model that makes it.
 */
import type { Engine } from '../../engine/Engine.ts';
import type { Tensor } from '../../engine/Tensor.ts';
import type { CloudNeighbourhood } from '../../pcnn/CloudNeighbourhood.ts';
import type { CloudLevels } from './CloudLevels.ts';
import type { PcnnOccConfig } from './PcnnOccConfig.ts';
import type { PrepareOptions } from './PrepareOptions.ts';

export interface PcnnOccParts {
  readonly engine: Engine;
  readonly config: PcnnOccConfig;
  /** Kernel weights [27, J_k, K_k] of blocks B1..B7. */
  readonly W: Tensor[];
  /** Biases [K_k] of blocks B1..B7. */
  readonly b: Tensor[];
  readonly fc1W: Tensor;
  readonly fc1b: Tensor;
  readonly fc2W: Tensor;
  readonly fc2b: Tensor;
  /** [W, b] of each layer of the local branch's MLP (empty without one). */
  readonly localLayers: [Tensor, Tensor][];
  /** [W, b] of the classifier's hidden layers after the first. */
  readonly hiddenLayers: [Tensor, Tensor][];
  /** Positional feature columns per query (0 without them). */
  readonly positionalWidth: number;
  /** Plane feature columns per query (0 without them). */
  readonly planeWidth: number;
  /** Features per query entering the classifier. */
  readonly sideWidth: number;
  /** The four levels of a cloud (FPS, σ, pooling segments). */
  levelsOf(input: Float32Array, opts?: PrepareOptions): CloudLevels;
  /** The k-d tree over the input shared by the local branch and the plane features (null when the model has neither). */
  neighbourhoodOf(input: Float32Array): CloudNeighbourhood | null;
}
