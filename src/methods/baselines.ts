/** The classical baselines (functions in src/recon/baselines.ts): no model, no training. */
import { ballPivotingBaseline, hullBaseline, poissonBaseline } from '../recon/baselines.ts';
import type { BaselineMethod } from './types.ts';

export const BASELINE_METHODS: readonly BaselineMethod[] = [
  {
    name: 'poisson',
    description: 'screened Poisson (Kazhdan & Hoppe 2013) on PCA normals oriented by MST propagation; grid 128³ by default',
    learned: false,
    watertight: true,
    reconstruct: poissonBaseline,
  },
  {
    name: 'bpa',
    description: 'ball pivoting (Bernardini et al. 1999) on PCA normals oriented by MST propagation; radii 1.1·s·{1,2,4}',
    learned: false,
    watertight: false,
    reconstruct: ballPivotingBaseline,
  },
  {
    name: 'hull',
    description: 'convex hull (quickhull): a floor baseline, closed but blind to concavities',
    learned: false,
    watertight: true,
    reconstruct: hullBaseline,
  },
];
