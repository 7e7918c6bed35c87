// A tiny randomly initialised pcnn-occ model for the web app's end-to-end test. What it predicts
// is meaningless; its threshold is set to the median P(inside) over the reconstruction box for
// the given cloud, so that the occupancy surely crosses it on the MISE grid and the page has a
// mesh with faces to show.
import { mkdirSync } from 'node:fs';
import { Engine } from '../../src/nn/engine/Engine.ts';
import { PcnnOcc } from '../../src/nn/models/pcnnOcc/PcnnOcc.ts';
import { saveModel } from '../../src/nn/serve/modelIo.ts';
import { defaultPcnnOccConfig } from '../../src/nn/models/pcnnOcc/PcnnOccConfig.ts';
import { probability } from '../../src/nn/ops/softmaxCrossEntropy.ts';
import { Random } from '../../src/geometry/Random.ts';

/**
 * Save a model (inputPoints = the cloud's size, so it is one input subset; widths 4, hidden 8) to
 * `dir`; returns its threshold.
 * @param cloud xyz per point, any units (normalised here exactly as docs/design.md §2 says: bounding-box
 *   centre to the origin, longest side to 1 — written out independently of src/geometry/normalize).
 */
export async function saveWebTestModel(dir: string, cloud: Float32Array, seed = 7): Promise<number> {
  const n = cloud.length / 3;
  const lo = [Infinity, Infinity, Infinity],
    hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < n; i++)
    for (let k = 0; k < 3; k++) {
      lo[k] = Math.min(lo[k], cloud[3 * i + k]);
      hi[k] = Math.max(hi[k], cloud[3 * i + k]);
    }
  const side = Math.max(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]);
  const input = new Float32Array(cloud.length);
  for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) input[3 * i + k] = (cloud[3 * i + k] - (lo[k] + hi[k]) / 2) / side;

  const config = { ...defaultPcnnOccConfig(), inputPoints: n, levelSizes: [64, 32, 8], widths: [4, 4, 4, 4, 4, 4, 4], hidden: 8 };
  const net = new PcnnOcc(await Engine.create(), config);
  net.initialize(new Random(seed));
  // 13³ points spanning the reconstruction box [-0.55, 0.55]³
  const q: number[] = [];
  for (let z = 0; z < 13; z++)
    for (let y = 0; y < 13; y++)
      for (let x = 0; x < 13; x++) q.push(-0.55 + (1.1 * x) / 12, -0.55 + (1.1 * y) / 12, -0.55 + (1.1 * z) / 12);
  const state = net.prepareCloud(input);
  const p = Array.from(probability(net.evaluate(state, Float32Array.from(q)))).sort((a, b) => a - b);
  net.releaseCloud(state);
  const threshold = p[p.length >> 1];
  net.config.threshold = threshold;
  mkdirSync(dir, { recursive: true });
  saveModel(dir, net);
  return threshold;
}
