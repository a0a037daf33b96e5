/**
 * New, Open, Save, Save As, recent files and templates. The desktop app asks the system's file
 * dialogs; browser mode shows its own dialogs over the workspace folder. Whatever the path, the
 * document is only ever written by main, atomically.
 */
import { emptyDocument } from '../../app/graph/document.ts';
import type { GraphDocument } from '../../app/graph/document.ts';
import { ApiCallError, invoke } from '../api/client.ts';
import { fitViewSoon, guessDirection } from '../editing/layout-actions.ts';
import {
  documentName,
  editorStore,
  isDirty,
  markSaved,
  replaceDocument,
} from '../store/editor-store.ts';
import { confirmChoice, openDialog, setUi, toast, uiStore } from '../store/ui-store.ts';

function reportFailure(title: string, err: unknown): void {
  if (err instanceof ApiCallError) {
    const detail =
      err.problems.length > 1 ? err.problems.map((p) => p.message).join('\n') : err.message;
    toast('error', title, detail);
  } else {
    toast('error', title, err instanceof Error ? err.message : String(err));
  }
}

export async function loadAppInfo(): Promise<void> {
  try {
    const info = await invoke('app.info', {});
    setUi({ mode: info.mode, workspace: info.workspace });
    await refreshRecent();
  } catch (err) {
    reportFailure('Not connected to Netwright', err);
  }
}

export async function refreshRecent(): Promise<void> {
  try {
    const { paths } = await invoke('recent.list', {});
    setUi({ recent: paths });
  } catch {
    // Recent files are a convenience; the rest of the app works without them.
  }
}

/** Shows a document that replaced the previous one, in the direction its wires run. */
export function showDocument(
  doc: GraphDocument,
  where: { path: string | null; saved: boolean },
): void {
  replaceDocument(doc, where);
  setUi({ direction: guessDirection(doc) });
  void fitViewSoon(0, true);
}

/**
 * Asks what to do with unsaved changes before they would be lost. True when it is fine to go on
 * (saved, discarded, or nothing to lose).
 */
export async function confirmDiscard(action: string): Promise<boolean> {
  const state = editorStore.get();
  if (!isDirty(state) || state.doc.nodes.length === 0) return true;
  const choice = await confirmChoice(
    `Save changes to ${documentName(state)}?`,
    `Your changes will be lost if you ${action} without saving them.`,
    [
      { label: 'Save', value: 'save', tone: 'primary' },
      { label: "Don't save", value: 'discard', tone: 'danger' },
      { label: 'Cancel', value: 'cancel' },
    ],
  );
  if (choice === 'save') return save();
  return choice === 'discard';
}

export async function newDocument(): Promise<void> {
  if (!(await confirmDiscard('start a new network'))) return;
  showDocument(emptyDocument(), { path: null, saved: true });
  void invoke('recovery.clear', {}).catch(() => undefined);
}

export async function openDocument(): Promise<void> {
  if (!(await confirmDiscard('open another network'))) return;
  if (uiStore.get().mode === 'desktop') {
    try {
      const chosen = await invoke('dialog.open', {});
      if (chosen) await openPath(chosen.path, { confirmed: true });
    } catch (err) {
      reportFailure('Could not open', err);
    }
    return;
  }
  openDialog({ kind: 'open' });
}

export async function openPath(
  path: string,
  options: { confirmed?: boolean } = {},
): Promise<boolean> {
  if (!options.confirmed && !(await confirmDiscard('open another network'))) return false;
  try {
    const opened = await invoke('document.open', { path });
    showDocument(opened.document, { path: opened.path, saved: true });
    void refreshRecent();
    return true;
  } catch (err) {
    reportFailure(`Could not open ${path}`, err);
    return false;
  }
}

/** Saves where the document lives, or asks where when it is new. True once it is on disk. */
export async function save(): Promise<boolean> {
  const { path } = editorStore.get();
  return path ? saveTo(path) : saveAs();
}

export function suggestedFileName(): string {
  const state = editorStore.get();
  if (state.path) return state.path.split(/[\\/]/).pop() ?? 'untitled.nwg.json';
  const slug = state.doc.metadata.title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${slug || 'untitled'}.nwg.json`;
}

export async function saveAs(): Promise<boolean> {
  if (uiStore.get().mode === 'desktop') {
    try {
      const chosen = await invoke('dialog.save', { suggestedName: suggestedFileName() });
      return chosen ? saveTo(chosen.path) : false;
    } catch (err) {
      reportFailure('Could not save', err);
      return false;
    }
  }
  return new Promise<boolean>((resolve) => {
    saveAsWaiters.push(resolve);
    openDialog({ kind: 'saveAs' });
  });
}

/** Browser mode's Save As dialog settles these when it closes (true: saved). */
const saveAsWaiters: ((saved: boolean) => void)[] = [];

export function settleSaveAs(saved: boolean): void {
  for (const resolve of saveAsWaiters.splice(0)) resolve(saved);
}

export async function saveTo(path: string): Promise<boolean> {
  const doc = editorStore.get().doc;
  try {
    const result = await invoke('document.save', { path, document: doc });
    markSaved(result.path, doc);
    toast('success', `Saved ${result.path.split(/[\\/]/).pop() ?? result.path}`);
    void invoke('recovery.clear', {}).catch(() => undefined);
    void refreshRecent();
    return true;
  } catch (err) {
    reportFailure('Could not save', err);
    return false;
  }
}

export async function openTemplate(file: string): Promise<boolean> {
  if (!(await confirmDiscard('open a template'))) return false;
  try {
    const { document } = await invoke('templates.open', { file });
    // A template opens as a new untitled document: saving never overwrites the template.
    showDocument(document, { path: null, saved: false });
    return true;
  } catch (err) {
    reportFailure('Could not open the template', err);
    return false;
  }
}
