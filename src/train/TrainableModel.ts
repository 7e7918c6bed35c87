/**
 * The small surface the trainer needs of a model, so that it does not depend on PcnnOcc's
 * internals (and tests can train a tiny stand-in). A model is created by a {@link ModelKit}
 * that worker threads import by URL: every replica builds its own model in its own Engine.
 */
import type { Engine } from '../nn/engine/Engine.ts';
import type { Tape } from '../nn/engine/Tape.ts';
import type { Tensor } from '../nn/engine/Tensor.ts';
import type { Random } from '../geometry/Random.ts';

/** Momentum m of the buffer update (torch's BatchNorm momentum 0.1 keeps 1 − 0.1 of the old value). */
export const BUFFER_MOMENTUM = 0.9;

/** The inputs of a block of training items (Replica's ItemBlock without the labels). */
export interface ItemInputs {
  /** Items in the block (≥ 1 when passed to forwardItems). */
  count: number;
  /** Input points (P) and queries (Q) per item. */
  inputPoints: number;
  queries: number;
  /** count·P·3 floats, item after item. */
  inputs: Float32Array;
  /** count·Q·3 floats, item after item. */
  queryPoints: Float32Array;
}

/** An occupancy classifier with persistent, named parameters in one Engine. */
export interface TrainableModel<Prepared = unknown> {
  /** The engine holding the parameters. */
  readonly engine: Engine;
  /**
   * Trainable parameters (made with `engine.parameter`, unique non-empty names), in a fixed
   * order: this order is the layout of the flat gradient exchanged between workers and of the
   * checkpoint.
   */
  readonly params: readonly Tensor[];
  /**
   * Optional non-trainable state updated by training (batch-norm running statistics), made with
   * `engine.parameter` (so each owns a gradient buffer) with names unique among params and
   * buffers. In a training forward pass the model *adds* its per-item statistic into each
   * buffer's `grad` (a batch-level `forwardItems` adds its block's statistic × count); the
   * trainer zeroes those with the parameter gradients, exchanges them after the parameters'
   * (flat layout: params, then buffers) and sets every buffer to
   * `m·buffer + (1 − m)·gradScale·Σ_replicas grad` (m = {@link BUFFER_MOMENTUM}; gradScale =
   * 1/items in the batch): the batch mean of the per-item statistics, or with `forwardItems`
   * the items-weighted mean of the replicas' block statistics. Saved in checkpoints and model
   * files beside the parameters.
   */
  readonly buffers?: readonly Tensor[];
  /** Fills the parameters with their initial values; the same rng state gives the same values. */
  initialize(rng: Random): void;
  /**
   * Per-cloud constants (levels, plans…) for one input cloud and one query set, allocated in
   * the engine's arena inside the caller's live mark.
   * @param input P·3 normalised input points. @param queries Q·3 normalised query points.
   */
  prepare(input: Float32Array, queries: Float32Array): Prepared;
  /** Logits [Q, 2] (class 1 = inside) of the prepared queries. */
  forward(tape: Tape, prepared: Prepared): Tensor;
  /**
   * Optional batch-level training forward pass: logits [count·Q, 2] of all items of a replica's
   * block at once (rows item-major), allocated in the engine's arena inside the caller's mark.
   * When present the trainer uses it instead of prepare + forward per item (models whose layers
   * couple the items, like batch norm over the whole block); the loss is the mean cross-entropy
   * over all count·Q rows, back-propagated with seed `count`, so the gradient is still
   * Σ_items ∇(item's mean cross-entropy) (equal Q per item). Called only with count ≥ 1.
   */
  forwardItems?(tape: Tape, block: ItemInputs): Tensor;
  /**
   * Optional inference path (used by validation when present, so validation scores what
   * inference computes): the query-independent state of a cloud, under its own arena mark…
   */
  prepareCloud?(input: Float32Array): unknown;
  /** …logits (row-major Q×2) of any queries for that state… */
  evaluate?(cloud: never, queries: Float32Array): Float32Array;
  /** …and freeing it. */
  releaseCloud?(cloud: never): void;
}

/**
 * How a worker thread makes and saves models of one kind. A module exporting a kit is named to
 * the trainer by {@link ModelKitRef}, so worker threads can import it themselves.
 */
export interface ModelKit<M extends TrainableModel = TrainableModel> {
  /**
   * Builds an uninitialised model.
   * @param engine the replica's engine (no mark live: parameters are persistent).
   * @param config the model config (already validated by the trainer with `validate`).
   */
  create(engine: Engine, config: unknown): M;
  /** Checks a model config (a parsed JSON object) and returns it completed; throws UsageError. */
  validate(json: unknown, source?: string): unknown;
  /**
   * Writes a loadable model directory (config.json + weights…) of `model`'s current weights.
   * @param dir target folder (created; files written atomically).
   */
  save(dir: string, model: M, config: unknown): Promise<void> | void;
  /** Decision threshold on P(inside) stated in the config (default 0.5). */
  threshold(config: unknown): number;
  /**
   * Fits a model config to the run's per-item input sizes (`train.inputPointsRange` when it is a
   * true range, null for one size): returns the config to validate again, or `config` itself when
   * nothing changes; throws UsageError when the network cannot train on per-item sizes. Absent:
   * the config does not depend on them. (pcnn-occ records the range as `trainPoints`; ONet
   * refuses one.)
   */
  fitInputRange?(config: Record<string, unknown>, range: readonly [number, number] | null, source: string): Record<string, unknown>;
}

/** Where a {@link ModelKit} lives: an importable module URL and the name of its export. */
export interface ModelKitRef {
  /** `file:` URL (or any URL `import()` accepts) of the module. */
  url: string;
  /** Name of the exported kit object. */
  exportName: string;
  /**
   * Set on the kits of the method registry's learned methods (src/methods/): a run does not
   * store them (their URL is absolute, stale once the repository moves); a resumed run finds
   * its kit again by its model's `method` (the registry's `trainKitOfRun`).
   */
  builtIn?: true;
}

/** Imports the kit named by `ref` (in whichever thread calls it). */
export async function importModelKit(ref: ModelKitRef): Promise<ModelKit> {
  const mod = (await import(ref.url)) as Record<string, unknown>;
  const kit = mod[ref.exportName] as ModelKit | undefined;
  if (!kit || typeof kit.create !== 'function' || typeof kit.save !== 'function') {
    throw new Error(`model kit ${ref.exportName} not found in ${ref.url}`);
  }
  return kit;
}
