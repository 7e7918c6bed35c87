/**
 * The {@link ModelKit} of the pcnn-occ model (src/nn/models/pcnnOcc/PcnnOcc.ts): how trainer worker threads
 * build, validate and save it. {@link PCNN_OCC_KIT} names this module to them.
 */
import type { Engine } from '../nn/engine/Engine.ts';
import { PcnnOcc } from '../nn/models/pcnnOcc/PcnnOcc.ts';
import { validateConfig, type PcnnOccConfig } from '../nn/models/pcnnOcc/PcnnOccConfig.ts';
import { saveModel } from '../nn/serve/modelIo.ts';
import type { ModelKit, ModelKitRef } from './TrainableModel.ts';

export const pcnnOccKit: ModelKit<PcnnOcc> = {
  create: (engine: Engine, config: unknown) => new PcnnOcc(engine, config as PcnnOccConfig),
  validate: (json: unknown, source?: string) => validateConfig(json, source),
  save: (dir: string, model: PcnnOcc) => saveModel(dir, model),
  threshold: (config: unknown) => (config as PcnnOccConfig).threshold,
  // the range of input sizes the model is trained on, recorded in its config (absent for one size)
  fitInputRange: (config: Record<string, unknown>, range: readonly [number, number] | null) => {
    if (range === null && config.trainPoints === undefined) return config;
    const fitted = { ...config };
    if (range) fitted.trainPoints = range;
    else delete fitted.trainPoints;
    return fitted;
  },
};

/** Import location of {@link pcnnOccKit} (a kit of the method registry: not stored in run folders). */
export const PCNN_OCC_KIT: ModelKitRef = { url: import.meta.url, exportName: 'pcnnOccKit', builtIn: true };
