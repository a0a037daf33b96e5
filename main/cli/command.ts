/**
 * What every `netwright <command>` provides. A command is one module in commands/ exporting a
 * Command, plus one line in commands/index.ts; the dispatcher, `--help` and the usage text all
 * come from that table.
 */

/** Where a command writes: raw text, newlines included (tests and serve swap these out). */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export interface Command {
  name: string;
  /** One line: `netwright summary <file>`. */
  usage: string;
  /** What it does, in a few words, for `netwright --help`. */
  summary: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** Exit codes: 0 done, 1 the input has problems or an operation failed, 2 the command line is wrong. */
export const exitCodes = { ok: 0, failed: 1, usage: 2 } as const;

/** A user-facing failure: the dispatcher prints its message as one line and exits with its code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = exitCodes.failed,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
