/**
 * `netwright <command> [arguments]`: finds the command in the table and runs it. Whatever goes
 * wrong reaches the user as one line on stderr and a non-zero exit code, never a stack trace
 * (NETWRIGHT_DEBUG=1 adds the trace for bug reports).
 */
import { CliError, exitCodes } from './command.ts';
import type { CliIo, Command } from './command.ts';
import { commands } from './commands/index.ts';

const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

export function helpText(table: readonly Command[] = commands): string {
  const width = Math.max(...table.map((c) => c.name.length));
  return [
    'Netwright: design neural networks as node graphs, check them, export them as code.',
    '',
    'Usage: netwright <command> [arguments]',
    '',
    'Commands:',
    ...table.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `netwright <command> --help` for its arguments.',
    '',
  ].join('\n');
}

export async function main(
  argv: readonly string[],
  io: CliIo = processIo,
  table: readonly Command[] = commands,
): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    io.out(helpText(table));
    return exitCodes.ok;
  }
  if (name === undefined) {
    io.err(
      'netwright: say what to do, for example `netwright summary net.json` (see netwright --help).\n',
    );
    return exitCodes.usage;
  }
  const command = table.find((c) => c.name === name);
  if (!command) {
    io.err(
      `netwright: unknown command "${name}"; the commands are ${table.map((c) => c.name).join(', ')} (see netwright --help).\n`,
    );
    return exitCodes.usage;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.out(`Usage: ${command.usage}\n${command.summary}.\n`);
    return exitCodes.ok;
  }
  if (io === processIo) quietOnClosedPipe();
  try {
    return await command.run(args, io);
  } catch (err) {
    io.err(`netwright ${name}: ${describeFailure(err, command)}\n`);
    if (process.env.NETWRIGHT_DEBUG && err instanceof Error && err.stack) io.err(`${err.stack}\n`);
    return err instanceof CliError
      ? err.exitCode
      : isArgumentError(err)
        ? exitCodes.usage
        : exitCodes.failed;
  }
}

function describeFailure(err: unknown, command: Command): string {
  if (err instanceof CliError) return err.message;
  if (isArgumentError(err)) {
    // node:util parseArgs's own messages run long; the option and the usage say enough.
    const option = /'(-[^']*)'/.exec((err as Error).message)?.[1];
    const what = option ? `unknown option "${option}"` : 'the arguments do not fit';
    return `${what}. Usage: ${command.usage}`;
  }
  const message = err instanceof Error ? err.message : String(err);
  return `unexpected failure: ${message.split('\n')[0] ?? ''} (set NETWRIGHT_DEBUG=1 for details)`;
}

/** `netwright export net.json | head` closes stdout early; that is the reader's choice, not an error. */
function quietOnClosedPipe(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(exitCodes.ok);
    throw err;
  });
}

function isArgumentError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}
