/**
 * The open document, its undo history, where it is saved and what is selected. Every document
 * change goes through `commit`, which names the change (for Undo/Redo labels) and says how it is
 * captured in history. Components read slices with `useEditor(selector)`.
 */
import { emptyDocument } from '../../app/graph/document.ts';
import type { GraphDocument } from '../../app/graph/document.ts';
import { createStore, useStore } from './create-store.ts';
import { emptyHistory, emptySelection, record, redo, undo } from './history.ts';
import type { Capture, History, Selection } from './history.ts';

export interface EditorState {
  doc: GraphDocument;
  /** Where the document lives (workspace-relative in browser mode); null until first saved. */
  path: string | null;
  /** The document as last saved or opened; the document is dirty when it is not this object. */
  saved: GraphDocument | null;
  history: History;
  selection: Selection;
}

function initialState(doc: GraphDocument = emptyDocument()): EditorState {
  return { doc, path: null, saved: doc, history: emptyHistory, selection: emptySelection };
}

export const editorStore = createStore<EditorState>(initialState());

export function useEditor<S>(select: (state: EditorState) => S): S {
  return useStore(editorStore, select);
}

export const isDirty = (s: EditorState): boolean => s.doc !== s.saved;

export interface CommitOptions {
  capture?: Capture;
  /** The selection after the change (a pasted block becomes the selection). */
  selection?: Selection;
}

/** Applies a document change. An edit that returns the same document is not recorded. */
export function commit(label: string, next: GraphDocument, options: CommitOptions = {}): void {
  editorStore.set((s) => {
    if (next === s.doc) return options.selection ? { ...s, selection: options.selection } : s;
    const before = { doc: s.doc, selection: s.selection, label };
    return {
      ...s,
      doc: next,
      history: record(s.history, before, options.capture ?? 'step', Date.now()),
      selection: pruneSelection(options.selection ?? s.selection, next),
    };
  });
}

export function undoEdit(): void {
  editorStore.set((s) => {
    const step = undo(s.history, { doc: s.doc, selection: s.selection, label: '' });
    if (!step) return s;
    return {
      ...s,
      doc: step.restore.doc,
      history: step.history,
      selection: pruneSelection(step.restore.selection, step.restore.doc),
    };
  });
}

export function redoEdit(): void {
  editorStore.set((s) => {
    const step = redo(s.history, { doc: s.doc, selection: s.selection, label: '' });
    if (!step) return s;
    return {
      ...s,
      doc: step.restore.doc,
      history: step.history,
      selection: pruneSelection(step.restore.selection, step.restore.doc),
    };
  });
}

/** Selection is view state: changing it is never an undo step and keeps the redo stack. */
export function select(selection: Selection): void {
  editorStore.set((s) => (sameSelection(s.selection, selection) ? s : { ...s, selection }));
}

/** Replaces the document outright (New, Open, a template): a fresh history. */
export function replaceDocument(
  doc: GraphDocument,
  where: { path: string | null; saved: boolean },
): void {
  editorStore.set({ ...initialState(doc), path: where.path, saved: where.saved ? doc : null });
}

export function markSaved(path: string, doc: GraphDocument): void {
  editorStore.set((s) => ({ ...s, path, saved: doc }));
}

function pruneSelection(selection: Selection, doc: GraphDocument): Selection {
  const nodes = new Set(doc.nodes.map((n) => n.id));
  const groups = new Set(doc.groups.map((g) => g.id));
  const edges = new Set(doc.edges.map((e) => e.id));
  const next = {
    nodes: selection.nodes.filter((id) => nodes.has(id)),
    groups: selection.groups.filter((id) => groups.has(id)),
    edges: selection.edges.filter((id) => edges.has(id)),
  };
  return sameSelection(next, selection) ? selection : next;
}

export function sameSelection(a: Selection, b: Selection): boolean {
  const same = (x: readonly string[], y: readonly string[]) =>
    x.length === y.length && x.every((v, i) => v === y[i]);
  return same(a.nodes, b.nodes) && same(a.groups, b.groups) && same(a.edges, b.edges);
}

/** The name shown in the title bar: the file name, or the document's title until saved. */
export function documentName(s: Pick<EditorState, 'path' | 'doc'>): string {
  if (s.path) return s.path.split(/[\\/]/).pop() ?? s.path;
  return s.doc.metadata.title || 'Untitled';
}
