/**
 * The main side's half of app/api/contract.ts: one handler per channel. Served over Electron IPC
 * (main/electron) and over the loopback WebSocket (main/server) by the same dispatch function.
 */
import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { requestSchemas } from '../../app/api/contract.ts';
import type {
  ApiResult,
  Channel,
  Events,
  ParsedRequest,
  Responses,
} from '../../app/api/contract.ts';
import { DocumentError } from '../../app/graph/errors.ts';
import { parseDocument, parseDocumentText, serializeDocument } from '../../app/graph/load.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import { exportHandlers } from './export.ts';
import { ApiFailure } from './failure.ts';
import { isInside, resolveUserPath, toWorkspacePath } from './paths.ts';
import type { PathGrants } from './paths.ts';
import { addRecent, readRecent } from './recent.ts';
import { clearRecovery, readRecovery, writeRecovery } from './recovery.ts';
import { runsHandlers } from './runs.ts';
import { trainingHandlers } from './training.ts';

export interface ApiContext {
  mode: 'desktop' | 'browser';
  /** Browser mode: the only folder opening and saving may touch. Desktop: null. */
  workspace: string | null;
  /** Desktop: the files the user chose in dialogs or reopened from the recent list. */
  grants?: PathGrants;
  /** Where recent files and the recovery file live. */
  configDir: string;
  templatesDir: string;
  version: string;
  /** Native menu (desktop only), built from the renderer's command registry. */
  setMenu?: (sections: ParsedRequest<'menu.set'>['sections']) => void;
  /** Native dialogs (desktop only). */
  dialogs?: {
    open(): Promise<string | null>;
    save(suggestedName: string, kind: 'document' | 'typescript' | 'folder'): Promise<string | null>;
  };
  /** Pushes an event to the window (IPC) or to every client of the server (WebSocket). */
  events?: { emit<E extends keyof Events>(event: E, payload: Events[E]): void };
  /** Caps the training worker's heap, in MB (tests use it to provoke out-of-memory). */
  training?: { maxHeapMb?: number };
}

type Handlers = {
  [C in Channel]: (request: ParsedRequest<C>, ctx: ApiContext) => Promise<Responses[C]>;
};

/** The biggest document file we agree to read; the loader applies the exact limit. */
const MAX_READ_BYTES = 64 * 1024 * 1024;

export const handlers: Handlers = {
  'app.info': (_req, ctx) =>
    Promise.resolve({ version: ctx.version, mode: ctx.mode, workspace: ctx.workspace }),

  'document.open': async ({ path }, ctx) => {
    const absolute = await resolveUserPath(ctx, path);
    const text = await readText(absolute, path);
    const document = asDocument(() => parseDocumentText(text));
    await addRecent(ctx.configDir, absolute);
    return { path: toWorkspacePath(ctx.workspace, absolute), document };
  },

  'document.save': async ({ path, document }, ctx) => {
    const absolute = await resolveUserPath(ctx, path);
    const valid = asDocument(() => parseDocument(document));
    try {
      await writeFileAtomic(absolute, serializeDocument(valid));
    } catch (err) {
      throw new ApiFailure('A004', `Could not save "${path}": ${systemReason(err)}.`);
    }
    await addRecent(ctx.configDir, absolute);
    return { path: toWorkspacePath(ctx.workspace, absolute) };
  },

  'document.list': async ({ dir }, ctx) => {
    if (ctx.workspace === null)
      throw new ApiFailure(
        'A006',
        'Listing folders is for browser mode; the desktop app uses the system dialog.',
      );
    const absolute = await resolveUserPath(ctx, dir || '.');
    let names: Dirent[];
    try {
      names = await readdir(absolute, { withFileTypes: true });
    } catch (err) {
      throw new ApiFailure('A004', `Could not list "${dir || '.'}": ${systemReason(err)}.`);
    }
    const entries = names
      .filter((d) => !d.name.startsWith('.') && (d.isDirectory() || d.name.endsWith('.json')))
      .map((d) => ({
        name: d.name,
        path: toWorkspacePath(ctx.workspace, join(absolute, d.name)),
        kind: d.isDirectory() ? ('dir' as const) : ('file' as const),
      }))
      .sort((a, b) =>
        a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'dir' ? -1 : 1,
      );
    return { dir: toWorkspacePath(ctx.workspace, absolute), entries };
  },

  'dialog.open': async (_req, ctx) => {
    if (!ctx.dialogs) throw new ApiFailure('A006', 'Native dialogs exist only in the desktop app.');
    const path = await ctx.dialogs.open();
    if (path !== null) ctx.grants?.grant(path);
    return path === null ? null : { path };
  },

  'dialog.save': async ({ suggestedName, kind }, ctx) => {
    if (!ctx.dialogs) throw new ApiFailure('A006', 'Native dialogs exist only in the desktop app.');
    const path = await ctx.dialogs.save(suggestedName, kind);
    if (path !== null) ctx.grants?.grant(path);
    return path === null ? null : { path };
  },

  'recent.list': async (_req, ctx) => {
    const recent = await readRecent(ctx.configDir);
    // Files the user opened or saved before stay theirs to reopen from the list.
    for (const p of recent) ctx.grants?.grant(p);
    // In browser mode only files inside the workspace are the client's business.
    const { workspace } = ctx;
    const visible = workspace === null ? recent : recent.filter((p) => isInside(workspace, p));
    return { paths: visible.map((p) => toWorkspacePath(workspace, p)) };
  },

  'recovery.write': async ({ document, path }, ctx) => {
    const valid = asDocument(() => parseDocument(document));
    return { savedAt: await writeRecovery(ctx.configDir, valid, path) };
  },

  'recovery.read': async (_req, ctx) => {
    const recovered = await readRecovery(ctx.configDir);
    if (recovered?.path) ctx.grants?.grant(recovered.path);
    return recovered;
  },

  'recovery.clear': async (_req, ctx) => {
    await clearRecovery(ctx.configDir);
    return {};
  },

  'templates.list': async (_req, ctx) => {
    const text = await readText(join(ctx.templatesDir, 'index.json'), 'templates/index.json');
    try {
      const parsed = JSON.parse(text) as
        | { templates?: Responses['templates.list']['templates'] }
        | Responses['templates.list']['templates'];
      return { templates: Array.isArray(parsed) ? parsed : (parsed.templates ?? []) };
    } catch {
      throw new ApiFailure('A004', 'The template index is damaged.');
    }
  },

  'menu.set': ({ sections }, ctx) => {
    ctx.setMenu?.(sections);
    return Promise.resolve({});
  },

  'templates.open': async ({ file }, ctx) => {
    const text = await readText(join(ctx.templatesDir, file), `templates/${file}`);
    return { document: asDocument(() => parseDocumentText(text)) };
  },

  ...trainingHandlers,
  ...runsHandlers,
  ...exportHandlers,
};

