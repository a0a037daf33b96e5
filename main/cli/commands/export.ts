/**
 * `netwright export <file> --lang ts [--out path]`: the network as source code. Without --out the
 * code goes to stdout, so it pipes; with it, the file is written atomically. `--lang ts` with
 * --out naming a folder writes a whole TypeScript project; keras and pytorch always write a
 * folder; --weights adds a run's trained weights.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { emitTypeScript } from '../../../app/codegen/typescript.ts';
import type { GraphDocument } from '../../../app/graph/document.ts';
import { inferGraph } from '../../../app/graph/infer.ts';
import { writeFileAtomic } from '../../fs/atomic-write.ts';
import { writeKerasExport, writeTsProjectExport } from '../../export/code-projects.ts';
import { writePyTorchExport } from '../../export/pytorch.ts';
import { CliError, exitCodes } from '../command.ts';
import type { Command } from '../command.ts';
import { requireDocument } from '../load-document.ts';
import { oneFileArgument } from './arguments.ts';

/** Export languages by --lang value; a new target is one line here plus its emitter. */
const emitters: Readonly<Record<string, (doc: GraphDocument) => string>> = {
  ts: emitTypeScript,
};

/** Targets that write a folder (--out names it), optionally with a run's weights. */
const folderExporters: Readonly<
  Record<string, (doc: GraphDocument, out: string, o: { weights?: string }) => Promise<string[]>>
> = {
  pytorch: writePyTorchExport,
  keras: writeKerasExport,
};

/**
 * Single-file targets that write a whole project instead when --out names a folder (one that
 * exists, or a path ending in /) or --weights comes along.
 */
const projectExporters: typeof folderExporters = {
  ts: writeTsProjectExport,
};

async function namesFolder(path: string): Promise<boolean> {
  if (/[/\\]$/.test(path)) return true;
  return (await stat(path).catch(() => null))?.isDirectory() ?? false;
}

const languages = [...Object.keys(emitters), ...Object.keys(folderExporters)];
const usage = `netwright export <file> --lang ${languages.join('|')} [--weights <run>] [--out <path>]`;

export const exportCommand: Command = {
  name: 'export',
  usage,
  summary: 'write the network as code (a TypeScript module or project, a Keras or PyTorch folder)',
  async run(args, io) {
    const { positionals, values } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { lang: { type: 'string' }, out: { type: 'string' }, weights: { type: 'string' } },
    });
    const path = oneFileArgument(positionals, usage);
    const lang = values.lang;
    const emit = lang === undefined ? undefined : emitters[lang];
    const project = lang === undefined ? undefined : projectExporters[lang];
    const asProject =
      project !== undefined &&
      values.out !== undefined &&
      (values.weights !== undefined || (await namesFolder(values.out)));
    const exportFolder =
      lang === undefined ? undefined : (folderExporters[lang] ?? (asProject ? project : undefined));
    if (!emit && !exportFolder) {
      const why =
        lang === undefined ? 'say which language with --lang' : `unknown --lang "${lang}"`;
      throw new CliError(
        `${why}; known: ${languages.join(', ')}. Usage: ${usage}`,
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
    if (exportFolder) {
      if (values.out === undefined) {
        throw new CliError(
          `--lang ${lang} writes a folder: name it with --out. Usage: ${usage}`,
          exitCodes.usage,
        );
      }
      const written = await exportFolder(document, values.out, { weights: values.weights });
      io.err(`Wrote ${written.length} files to ${resolve(values.out)}.\n`);
      return exitCodes.ok;
    }
    if (values.weights !== undefined) {
      throw new CliError(
        `--weights goes with --lang ${[...Object.keys(projectExporters), ...Object.keys(folderExporters)].join('|')} and --out <folder>. Usage: ${usage}`,
        exitCodes.usage,
      );
    }
    const source = (emit as (doc: GraphDocument) => string)(document);
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
