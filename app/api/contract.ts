/**
 * The one typed contract between the renderer and the main side. Each channel names its request
 * schema (validated in main: a renderer is not trusted) and its response type. The same handler
 * table serves Electron IPC (desktop) and the loopback WebSocket (`netwright serve`), so nothing
 * in the renderer knows which transport it talks to. Adding a channel: one entry here, one handler
 * in main/api/handlers.ts; a type-level test proves the two tables match.
 */
import { z } from 'zod';
import type { GraphDocument } from '../graph/document.ts';
import { trainingConfigSchema } from '../graph/training.ts';
import type {
  BackendInfo,
  EpochRecord,
  MetricValues,
  Preflight,
  RunStatus,
  RunSummary,
  TrainingConfig,
  TrainingEvent,
} from '../graph/training.ts';

/** What File → Export writes (main/api/export.ts). */
export const exportWriteTargets = [
  'typescript-module',
  'typescript-project',
  'keras',
  'pytorch',
] as const;
export type ExportWriteTarget = (typeof exportWriteTargets)[number];

/** A document is validated by app/graph/load.ts, not by zod here: it gives coded problems. */
const documentPayload = z.unknown();
const filePath = z.string().min(1).max(4096);
/** A run folder's name (a timestamp); never a path, so it cannot climb out of the runs folder. */
const runId = z.string().regex(/^(?!\.)[A-Za-z0-9_.-]{1,100}$/, 'not a run id');
/** The backends a run can ask for (app/engine/backend.ts lists them; it loads tfjs, so not here). */
const backendChoices = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
/** One of a saved run's two weight sets, in the runs folder of the request's document. */
const runWeights = z.object({ runId, which: z.enum(['best', 'final']) });
export type RunWeights = z.infer<typeof runWeights>;

export const requestSchemas = {
  'app.info': z.object({}),
  'document.open': z.object({ path: filePath }),
  'document.save': z.object({ path: filePath, document: documentPayload }),
  'document.list': z.object({ dir: z.string().max(4096).default('') }),
  'dialog.open': z.object({}),
  'dialog.save': z.object({
    suggestedName: z.string().max(255).default('untitled.nwg.json'),
    /** What is saved, for the dialog's file types: a document, a TypeScript file or a folder. */
    kind: z.enum(['document', 'typescript', 'folder']).default('document'),
  }),
  'recent.list': z.object({}),
  'recovery.write': z.object({ document: documentPayload, path: filePath.nullable() }),
  'recovery.read': z.object({}),
  'recovery.clear': z.object({}),
  'templates.list': z.object({}),
  'templates.open': z.object({ file: z.string().regex(/^[a-z0-9_-]+\.json$/) }),
  /**
   * Trains the document in a worker on the main side; progress arrives as `training.*` events.
   * `config` defaults to the document's own `training` field. Runs are saved beside
   * `documentPath` (`<file>.runs/`); an unsaved document (null) trains without saving a run.
   * `initialWeights` continues from one of that document's runs (E213 when they do not fit).
   */
  'training.start': z.object({
    document: documentPayload,
    config: trainingConfigSchema.optional(),
    documentPath: filePath.nullable(),
    backend: z.enum(backendChoices).optional(),
    initialWeights: runWeights.optional(),
  }),
  'training.stop': z.object({ runId: z.string().max(100) }),
  'training.status': z.object({}),
  /** Memory and time estimates before a run, after opening the data and checking it fits. */
  'training.preflight': z.object({
    document: documentPayload,
    config: trainingConfigSchema.optional(),
    documentPath: filePath.nullable(),
    backend: z.enum(backendChoices).optional(),
  }),
  'runs.list': z.object({ documentPath: filePath }),
  'runs.read': z.object({ documentPath: filePath, runId }),
  /** The network exactly as a run trained it, to open as a new document, and its weights. */
  'runs.open': z.object({ documentPath: filePath, runId }),
  /**
   * Writes the document as code: a TypeScript module (`path` is the .ts file) or a TypeScript,
   * Keras or PyTorch project (`path` is the folder, created when missing). `weightsFrom` adds a
   * run's trained weights to a project, from the runs of the document saved at `documentPath`.
   */
  'export.write': z.object({
    document: documentPayload,
    target: z.enum(exportWriteTargets),
    path: filePath,
    documentPath: filePath.nullable().optional(),
    weightsFrom: runWeights.optional(),
  }),
  /** A Keras model JSON or a TensorFlow.js model.json → a document, laid out, and notes. */
  'import.open': z.object({ path: filePath }),
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
                /** Consecutive items naming one submenu sit in a flyout of that name. */
                submenu: z.string().max(64).optional(),
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
  'export.write': {
    /** The module file or project folder written. */
    path: string;
    files: string[];
    /** What the target cannot express (W103, per node); the rest was written. */
    warnings: { code: string; message: string; node?: string }[];
  };
  'import.open': {
    document: GraphDocument;
    /** Settings left out of the document, one sentence each. */
    notes: string[];
  };
  'training.start': { runId: string };
  /** False when no run with that id is training (it already ended). */
  'training.stop': { stopping: boolean };
  'training.status': LiveRun | null;
  'training.preflight': PreflightReport;
  'runs.list': { runs: RunListItem[] };
  'runs.read': RunRecord;
  'runs.open': {
    document: GraphDocument;
    /** The run's weight folders in tfjs format (model.json + weights.bin), where saved. */
    weights: { best: string | null; final: string | null };
  };
}

