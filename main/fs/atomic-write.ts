import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';

/**
 * Writes a file so that a crash at any moment leaves either the old content or the new, never a
 * torn file: write a temp file beside the target, flush it, then rename over the target (rename is
 * atomic within one file system).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, data, { flush: true });
    await rename(temp, path);
    await syncFolder(dir);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

/**
 * Flushes the folder entry, so the new name itself survives a power loss, not only the bytes.
 * Some platforms cannot open a folder for syncing (Windows); there the rename is all we can do.
 */
async function syncFolder(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // best effort, see above
  } finally {
    await handle?.close();
  }
}
