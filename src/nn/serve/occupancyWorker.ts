/**
 * Worker thread of OccupancyPredictor (occupancy.ts): one Engine (instantiated from the posted,
 * already compiled WebAssembly.Module), one network of the posted config's kind (pcnn-occ or
 * ONet, see OccupancyNet.ts) with the posted weights, and at most one prepared cloud
 * (`prepareCloud`), kept until a job for another cloud arrives.
 * Started through src/data/tsWorkerBoot.mjs (Node 20 cannot give a worker the tsx loader).
 */
import { parentPort } from 'node:worker_threads';
import { Engine } from '../engine/Engine.ts';
import { createOccupancyNet } from '../models/networks.ts';
import { probability } from '../ops/softmaxCrossEntropy.ts';
import type { OccupancyNet, OccupancyNetConfig } from '../models/OccupancyNet.ts';

/** Messages to the worker. */
export type OccupancyWorkerRequest =
  | { type: 'init'; module: WebAssembly.Module; config: OccupancyNetConfig; weights: Uint8Array }
  | { type: 'eval'; job: number; cloudId: number; cloud?: Float32Array; queries: Float32Array };

/** Messages from the worker. */
export type OccupancyWorkerReply =
  { type: 'ready' } | { type: 'result'; job: number; probs: Float32Array } | { type: 'error'; job: number; message: string };

const port = parentPort!;
let model: OccupancyNet | null = null;
let current: { id: number; state: unknown } | null = null;

port.on('message', (msg: OccupancyWorkerRequest) => {
  if (msg.type === 'init') {
    try {
      const e = Engine.fromModule(msg.module);
      model = createOccupancyNet(e, msg.config, msg.weights);
      port.postMessage({ type: 'ready' } satisfies OccupancyWorkerReply);
    } catch (err) {
      port.postMessage({ type: 'error', job: -1, message: (err as Error).message } satisfies OccupancyWorkerReply);
    }
    return;
  }
  try {
    if (!model) throw new Error('occupancy worker: not initialised');
    if (!current || current.id !== msg.cloudId) {
      if (!msg.cloud) throw new Error('occupancy worker: cloud not prepared and not sent');
      if (current) model.releaseCloud(current.state);
      current = null;
      current = { id: msg.cloudId, state: model.prepareCloud(msg.cloud) };
    }
    const probs = probability(model.evaluate(current.state, msg.queries));
    port.postMessage({ type: 'result', job: msg.job, probs } satisfies OccupancyWorkerReply, [probs.buffer as ArrayBuffer]);
  } catch (err) {
    port.postMessage({ type: 'error', job: msg.job, message: (err as Error).message } satisfies OccupancyWorkerReply);
  }
});
