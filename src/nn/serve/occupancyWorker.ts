/**
 * Worker thread of OccupancyPredictor (occupancy.ts): one Engine (instantiated from the posted,
 * already compiled WebAssembly.Module), one network of the posted config's kind (pcnn-occ or
 * ONet, see OccupancyNet.ts) with the posted weights, and a stack of prepared clouds
 * (`prepareCloud`): the main thread sends a cloud with the number of held states to keep below
 * it (HeldClouds.ts decides), so a reconstruction that alternates between a few clouds (input
 * subsets, test-time poses) prepares each once.
 * Started through src/data/tsWorkerBoot.mjs (Node 20 cannot give a worker the tsx loader).
 */
import { parentPort } from 'node:worker_threads';
import { Engine } from '../engine/Engine.ts';
import { createOccupancyNet } from '../models/networks.ts';
import { probability } from '../ops/softmaxCrossEntropy.ts';
import type { OccupancyNet, OccupancyNetConfig } from '../models/OccupancyNet.ts';
import { PreparedStack } from './HeldClouds.ts';

/** Messages to the worker. */
export type OccupancyWorkerRequest =
  | { type: 'init'; module: WebAssembly.Module; config: OccupancyNetConfig; weights: Uint8Array }
  | { type: 'eval'; job: number; cloudId: number; cloud?: { points: Float32Array; keep: number }; queries: Float32Array };

/** Messages from the worker. */
export type OccupancyWorkerReply =
  { type: 'ready' } | { type: 'result'; job: number; probs: Float32Array } | { type: 'error'; job: number; message: string };

const port = parentPort!;
let model: OccupancyNet | null = null;
/** Prepared clouds, bottom to top (the arena frees a state and everything after it). */
const held = new PreparedStack<unknown>((state) => model!.releaseCloud(state));

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
    let state = held.get(msg.cloudId);
    if (state === undefined) {
      const sent = msg.cloud;
      if (!sent) throw new Error('occupancy worker: cloud not prepared and not sent');
      state = held.push(msg.cloudId, sent.keep, () => model!.prepareCloud(sent.points));
    }
    const probs = probability(model.evaluate(state, msg.queries));
    port.postMessage({ type: 'result', job: msg.job, probs } satisfies OccupancyWorkerReply, [probs.buffer as ArrayBuffer]);
  } catch (err) {
    port.postMessage({ type: 'error', job: msg.job, message: (err as Error).message } satisfies OccupancyWorkerReply);
  }
});
