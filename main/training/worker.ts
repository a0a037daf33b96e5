/**
 * The training worker: loads tfjs on the best backend, opens the data, trains, saves the run, and
 * streams every event to the main side. It runs in a worker thread so the window and the server
 * stay responsive, and a crash here (even out of memory) takes down only this thread.
 */
import { freemem } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { loadTensorflow } from '../../app/engine/backend.ts';
import type { BackendName } from '../../app/engine/backend.ts';
import { graphIO } from '../../app/engine/data/graph-io.ts';
import { openDataset } from '../../app/engine/data/open.ts';
import type { LayersModel, Tf } from '../../app/engine/tf.ts';
import { train } from '../../app/engine/train.ts';
import { TrainingError } from '../../app/engine/training-errors.ts';
import { DocumentError } from '../../app/graph/errors.ts';
import { datasetSchema } from '../../app/graph/training.ts';
import { diskRecorder, runsFolderFor } from '../runs/runs.ts';
import { readModelWeights } from '../runs/weights.ts';
import type { FromWorker, InitialWeights, ToWorker, TrainRequest, WorkerData } from './messages.ts';
import { launchReplica, trainingParallelism, trainingThreads } from './replica-thread.ts';
import { weightsMismatch } from './weight-fit.ts';

if (!parentPort) throw new Error('main/training/worker.ts runs only as a worker thread');
const port = parentPort;
const { testHooks } = (workerData ?? { testHooks: false }) as WorkerData;
const send = (message: FromWorker) => port.postMessage(message);

/** WebAssembly memory is 32-bit: at most 4 GiB, whatever the machine has. */
const WASM_LIMIT = 4 * 1024 ** 3;

let stopRequested = false;
let started = false;

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'start':
      if (started) return;
      started = true;
      void run(message.request);
      break;
    case 'stop':
      stopRequested = true;
      break;
    case 'fault':
      if (testHooks) injectFault(message.fault);
      break;
  }
});

async function run(request: TrainRequest): Promise<void> {
  try {
    const { tf, backend, reason } = await loadTensorflow(request.backend);
    const parallelism = trainingParallelism();
    const { config, document } = request;
    const dataset = config.dataset ?? datasetSchema.parse({});
    const sources = await openDataset(dataset, graphIO(document), config.seed);
    const start = request.initialWeights;
    const recorder = request.documentPath
      ? diskRecorder(
          runsFolderFor(request.documentPath),
          start ? { runId: start.runId, which: start.which } : undefined,
        )
      : undefined;
    const { summary, model } = await train({
      tf,
      backend: { name: backend, reason },
      document,
      config: { ...config, dataset },
      sources,
      recorder,
      availableBytes: availableBytes(backend),
      shouldStop: () => stopRequested,
      threads: trainingThreads(),
      launchReplica,
      ...(parallelism ? { parallelism } : {}),
      ...(start
        ? { initialWeights: (model: LayersModel) => loadInitialWeights(tf, model, start) }
        : {}),
      onEvent: (event) => send({ type: 'progress', event }),
    });
    model.dispose();
    send({ type: 'done', summary, runDir: recorder?.dir ?? null });
  } catch (err) {
    send(describeError(err));
  } finally {
    // Nothing more will come: let the thread end once the messages are out.
    port.close();
  }
}

/** The run's saved weights into the fresh model, after checking every tensor fits (E213). */
async function loadInitialWeights(tf: Tf, model: LayersModel, from: InitialWeights): Promise<void> {
  const saved = await readModelWeights(tf, from.folder);
  try {
    const expected = new Map(
      model.layers.flatMap((layer) => layer.weights.map((w) => [w.originalName, w.shape] as const)),
    );
    const mismatch = weightsMismatch(
      expected,
      new Map(Object.entries(saved).map(([name, tensor]) => [name, tensor.shape])),
    );
    if (mismatch) {
      throw new TrainingError(
        'E213',
        `The ${from.which} weights of run ${from.runId} do not fit this network: ${mismatch}.`,
      );
    }
    model.loadWeights(saved);
  } finally {
    tf.dispose(Object.values(saved));
  }
}

function availableBytes(backend: BackendName): number | null {
  if (backend === 'tensorflow-gpu') return null; // GPU memory is not visible from here
  return backend === 'wasm' ? Math.min(freemem(), WASM_LIMIT) : freemem();
}

function describeError(err: unknown): FromWorker {
  if (err instanceof TrainingError) return { type: 'error', code: err.code, message: err.message };
  if (err instanceof DocumentError) {
    return { type: 'error', code: err.problems[0]?.code ?? null, message: err.message };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { type: 'error', code: null, message: `Training failed unexpectedly: ${message}` };
}

function injectFault(fault: 'throw' | 'exhaust-memory'): void {
  if (fault === 'throw') {
    // Thrown outside any promise chain, like a bug in a kernel callback: an uncaught exception.
    setImmediate(() => {
      throw new Error('fault injected by a test');
    });
    return;
  }
  const hoard: number[][] = [];
  const grow = () => {
    for (let i = 0; i < 100; i++) hoard.push(new Array<number>(100_000).fill(i));
    setImmediate(grow);
  };
  grow();
}
