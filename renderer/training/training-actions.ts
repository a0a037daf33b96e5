/**
 * What the dashboard does: start and stop a run, follow its events, keep the document's runs
 * list fresh, overlay past runs and open the network a run trained. Every call to main goes
 * through the typed API; nothing here knows whether it is the desktop app or browser mode.
 */
import type { Events, RunWeights } from '../../app/api/contract.ts';
import type { GraphDocument } from '../../app/graph/document.ts';
import type { TrainingConfig } from '../../app/graph/training.ts';
import { ApiCallError, invoke, onEvent } from '../api/client.ts';
import { confirmDiscard, showDocument } from '../documents/document-actions.ts';
import { commit, editorStore } from '../store/editor-store.ts';
import { inferenceOf } from '../store/inference.ts';
import { setUi, toast, uiStore } from '../store/ui-store.ts';
import { effectiveConfig, withTrainingConfig } from './config-model.ts';
import { applyEvent, endRun, fromStatus, startedRun, stoppingRun } from './live-run.ts';
import { isTraining, setTraining, trainingStore, updateLive } from './training-store.ts';

function failureText(err: unknown): { code: string; message: string } {
  if (err instanceof ApiCallError) {
    const message =
      err.problems.length > 1 ? err.problems.map((p) => p.message).join('\n') : err.message;
    return { code: err.code, message };
  }
  return { code: 'A099', message: err instanceof Error ? err.message : String(err) };
}

export function showTrainingPanel(): void {
  setUi({ bottomPanel: 'training' });
}

/** Writes the run configuration into the document as one undo step (typing merges by field). */
export function editTrainingConfig(config: TrainingConfig, field: string): void {
  const doc = editorStore.get().doc;
  commit('Change Training Settings', withTrainingConfig(doc, config), {
    capture: { merge: `training.${field}` },
  });
}

/** Starts a run; with `from`, it continues from the weights one of the document's runs saved. */
export async function startRun(from?: RunWeights): Promise<void> {
  if (isTraining(trainingStore.get())) {
    toast('info', 'Already training', 'Stop the current run first.');
    return;
  }
  const { doc, path } = editorStore.get();
  const errors = inferenceOf(doc).problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    toast(
      'error',
      'Fix the network before training',
      `${errors.length} problem${errors.length > 1 ? 's' : ''}: ${errors[0]?.message ?? ''}`,
    );
    return;
  }
  showTrainingPanel();
  try {
    const { runId } = await invoke('training.start', {
      document: doc,
      config: effectiveConfig(doc),
      documentPath: path,
      ...(from ? { initialWeights: from } : {}),
    });
    trainingStore.set((s) => ({
      ...s,
      // Events can beat the reply: keep what already arrived for this run.
      live: s.live?.runId === runId ? s.live : startedRun(runId, path),
    }));
  } catch (err) {
    const { code, message } = failureText(err);
    toast('error', `Could not start training (${code})`, message);
  }
}

export async function stopRun(): Promise<void> {
  const live = trainingStore.get().live;
  if (!live || live.phase === 'ended') return;
  updateLive(stoppingRun);
  try {
    await invoke('training.stop', { runId: live.runId });
  } catch (err) {
    toast('error', 'Could not stop training', failureText(err).message);
  }
}

export async function refreshRuns(): Promise<void> {
  const path = editorStore.get().path;
  if (path === null) {
    setTraining({ runs: [], runsFor: null, runsError: null, compared: [] });
    return;
  }
  try {
    const { runs } = await invoke('runs.list', { documentPath: path });
    const ids = new Set(runs.map((r) => r.id));
    trainingStore.set((s) => ({
      ...s,
      runs,
      runsFor: path,
      runsError: null,
      compared: s.runsFor === path ? s.compared.filter((id) => ids.has(id)) : [],
    }));
  } catch (err) {
    setTraining({ runs: [], runsFor: path, runsError: failureText(err).message });
  }
}

export async function toggleCompare(runId: string): Promise<void> {
  const state = trainingStore.get();
  if (state.compared.includes(runId)) {
    setTraining({ compared: state.compared.filter((id) => id !== runId) });
    return;
  }
  setTraining({ compared: [...state.compared, runId] });
  const path = state.runsFor;
  if (state.curves[runId] || path === null) return;
  try {
    const record = await invoke('runs.read', { documentPath: path, runId });
    trainingStore.set((s) => ({ ...s, curves: { ...s.curves, [runId]: record.epochs } }));
  } catch (err) {
    setTraining({ compared: trainingStore.get().compared.filter((id) => id !== runId) });
    toast('error', 'Could not read the run', failureText(err).message);
  }
}

