import type { Command } from 'commander';

/** One line per command; each command's file exports `register(program)`. */
export function registerCommands(program: Command): void {
  void program;
}
