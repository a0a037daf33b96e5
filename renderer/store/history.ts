/**
 * Undo history as a pure value. Every document change says how it is captured:
 * - `step`: its own undo step (add, delete, connect, a whole drag, a layout);
 * - `merge`: folded into the previous step when that one carried the same key and came moments
 *   earlier (typing `128` into a field is one step, not three);
 * - `none`: not recorded (used when replacing the document outright, which resets history anyway).
 * Selection and viewport are not document changes and never reach here, so they leave the redo
 * stack alone (the Excalidraw rule). History is capped so a long session cannot eat memory.
 */
import type { GraphDocument } from '../../app/graph/document.ts';

export type Capture = 'step' | 'none' | { merge: string };

export interface Selection {
  nodes: readonly string[];
  groups: readonly string[];
  edges: readonly string[];
}

export const emptySelection: Selection = { nodes: [], groups: [], edges: [] };

export interface HistoryEntry {
  doc: GraphDocument;
  /** The selection when this state was current, restored on undo so the user sees what changed. */
  selection: Selection;
  label: string;
}

export interface History {
  past: readonly HistoryEntry[];
  future: readonly HistoryEntry[];
  /** Key and time of the last merge-captured change, to decide whether the next one folds in. */
  lastMerge: { key: string; at: number } | null;
}

export const HISTORY_LIMIT = 200;
/** Edits of one field closer together than this are one undo step. */
export const MERGE_WINDOW_MS = 1500;

export const emptyHistory: History = { past: [], future: [], lastMerge: null };

/** Records that `before` (with its selection) is being replaced under `label`. */
export function record(
  history: History,
  before: HistoryEntry,
  capture: Capture,
  now: number,
): History {
  if (capture === 'none') return history;
  if (typeof capture === 'object') {
    const last = history.lastMerge;
    if (last && last.key === capture.merge && now - last.at < MERGE_WINDOW_MS) {
      return { ...history, future: [], lastMerge: { key: capture.merge, at: now } };
    }
    return {
      past: capped([...history.past, before]),
      future: [],
      lastMerge: { key: capture.merge, at: now },
    };
  }
  return { past: capped([...history.past, before]), future: [], lastMerge: null };
}

export function undo(
  history: History,
  current: HistoryEntry,
): { history: History; restore: HistoryEntry } | null {
  const restore = history.past.at(-1);
  if (!restore) return null;
  return {
    history: {
      past: history.past.slice(0, -1),
      future: [...history.future, { ...current, label: restore.label }],
      lastMerge: null,
    },
    restore,
  };
}

export function redo(
  history: History,
  current: HistoryEntry,
): { history: History; restore: HistoryEntry } | null {
  const restore = history.future.at(-1);
  if (!restore) return null;
  return {
    history: {
      past: [...history.past, { ...current, label: restore.label }],
      future: history.future.slice(0, -1),
      lastMerge: null,
    },
    restore,
  };
}

function capped(entries: HistoryEntry[]): HistoryEntry[] {
  return entries.length > HISTORY_LIMIT ? entries.slice(entries.length - HISTORY_LIMIT) : entries;
}
