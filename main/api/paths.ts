import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep, dirname, basename, join } from 'node:path';
import { ApiFailure } from './failure.ts';

/**
 * The files a desktop window may touch: those the user chose in a native dialog or reopened from
 * the recent list (and what lies under them: an exported project's files, a document's runs).
 * The renderer is not trusted, so a path it merely names is not enough.
 */
export class PathGrants {
  private readonly granted = new Set<string>();

  grant(path: string): void {
    this.granted.add(resolve(path));
  }

  allows(path: string): boolean {
    const target = resolve(path);
    for (const g of this.granted) {
      if (isInside(g, target) || isInside(`${g}.runs`, target)) return true;
    }
    return false;
  }
}

export interface PathScope {
  /** Browser mode: the only folder paths may lead into. Desktop: null. */
  workspace: string | null;
  /** Desktop: the paths the user granted (see PathGrants); absent, any absolute path goes. */
  grants?: PathGrants;
}

/**
 * Resolves a path from the renderer. In browser mode paths are relative to the workspace and must
 * stay inside it — also after following symlinks, so a link cannot lead out. In desktop mode the
 * path must be one the user granted, except for data a run only reads (`read-only`).
 */
export async function resolveUserPath(
  scope: PathScope,
  path: string,
  access: 'granted' | 'read-only' = 'granted',
): Promise<string> {
  if (path.includes('\0')) throw new ApiFailure('A002', 'The path contains a NUL character.');
  const { workspace } = scope;
  if (workspace === null) {
    if (!isAbsolute(path))
      throw new ApiFailure('A002', `Expected an absolute path, got "${path}".`);
    const absolute = resolve(path);
    if (access === 'granted' && scope.grants && !scope.grants.allows(absolute)) {
      throw new ApiFailure(
        'A007',
        `"${path}" was not chosen in a file dialog; open or save it through File first.`,
      );
    }
    return absolute;
  }
  const root = await realpath(workspace);
  const target = resolve(root, path);
  assertInside(root, target, path);
  // The file may not exist yet (Save As): check the deepest existing ancestor's real location.
  const real = await realpathOfExisting(target);
  assertInside(root, real, path);
  return target;
}

/** Whether `target` is `root` or lies under it (`..notes.json` is inside; `../x` is not). */
export function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

function assertInside(root: string, target: string, shown: string): void {
  if (!isInside(root, target)) {
    throw new ApiFailure('A003', `"${shown}" is outside the workspace folder.`);
  }
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