/** Opens the network exactly as the run trained it, as a new untitled document. */
export async function openRunSnapshot(runId: string): Promise<void> {
  const path = trainingStore.get().runsFor;
  if (path === null) return;
  if (!(await confirmDiscard('open the network of this run'))) return;
  try {
    const { document, weights } = await invoke('runs.open', { documentPath: path, runId });
    const name = path.split(/[\\/]/).pop() ?? path;
    const titled: GraphDocument = {
      ...document,
      metadata: {
        ...document.metadata,
        title: `${document.metadata.title || name} (run ${shortRunId(runId)})`,
      },
    };
    showDocument(titled, { path: null, saved: false });
    const where = weights.best ?? weights.final;
    toast(
      'success',
      `Opened the network of run ${shortRunId(runId)}`,
      where
        ? `Its trained weights (tfjs format) are in ${where}.`
        : 'Save it to keep it as a network of its own.',
    );
  } catch (err) {
    toast('error', 'Could not open the run', failureText(err).message);
  }
}

/** `2025-03-01T09-30-00-000Z` reads as `09:30:00`. */
export function shortRunId(runId: string): string {
  const match = /T(\d\d)-(\d\d)-(\d\d)/.exec(runId);
  return match ? `${match[1]}:${match[2]}:${match[3]}` : runId;
}

let preflightTimer: ReturnType<typeof setTimeout> | null = null;
let preflightSeq = 0;

/** Asks main for the pre-flight estimate a moment after the network or its settings settle. */
export function schedulePreflight(doc: GraphDocument, path: string | null, key: string): void {
  const current = trainingStore.get().preflight;
  if (current?.key === key) return;
  if (preflightTimer) clearTimeout(preflightTimer);
  const last =
    current?.state === 'ready'
      ? current.report
      : current?.state === 'loading'
        ? current.last
        : null;
  setTraining({ preflight: { state: 'loading', key, last } });
  preflightTimer = setTimeout(() => {
    preflightTimer = null;
    const seq = ++preflightSeq;
    invoke('training.preflight', {
      document: doc,
      config: effectiveConfig(doc),
      documentPath: path,
    }).then(
      (report) => {
        if (seq === preflightSeq) setTraining({ preflight: { state: 'ready', key, report } });
      },
      (err: unknown) => {
        if (seq === preflightSeq)
          setTraining({ preflight: { state: 'error', key, ...failureText(err) } });
      },
    );
  }, 350);
}

function onProgress({ runId, event }: Events['training.event']): void {
  trainingStore.set((s) => {
    // A run started elsewhere (another window on the same server) is followed too.
    const base = s.live && s.live.runId === runId ? s.live : startedRun(runId, null);
    return { ...s, live: applyEvent(base, event) };
  });
}

function onDone(payload: Events['training.done']): void {
  const live = trainingStore.get().live;
  if (!live || live.runId !== payload.runId) return;
  updateLive((l) =>
    endRun(l, { kind: 'done', summary: payload.summary, savedRunId: payload.savedRunId }),
  );
  const epochs = payload.summary.epochs.length;
  const how = {
    completed: 'Training finished',
    stopped: 'Training stopped',
    'early-stopped': 'Stopped early',
    diverged: 'Training diverged',
  }[payload.summary.status];
  toast(
    'success',
    how,
    `${epochs} epoch${epochs === 1 ? '' : 's'}${payload.savedRunId ? ', saved with the document’s runs' : ''}.`,
  );
  // Warnings from while it trained (a training thread that stopped) cost speed, not the run.
  for (const warning of payload.summary.warnings ?? []) toast('info', 'While training', warning);
  void refreshRuns();
}

function onFailed(payload: Events['training.failed']): void {
  const live = trainingStore.get().live;
  if (!live || live.runId !== payload.runId) return;
  updateLive((l) => endRun(l, { kind: 'failed', failure: payload }));
  const title =
    payload.kind === 'diverged'
      ? 'The loss became NaN'
      : payload.kind === 'out-of-memory'
        ? 'Out of memory'
        : 'Training failed';
  toast('error', `${title} (${payload.code})`, payload.message);
  void refreshRuns();
}

/** Subscribes to training events for the life of the window, and picks up a run in progress. */
export function installTraining(): () => void {
  const stops = [
    onEvent('training.event', onProgress),
    onEvent('training.done', onDone),
    onEvent('training.failed', onFailed),
  ];
  void invoke('training.status', {})
    .then((live) => {
      if (live && !trainingStore.get().live) setTraining({ live: fromStatus(live) });
    })
    .catch(() => undefined);
  // The runs list follows the document: a new file, Save As, or opening another network.
  let path = editorStore.get().path;
  const unsubscribe = editorStore.subscribe(() => {
    const next = editorStore.get().path;
    if (next === path) return;
    path = next;
    if (uiStore.get().bottomPanel === 'training') void refreshRuns();
  });
  return () => {
    stops.forEach((stop) => stop());
    unsubscribe();
  };
}
