/** The ONet baseline as an {@link OccupancyNetwork}: how a model folder holding one is validated and built. */
import type { OccupancyNetwork } from '../OccupancyNet.ts';
import { OnetOcc } from './OnetOcc.ts';
import { validateOnetConfig, type OnetConfig } from './OnetConfig.ts';
import { loadOnetWeightsInto } from './onetWeights.ts';

export const onetNetwork: OccupancyNetwork<OnetConfig> = {
  method: 'onet',
  validate: validateOnetConfig,
  create(engine, config, weights, file) {
    const net = new OnetOcc(engine, config);
    loadOnetWeightsInto(net, weights, file);
    return net;
  },
};
