// A tiny randomly weighted ONet model saved to a temporary folder, for CLI plumbing tests (what
// it predicts is meaningless; only that the pipeline runs end to end with an ONet folder).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/nn/engine/Engine.ts';
import { OnetOcc } from '../../../src/nn/models/onet/OnetOcc.ts';
import { validateOnetConfig } from '../../../src/nn/models/onet/OnetConfig.ts';
import { saveOnetModel } from '../../../src/nn/serve/onetModelIo.ts';
import { Random } from '../../../src/geometry/Random.ts';

/**
 * Saves an ONet with 64 input points, widths 6 / code 4 / decoder 5, 2 blocks; every weight
 * N(0, 1.4²/fan_in) and biases N(0, 0.1²) (ONet's own zero inits would make the code c unused),
 * running statistics perturbed. Returns its folder.
 */
export async function saveTinyOnetModel(seed = 1): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'pointocc-tiny-onet-'));
  const model = new OnetOcc(
    await Engine.create(),
    validateOnetConfig({ encoderHidden: 6, cDim: 4, decoderHidden: 5, blocks: 2, inputPoints: 64 }),
  );
  const rng = new Random(seed);
  for (const t of model.params)
    for (let i = 0; i < t.size; i++) t.data[i] = (t.shape.length === 2 ? 1.4 / Math.sqrt(t.shape[0]) : 0.1) * rng.normal();
  for (const t of model.buffers)
    for (let i = 0; i < t.size; i++) t.data[i] = t.name.endsWith('runningVar') ? rng.uniform(0.5, 1.5) : 0.2 * rng.normal();
  saveOnetModel(dir, model);
  return dir;
}
