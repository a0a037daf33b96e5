/**
 * The run the dashboard follows, as a pure value built from the events main streams. Kept apart
 * from React and the store so the same reducer serves live events and a replay from
 * `training.status` (a window opened mid-run), and can be tested on its own.
 */
import type { Events, LiveRun } from '../../app/api/contract.ts';
import type {
  EpochRecord,
  MetricValues,
  RunSummary,
  TrainingEvent,
} from '../../app/graph/training.ts';

export type StartEvent = Extract<TrainingEvent, { type: 'start' }>;
export type BatchEvent = Extract<TrainingEvent, { type: 'batch' }>;

/** One sampled training batch, placed on the epoch axis: batch 5 of 10 in epoch 3 sits at 2.5. */
export interface BatchPoint {
  x: number;
  loss: number;
  metrics: MetricValues;
}

export type RunEnd =
  | { kind: 'done'; summary: RunSummary; savedRunId: string | null }
  | { kind: 'failed'; failure: Events['training.failed'] };

export interface LiveRunState {
  runId: string;
  documentPath: string | null;
  phase: 'starting' | 'running' | 'stopping' | 'ended';
  start: StartEvent | null;
  batches: BatchPoint[];
  epochs: EpochRecord[];
  lastBatch: BatchEvent | null;
  etaSeconds: number | null;
  test: { loss: number; metrics: MetricValues } | null;
  end: RunEnd | null;
}

/** Past this many batch points, neighbours are averaged in pairs: the curve keeps its shape. */
export const MAX_BATCH_POINTS = 2000;

export function startedRun(runId: string, documentPath: string | null): LiveRunState {
  return {
    runId,
    documentPath,
    phase: 'starting',
    start: null,
    batches: [],
    epochs: [],
    lastBatch: null,
    etaSeconds: null,
    test: null,
    end: null,
  };
}

export function applyEvent(state: LiveRunState, event: TrainingEvent): LiveRunState {
  const running = state.phase === 'starting' ? 'running' : state.phase;
  switch (event.type) {
    case 'start':
      return { ...state, phase: running, start: event };
    case 'batch': {
      const point: BatchPoint = {
        x: event.epoch - 1 + event.batch / event.batchesPerEpoch,
        loss: event.loss,
        metrics: event.metrics,
      };
      const batches = [...state.batches, point];
      return {
        ...state,
        phase: running,
        batches: batches.length > MAX_BATCH_POINTS ? halve(batches) : batches,
        lastBatch: event,
        etaSeconds: event.etaSeconds,
      };
    }
    case 'epoch':
      return {
        ...state,
        phase: running,
        epochs: [...state.epochs.filter((r) => r.epoch !== event.record.epoch), event.record],
        etaSeconds: event.etaSeconds,
      };
    case 'test':
      return { ...state, test: { loss: event.loss, metrics: event.metrics } };
  }
}

export function endRun(state: LiveRunState, end: RunEnd): LiveRunState {
  return { ...state, phase: 'ended', end, etaSeconds: 0 };
}

export function stoppingRun(state: LiveRunState): LiveRunState {
  return state.phase === 'ended' ? state : { ...state, phase: 'stopping' };
}

/** A window that opens while a run trains picks it up from `training.status`. */
export function fromStatus(live: LiveRun): LiveRunState {
  const initial = startedRun(live.runId, live.documentPath);
  const state = live.events.reduce(applyEvent, initial);
  return live.stopping ? stoppingRun(state) : state;
}

export interface Progress {
  /** 0 to 1 over the whole run. */
  fraction: number;
  epoch: number;
  epochs: number;
  batch: number;
  batchesPerEpoch: number;
}

export function progressOf(state: LiveRunState): Progress | null {
  if (!state.start) return null;
  const { epochs, batchesPerEpoch } = state.start;
  const last = state.lastBatch;
  const doneEpochs = state.epochs.length;
  // Between an epoch's last batch and its record, and once the run ended, whole epochs count.
  const inEpoch = state.phase !== 'ended' && last !== null && last.epoch > doneEpochs;
  const atBatch = inEpoch
    ? { epoch: last.epoch, batch: last.batch }
    : { epoch: doneEpochs, batch: batchesPerEpoch };
  const steps = (atBatch.epoch - 1) * batchesPerEpoch + atBatch.batch;
  const fraction =
    state.end?.kind === 'done' && state.end.summary.status === 'completed'
      ? 1
      : steps / Math.max(epochs * batchesPerEpoch, 1);
  return {
    fraction: Math.min(Math.max(fraction, 0), 1),
    epoch: Math.max(atBatch.epoch, 0),
    epochs,
    batch: atBatch.batch,
    batchesPerEpoch,
  };
}

/** The metric names a run reports, train or dev, in the order people expect them. */
export function metricsOf(
  epochs: readonly EpochRecord[],
  batches: readonly BatchPoint[] = [],
): string[] {
  const seen = new Set<string>();
  for (const r of epochs) {
    for (const k of Object.keys(r.metrics)) seen.add(k);
    for (const k of Object.keys(r.devMetrics ?? {})) seen.add(k);
  }
  for (const b of batches) for (const k of Object.keys(b.metrics)) seen.add(k);
  return ['accuracy', 'f1', 'precision', 'recall', 'mae'].filter((m) => seen.has(m));
}

function halve(points: readonly BatchPoint[]): BatchPoint[] {
  const out: BatchPoint[] = [];
  for (let i = 0; i + 1 < points.length; i += 2) {
    const a = points[i] as BatchPoint;
    const b = points[i + 1] as BatchPoint;
    const metrics: MetricValues = {};
    for (const key of Object.keys(a.metrics) as (keyof MetricValues)[]) {
      const va = a.metrics[key];
      const vb = b.metrics[key];
      if (va !== undefined && vb !== undefined) metrics[key] = (va + vb) / 2;
    }
    out.push({ x: b.x, loss: (a.loss + b.loss) / 2, metrics });
  }
  if (points.length % 2 === 1) out.push(points[points.length - 1] as BatchPoint);
  return out;
}
