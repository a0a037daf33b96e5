/**
 * Training over the API: `training.start` hands the document to a worker thread (main/training),
 * its progress goes out as `training.event`, and it ends in exactly one `training.done` or
 * `training.failed`. One run trains at a time per server (browser mode) or per app (desktop): two
 * runs would halve each other's speed and fight over the same memory.
 *
 * INVARIANT: a session's `live` is cleared before its final event goes out, so a window that asks
 * `training.status` after `training.done` hears "nothing is training".
 */
import { freemem } from 'node:os';
import { createRequire } from 'node:module';
import { basename, dirname, isAbsolute, join } from 'node:path';
import type {
  Events,
  LiveRun,
  ParsedRequest,
  Responses,
  RunWeights,
} from '../../app/api/contract.ts';
import { graphIO } from '../../app/engine/data/graph-io.ts';
import { openDataset } from '../../app/engine/data/open.ts';
import { prepareData } from '../../app/engine/data/pipeline.ts';
import { preflight } from '../../app/engine/preflight.ts';
import type { GraphDocument } from '../../app/graph/document.ts';
import { inferGraph } from '../../app/graph/infer.ts';
import { datasetSchema, trainingConfigSchema } from '../../app/graph/training.ts';
import type {
  BackendInfo,
  DatasetConfig,
  TrainingConfig,
  TrainingEvent,
} from '../../app/graph/training.ts';
import { startTraining, TrainingFailure } from '../training/host.ts';
import type { TrainingHandle, TrainingOutcome } from '../training/host.ts';
import type { InitialWeights } from '../training/messages.ts';
import { ApiFailure } from './failure.ts';
import type { ApiContext } from './handlers.ts';
import { runsFolderFor } from '../runs/runs.ts';
import { resolveUserPath } from './paths.ts';
import { fittingRunWeights } from './runs.ts';
import { asApiFailure, documentFrom } from './training-errors.ts';

type BackendName = BackendInfo['name'];

/** Batch events faster than this are sampled: 25 a second draw a smooth curve at any speed. */
const BATCH_EVENT_INTERVAL_MS = 40;
/** How many recent batch events `training.status` replays to a window that opens mid-run. */
const REPLAYED_BATCHES = 500;
/** WebAssembly memory is 32-bit: at most 4 GiB, whatever the machine has. */
const WASM_LIMIT_BYTES = 4 * 1024 ** 3;

interface Live {
  runId: string;
  handle: TrainingHandle;
  documentPath: string | null;
  startedAt: string;
  stopping: boolean;
  /** Start, epoch and test events, all kept (a few hundred at most). */
  milestones: TrainingEvent[];
  recentBatches: TrainingEvent[];
  lastBatchSentAt: number;
}

interface Session {
  live: Live | null;
  /** The backend the last run trained on: the pre-flight estimate assumes it next time. */
  lastBackend: BackendName | null;
  nextRun: number;
}

const sessions = new WeakMap<ApiContext, Session>();

function sessionOf(ctx: ApiContext): Session {
  let session = sessions.get(ctx);
  if (!session) {
    session = { live: null, lastBackend: null, nextRun: 1 };
    sessions.set(ctx, session);
  }
  return session;
}

type TrainingChannel =
  'training.start' | 'training.stop' | 'training.status' | 'training.preflight';

