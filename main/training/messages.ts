/**
 * The messages between the main side and the training worker. Both ends import these types, so a
 * message that one side sends and the other does not understand fails the type check.
 */
import type { BackendName } from '../../app/engine/backend.ts';
import type { GraphDocument } from '../../app/graph/document.ts';
import type { RunSummary, TrainingConfig, TrainingEvent } from '../../app/graph/training.ts';

export interface TrainRequest {
  document: GraphDocument;
  /** The full run configuration; `dataset` says what to train on (MNIST when absent). */
  config: TrainingConfig;
  /** The document's file: runs are saved in `<documentPath>.runs/`. Nothing is saved without it. */
  documentPath?: string;
  /** Forces a backend; the fastest available one otherwise. */
  backend?: BackendName;
  /** Continue from a past run's weights, loaded before the first batch (a warm start). */
  initialWeights?: InitialWeights;
}

export interface InitialWeights {
  runId: string;
  which: 'best' | 'final';
  /** The run's `best/` or `final/` folder, resolved and checked by the main side. */
  folder: string;
}

/** Faults the worker makes on purpose, only when started with test hooks, to test recovery. */
export type InjectedFault = 'throw' | 'exhaust-memory';

export type ToWorker =
  | { type: 'start'; request: TrainRequest }
  | { type: 'stop' }
  | { type: 'fault'; fault: InjectedFault };

export type FromWorker =
  | { type: 'progress'; event: TrainingEvent }
  | { type: 'done'; summary: RunSummary; runDir: string | null }
  /** A failure the worker caught: a coded problem (E2xx, a document's E0xx) or an unexpected one. */
  | { type: 'error'; code: string | null; message: string };

export interface WorkerData {
  testHooks: boolean;
}
