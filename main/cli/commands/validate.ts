/**
 * `netwright validate <file>`: every coded problem, one per line, errors first. Exits 1 on any
 * error; warnings alone are printed and exit 0, so scripts can gate on it.
 */
import { parseArgs } from 'node:util';
import { inferGraph } from '../../../app/graph/infer.ts';
import { exitCodes } from '../command.ts';
import type { Command } from '../command.ts';
import { loadDocumentFile } from '../load-document.ts';
import { formatCount } from '../table.ts';
import { oneFileArgument } from './arguments.ts';

const usage = 'netwright validate <file>';

export const validateCommand: Command = {
  name: 'validate',
  usage,
  summary: 'list the coded problems of a network; exit 1 if there is any error',
  async run(args, io) {
    const { positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: {} });
    const path = oneFileArgument(positionals, usage);
    const loaded = await loadDocumentFile(path);
    // A file that does not load has document problems (E001–E009) and no graph to infer.
    if (!loaded.ok) {
      for (const p of loaded.problems) io.out(`${p.message}\n`);
      return exitCodes.failed;
    }
    const inference = inferGraph(loaded.document);
    for (const p of inference.problems) io.out(`${p.message}\n`);
    if (inference.errorCount > 0) return exitCodes.failed;
    const warnings = inference.problems.length;
    const note = warnings > 0 ? `, ${warnings} warning${warnings > 1 ? 's' : ''}` : '';
    io.out(
      `${path}: valid, ${loaded.document.nodes.length} nodes, ${formatCount(inference.totals.params.total)} parameters${note}.\n`,
    );
    return exitCodes.ok;
  },
};