export const trainingHandlers: {
  [C in TrainingChannel]: (request: ParsedRequest<C>, ctx: ApiContext) => Promise<Responses[C]>;
} = {
  'training.start': async (request, ctx) => {
    const session = sessionOf(ctx);
    if (session.live) {
      throw new ApiFailure(
        'A008',
        'A run is already training. Stop it first, or wait for it to finish: two runs at once would halve each other’s speed.',
      );
    }
    const document = documentFrom(request.document);
    const config = configFor(request.config, document);
    const absoluteDocument =
      request.documentPath === null ? null : await resolveUserPath(ctx, request.documentPath);
    // The worker writes the run into `<document>.runs/`: that folder must not lead out of the
    // workspace either (a symlink named like it, planted beside the document).
    if (absoluteDocument !== null) await resolveUserPath(ctx, runsFolderFor(absoluteDocument));
    const dataset = await resolveDatasetPath(
      config.dataset ?? datasetSchema.parse({}),
      ctx,
      absoluteDocument,
    );
    // Graph problems are refused here, with their node ids, rather than seconds later by the worker.
    asApiFailure(() => graphIO(document));
    const initialWeights = request.initialWeights
      ? await warmStart(ctx, request.documentPath, document, request.initialWeights)
      : null;
    // Checked again after the awaits above: another start may have begun meanwhile.
    if (session.live) throw new ApiFailure('A008', 'A run is already training.');

    const runId = `run-${Date.now().toString(36)}-${session.nextRun++}`;
    let live: Live | null = null;
    const handle = startTraining(
      {
        document,
        config: { ...config, dataset },
        ...(absoluteDocument ? { documentPath: absoluteDocument } : {}),
        ...(request.backend ? { backend: request.backend } : {}),
        ...(initialWeights ? { initialWeights } : {}),
      },
      {
        // Events arrive from the worker on later turns of the event loop, after `live` is set.
        onEvent: (event) => {
          if (live) relay(ctx, live, event);
        },
        ...(ctx.training?.maxHeapMb ? { maxHeapMb: ctx.training.maxHeapMb } : {}),
      },
    );
    live = {
      runId,
      handle,
      documentPath: request.documentPath,
      startedAt: new Date().toISOString(),
      stopping: false,
      milestones: [],
      recentBatches: [],
      lastBatchSentAt: 0,
    };
    session.live = live;
    const started = live;
    handle.finished.then(
      (outcome) => finish(ctx, session, started, outcome),
      (err: unknown) => fail(ctx, session, started, err),
    );
    return { runId };
  },

  'training.stop': ({ runId }, ctx) => {
    const live = sessionOf(ctx).live;
    if (!live || live.runId !== runId) return Promise.resolve({ stopping: false });
    live.stopping = true;
    live.handle.stop();
    return Promise.resolve({ stopping: true });
  },

  'training.status': (_request, ctx) => {
    const live = sessionOf(ctx).live;
    return Promise.resolve(live ? liveRun(live) : null);
  },

  'training.preflight': async (request, ctx) => {
    const document = documentFrom(request.document);
    const config = configFor(request.config, document);
    const absoluteDocument =
      request.documentPath === null ? null : await resolveUserPath(ctx, request.documentPath);
    const dataset = await resolveDatasetPath(
      config.dataset ?? datasetSchema.parse({}),
      ctx,
      absoluteDocument,
    );
    const session = sessionOf(ctx);
    const backend = request.backend ?? session.lastBackend ?? likelyBackend();
    return asApiFailure(async () => {
      const io = graphIO(document);
      const sources = await openDataset(dataset, io, config.seed);
      // Opening the data checks that it fits the input and the loss; normalization is left out
      // because fitting it reads every sample, and it changes no size.
      const data = await prepareData(sources, io, {
        ...config,
        dataset,
        normalize: false,
        augmentation: undefined,
      });
      const estimate = preflight({
        inference: inferGraph(document),
        config,
        trainSamples: data.sizes.train,
        devSamples: data.sizes.dev,
        backend,
        availableBytes: availableBytes(backend),
      });
      return {
        preflight: estimate,
        samples: { ...data.sizes },
        batchesPerEpoch: Math.ceil(data.sizes.train / config.batchSize),
        backend,
        data: sources.pool.description,
      };
    });
  },
};

/** Ends the run in progress at once (the server closes, the app quits). */
export async function endTraining(ctx: ApiContext): Promise<void> {
  const live = sessions.get(ctx)?.live;
  if (live) await live.handle.terminate();
}

/**
 * A past run to continue from: one of this document's runs (its runs folder is the only place
 * looked in), whose network has the same weighted layers, with the same shapes, as this one.
 */
async function warmStart(
  ctx: ApiContext,
  documentPath: string | null,
  document: GraphDocument,
  from: RunWeights,
): Promise<InitialWeights> {
  if (documentPath === null) {
    throw new ApiFailure(
      'A009',
      'This network is not saved, so it has no runs to continue from. Save it, train it, then continue from one of its runs.',
    );
  }
  return { ...from, folder: await fittingRunWeights(ctx, documentPath, document, from) };
}

/** The document's own run configuration unless the request brings one; defaults fill the rest. */
function configFor(requested: TrainingConfig | undefined, document: GraphDocument): TrainingConfig {
  return requested ?? document.training ?? trainingConfigSchema.parse({});
}

/**
 * A CSV file or image folder is a user path like a document's: inside the workspace in browser
 * mode. On the desktop a relative path is taken from the document's folder.
 */
