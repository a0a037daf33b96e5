/**
 * The training dashboard's state: the run being followed, the document's past runs, the runs
 * overlaid for comparison and the pre-flight estimate. View state only — the run configuration
 * itself lives in the document (undoable), never here.
 */
import type { PreflightReport, RunListItem } from '../../app/api/contract.ts';
import type { EpochRecord } from '../../app/graph/training.ts';
import { createStore, useStore } from '../store/create-store.ts';
import type { LiveRunState } from './live-run.ts';

export type PreflightState =
  | { state: 'loading'; key: string; last: PreflightReport | null }
  | { state: 'ready'; key: string; report: PreflightReport }
  | { state: 'error'; key: string; code: string; message: string };

export interface TrainingState {
  live: LiveRunState | null;
  /** The runs of `runsFor` (the document's path), newest first. */
  runs: readonly RunListItem[];
  runsFor: string | null;
  runsError: string | null;
  /** Run ids overlaid on the charts, in the order they were picked. */
  compared: readonly string[];
  /** Epoch records of compared runs, fetched once each. */
  curves: Readonly<Record<string, readonly EpochRecord[]>>;
  preflight: PreflightState | null;
  /** Which metric the second chart plots. */
  metric: string | null;
  side: 'settings' | 'runs';
}

export const trainingStore = createStore<TrainingState>({
  live: null,
  runs: [],
  runsFor: null,
  runsError: null,
  compared: [],
  curves: {},
  preflight: null,
  metric: null,
  side: 'settings',
});

export function useTraining<S>(select: (state: TrainingState) => S): S {
  return useStore(trainingStore, select);
}

export function setTraining(patch: Partial<TrainingState>): void {
  trainingStore.set((s) => ({ ...s, ...patch }));
}

export function updateLive(update: (live: LiveRunState) => LiveRunState): void {
  trainingStore.set((s) => (s.live ? { ...s, live: update(s.live) } : s));
}

/** The latest estimate, kept on screen (dimmed) while a fresh one is on its way. */
export function reportOf(preflight: PreflightState | null): PreflightReport | null {
  if (preflight?.state === 'ready') return preflight.report;
  return preflight?.state === 'loading' ? preflight.last : null;
}

export const isTraining = (s: TrainingState): boolean =>
  s.live !== null && s.live.phase !== 'ended';

/** Colours of compared runs, apart from the live run's train (blue) and dev (amber). */
export const comparePalette = [
  '#bb9af7',
  '#73daca',
  '#f7768e',
  '#7dcfff',
  '#9ece6a',
  '#ff9e64',
] as const;

export function compareColor(state: Pick<TrainingState, 'compared'>, runId: string): string {
  const at = state.compared.indexOf(runId);
  return comparePalette[(at < 0 ? 0 : at) % comparePalette.length] as string;
}
