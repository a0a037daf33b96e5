/**
 * Where a worker thread's code is: the bundled file beside the bundled main process in the desktop
 * app (main/build.js writes it into dist/main/), else a tsx bootstrap beside these sources.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function workerEntry(bundled: string, bootstrap: string): URL {
  const built = new URL(bundled, import.meta.url);
  return existsSync(fileURLToPath(built)) ? built : new URL(bootstrap, import.meta.url);
}
