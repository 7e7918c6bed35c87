/**
 * The reconstruction worker (a module Web Worker): holds one Engine (from the page's compiled
 * nn.wasm module) and the loaded model, runs `reconstruct` (normalise → input subsets → MISE →
 * marching cubes → map back) and the ground-truth error colouring off the page's thread.
 * Cancelling is done by the page terminating this worker: the WASM kernels cannot be
 * interrupted, and a fresh worker costs only the model load.
 */
import { Engine } from '../nn/Engine.ts';
import { reconstruct, type ReconstructProgress } from '../recon/reconstruct.ts';
import { colorByError } from '../eval/errorColors.ts';
import { loadModelFromBytes } from '../nn/modelWeights.ts';
import { PcnnOccModel } from './PcnnOccModel.ts';
import { plainError } from './readCloudFile.ts';
import { InputError } from '../io/errors.ts';
import type { ReconSettings, WorkerReply, WorkerRequest } from './workerProtocol.ts';

interface WorkerScope {
  postMessage(message: WorkerReply, transfer?: Transferable[]): void;
  onmessage: ((ev: MessageEvent<WorkerRequest>) => void) | null;
}
const scope = self as unknown as WorkerScope;

let model: PcnnOccModel | null = null;

scope.onmessage = (ev) => {
  const m = ev.data;
  const job = 'job' in m ? m.job : 0;
  handle(m).catch((e: unknown) => {
    scope.postMessage({ type: 'error', job, message: messageOf(e, m) });
  });
};

async function handle(m: WorkerRequest): Promise<void> {
  switch (m.type) {
    case 'init': {
      const engine = Engine.fromModule(m.wasm);
      const net = loadModelFromBytes(engine, m.configText, m.weights, m.modelName);
      model = new PcnnOccModel(net);
      const parameters = net.params.reduce((s, p) => s + p.size, 0);
      scope.postMessage({ type: 'ready', inputPoints: net.config.inputPoints, threshold: net.config.threshold, parameters });
      return;
    }
    case 'reconstruct': return runReconstruct(m.job, m.positions, m.settings, m.name);
    case 'error-colors': {
      const { mesh, signed, range } = colorByError({ positions: m.positions, faces: m.faces }, { positions: m.gtPositions, faces: m.gtFaces });
      let sum = 0;
      for (let i = 0; i < signed.length; i++) sum += Math.abs(signed[i]);
      const colors = mesh.colors!;
      scope.postMessage({ type: 'colors', job: m.job, colors, range, meanAbs: signed.length ? sum / signed.length : 0 }, [colors.buffer]);
      return;
    }
  }
}

async function runReconstruct(job: number, positions: Float32Array, s: ReconSettings, name: string): Promise<void> {
  if (!model) throw new Error('the model is not loaded');
  const rounds = s.upsamplingSteps + 1;
  const progress = (fraction: number, text: string): void => scope.postMessage({ type: 'progress', job, fraction, text });
  const onProgress = (p: ReconstructProgress): void => {
    switch (p.phase) {
      case 'normalize':
        progress(0.02, `${p.points.toLocaleString('en-US')} points → ${p.subsets} input subset${p.subsets > 1 ? 's' : ''} of ${p.subsetSize}`);
        break;
      case 'mise':
        progress(0.03 + 0.9 * (p.round - 1 + (p.total ? p.done / p.total : 0)) / rounds,
          `occupancy, round ${p.round} of ${rounds}: ${p.done.toLocaleString('en-US')} / ${p.total.toLocaleString('en-US')} queries`);
        break;
      case 'marching-cubes': progress(0.94, `marching cubes at ${p.resolution}³`); break;
      case 'smooth': progress(0.96, `smoothing (${p.iterations} iterations)`); break;
      case 'simplify': progress(0.97, `simplifying to ${p.targetFaces} faces`); break;
    }
  };
  try {
    const { mesh, stats } = await reconstruct(positions, model, {
      resolution: s.resolution,
      upsamplingSteps: s.upsamplingSteps,
      threshold: s.threshold,
      smoothIterations: s.smoothIterations ?? 0,
      seed: s.seed ?? 0,
      batchSize: s.batchSize ?? 8192,
      bind: model.bind,
      source: name,
      onProgress,
    });
    const summary = {
      points: stats.points, subsets: stats.subsets, subsetSize: stats.subsetSize,
      resolution: stats.resolution, resolution0: stats.resolution0, upsamplingSteps: stats.upsamplingSteps,
      threshold: stats.threshold, vertices: stats.vertices, faces: stats.faces, watertight: stats.watertight,
      evaluations: stats.evaluations, seconds: stats.seconds.total, networkSeconds: stats.seconds.network,
      warnings: stats.warnings,
    };
    scope.postMessage({ type: 'mesh', job, positions: mesh.positions, faces: mesh.faces, summary }, [mesh.positions.buffer, mesh.faces.buffer]);
  } finally {
    model.release();
  }
}

function messageOf(e: unknown, m: WorkerRequest): string {
  if (m.type === 'reconstruct') return e instanceof InputError ? plainError(e, m.name).message : `The reconstruction failed: ${e instanceof Error ? e.message : String(e)}`;
  if (m.type === 'init') return `The model "${m.modelName}" cannot be loaded: ${e instanceof Error ? e.message : String(e)}`;
  return `Error colouring failed: ${e instanceof Error ? e.message : String(e)}`;
}
