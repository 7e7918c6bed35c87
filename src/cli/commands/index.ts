import type { Command } from 'commander';
import { register as registerData } from './data.ts';
import { register as registerInfo } from './info.ts';
import { register as registerReconstruct } from './reconstruct.ts';
import { register as registerUpsample } from './upsample.ts';
import { register as registerEval } from './eval.ts';
import { register as registerTrain } from './train.ts';
import { register as registerExperiment } from './experiment.ts';

/** One line per command; each command's file exports `register(program)`. */
export function registerCommands(program: Command): void {
  void program;
  registerInfo(program);
  registerReconstruct(program);
  registerUpsample(program);
  registerData(program);
  registerTrain(program);
  registerEval(program);
  registerExperiment(program);
}
