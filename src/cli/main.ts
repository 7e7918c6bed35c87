/**
 * The `pointocc` command line. Each command lives in its own file under `commands/` and is
 * registered in `commands/index.ts`. Errors in the user's input or options print one line on
 * stderr and exit with code 2; anything else is an internal error (exit 1), with the stack only
 * when POINTOCC_DEBUG=1.
 */
import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands/index.ts';
import { InputError, UsageError } from '../errors.ts';

/** The program with the command that `argv` names registered (see commands/index.ts). */
export async function buildProgram(argv: readonly string[]): Promise<Command> {
  const program = new Command();
  program
    .name('pointocc')
    .description('Watertight meshes from sparse, noisy, unoriented point clouds, by a learned occupancy function (PCNN).')
    .version('0.1.0')
    .exitOverride();
  await registerCommands(program, argv);
  // Commander prints its own errors as "error: …" plus a help hint on a second line; they are
  // printed by reportError instead, as one `pointocc: …` line like every other usage error.
  // Applied to every command, since commands may be created apart from `program`.
  const quiet = (c: Command): void => {
    c.configureOutput({ outputError: () => {} }).showHelpAfterError(false);
    for (const sub of c.commands) quiet(sub);
  };
  quiet(program);
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  try {
    const program = await buildProgram(argv);
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    return reportError(e);
  }
}

/** Turns any thrown value into the exit code, printing one line for the user's mistakes. */
export function reportError(e: unknown): number {
  if (e instanceof CommanderError) {
    // commander already printed its message (or the help/version text).
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
    // e.g. "error: unknown option '--foo'\n(Did you mean --format?)": one line, our prefix.
    const msg = e.message
      .replace(/^error:\s*/, '')
      .replace(/\s*\n\s*/g, ' ')
      .trim();
    process.stderr.write(`pointocc: ${msg} (run with --help for usage)\n`);
    return 2;
  }
  if (e instanceof InputError || e instanceof UsageError) {
    process.stderr.write(`pointocc: ${e.message}\n`);
    return 2;
  }
  const msg = e instanceof Error ? e.message : String(e);
  process.stderr.write(`pointocc: internal error: ${msg}\n`);
  if (process.env.POINTOCC_DEBUG === '1' && e instanceof Error) process.stderr.write(`${e.stack}\n`);
  return 1;
}

/**
 * Runs the CLI as the process: exit code from {@link runCli}; a reader that closes stdout early
 * (`pointocc … | head`) is the reader's choice, not an error.
 */
export function runCliMain(argv: string[]): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  // Ctrl-C / kill: one line and the conventional 128 + signal number. process.exit runs the
  // 'exit' hooks, which delete temporary files being written (src/io/atomicWrite.ts) and release
  // a run lock; every output is written atomically, so no partial output remains. A command that
  // handles the signal itself (train: stop after the step, checkpoint) is left to do so.
  for (const [sig, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    const onSignal = (): void => {
      if (process.listenerCount(sig) > 1) return;
      process.stderr.write('pointocc: interrupted\n');
      process.exit(code);
    };
    process.on(sig, onSignal);
  }
  runCli(argv).then((code) => {
    process.exitCode = code;
  });
}

// `node --import tsx src/cli/main.ts …` (npm run pointocc) or `node dist/cli/main.js …`.
const isMain = process.argv[1] && /main\.[jt]s$/.test(process.argv[1]);
if (isMain) runCliMain(process.argv.slice(2));
