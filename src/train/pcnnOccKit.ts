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
};

/** Import location of {@link pcnnOccKit} (the trainer's default model). */
export const PCNN_OCC_KIT: ModelKitRef = { url: import.meta.url, exportName: 'pcnnOccKit' };
