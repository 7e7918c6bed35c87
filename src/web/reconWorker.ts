/**
 * The reconstruction worker (a module Web Worker): holds one Engine (from the page's compiled
 * nn.wasm module) and the loaded model, runs `reconstruct` (normalise → input subsets → MISE →
 * marching cubes → map back) and the ground-truth error colouring off the page's thread.
 * Cancelling is done by the page terminating this worker: the WASM kernels cannot be
 * interrupted, and a fresh worker costs only the model load.
 */
import { Engine } from '../nn/engine/Engine.ts';
import { DEFAULT_SMOOTH_ITERATIONS, reconstruct, type ReconstructProgress } from '../recon/reconstruct.ts';
import { colorByError, twoWayError } from '../eval/errorColors.ts';
import { loadOccupancyNetFromBytes } from '../nn/models/networks.ts';
import { OccupancyNetModel } from './OccupancyNetModel.ts';
import { testRotationsOf, trainedRangeText, type InputPolicyConfig } from '../recon/inputSubsets.ts';
import { plainError } from './readCloudFile.ts';
import { InputError } from '../errors.ts';
import { ReconProgressText } from './reconProgress.ts';
import type { ReconSettings, WorkerReply, WorkerRequest } from './workerProtocol.ts';

/** Ground-truth area farther than this from the reconstruction counts as missing (and the
 *  reconstruction's area farther than this from the ground truth as extra), unit-cube units:
 *  2 % of the cloud's longest side, about a voxel of a 64³ grid over the box [-0.55, 0.55]³,
 *  so the grid's own staircase error is not reported as missing surface. */
const MISSING_TAU = 0.02;
/** Surface samples per mesh for the two-way figures (about 0.1 s each way). */
const ERROR_SAMPLES = 20_000;

interface WorkerScope {
  postMessage(message: WorkerReply, transfer?: Transferable[]): void;
  onmessage: ((ev: MessageEvent<WorkerRequest>) => void) | null;
}
const scope = self as unknown as WorkerScope;

let model: OccupancyNetModel | null = null;

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
      // any network of the list (its config.json `method`: pcnn-occ or ONet)
      const net = loadOccupancyNetFromBytes(engine, m.configText, m.weights, m.modelName);
      model = new OccupancyNetModel(net);
      const policy = net.config as InputPolicyConfig;
      scope.postMessage({
        type: 'ready',
        inputSizes: trainedRangeText(policy),
        poses: testRotationsOf(policy),
        threshold: net.config.threshold,
        parameters: net.parameterCount,
      });
      return;
    }
    case 'reconstruct':
      return runReconstruct(m.job, m.positions, m.settings, m.name);
    case 'error-colors': {
      const pred = { positions: m.positions, faces: m.faces },
        gt = { positions: m.gtPositions, faces: m.gtFaces };
      // one direction colours the reconstruction (signed: inside / outside the ground truth) …
      const { mesh, range } = colorByError(pred, gt);
      // … the other finds the ground truth the reconstruction lacks, which has no vertex to colour
      const e = twoWayError(pred, gt, { unit: m.unit, tau: MISSING_TAU, samples: ERROR_SAMPLES });
      const colors = mesh.colors!;
      scope.postMessage(
        {
          type: 'colors',
          job: m.job,
          colors,
          range: range / m.unit,
          accuracy: e.accuracy,
          completeness: e.completeness,
          missingFraction: e.missingFraction,
          extraFraction: e.extraFraction,
          tau: e.tau,
          missingPoints: e.missingPoints,
        },
        [colors.buffer, e.missingPoints.buffer],
      );
      return;
    }
  }
}

async function runReconstruct(job: number, positions: Float32Array, s: ReconSettings, name: string): Promise<void> {
  if (!model) throw new Error('the model is not loaded');
  const batchSize = s.batchSize ?? 8192;
  const tracker = new ReconProgressText();
  const onProgress = (p: ReconstructProgress): void => {
    const { fraction, text } = tracker.view(p);
    scope.postMessage({ type: 'progress', job, fraction, text });
  };
  try {
    const { mesh, stats } = await reconstruct(positions, model, {
      resolution: s.resolution,
      upsamplingSteps: s.upsamplingSteps,
      threshold: s.threshold,
      smoothIterations: s.smoothIterations ?? DEFAULT_SMOOTH_ITERATIONS,
      seed: s.seed ?? 0,
      batchSize,
      bind: model.bind,
      source: name,
      onProgress,
    });
    const summary = {
      points: stats.points,
      subsets: stats.subsets,
      subsetSize: stats.subsetSize,
      poses: stats.poses,
      resolution: stats.resolution,
      resolution0: stats.resolution0,
      upsamplingSteps: stats.upsamplingSteps,
      threshold: stats.threshold,
      vertices: stats.vertices,
      faces: stats.faces,
      watertight: stats.watertight,
      evaluations: stats.evaluations,
      rounds: stats.rounds,
      scale: stats.transform.scale,
      seconds: stats.seconds.total,
      networkSeconds: stats.seconds.network,
      warnings: stats.warnings,
    };
    scope.postMessage({ type: 'mesh', job, positions: mesh.positions, faces: mesh.faces, summary }, [
      mesh.positions.buffer,
      mesh.faces.buffer,
    ]);
  } finally {
    model.release();
  }
}

function messageOf(e: unknown, m: WorkerRequest): string {
  if (m.type === 'reconstruct')
    return e instanceof InputError
      ? plainError(e, m.name).message
      : `The reconstruction failed: ${e instanceof Error ? e.message : String(e)}`;
  if (m.type === 'init') return `The model "${m.modelName}" cannot be loaded: ${e instanceof Error ? e.message : String(e)}`;
  return `Error colouring failed: ${e instanceof Error ? e.message : String(e)}`;
}