/**
 * Validates the channel and payload, runs the handler and turns every outcome into an ApiResult.
 * Nothing the renderer sends can make this throw.
 */
export async function dispatch(
  ctx: ApiContext,
  channel: unknown,
  payload: unknown,
): Promise<ApiResult<Channel>> {
  if (typeof channel !== 'string' || !Object.hasOwn(requestSchemas, channel)) {
    return {
      ok: false,
      error: { code: 'A001', message: `Unknown API channel ${JSON.stringify(channel)}.` },
    };
  }
  const name = channel as Channel;
  const parsed = requestSchemas[name].safeParse(payload ?? {});
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((i) => `${i.path.join('.') || 'request'}: ${i.message}`)
      .join('; ');
    return { ok: false, error: { code: 'A002', message: `Malformed ${name} request: ${detail}.` } };
  }
  try {
    const handler = handlers[name] as (
      req: unknown,
      ctx: ApiContext,
    ) => Promise<Responses[Channel]>;
    return { ok: true, value: await handler(parsed.data, ctx) };
  } catch (err) {
    if (err instanceof ApiFailure) {
      return {
        ok: false,
        error: {
          code: err.code,
          message: err.message,
          ...(err.problems ? { problems: err.problems } : {}),
        },
      };
    }
    // Unexpected: log for the developer, give the user a sentence (never the stack).
    console.error(`[netwright] ${name} failed:`, err);
    return {
      ok: false,
      error: {
        code: 'A099',
        message: `Something went wrong handling ${name}; the details are in the log.`,
      },
    };
  }
}

function asDocument<T>(load: () => T): T {
  try {
    return load();
  } catch (err) {
    if (err instanceof DocumentError) {
      const problems = err.problems.map((p) => ({
        code: p.code,
        message: p.message,
        ...(p.path ? { path: p.path } : {}),
        ...(p.node ? { node: p.node } : {}),
      }));
      throw new ApiFailure('A005', problems[0]?.message ?? 'The document is invalid.', problems);
    }
    throw err;
  }
}

async function readText(absolute: string, shown: string): Promise<string> {
  try {
    const info = await stat(absolute);
    if (!info.isFile()) throw new ApiFailure('A004', `"${shown}" is not a file.`);
    if (info.size > MAX_READ_BYTES) {
      throw new ApiFailure(
        'A005',
        `"${shown}" is ${(info.size / 1024 / 1024).toFixed(0)} MB, too large to be a network document.`,
      );
    }
    return await readFile(absolute, 'utf8');
  } catch (err) {
    if (err instanceof ApiFailure) throw err;
    throw new ApiFailure('A004', `Could not read "${shown}": ${systemReason(err)}.`);
  }
}

function systemReason(err: unknown): string {
  const code = (err as { code?: string }).code;
  const reasons: Record<string, string> = {
    ENOENT: 'no such file or folder',
    EACCES: 'permission denied',
    EISDIR: 'it is a folder',
    ENOSPC: 'the disk is full',
    EROFS: 'the disk is read-only',
  };
  return (code && reasons[code]) ?? (err instanceof Error ? err.message : String(err));
}
