// A tiny randomly initialised pcnn-occ model saved to a temporary folder, for CLI plumbing tests
// (what it predicts is meaningless; only that the pipeline runs end to end).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/nn/engine/Engine.ts';
import { PcnnOcc } from '../../../src/nn/models/pcnnOcc/PcnnOcc.ts';
import { saveModel } from '../../../src/nn/serve/modelIo.ts';
import { defaultPcnnOccConfig } from '../../../src/nn/models/pcnnOcc/PcnnOccConfig.ts';
import { OccupancyPredictor } from '../../../src/nn/serve/occupancy.ts';
import { Random } from '../../../src/geometry/Random.ts';
import { prepareCloudOccupancy } from '../../../src/recon/cloudOccupancy.ts';
import { averageOccupancy } from '../../../src/recon/OccupancyModel.ts';

/** Saves a model with 64 input points, widths 4, hidden 8; returns its folder. */
export async function saveTinyModel(seed = 1): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'pointocc-tiny-model-'));
  const model = new PcnnOcc(await Engine.create(), {
    ...defaultPcnnOccConfig(),
    inputPoints: 64,
    levelSizes: [32, 16, 8],
    widths: [4, 4, 4, 4, 4, 4, 4],
    hidden: 8,
  });
  model.initialize(new Random(seed));
  saveModel(dir, model);
  return dir;
}

/**
 * A threshold at which the model's occupancy surely has a surface for this cloud: the median of
 * P(inside) (averaged over the default input subsets, seed 0, as the CLI does) over a 9³ grid
 * of the reconstruction box.
 */
export async function medianProbability(modelDir: string, cloud: Float32Array): Promise<number> {
  const p = await OccupancyPredictor.create(modelDir, { workers: 0 });
  try {
    const occupancy = averageOccupancy(prepareCloudOccupancy(cloud, p).parts);
    const q: number[] = [];
    for (let k = 0; k < 9; k++) for (let j = 0; j < 9; j++) for (let i = 0; i < 9; i++) q.push(-0.5 + i / 8, -0.5 + j / 8, -0.5 + k / 8);
    const v = Array.from(await occupancy(Float32Array.from(q))).sort((a, b) => a - b);
    return v[v.length >> 1];
  } finally {
    await p.close();
  }
}

/**
 * Runs the CLI in this process (no second Node start-up, which costs 1–2 s under load),
 * capturing the text it writes to stdout and stderr. Same exit-code rules as `bin/pointocc.js`.
 *
 * Only string writes are captured: the test runner of this (child) process reports its events
 * to stdout as binary chunks, possibly while a command runs, and those must pass through or
 * the runner loses the results of tests.
 */
export async function runCliCaptured(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const { runCli } = await import('../../../src/cli/main.ts');
  let stdout = '',
    stderr = '';
  const out = process.stdout.write,
    err = process.stderr.write;
  const capture = (stream: NodeJS.WriteStream, original: typeof out, append: (s: string) => void) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      if (typeof chunk === 'string') {
        append(chunk);
        return true;
      }
      return (original as (...a: unknown[]) => boolean).call(stream, chunk, ...rest);
    }) as typeof out;
  process.stdout.write = capture(process.stdout, out, (c) => {
    stdout += c;
  });
  process.stderr.write = capture(process.stderr, err, (c) => {
    stderr += c;
  });
  try {
    const status = await runCli(args);
    return { status, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}
