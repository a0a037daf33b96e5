/**
 * The main side of training: starts a worker thread per run, forwards its progress, and turns
 * every way it can end into one settled promise. A worker that throws, runs out of memory or
 * exits early rejects with a TrainingFailure that says so (`worker exited with code 1`); the
 * parent process carries on.
 */
import { Worker } from 'node:worker_threads';
import type { RunSummary, TrainingEvent } from '../../app/graph/training.ts';
import { workerEntry } from './entry.ts';
import type { FromWorker, InjectedFault, ToWorker, TrainRequest, WorkerData } from './messages.ts';

export interface TrainingOutcome {
  summary: RunSummary;
  /** Where the run was saved, when the request named the document's file. */
  runDir: string | null;
}

export class TrainingFailure extends Error {
  constructor(
    message: string,
    /** The problem's code (E2xx, or a document's E0xx); null for crashes and unexpected errors. */
    readonly code: string | null,
    readonly kind: 'error' | 'crash' | 'out-of-memory',
  ) {
    super(message);
    this.name = 'TrainingFailure';
  }
}

export interface TrainingHandle {
  /** Settles once, when the run ends for any reason. */
  readonly finished: Promise<TrainingOutcome>;
  /** Asks the run to stop after the batch in progress; it still saves and reports. */
  stop(): void;
  /** Ends the worker at once, losing the batch in progress (closing the app). */
  terminate(): Promise<void>;
  /** Test hooks only: makes the worker fail on purpose. */
  injectFault(fault: InjectedFault): void;
}

export interface StartOptions {
  onEvent?: (event: TrainingEvent) => void;
  /** Caps the worker's JavaScript heap; past it the worker dies and the run fails as out of memory. */
  maxHeapMb?: number;
  /** Lets injectFault work (tests of crash recovery). */
  testHooks?: boolean;
  /** Another build of the worker: tests run the bundled one the desktop app ships. */
  workerUrl?: URL;
  /** Variables added to the worker's environment (tests choose its threads this way). */
  env?: Record<string, string>;
}

const trainingWorker = workerEntry('./training-worker.mjs', './worker-entry.js');

// The native kernels' OpenMP runtime reads its wait policy from the process environment when the
// worker loads it; a worker's own process.env never reaches native code, so it is set here, on
// the main thread, before any worker starts (see app/engine/kernels/native/addon.ts).
process.env.OMP_WAIT_POLICY ??= 'passive';

export function startTraining(request: TrainRequest, options: StartOptions = {}): TrainingHandle {
  const data: WorkerData = { testHooks: options.testHooks === true };
  const worker = new Worker(options.workerUrl ?? trainingWorker, {
    workerData: data,
    ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
    ...(options.maxHeapMb ? { resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb } } : {}),
  });
  const post = (message: ToWorker) => worker.postMessage(message);

  const finished = new Promise<TrainingOutcome>((resolve, reject) => {
    let settled = false;
    let crash: NodeJS.ErrnoException | null = null;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'progress') options.onEvent?.(message.event);
      else if (message.type === 'done')
        settle(() => resolve({ summary: message.summary, runDir: message.runDir }));
      else settle(() => reject(new TrainingFailure(message.message, message.code, 'error')));
    });
    // An uncaught exception in the worker arrives here, and then 'exit' with its code.
    worker.on('error', (err) => (crash = err));
    worker.on('exit', (code) => {
      settle(() => {
        const outOfMemory = crash?.code === 'ERR_WORKER_OUT_OF_MEMORY';
        const cause = crash ? `: ${crash.message}` : ' before the run finished';
        reject(
          new TrainingFailure(
            outOfMemory
              ? `The training worker ran out of memory (worker exited with code ${code}). Use a smaller batch size or a smaller network.`
              : `The training worker crashed${cause} (worker exited with code ${code}).`,
            null,
            outOfMemory ? 'out-of-memory' : 'crash',
          ),
        );
      });
    });
  });

  post({ type: 'start', request });
  return {
    finished,
    stop: () => post({ type: 'stop' }),
    terminate: async () => {
      await worker.terminate();
    },
    injectFault: (fault) => post({ type: 'fault', fault }),
  };
}
