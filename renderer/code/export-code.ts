/**
 * File → Export and File → Import model. Main writes and reads the files (export.write,
 * import.open); the desktop app asks where with the system's dialogs, browser mode with its own
 * over the workspace folder (ExportDialog, ImportDialog).
 */
import type { ExportWriteTarget, RunListItem, RunWeights } from '../../app/api/contract.ts';
import { ApiCallError, invoke } from '../api/client.ts';
import { confirmDiscard, showDocument, suggestedFileName } from '../documents/document-actions.ts';
import { editorStore } from '../store/editor-store.ts';
import { confirmChoice, openDialog, toast, uiStore } from '../store/ui-store.ts';
import { shortRunId } from '../training/training-actions.ts';

export const exportLabels: Record<ExportWriteTarget, string> = {
  'typescript-module': 'TypeScript module',
  'typescript-project': 'TypeScript project',
  keras: 'Keras project',
  pytorch: 'PyTorch project',
};

/** The same, as menus write them. */
export const exportTitles: Record<ExportWriteTarget, string> = {
  'typescript-module': 'TypeScript Module',
  'typescript-project': 'TypeScript Project',
  keras: 'Keras Project',
  pytorch: 'PyTorch Project',
};

/** Where an export goes unless the person says otherwise: a file for a module, else a folder. */
export function suggestedExportName(target: ExportWriteTarget): string {
  const base = suggestedFileName().replace(/(\.nwg)?\.json$/, '');
  if (target === 'typescript-module') return `${base}.ts`;
  return `${base}-${{ 'typescript-project': 'ts', keras: 'keras', pytorch: 'pytorch' }[target]}`;
}

export interface RunWeightChoice extends RunWeights {
  label: string;
}

/**
 * The weights a project export can take along: newest run first, `final` before `best` (the last
 * weights are what people usually want). A run saves `best` once a dev figure improves, and
 * `final` when it ends without diverging.
 */
export function runWeightChoices(runs: readonly RunListItem[]): RunWeightChoice[] {
  return runs.flatMap((run) => {
    const when = shortRunId(run.id);
    const out: RunWeightChoice[] = [];
    if (run.status !== 'running' && run.status !== 'diverged' && run.epochs > 0) {
      out.push({ runId: run.id, which: 'final', label: `run ${when} · final weights` });
    }
    if (run.best) {
      const label = `run ${when} · best weights (epoch ${run.best.epoch})`;
      out.push({ runId: run.id, which: 'best', label });
    }
    return out;
  });
}

/**
 * The desktop's native save dialog has no room for a choice: ask first, offering the newest
 * run's weights. Null when the person cancels; `none` when there is nothing to ask about.
 */
async function askForWeights(target: ExportWriteTarget): Promise<RunWeights | 'none' | null> {
  const documentPath = editorStore.get().path;
  if (target === 'typescript-module' || documentPath === null) return 'none';
  const { runs } = await invoke('runs.list', { documentPath });
  const newest = runWeightChoices(runs).filter((c) => c.runId === runs[0]?.id);
  if (newest.length === 0) return 'none';
  const answer = await confirmChoice(
    'Include trained weights?',
    `Run ${shortRunId(newest[0]?.runId ?? '')} saved this network’s trained weights. Export them with the code?`,
    [
      ...newest.map((c, i) => ({
        label: `${c.which === 'final' ? 'Final' : 'Best'} weights`,
        value: c.which,
        ...(i === 0 ? { tone: 'primary' as const } : {}),
      })),
      { label: 'Code only', value: 'none' },
    ],
  );
  if (answer === null) return null;
  return newest.find((c) => c.which === answer) ?? 'none';
}

function reportFailure(title: string, err: unknown): void {
  const detail =
    err instanceof ApiCallError && err.problems.length > 1
      ? err.problems.map((p) => p.message).join('\n')
      : err instanceof Error
        ? err.message
        : String(err);
  toast('error', title, detail);
}

/** Asks where, then writes. */
export async function exportDocument(target: ExportWriteTarget): Promise<void> {
  if (uiStore.get().mode !== 'desktop') {
    openDialog({ kind: 'export', target });
    return;
  }
  try {
    const weights = await askForWeights(target);
    if (weights === null) return;
    const chosen = await invoke('dialog.save', {
      suggestedName: suggestedExportName(target),
      kind: target === 'typescript-module' ? 'typescript' : 'folder',
    });
    if (chosen) await exportTo(target, chosen.path, weights === 'none' ? null : weights);
  } catch (err) {
    reportFailure(`Could not export the ${exportLabels[target]}`, err);
  }
}

/**
 * Writes the open document as `target` at `path`, with the trained weights of one of its runs
 * when `weights` names one; true when it was written.
 */
export async function exportTo(
  target: ExportWriteTarget,
  path: string,
  weights: RunWeights | null = null,
): Promise<boolean> {
  const { doc, path: documentPath } = editorStore.get();
  try {
    const result = await invoke('export.write', {
      document: doc,
      target,
      path,
      ...(weights ? { documentPath, weightsFrom: weights } : {}),
    });
    const count = result.files.length;
    toast(
      'success',
      `Exported the ${exportLabels[target]}`,
      `${count} file${count === 1 ? '' : 's'} in ${result.path}`,
    );
    if (result.warnings.length > 0) {
      toast(
        'info',
        `${result.warnings.length} layer${result.warnings.length === 1 ? '' : 's'} left out`,
        result.warnings.map((w) => w.message).join('\n'),
      );
    }
    return true;
  } catch (err) {
    reportFailure(`Could not export the ${exportLabels[target]}`, err);
    return false;
  }
}

/** File → Import Keras/TensorFlow.js model…: asks which file, then opens it. */
export async function importModel(): Promise<void> {
  if (!(await confirmDiscard('import a model'))) return;
  if (uiStore.get().mode !== 'desktop') {
    openDialog({ kind: 'importModel' });
    return;
  }
  try {
    const chosen = await invoke('dialog.open', {});
    if (chosen) await importFrom(chosen.path);
  } catch (err) {
    reportFailure('Could not import the model', err);
  }
}

/** Opens a model file as a new untitled document (unsaved changes were already confirmed). */
export async function importFrom(path: string): Promise<boolean> {
  try {
    const { document, notes } = await invoke('import.open', { path });
    // Untitled: saving must never overwrite the model file it came from.
    showDocument(document, { path: null, saved: false });
    toast('success', `Imported ${document.metadata.title}: ${document.nodes.length} layers`);
    // What the file held that a document cannot say; it stays longer on screen than a success.
    if (notes.length > 0) toast('info', 'About this import', notes.join('\n'));
    return true;
  } catch (err) {
    reportFailure(`Could not import ${path.split(/[\\/]/).pop() ?? path}`, err);
    return false;
  }
}
