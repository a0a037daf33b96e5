/**
 * The command table. Adding a command: one module in this folder exporting a Command, plus one
 * line here. `netwright --help` lists them in this order.
 */
import type { Command } from '../command.ts';
import { exportCommand } from './export.ts';
import { importCommand } from './import.ts';
import { serveCommand } from './serve.ts';
import { summaryCommand } from './summary.ts';
import { trainCommand } from './train.ts';
import { validateCommand } from './validate.ts';

export const commands: readonly Command[] = [
  summaryCommand,
  validateCommand,
  exportCommand,
  importCommand,
  trainCommand,
  serveCommand,
];
