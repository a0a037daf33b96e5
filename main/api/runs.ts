/**
 * Past runs of a document over the API: the list with each run's best and final epoch, one run's
 * full record, and its document snapshot to open again. Runs live in `<document>.runs/<id>/`
 * (main/runs/runs.ts); the document path goes through the workspace jail like any other.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ParsedRequest, Responses, RunListItem, RunWeights } from '../../app/api/contract.ts';
import type { GraphDocument } from '../../app/graph/document.ts';
import type { DatasetConfig, RunSummary } from '../../app/graph/training.ts';
import {
  listRuns,
  readRunConfig,
  readRunDocument,
  readRunMetrics,
  runsFolderFor,
} from '../runs/runs.ts';
import { snapshotMismatch } from '../training/weight-fit.ts';
import { ApiFailure } from './failure.ts';
import type { ApiContext } from './handlers.ts';
import { resolveUserPath, toWorkspacePath } from './paths.ts';
import { asApiFailure } from './training-errors.ts';

type RunsChannel = 'runs.list' | 'runs.read' | 'runs.open';

export const runsHandlers: {
  [C in RunsChannel]: (request: ParsedRequest<C>, ctx: ApiContext) => Promise<Responses[C]>;
} = {
  'runs.list': async ({ documentPath }, ctx) => {
    const absolute = await resolveUserPath(ctx, documentPath);
    const runs = await listRuns(absolute);
    const items: RunListItem[] = [];
    for (const run of runs) {
      const [config, epochs] = await Promise.all([
        readRunConfig(run.dir).catch(() => null),
        readRunMetrics(run.dir).catch(() => []),
      ]);
      const best = run.summary?.bestEpoch ? (epochs[run.summary.bestEpoch - 1] ?? null) : null;
      items.push({
        id: run.id,
        startedAt: run.startedAt,
        status: run.status,
        epochs: epochs.length,
        plannedEpochs: config?.config.epochs ?? null,
        dataset: config ? datasetLabel(config.config.dataset) : null,
        best,
        final: epochs.at(-1) ?? null,
        test: run.summary?.test ?? null,
        backend: config?.backend ?? null,
        startedFrom: config?.startedFrom ?? null,
      });
    }
    // Newest first: the run just trained is the one people look for.
    return { runs: items.reverse() };
  },

  'runs.read': async ({ documentPath, runId }, ctx) => {
    const dir = await runFolder(ctx, documentPath, runId);
    return asApiFailure(async () => {
      const [config, document, epochs, summary] = await Promise.all([
        readRunConfig(dir),
        readRunDocument(dir),
        readRunMetrics(dir),
        readSummary(dir),
      ]);
      return {
        id: runId,
        startedAt: config.startedAt,
        config: config.config,
        backend: config.backend,
        sizes: config.sizes,
        document,
        epochs,
        summary,
      };
    });
  },

  'runs.open': async ({ documentPath, runId }, ctx) => {
    const dir = await runFolder(ctx, documentPath, runId);
    const document = await asApiFailure(() => readRunDocument(dir));
    const weights = async (kind: 'best' | 'final') =>
      (await isFile(join(dir, kind, 'model.json')))
        ? toWorkspacePath(ctx.workspace, join(dir, kind))
        : null;
    return { document, weights: { best: await weights('best'), final: await weights('final') } };
  },
};

/**
 * The `best/` or `final/` weights folder of one of the document's runs, for continuing training
 * or exporting `document`: A009 when there is no such run, E212 when it never saved those
 * weights (a run that diverged has no `final`), E213 when the run's network has other weighted
 * layers or shapes than `document`.
 */
export async function fittingRunWeights(
  ctx: ApiContext,
  documentPath: string,
  document: GraphDocument,
  { runId, which }: RunWeights,
): Promise<string> {
  const dir = await runFolder(ctx, documentPath, runId);
  const folder = join(dir, which);
  if (!(await isFile(join(folder, 'model.json')))) {
    throw new ApiFailure(
      'E212',
      `Run ${runId} saved no ${which} weights${which === 'final' ? ' (a run that diverged keeps only its best)' : ''}.`,
    );
  }
  const mismatch = snapshotMismatch(await asApiFailure(() => readRunDocument(dir)), document);
  if (mismatch) {
    throw new ApiFailure(
      'E213',
      `The ${which} weights of run ${runId} do not fit this network: ${mismatch}.`,
    );
  }
  return folder;
}

/** The run's folder, inside the workspace even through symlinks; A009 when there is none. */
export async function runFolder(
  ctx: ApiContext,
  documentPath: string,
  runId: string,
): Promise<string> {
  const documentFile = await resolveUserPath(ctx, documentPath);
  const dir = await resolveUserPath(ctx, join(runsFolderFor(documentFile), runId));
  const found = await stat(dir).catch(() => null);
  if (!found?.isDirectory()) {
    throw new ApiFailure('A009', `There is no run "${runId}" beside ${basename(documentPath)}.`);
  }
  return dir;
}

async function readSummary(dir: string): Promise<RunSummary | null> {
  try {
    return JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as RunSummary;
  } catch {
    return null; // still training, or the process died before the run ended
  }
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() ?? false;
}

function datasetLabel(dataset: DatasetConfig | undefined): string {
  if (!dataset) return 'mnist';
  if (dataset.source === 'builtin') return dataset.name;
  return dataset.path ? basename(dataset.path) : dataset.source;
}