async function resolveDatasetPath(
  dataset: DatasetConfig,
  ctx: ApiContext,
  absoluteDocument: string | null,
): Promise<DatasetConfig> {
  if (dataset.source === 'builtin') return dataset;
  if (!dataset.path) {
    // An empty box is a missing path: the data loader says which kind of path it needs (E210).
    const { path: _empty, ...withoutPath } = dataset;
    return withoutPath;
  }
  let path = dataset.path;
  if (ctx.workspace === null && !isAbsolute(path)) {
    if (!absoluteDocument) {
      throw new ApiFailure(
        'A002',
        `The data path "${path}" is relative, but the network is not saved yet: give a full path, or save the network and give the path from its folder.`,
      );
    }
    path = join(dirname(absoluteDocument), path);
  }
  return { ...dataset, path: await resolveUserPath(ctx, path, 'read-only') };
}

function relay(ctx: ApiContext, live: Live, event: TrainingEvent): void {
  if (event.type === 'batch') {
    const now = Date.now();
    const lastOfEpoch = event.batch === event.batchesPerEpoch;
    if (!lastOfEpoch && now - live.lastBatchSentAt < BATCH_EVENT_INTERVAL_MS) return;
    live.lastBatchSentAt = now;
    live.recentBatches.push(event);
    if (live.recentBatches.length > REPLAYED_BATCHES) live.recentBatches.shift();
  } else {
    live.milestones.push(event);
  }
  emit(ctx, 'training.event', { runId: live.runId, event });
}

function liveRun(live: Live): LiveRun {
  // Batches go after the milestones of their epoch so a replay draws them in order.
  const events = [...live.milestones, ...live.recentBatches].sort((a, b) => order(a) - order(b));
  return {
    runId: live.runId,
    documentPath: live.documentPath,
    startedAt: live.startedAt,
    stopping: live.stopping,
    events,
  };
}

/** Sort key: start, then epoch by epoch its batches and then its record, then the test. */
function order(event: TrainingEvent): number {
  switch (event.type) {
    case 'start':
      return -1;
    case 'batch':
      return event.epoch * 1e9 + event.batch;
    case 'epoch':
      return event.record.epoch * 1e9 + 1e9 - 1;
    case 'test':
      return Number.MAX_SAFE_INTEGER;
  }
}

function finish(ctx: ApiContext, session: Session, live: Live, outcome: TrainingOutcome): void {
  end(session, live);
  session.lastBackend = outcome.summary.backend.name;
  const savedRunId = outcome.runDir ? basename(outcome.runDir) : null;
  const { summary } = outcome;
  if (summary.status === 'diverged' && summary.problem) {
    const { code, message, epoch, batch } = summary.problem;
    emit(ctx, 'training.failed', {
      runId: live.runId,
      kind: 'diverged',
      code,
      message: withoutCode(message),
      epoch,
      batch,
      savedRunId,
    });
    return;
  }
  emit(ctx, 'training.done', { runId: live.runId, summary, savedRunId });
}

function fail(ctx: ApiContext, session: Session, live: Live, err: unknown): void {
  end(session, live);
  const failure =
    err instanceof TrainingFailure
      ? {
          kind: err.kind,
          code:
            err.kind === 'crash'
              ? 'A010'
              : err.kind === 'out-of-memory'
                ? 'A011'
                : (err.code ?? 'A099'),
          message: withoutCode(err.message),
        }
      : {
          kind: 'crash' as const,
          code: 'A010',
          message: `The training worker failed: ${err instanceof Error ? err.message : String(err)}`,
        };
  if (failure.code === 'A099') console.error('[netwright] training failed:', err);
  emit(ctx, 'training.failed', { runId: live.runId, ...failure, savedRunId: null });
}

function end(session: Session, live: Live): void {
  if (session.live === live) session.live = null;
}

function emit<E extends keyof Events>(ctx: ApiContext, event: E, payload: Events[E]): void {
  ctx.events?.emit(event, payload);
}

/** Engine messages start with their code (`E209 The loss…`); the API carries the code apart. */
function withoutCode(message: string): string {
  return message.replace(/^[EWA]\d{3} /, '');
}

/**
 * The backend a run will most likely get, without loading TensorFlow.js here (it would cost the
 * main process seconds and hundreds of MB): the native packages if they are installed, otherwise
 * WebAssembly, which ships with the app.
 */
function likelyBackend(): BackendName {
  const require = createRequire(import.meta.url);
  const installed = (name: string) => {
    try {
      require.resolve(name);
      return true;
    } catch {
      return false;
    }
  };
  if (installed('@tensorflow/tfjs-node-gpu')) return 'tensorflow-gpu';
  if (installed('@tensorflow/tfjs-node')) return 'tensorflow';
  return 'wasm';
}

function availableBytes(backend: BackendName): number | null {
  if (backend === 'tensorflow-gpu') return null; // GPU memory is not visible from here
  return backend === 'wasm' ? Math.min(freemem(), WASM_LIMIT_BYTES) : freemem();
}
