/**
 * Crash recovery: unsaved work is written to a recovery file shortly after each change, and the
 * next start offers it back. Saving (or discarding) clears it.
 */
import { invoke } from '../api/client.ts';
import { documentName, editorStore, isDirty } from '../store/editor-store.ts';
import { confirmChoice } from '../store/ui-store.ts';
import { showDocument } from './document-actions.ts';

const AUTOSAVE_DELAY_MS = 1500;

/** Starts autosaving; returns the function that stops it. */
export function startAutosave(): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastDoc = editorStore.get().doc;
  let written = false;
  const flush = () => {
    timer = null;
    const state = editorStore.get();
    if (!isDirty(state) || state.doc.nodes.length === 0) {
      // Undone back to what is saved: an older recovery file would only offer stale work.
      if (written) void invoke('recovery.clear', {}).catch(() => undefined);
      written = false;
      return;
    }
    written = true;
    void invoke('recovery.write', { document: state.doc, path: state.path }).catch(() => {
      // A failed autosave must not interrupt the user; the next change tries again.
    });
  };
  const unsubscribe = editorStore.subscribe(() => {
    const { doc } = editorStore.get();
    if (doc === lastDoc) return;
    lastDoc = doc;
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, AUTOSAVE_DELAY_MS);
  });
  return () => {
    unsubscribe();
    if (timer) clearTimeout(timer);
  };
}

/** Offers work left in the recovery file by a session that ended without saving. */
export async function offerRecovery(): Promise<void> {
  let found;
  try {
    found = await invoke('recovery.read', {});
  } catch {
    return;
  }
  if (!found || found.document.nodes.length === 0) return;
  const name = documentName({ path: found.path, doc: found.document });
  const when = new Date(found.savedAt);
  const choice = await confirmChoice(
    'Recover unsaved work?',
    `Netwright closed with unsaved changes to ${name} (${found.document.nodes.length} layers, ${when.toLocaleString()}).`,
    [
      { label: 'Recover', value: 'recover', tone: 'primary' },
      { label: 'Discard', value: 'discard', tone: 'danger' },
    ],
  );
  if (choice === 'recover') {
    showDocument(found.document, { path: found.path, saved: false });
  } else if (choice === 'discard') {
    await invoke('recovery.clear', {}).catch(() => undefined);
  }
}

/** Asks before closing the tab or window with unsaved changes. */
export function guardUnload(): () => void {
  const onBeforeUnload = (event: BeforeUnloadEvent) => {
    const state = editorStore.get();
    if (!isDirty(state) || state.doc.nodes.length === 0) return;
    event.preventDefault();
    // Older Chromium (and Electron) still want returnValue set to show the prompt.
    event.returnValue = '';
  };
  window.addEventListener('beforeunload', onBeforeUnload);
  return () => window.removeEventListener('beforeunload', onBeforeUnload);
}
