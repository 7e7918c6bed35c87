/** pcnn-occ as an {@link OccupancyNetwork}: how a model folder holding one is validated and built. */
import type { OccupancyNetwork } from '../OccupancyNet.ts';
import { PcnnOcc } from './PcnnOcc.ts';
import { validateConfig, type PcnnOccConfig } from './PcnnOccConfig.ts';
import { loadWeightsInto } from './modelWeights.ts';

export const pcnnOccNetwork: OccupancyNetwork<PcnnOccConfig> = {
  method: 'pcnn-occ',
  validate: validateConfig,
  create(engine, config, weights, file) {
    const net = new PcnnOcc(engine, config);
    loadWeightsInto(net, weights, file);
    return net;
  },
};
