/**
 * Which code target the code panel shows. Remembered for the session; the canvas shows the export
 * problems of that one target (shown-problems.ts), so a warning never nags about a language
 * nobody asked for.
 */
import type { ExportTarget } from '../../app/codegen/export-problems.ts';
import { createStore, useStore } from '../store/create-store.ts';

const targetStore = createStore<ExportTarget>('typescript');

export function useCodeTarget(): ExportTarget {
  return useStore(targetStore, (t) => t);
}

export function currentCodeTarget(): ExportTarget {
  return targetStore.get();
}

export function setCodeTarget(target: ExportTarget): void {
  targetStore.set(target);
}
