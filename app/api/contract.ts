/**
 * The one typed contract between the renderer and the main side. Each channel names its request
 * schema (validated in main: a renderer is not trusted) and its response type. The same handler
 * table serves Electron IPC (desktop) and the loopback WebSocket (`netwright serve`), so nothing
 * in the renderer knows which transport it talks to. Adding a channel: one entry here, one handler
 * in main/api/handlers.ts; a type-level test proves the two tables match.
 */
import { z } from 'zod';
import type { GraphDocument } from '../graph/document.ts';

/** A document is validated by app/graph/load.ts, not by zod here: it gives coded problems. */
const documentPayload = z.unknown();
const filePath = z.string().min(1).max(4096);

export const requestSchemas = {
  'app.info': z.object({}),
  'document.open': z.object({ path: filePath }),
  'document.save': z.object({ path: filePath, document: documentPayload }),
  'document.list': z.object({ dir: z.string().max(4096).default('') }),
  'dialog.open': z.object({}),
  'dialog.save': z.object({ suggestedName: z.string().max(255).default('untitled.nwg.json') }),
  'recent.list': z.object({}),
  'recovery.write': z.object({ document: documentPayload, path: filePath.nullable() }),
  'recovery.read': z.object({}),
  'recovery.clear': z.object({}),
  'templates.list': z.object({}),
  'templates.open': z.object({ file: z.string().regex(/^[a-z0-9_-]+\.json$/) }),
  /**
   * The renderer's command registry, sent so the desktop shell can build its native menu from it
   * (one registry feeds menus, shortcuts and the palette). Browser mode ignores it.
   */
  'menu.set': z.object({
    sections: z
      .array(
        z.object({
          label: z.string().max(64),
          items: z
            .array(
              z.object({
                id: z.string().max(128),
                label: z.string().max(128),
                accelerator: z.string().max(64).optional(),
                separatorBefore: z.boolean().optional(),
              }),
            )
            .max(200),
        }),
      )
      .max(20),
  }),
} as const;

export type Channel = keyof typeof requestSchemas;
export type Request<C extends Channel> = z.input<(typeof requestSchemas)[C]>;
export type ParsedRequest<C extends Channel> = z.output<(typeof requestSchemas)[C]>;

export interface FileEntry {
  name: string;
  /** Path relative to the workspace (browser mode) or absolute (desktop). */
  path: string;
  kind: 'file' | 'dir';
}

export interface TemplateSummary {
  file: string;
  title: string;
  summary: string;
  params: number;
  tags: string[];
}

export interface Responses {
  'app.info': {
    version: string;
    mode: 'desktop' | 'browser';
    /** Browser mode: the folder opening and saving are confined to. */
    workspace: string | null;
  };
  'document.open': { path: string; document: GraphDocument };
  'document.save': { path: string };
  'document.list': { dir: string; entries: FileEntry[] };
  /** Null when the user cancels. Desktop shows a native dialog; browser mode has none. */
  'dialog.open': { path: string } | null;
  'dialog.save': { path: string } | null;
  'recent.list': { paths: string[] };
  'recovery.write': { savedAt: string };
  'recovery.read': { document: GraphDocument; path: string | null; savedAt: string } | null;
  'recovery.clear': Record<string, never>;
  'templates.list': { templates: TemplateSummary[] };
  'templates.open': { document: GraphDocument };
  'menu.set': Record<string, never>;
}

/** Events main pushes to the renderer (desktop: IPC; browser: the same WebSocket). */
export interface Events {
  /** A native menu item was chosen: run the command with this id from the registry. */
  command: { id: string };
}

/** Every failure crosses the boundary as a code and a sentence, never a stack trace. */
export interface ApiError {
  code: string;
  message: string;
  problems?: { code: string; message: string; path?: string; node?: string }[];
}

export type ApiResult<C extends Channel> =
  { ok: true; value: Responses[C] } | { ok: false; error: ApiError };

/** The function the renderer calls, whatever the transport. */
export type Invoke = <C extends Channel>(channel: C, request: Request<C>) => Promise<ApiResult<C>>;

export const channels = Object.keys(requestSchemas) as Channel[];

/** API error codes (A0xx), distinct from document (E0xx) codes. */
export const apiErrorCodes = {
  A001: 'Unknown channel.',
  A002: 'The request payload is malformed.',
  A003: 'The path is outside the workspace.',
  A004: 'The file could not be read or written.',
  A005: 'The document is invalid.',
  A006: 'Not available in this mode.',
  A007: 'Unauthorized.',
  A099: 'Internal error.',
} as const;
