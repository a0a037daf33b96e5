/**
 * `netwright import <model.json> --out <doc.json>`: a Keras model JSON (model.to_json()) or a
 * TensorFlow.js model.json becomes a Netwright document, laid out; weights found beside a
 * model.json go to `<doc>.weights/`. Layers the catalog does not know are listed by name and
 * class, and nothing is written then.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DocumentError } from '../../../app/graph/errors.ts';
import { inferGraph } from '../../../app/graph/infer.ts';
import { readModelFile, writeImport } from '../../export/import-model.ts';
import type { ImportResult } from '../../export/import-model.ts';
import { CliError, exitCodes } from '../command.ts';
import type { Command } from '../command.ts';
import { oneFileArgument } from './arguments.ts';

const usage = 'netwright import <model.json> --out <doc.json>';

export const importCommand: Command = {
  name: 'import',
  usage,
  summary: 'open a Keras or TensorFlow.js model file as a Netwright document',
  async run(args, io) {
    const { positionals, values } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { out: { type: 'string' } },
    });
    const path = oneFileArgument(positionals, usage);
    if (values.out === undefined)
      throw new CliError(
        `say where the document goes with --out. Usage: ${usage}`,
        exitCodes.usage,
      );
    let result: ImportResult;
    try {
      result = await readModelFile(path);
    } catch (err) {
      if (err instanceof DocumentError) {
        for (const p of err.problems) io.err(`${p.message}\n`);
        throw new CliError(
          `${path} cannot be imported (${err.problems.length} problem${err.problems.length > 1 ? 's' : ''} above).`,
        );
      }
      const code = (err as { code?: string }).code;
      if (code) throw new CliError(`cannot read ${path}: ${code}.`);
      throw err;
    }
    const written = await writeImport(result, values.out);
    for (const note of result.notes) io.err(`note: ${note}\n`);
    const { doc } = result;
    const open = inferGraph(doc).problems.filter((p) => p.severity === 'error');
    io.err(
      `Wrote ${resolve(values.out)}: ${doc.nodes.length} nodes${written.length > 1 ? `, weights in ${resolve(written[1] as string)}` : ''}.\n`,
    );
    for (const p of open) io.err(`${p.message}\n`);
    return exitCodes.ok;
  },
};
