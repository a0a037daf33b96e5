/**
 * `netwright export <file> --lang ts [--out path]`: the network as source code. Without --out the
 * code goes to stdout, so it pipes; with it, the file is written atomically.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { emitTypeScript } from '../../../app/codegen/typescript.ts';
import type { GraphDocument } from '../../../app/graph/document.ts';
import { inferGraph } from '../../../app/graph/infer.ts';
import { writeFileAtomic } from '../../fs/atomic-write.ts';
import { CliError, exitCodes } from '../command.ts';
import type { Command } from '../command.ts';
import { requireDocument } from '../load-document.ts';
import { oneFileArgument } from './arguments.ts';

/** Export languages by --lang value; a new target is one line here plus its emitter. */
const emitters: Readonly<Record<string, (doc: GraphDocument) => string>> = {
  ts: emitTypeScript,
};

const usage = `netwright export <file> --lang ${Object.keys(emitters).join('|')} [--out <path>]`;

export const exportCommand: Command = {
  name: 'export',
  usage,
  summary: 'write the network as code (TypeScript for tfjs)',
  async run(args, io) {
    const { positionals, values } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { lang: { type: 'string' }, out: { type: 'string' } },
    });
    const path = oneFileArgument(positionals, usage);
    const lang = values.lang;
    const emit = lang === undefined ? undefined : emitters[lang];
    if (!emit) {
      const why =
        lang === undefined ? 'say which language with --lang' : `unknown --lang "${lang}"`;
      throw new CliError(
        `${why}; known: ${Object.keys(emitters).join(', ')}. Usage: ${usage}`,
        exitCodes.usage,
      );
    }
    const document = await requireDocument(path);
    const { errorCount } = inferGraph(document);
    if (errorCount > 0) {
      throw new CliError(
        `${path} has ${errorCount} error${errorCount > 1 ? 's' : ''} to fix before its code can run; run netwright validate ${path}.`,
      );
    }
    const source = emit(document);
    if (values.out === undefined) {
      io.out(source);
      return exitCodes.ok;
    }
    try {
      await writeFileAtomic(values.out, source);
    } catch (err) {
      const reason = (err as { code?: string }).code ?? (err instanceof Error ? err.message : '');
      throw new CliError(`cannot write ${values.out}: ${reason}.`);
    }
    io.err(`Wrote ${resolve(values.out)} (${source.split('\n').length - 1} lines).\n`);
    return exitCodes.ok;
  },
};
