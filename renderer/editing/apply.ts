/**
 * Runs a pure edit from app/graph/edit.ts against the current document and commits it with its
 * undo capture. A refusal is shown to the user with its coded reason, and nothing changes.
 */
import type { Edited, EditResult } from '../../app/graph/edit.ts';
import type { GraphDocument } from '../../app/graph/document.ts';
import { commit, editorStore } from '../store/editor-store.ts';
import type { CommitOptions } from '../store/editor-store.ts';
import { toast } from '../store/ui-store.ts';

export function currentDoc(): GraphDocument {
  return editorStore.get().doc;
}

export function applyEdit<Extra extends object>(
  label: string,
  result: EditResult<Extra>,
  options: CommitOptions & { refusedTitle?: string } = {},
): Edited<Extra> | null {
  if (!result.ok) {
    toast(
      'error',
      options.refusedTitle ?? `Could not ${label.toLowerCase()}`,
      result.error.message,
    );
    return null;
  }
  commit(label, result.doc, options);
  return result;
}
