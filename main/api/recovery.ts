/**
 * Autosave for crash recovery: the renderer writes the open document here every few seconds while
 * it has unsaved changes; the next start offers it back. Cleared on a clean save or close.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { GraphDocument } from '../../app/graph/document.ts';
import { parseDocument } from '../../app/graph/load.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';

const FILE = 'recovery.json';

export async function writeRecovery(
  configDir: string,
  document: GraphDocument,
  path: string | null,
): Promise<string> {
  const savedAt = new Date().toISOString();
  await writeFileAtomic(join(configDir, FILE), JSON.stringify({ savedAt, path, document }));
  return savedAt;
}

export async function readRecovery(
  configDir: string,
): Promise<{ document: GraphDocument; path: string | null; savedAt: string } | null> {
  let raw: { savedAt?: unknown; path?: unknown; document?: unknown };
  try {
    raw = JSON.parse(await readFile(join(configDir, FILE), 'utf8')) as typeof raw;
  } catch {
    return null;
  }
  try {
    return {
      document: parseDocument(raw.document),
      path: typeof raw.path === 'string' ? raw.path : null,
      savedAt: typeof raw.savedAt === 'string' ? raw.savedAt : '',
    };
  } catch {
    return null; // a damaged recovery file is not worth an error dialog at start-up
  }
}

export async function clearRecovery(configDir: string): Promise<void> {
  await rm(join(configDir, FILE), { force: true });
}
