import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Why the Electron tests are skipped where the binary is missing (an optional download). */
export const electronSkipReason =
  'Electron binary not installed on this machine (optional dependency; its download is blocked here)';

/** The Electron binary's path, or null where the package or its downloaded binary is missing. */
export function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}
