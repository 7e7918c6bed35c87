/**
 * Worker-thread entry of the data-parallel trainer: one {@link Replica} per thread, driven by
 * requests from {@link TrainWorkerGroup}. Started through `src/data/tsWorkerBoot.mjs` (Node 20
 * does not apply `--import tsx` to workers). Every request carries an id; the reply is
 * `{id, ok: true, result}` or `{id, ok: false, message, stack, usage}`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Engine } from '../nn/engine/Engine.ts';
import { UsageError } from '../errors.ts';
import { GradientExchange } from './GradientExchange.ts';
import { Replica, type ReplicaState, type ValidationShape } from './Replica.ts';
import type { ItemBlock } from './ItemBlock.ts';
import { importModelKit, type ModelKitRef } from './TrainableModel.ts';

/** `workerData` of a trainer thread. */
export interface TrainWorkerData {
  kit: ModelKitRef;
  config: unknown;
  seed: number;
  rank: number;
  workers: number;
  module: WebAssembly.Module;
}

/** Requests the main thread sends. */
export type TrainWorkerRequest =
  | { id: number; type: 'exchange'; grad: SharedArrayBuffer; control: SharedArrayBuffer }
  | { id: number; type: 'step'; block: ItemBlock; gradScale: number; lr: number }
  | { id: number; type: 'setValidation'; shapes: ValidationShape[]; chunk: number }
  | { id: number; type: 'validate' }
  | { id: number; type: 'getState' }
  | { id: number; type: 'getGradient' }
  | { id: number; type: 'loadState'; state: Pick<ReplicaState, 'names' | 'params' | 'adam'> }
  | { id: number; type: 'save'; dir: string };

if (!parentPort) throw new Error('trainWorker.ts must run in a worker thread');
const port = parentPort;
const wd = workerData as TrainWorkerData;

const kit = await importModelKit(wd.kit);
const replica = new Replica(Engine.fromModule(wd.module), kit, wd.config, wd.seed, kit.threshold(wd.config));
let exchange: GradientExchange | null = null;
let valShapes: ValidationShape[] = [];
let valChunk = 4096;

async function handle(msg: TrainWorkerRequest): Promise<unknown> {
  switch (msg.type) {
    case 'exchange':
      exchange = new GradientExchange(wd.workers, replica.size, { grad: msg.grad, control: msg.control });
      return null;
    case 'step': {
      if (!exchange) throw new Error('step before the gradient exchange was set up');
      let stats;
      try {
        stats = replica.computeGradients(msg.block);
        replica.writeGradient(exchange.slot(wd.rank));
      } catch (e) {
        // Release the peers waiting at the barrier before reporting.
        exchange.abort();
        throw e;
      }
      exchange.barrier();
      const slots = Array.from({ length: wd.workers }, (_, r) => exchange!.slot(r));
      replica.applySummed(slots, msg.gradScale, msg.lr);
      return stats;
    }
    case 'setValidation':
      valShapes = msg.shapes;
      valChunk = msg.chunk;
      return null;
    case 'validate':
      return replica.validate(valShapes, valChunk);
    case 'getState':
      return replica.state();
    case 'getGradient':
      return replica.gradient();
    case 'loadState':
      replica.loadState(msg.state);
      return null;
    case 'save':
      await kit.save(msg.dir, replica.model, wd.config);
      return null;
  }
}

// Requests are handled one at a time, in arrival order.
let queue: Promise<void> = Promise.resolve();
port.on('message', (msg: TrainWorkerRequest) => {
  queue = queue.then(async () => {
    try {
      const result = await handle(msg);
      port.postMessage({ id: msg.id, ok: true, result });
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      port.postMessage({ id: msg.id, ok: false, message: err.message, stack: err.stack, usage: e instanceof UsageError });
    }
  });
});
port.postMessage({ ready: true, size: replica.size });
