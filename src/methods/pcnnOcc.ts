/** pcnn-occ, pointocc's own learned method (src/nn/models/pcnnOcc/, src/train/pcnnOccKit.ts). */
import { pcnnOccNetwork } from '../nn/models/pcnnOcc/network.ts';
import type { LearnedMethod } from './types.ts';

export const pcnnOccMethod: LearnedMethod = {
  name: pcnnOccNetwork.method,
  description: 'the learned PCNN occupancy model (default)',
  learned: true,
  title: '',
  modelFolder: 'pcnn-occ-corpus',
  trainCommand: 'pointocc train',
  network: pcnnOccNetwork,
  async trainKit() {
    const m = await import('../train/pcnnOccKit.ts');
    return { kit: m.pcnnOccKit as never, ref: m.PCNN_OCC_KIT };
  },
  experimentFlag: '--model',
  contextKey: 'modelDir',
  // The experiments called this method `pointocc` before the registry; cached meshes keep their id.
  cacheId: 'pointocc',
};
