/**
 * Reading a document file for a command: every way it can fail (no such file, a folder, no
 * permission, not JSON, not a Netwright document) becomes a CliError whose message fits one line,
 * or, for validate, the list of coded problems.
 */
import { readFile, stat } from 'node:fs/promises';
import type { GraphDocument } from '../../app/graph/document.ts';
import { documentLimits } from '../../app/graph/document.ts';
import { DocumentError } from '../../app/graph/errors.ts';
import type { Problem } from '../../app/graph/errors.ts';
import { parseDocumentText } from '../../app/graph/load.ts';
import { CliError } from './command.ts';

export type LoadResult = { ok: true; document: GraphDocument } | { ok: false; problems: Problem[] };

/** The document, or the coded problems that keep it from loading. Throws CliError for file errors. */
export async function loadDocumentFile(path: string): Promise<LoadResult> {
  const text = await readDocumentText(path);
  try {
    return { ok: true, document: parseDocumentText(text) };
  } catch (err) {
    if (err instanceof DocumentError) return { ok: false, problems: err.problems };
    throw err;
  }
}

/** The document, or a CliError naming the first problem (for commands that need a valid file). */
export async function requireDocument(path: string): Promise<GraphDocument> {
  const result = await loadDocumentFile(path);
  if (result.ok) return result.document;
  const [first] = result.problems;
  const more =
    result.problems.length > 1
      ? ` (and ${result.problems.length - 1} more: run netwright validate ${path})`
      : '';
  throw new CliError(
    `${path} is not a valid Netwright document: ${first?.message ?? 'unknown problem'}${more}`,
  );
}

async function readDocumentText(path: string): Promise<string> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new CliError(`${path} is a folder, not a document file.`);
    if (info.size > documentLimits.bytes) {
      const mb = (info.size / 1024 / 1024).toFixed(1);
      throw new CliError(
        `${path} is ${mb} MB; a network document is at most ${documentLimits.bytes / 1024 / 1024} MB.`,
      );
    }
    return await readFile(path, 'utf8');
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`cannot read ${path}: ${fileErrorReason(err)}.`);
  }
}

function fileErrorReason(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOTDIR') return 'a part of the path is not a folder';
  return err instanceof Error ? err.message : String(err);
}
