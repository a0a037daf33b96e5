/**
 * View state that is not part of the document: which panel and dialog are open, the batch size the
 * memory estimate uses, the flow direction handles follow, and the toasts on screen. None of it
 * is ever an undo step.
 */
import type { XYPosition } from '@xyflow/react';
import type { ExportWriteTarget } from '../../app/api/contract.ts';
import { createStore, useStore } from './create-store.ts';

export type BottomPanel = 'problems' | 'code' | 'training';
export type FlowDirection = 'LR' | 'TB';

export type Dialog =
  | { kind: 'commandPalette' }
  | { kind: 'quickAdd'; screen: XYPosition; flow: XYPosition; connectFrom?: string }
  | { kind: 'open' }
  | { kind: 'saveAs' }
  | { kind: 'gallery' }
  | { kind: 'groupName'; nodes: readonly string[] }
  /** Browser mode's Export and Import (the desktop app uses the system's dialogs). */
  | { kind: 'export'; target: ExportWriteTarget }
  | { kind: 'importModel' }
  /** Command ids in order; '-' draws a separator. */
  | { kind: 'contextMenu'; screen: XYPosition; commands: readonly string[] }
  | {
      kind: 'confirm';
      title: string;
      message: string;
      choices: readonly { label: string; value: string; tone?: 'primary' | 'danger' }[];
      resolve: (value: string | null) => void;
    };

export interface Toast {
  id: number;
  tone: 'info' | 'error' | 'success';
  title: string;
  detail?: string;
}

export interface UiState {
  bottomPanel: BottomPanel | null;
  dialog: Dialog | null;
  batchSize: number;
  direction: FlowDirection;
  toasts: readonly Toast[];
  /** Desktop or browser, from app.info; null until known. */
  mode: 'desktop' | 'browser' | null;
  workspace: string | null;
  recent: readonly string[];
  /** A long action in progress (auto-layout), shown in the status bar; null when idle. */
  busy: string | null;
}

const BATCH_KEY = 'netwright.batchSize';

function storedBatchSize(): number {
  try {
    const value = Number(window.localStorage.getItem(BATCH_KEY));
    return Number.isInteger(value) && value > 0 ? value : 32;
  } catch {
    return 32;
  }
}

export const uiStore = createStore<UiState>({
  bottomPanel: null,
  dialog: null,
  batchSize: storedBatchSize(),
  direction: 'LR',
  toasts: [],
  mode: null,
  workspace: null,
  recent: [],
  busy: null,
});

export function useUi<S>(select: (state: UiState) => S): S {
  return useStore(uiStore, select);
}

export function setUi(patch: Partial<UiState>): void {
  uiStore.set((s) => ({ ...s, ...patch }));
}

export function openDialog(dialog: Dialog): void {
  setUi({ dialog });
}

export function closeDialog(): void {
  setUi({ dialog: null });
}

export function setBatchSize(batchSize: number): void {
  setUi({ batchSize });
  try {
    window.localStorage.setItem(BATCH_KEY, String(batchSize));
  } catch {
    // Storage can be unavailable (private mode); the setting then lasts for the session.
  }
}

export function toggleBottomPanel(panel: BottomPanel): void {
  uiStore.set((s) => ({ ...s, bottomPanel: s.bottomPanel === panel ? null : panel }));
}

let nextToast = 1;
const TOAST_MS = { info: 3500, success: 3000, error: 7000 } as const;

export function toast(tone: Toast['tone'], title: string, detail?: string): void {
  const id = nextToast++;
  uiStore.set((s) => ({ ...s, toasts: [...s.toasts.slice(-3), { id, tone, title, detail }] }));
  setTimeout(() => dismissToast(id), TOAST_MS[tone]);
}

export function dismissToast(id: number): void {
  uiStore.set((s) => ({ ...s, toasts: s.toasts.filter((t) => t.id !== id) }));
}

/** Asks a question in a dialog; resolves with the chosen value, or null when dismissed. */
export function confirmChoice(
  title: string,
  message: string,
  choices: readonly { label: string; value: string; tone?: 'primary' | 'danger' }[],
): Promise<string | null> {
  return new Promise((resolve) => {
    openDialog({
      kind: 'confirm',
      title,
      message,
      choices,
      resolve: (value) => {
        closeDialog();
        resolve(value);
      },
    });
  });
}
