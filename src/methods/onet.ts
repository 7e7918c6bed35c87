/** The ONet baseline (Mescheder et al. 2019), learned (src/nn/models/onet/, src/train/onetKit.ts). */
import { onetNetwork } from '../nn/models/onet/network.ts';
import type { LearnedMethod } from './types.ts';

export const onetMethod: LearnedMethod = {
  name: onetNetwork.method,
  description: 'the ONet baseline model',
  learned: true,
  title: 'ONet',
  modelFolder: 'onet-procshapes',
  trainCommand: 'pointocc train --config configs/onet-procshapes.json',
  network: onetNetwork,
  async trainKit() {
    const m = await import('../train/onetKit.ts');
    return { kit: m.onetKit as never, ref: m.ONET_KIT };
  },
  experimentFlag: '--onet-model',
  contextKey: 'onetModelDir',
  cacheId: 'onet',
};