/** The run training now, for a window that opens (or reloads) while it trains. */
export interface LiveRun {
  runId: string;
  documentPath: string | null;
  startedAt: string;
  stopping: boolean;
  /**
   * What the run has reported so far: its start, every epoch and test event, and the most recent
   * batch events (a bounded tail; batch events are sampled, see `training.event`).
   */
  events: TrainingEvent[];
}

export interface PreflightReport {
  preflight: Preflight;
  samples: { train: number; dev: number; test: number };
  batchesPerEpoch: number;
  /** The backend the estimate assumes: the one asked for, or the one expected to load. */
  backend: BackendInfo['name'];
  /** What the data set is, for people: `planar (400 points)`, `MNIST training images`. */
  data: string;
}

export interface RunListItem {
  /** The run folder's name, a sortable timestamp. */
  id: string;
  startedAt: string | null;
  /** `running` also covers a run whose process died before it wrote its summary. */
  status: RunStatus | 'running';
  /** Epochs trained and recorded. */
  epochs: number;
  /** Epochs asked for. */
  plannedEpochs: number | null;
  /** `planar`, `mnist`, `data.csv`. */
  dataset: string | null;
  best: EpochRecord | null;
  final: EpochRecord | null;
  test: { loss: number; metrics: MetricValues } | null;
  backend: BackendInfo | null;
  /** The run whose weights this one continued from; null for a fresh start. */
  startedFrom: RunWeights | null;
}

export interface RunRecord {
  id: string;
  startedAt: string;
  config: TrainingConfig;
  backend: BackendInfo;
  sizes: { train: number; dev: number; test: number };
  /** The document as the run trained it. */
  document: GraphDocument;
  epochs: EpochRecord[];
  /** Null while the run trains, or when it died before finishing. */
  summary: RunSummary | null;
}

/** Events main pushes to the renderer (desktop: IPC; browser: the same WebSocket). */
export interface Events {
  /** A native menu item was chosen: run the command with this id from the registry. */
  command: { id: string };
  /**
   * Progress of a run. Start, epoch and test events all arrive; batch events are sampled (at most
   * a few dozen a second, and always the last batch of an epoch) so a fast run cannot flood the
   * window.
   */
  'training.event': { runId: string; event: TrainingEvent };
  /** The run ended normally: completed, stopped or early-stopped. */
  'training.done': {
    runId: string;
    summary: RunSummary;
    /** The run folder's id for runs.read / runs.open; null when the document was not saved. */
    savedRunId: string | null;
  };
  /**
   * The run could not go on: a NaN/Inf loss (`diverged`, E209, with the epoch and batch and what
   * to try), data or graph problems (`error`, E2xx/E0xx), a worker crash (A010) or out of memory
   * (A011). The app itself carries on.
   */
  'training.failed': {
    runId: string;
    kind: 'diverged' | 'error' | 'crash' | 'out-of-memory';
    code: string;
    message: string;
    epoch?: number;
    batch?: number;
    savedRunId: string | null;
  };
}

export type EventName = keyof Events;

/** Every event, for the preload's allow-list; the check below fails to compile if one is missing. */
export const eventNames = [
  'command',
  'training.event',
  'training.done',
  'training.failed',
] as const satisfies readonly EventName[];
const _everyEventListed: Exclude<EventName, (typeof eventNames)[number]> extends never
  ? true
  : never = true;

/** Subscribes to an event; the returned function unsubscribes. */
export type Subscribe = <E extends EventName>(
  event: E,
  listener: (payload: Events[E]) => void,
) => () => void;

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
  A008: 'A run is already training.',
  A009: 'There is no such run.',
  A010: 'The training worker crashed.',
  A011: 'The training worker ran out of memory.',
  A099: 'Internal error.',
} as const;
