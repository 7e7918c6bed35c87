/**
 * Child-process entry for the `train` CLI test (not a test file): runs `train ARGS` on a program
 * with only the train command, reporting errors as the real CLI does (exit 2 for usage errors).
 */
import { Command } from 'commander';
import { register } from '../../../src/cli/commands/train.ts';
import { reportError } from '../../../src/cli/main.ts';

const program = new Command().exitOverride();
register(program);
try {
  await program.parseAsync(process.argv.slice(2), { from: 'user' });
  process.exitCode = 0;
} catch (e) {
  process.exitCode = reportError(e);
}
