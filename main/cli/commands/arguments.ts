import { CliError, exitCodes } from '../command.ts';

/** The single file argument most commands take; anything else is a usage error. */
export function oneFileArgument(positionals: readonly string[], usage: string): string {
  const [path, ...extra] = positionals;
  if (path === undefined) throw new CliError(`which file? Usage: ${usage}`, exitCodes.usage);
  if (extra.length > 0) {
    throw new CliError(`unexpected argument "${extra[0]}". Usage: ${usage}`, exitCodes.usage);
  }
  return path;
}
