import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package root (where package.json, templates/ and dist/ live). Found by walking up from this
 * module, because it runs both from main/ (tsx) and bundled into dist/main/ (Electron).
 */
export const packageRoot = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'templates'))) return dir;
    if (dirname(dir) === dir) return resolve(start, '..');
  }
}

export const templatesDir = join(packageRoot, 'templates');
export const rendererDir = join(packageRoot, 'dist', 'renderer');

/** Per-user settings (recent files, crash recovery). NETWRIGHT_CONFIG_DIR overrides it for tests. */
export function configDir(): string {
  const fromEnv = process.env.NETWRIGHT_CONFIG_DIR;
  if (fromEnv) return resolve(fromEnv);
  const base = process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config');
  return join(base, 'netwright');
}
