/**
 * The inference surface every occupancy network of pointocc offers (pcnn-occ's `PcnnOcc`, the
 * ONet baseline's `OnetOcc`), so the predictor (occupancy.ts), its worker threads and the
 * reconstruction CLI run any model folder alike. Which network a folder holds is told by its
 * `config.json` `method` (absent: pcnn-occ); networks.ts / serve/modelIo.ts load either.
 *
 * Lives in nn/models (not nn/serve) so that the networks can name the interface they implement
 * without importing the serving layer above them.
 *
 * Not to be confused with src/recon/OccupancyModel.ts, the reconstruction library's view
 * (`predict` → probabilities), which OccupancyPredictor implements on top of this one.
 */
import type { PcnnOccConfig } from './pcnnOcc/PcnnOccConfig.ts';
import type { OnetConfig } from './onet/OnetConfig.ts';
import type { Engine } from '../engine/Engine.ts';

/** A model folder's validated `config.json`: its `method` names the network. */
export type OccupancyNetConfig = PcnnOccConfig | OnetConfig;

/** The `method` names of the networks a model folder may hold. */
export type OccupancyNetMethod = OccupancyNetConfig['method'];


/**
 * An occupancy network ready for inference.
 * @typeParam C the network's prepared-cloud state (opaque to callers).
 */
export interface OccupancyNet<C = unknown> {
  /**
   * The model's hyper-parameters; callers read `method`, `inputPoints` (the cloud size it was
   * trained with), `threshold` (decision threshold on P(inside), in (0, 1)) and `trainedOn`.
   */
  readonly config: OccupancyNetConfig;
  /** Number of trained parameters (weights and biases), for reports and the web app. */
  readonly parameterCount: number;
  /**
   * The query-independent work for one input cloud (kept until `releaseCloud`). At most one
   * cloud is held at a time by the callers here (pcnn-occ's arena needs releases in reverse
   * order of preparation).
   * @param input xyz per point (length 3·N; N ≥ 16 for pcnn-occ, ≥ 1 for ONet), unit-cube frame.
   */
  prepareCloud(input: Float32Array): C;
  /**
   * Logits of the queries for a prepared cloud.
   * @param cloud from `prepareCloud`, not yet released. @param queries xyz per query (length 3·Q), unit-cube frame.
   * @returns Float32Array(2·Q), row-major Q×2, column 1 = inside (P = softmax column 1).
   */
  evaluate(cloud: C, queries: Float32Array): Float32Array;
  /** Frees what `prepareCloud` kept. */
  releaseCloud(cloud: C): void;
}

/**
 * How one network is read from a model folder: its `config.json` `method`, the config check, and
 * a network built from a validated config plus the `weights.safetensors` bytes. Each network's
 * package exports one (pcnnOcc/network.ts, onet/network.ts); networks.ts lists them for the code
 * below the method registry (the predictor's worker threads, the web worker), which cannot
 * import src/methods/.
 */
export interface OccupancyNetwork<C extends OccupancyNetConfig = OccupancyNetConfig> {
  /** The `method` its config.json names. */
  readonly method: C['method'];
  /** Checks a parsed config.json and returns it completed; throws UsageError. */
  validate(json: unknown, file: string): C;
  /** A new network on `engine` (no arena mark live) with these weights, bit-exact. */
  create(engine: Engine, config: C, weights: Uint8Array, file: string): OccupancyNet;
}
