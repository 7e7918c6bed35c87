import type { Command } from 'commander';
import { register as registerData } from './data.ts';
import { register as registerInfo } from './info.ts';
import { register as registerReconstruct } from './reconstruct.ts';
import { register as registerUpsample } from './upsample.ts';
import { register as registerEval } from './eval.ts';

/** One line per command; each command's file exports `register(program)`. */
export function registerCommands(program: Command): void {
  void program;
  registerInfo(program);
  registerReconstruct(program);
  registerUpsample(program);
  registerData(program);
  registerEval(program);
}
