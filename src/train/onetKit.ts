/**
 * The {@link ModelKit} of the ONet baseline (src/nn/models/onet/OnetOcc.ts): how trainer worker threads
 * build, validate and save it. {@link ONET_KIT} names this module to them.
 */
import type { Engine } from '../nn/engine/Engine.ts';
import { OnetOcc } from '../nn/models/onet/OnetOcc.ts';
import { validateOnetConfig, type OnetConfig } from '../nn/models/onet/OnetConfig.ts';
import { saveOnetModel } from '../nn/serve/onetModelIo.ts';
import { UsageError } from '../errors.ts';
import type { ModelKit, ModelKitRef } from './TrainableModel.ts';

export const onetKit: ModelKit<OnetOcc> = {
  create: (engine: Engine, config: unknown) => new OnetOcc(engine, config as OnetConfig),
  validate: (json: unknown, source?: string) => validateOnetConfig(json, source),
  save: (dir: string, model: OnetOcc) => saveOnetModel(dir, model),
  threshold: (config: unknown) => (config as OnetConfig).threshold,
  fitInputRange: (config: Record<string, unknown>, range: readonly [number, number] | null, source: string) => {
    if (range)
      throw new UsageError(
        `${source}: train.inputPointsRange ${JSON.stringify(range)}: ONet trains on blocks of equal-size inputs; give it one input size (train.inputPoints)`,
      );
    return config;
  },
};

/** Import location of {@link onetKit} (a kit of the method registry: not stored in run folders). */
export const ONET_KIT: ModelKitRef = { url: import.meta.url, exportName: 'onetKit', builtIn: true };
