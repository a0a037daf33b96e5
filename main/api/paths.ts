import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep, dirname, basename, join } from 'node:path';
import { ApiFailure } from './failure.ts';

/**
 * Resolves a path from the renderer. In browser mode paths are relative to the workspace and must
 * stay inside it — also after following symlinks, so a link cannot lead out. In desktop mode the
 * path came from a native dialog and may be anywhere.
 */
export async function resolveUserPath(workspace: string | null, path: string): Promise<string> {
  if (path.includes('\0')) throw new ApiFailure('A002', 'The path contains a NUL character.');
  if (workspace === null) {
    if (!isAbsolute(path))
      throw new ApiFailure('A002', `Expected an absolute path, got "${path}".`);
    return resolve(path);
  }
  const root = await realpath(workspace);
  const target = resolve(root, path);
  assertInside(root, target, path);
  // The file may not exist yet (Save As): check the deepest existing ancestor's real location.
  const real = await realpathOfExisting(target);
  assertInside(root, real, path);
  return target;
}

function assertInside(root: string, target: string, shown: string): void {
  const rel = relative(root, target);
  // `..notes.json` is a file inside; only `..` itself or `../…` leads out.
  if (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)) return;
  throw new ApiFailure('A003', `"${shown}" is outside the workspace folder.`);
}

async function realpathOfExisting(path: string): Promise<string> {
  let at = path;
  const rest: string[] = [];
  for (;;) {
    try {
      return join(await realpath(at), ...rest.reverse());
    } catch {
      const parent = dirname(at);
      if (parent === at) return path;
      rest.push(basename(at));
      at = parent;
    }
  }
}

/** A workspace-relative path for display and for the renderer, with forward slashes. */
export function toWorkspacePath(workspace: string | null, absolute: string): string {
  return workspace === null ? absolute : relative(workspace, absolute).split(sep).join('/');
}
