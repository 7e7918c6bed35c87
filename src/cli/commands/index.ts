/**
 * The commands, in `--help` order. Each command's file exports `register(program)` and is
 * imported only when the command line names it: `pointocc --help` (or an unknown command) loads
 * none of them, so start-up costs what Node and commander cost (see bench:startup).
 */
import type { Command } from 'commander';
import { SUMMARIES, type CommandName } from './summaries.ts';

type CommandModule = { register(program: Command): void };

const LOADERS: Record<CommandName, () => Promise<CommandModule>> = {
  info: () => import('./info.ts'),
  reconstruct: () => import('./reconstruct.ts'),
  queue: () => import('./queue.ts'),
  upsample: () => import('./upsample.ts'),
  data: () => import('./data.ts'),
  train: () => import('./train.ts'),
  eval: () => import('./eval.ts'),
  experiment: () => import('./experiment.ts'),
};

function isCommand(name: string | undefined): name is CommandName {
  return name !== undefined && Object.hasOwn(LOADERS, name);
}

/**
 * Registers the command that `argv` names (also `help NAME`) with all its options; otherwise
 * registers every command by name and summary alone, which is all the top-level help shows.
 */
export async function registerCommands(program: Command, argv: readonly string[]): Promise<void> {
  const words = argv.filter((a) => !a.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  if (isCommand(name)) {
    (await LOADERS[name]()).register(program);
    return;
  }
  for (const c of Object.keys(SUMMARIES) as CommandName[]) program.command(c).description(SUMMARIES[c]);
}
