/**
 * Export and import over the API: the app's Export menu writes a TypeScript module, a TypeScript
 * project, a Keras project or a PyTorch project; its Import opens a Keras model JSON or a
 * TensorFlow.js model.json as a new document. The files come from the pure emitters and importer
 * (app/codegen, app/import) through the same writers as the CLI (main/export/), every file
 * atomically; in browser mode every path goes through the workspace jail first.
 */
import { stat, readFile } from 'node:fs/promises';
import { basename, dirname, extname } from 'node:path';
import type {
  ExportWriteTarget,
  ParsedRequest,
  Responses,
  RunWeights,
} from '../../app/api/contract.ts';
import { exportProblems } from '../../app/codegen/export-problems.ts';
import type { ExportTarget } from '../../app/codegen/export-problems.ts';
import { emitTypeScript } from '../../app/codegen/typescript.ts';
import type { GraphDocument } from '../../app/graph/document.ts';
import { importModelText } from '../../app/import/import-model.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import { writeKerasExport, writeTsProjectExport } from '../export/code-projects.ts';
import { writePyTorchExport } from '../export/pytorch.ts';
import { ApiFailure } from './failure.ts';
import type { ApiContext } from './handlers.ts';
import { resolveUserPath, toWorkspacePath } from './paths.ts';
import { fittingRunWeights } from './runs.ts';
import { asApiFailure, documentFrom } from './training-errors.ts';

type ExportChannel = 'export.write' | 'import.open';

/** A model file bigger than this is no topology; weight files are read by the CLI import. */
const MAX_MODEL_BYTES = 64 * 1024 * 1024;

/** Which problem checker speaks for each written target (the code panel's tabs use the same). */
const checkerOf: Record<ExportWriteTarget, ExportTarget> = {
  'typescript-module': 'typescript',
  'typescript-project': 'typescript',
  keras: 'keras',
  pytorch: 'pytorch',
};

/** `weights`: a run's weights folder; the same writers as the CLI's `--weights`. */
const writers: Record<
  ExportWriteTarget,
  (doc: GraphDocument, absolute: string, options: { weights?: string }) => Promise<string[]>
> = {
  'typescript-module': async (doc, absolute) => {
    await writeFileAtomic(absolute, emitTypeScript(doc));
    return [absolute];
  },
  'typescript-project': writeTsProjectExport,
  keras: writeKerasExport,
  pytorch: writePyTorchExport,
};

export const exportHandlers: {
  [C in ExportChannel]: (request: ParsedRequest<C>, ctx: ApiContext) => Promise<Responses[C]>;
} = {
  'export.write': async ({ document, target, path, documentPath, weightsFrom }, ctx) => {
    const doc = documentFrom(document);
    const weights = weightsFrom
      ? await exportedWeights(ctx, target, doc, documentPath ?? null, weightsFrom)
      : undefined;
    const absolute = await resolveUserPath(ctx, path);
    const existing = await stat(absolute).catch(() => null);
    // A module is one file; a project is a folder, and never lands on top of a file.
    if (target === 'typescript-module' ? existing?.isDirectory() : existing?.isFile()) {
      throw new ApiFailure(
        'A004',
        `"${path}" is a ${existing?.isFile() ? 'file' : 'folder'}; the ${targetLabel(target)} export needs a ${target === 'typescript-module' ? 'file name' : 'folder'}.`,
      );
    }
    let written: string[];
    try {
      written = await asApiFailure(() =>
        writers[target](doc, absolute, weights === undefined ? {} : { weights }),
      );
    } catch (err) {
      if (err instanceof ApiFailure) throw err;
      throw new ApiFailure(
        'A004',
        `Could not write the export to "${path}": ${systemReason(err)}.`,
      );
    }
    return {
      path: toWorkspacePath(ctx.workspace, absolute),
      files: written.map((file) => toWorkspacePath(ctx.workspace, file)),
      warnings: exportProblems(doc, checkerOf[target]).map((p) => ({
        code: p.code,
        message: p.message,
        ...(p.node ? { node: p.node } : {}),
      })),
    };
  },

  'import.open': async ({ path }, ctx) => {
    const absolute = await resolveUserPath(ctx, path);
    const info = await stat(absolute).catch(() => null);
    if (!info?.isFile()) throw new ApiFailure('A004', `"${path}" is not a file.`);
    if (info.size > MAX_MODEL_BYTES) {
      throw new ApiFailure(
        'A005',
        `"${path}" is ${(info.size / 1024 / 1024).toFixed(0)} MB, too large to be a model's topology.`,
      );
    }
    const text = await readFile(absolute, 'utf8').catch((err: unknown) => {
      throw new ApiFailure('A004', `Could not read "${path}": ${String(err)}.`);
    });
    // `model.json` says nothing; its folder usually names the model.
    const title = basename(absolute, extname(absolute)).replace(
      /^model$/,
      basename(dirname(absolute)),
    );
    const imported = asApiFailure(() => importModelText(text, title));
    const notes = [...imported.notes];
    if (imported.file.weightPaths.length > 0) {
      notes.push(
        'The app opens the network only; to bring its weights too, run `netwright import` on the file.',
      );
    }
    return { document: imported.doc, notes };
  },
};

/** The run weights folder a project export takes along; a lone module has nowhere to put them. */
async function exportedWeights(
  ctx: ApiContext,
  target: ExportWriteTarget,
  doc: GraphDocument,
  documentPath: string | null,
  from: RunWeights,
): Promise<string> {
  if (target === 'typescript-module') {
    throw new ApiFailure(
      'A002',
      'A TypeScript module is one file, with no room for weights: export a TypeScript project to take a run’s weights along.',
    );
  }
  if (documentPath === null) {
    throw new ApiFailure(
      'A002',
      'Weights come from the runs of a saved network: say which document the run belongs to (documentPath).',
    );
  }
  return fittingRunWeights(ctx, documentPath, doc, from);
}

function systemReason(err: unknown): string {
  const reasons: Record<string, string> = {
    EACCES: 'permission denied',
    ENOSPC: 'the disk is full',
    EROFS: 'the disk is read-only',
    ENOTDIR: 'a file stands where a folder is needed',
  };
  const code = (err as { code?: string }).code;
  return (code && reasons[code]) ?? (err instanceof Error ? err.message : String(err));
}

function targetLabel(target: ExportWriteTarget): string {
  return {
    'typescript-module': 'TypeScript module',
    'typescript-project': 'TypeScript project',
    keras: 'Keras',
    pytorch: 'PyTorch',
  }[target];
}
