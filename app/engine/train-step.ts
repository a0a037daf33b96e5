/**
 * One optimizer step on one batch, two ways:
 * - **stock**: tfjs's own `trainOnBatch` with a tfjs optimizer. Native TensorFlow backends use it:
 *   their optimizers are already fused kernels.
 * - **flat**: on WebAssembly and plain JS, tfjs computes the gradients but the update is one loop
 *   over all weights in JavaScript (flat-weights.ts, flat-optimizers.ts), and with replica threads
 *   each batch is split among the threads (data parallel): each computes its part's gradients at
 *   the same weights, the trainer averages them, weighted by part size, which is exactly the
 *   gradient of the whole batch's mean loss, and takes one step. The threads parallelise tfjs's
 *   per-kernel JavaScript as well as the kernels, which XNNPACK's own threads would not.
 *
 * One caveat of the split, as in PyTorch's DistributedDataParallel without SyncBatchNorm: batch
 * normalization normalizes each part by its own statistics, and its moving averages are the
 * trainer's part's.
 *
 * Where the native kernels are built (kernels/native/), the threads go to them instead: they do
 * most of a step's arithmetic several times faster than WebAssembly, which leaves tfjs's fixed
 * per-step JavaScript the larger part, and that part a batch split would run once per thread
 * (docs/training-speed.md measures both).
 */
import type { BackendName } from './backend.ts';
import type { CompiledModel } from './compile.ts';
import type { DataBatch, PreparedData } from './data/pipeline.ts';
import { inputSize, samplesToTensors } from './evaluate.ts';
import { makeFlatOptimizer } from './flat-optimizers.ts';
import { flatLayout, gradientCapture, readWeights, writeWeights } from './flat-weights.ts';
import { loadNativeKernels } from './kernels/native/addon.ts';
import type { NativeKernels } from './kernels/native/addon.ts';
import { learningRateOf, makeOptimizer, setLearningRate } from './optimizers.ts';
import { weightsBuffer } from './parallel/channel.ts';
import { ReplicaSet } from './parallel/replicas.ts';
import type { LaunchReplica, SamplePart } from './parallel/replicas.ts';
import type { GraphDocument } from '../graph/document.ts';
import type { TrainingConfig } from '../graph/training.ts';
import type { LayersModel, Tensor, Tf } from './tf.ts';
import type { BatchMetric } from './training-model.ts';
import { compileForTraining } from './training-model.ts';
import { warning } from './training-errors.ts';

export interface SampleFormat {
  input: PreparedData['input'];
  labelWidth: number;
}

export interface StepResult {
  /** The batch's loss, then each training metric, averaged over the whole batch. */
  values: number[];
  /** False when a weight became NaN or infinite. */
  finite: boolean;
}

export interface TrainStep {
  learningRate: number;
  run(batch: DataBatch): Promise<StepResult>;
  /** How steps run, for the backend's reason ("2 training threads, …"). */
  readonly description: string;
  /** Coded warnings gathered on the way (a training thread that died). */
  readonly problems: readonly string[];
  close(): Promise<void>;
}

export interface StepOptions {
  tf: Tf;
  backend: BackendName;
  document: GraphDocument;
  compiled: CompiledModel;
  /** The input's shape and type, and floats per sample of encoded labels. */
  data: SampleFormat;
  config: Pick<TrainingConfig, 'optimizer' | 'batchSize'>;
  metrics: BatchMetric[];
  /** Threads to train with, this one included (1: no replicas). */
  threads?: number;
  /** Starts a replica thread; without it training stays on this thread. */
  launchReplica?: LaunchReplica;
  /**
   * Where extra threads go: replica threads each training part of every batch ('data'), or the
   * native kernels ('kernels'). By default the kernels where the native addon is loaded.
   */
  parallelism?: Parallelism;
  /** The native kernels to thread (tests pass null to force data parallelism's fallback). */
  native?: NativeKernels | null;
}

export type Parallelism = 'data' | 'kernels';

/** Below this many samples per thread, a thread's fixed cost per step outweighs what it adds. */
export const MIN_SAMPLES_PER_THREAD = 8;

export async function createTrainStep(options: StepOptions): Promise<TrainStep> {
  const flat = options.backend === 'wasm' || options.backend === 'cpu';
  return flat ? flatStep(options) : stockStep(options);
}

function stockStep({ tf, compiled, data, config, metrics }: StepOptions): TrainStep {
  const optimizer = makeOptimizer(tf, config.optimizer);
  compileForTraining(tf, compiled, optimizer, metrics);
  const { model } = compiled;
  return {
    get learningRate() {
      return learningRateOf(optimizer);
    },
    set learningRate(rate: number) {
      setLearningRate(optimizer, rate);
    },
    async run(batch) {
      const values = await trainOn(tf, model, data, batch);
      return { values, finite: weightsAreFinite(tf, model) };
    },
    description: '',
    problems: [],
    close: () => Promise.resolve(optimizer.dispose()),
  };
}

async function flatStep(options: StepOptions): Promise<TrainStep> {
  const { tf, compiled, data, config, metrics } = options;
  const { model } = compiled;
  const layout = flatLayout(model);
  const gradients = new Float32Array(layout.size);
  compileForTraining(tf, compiled, gradientCapture(tf, layout, gradients), metrics);
  const optimizer = makeFlatOptimizer(config.optimizer, layout.size);
  const problems: string[] = [];

  const native =
    options.native !== undefined
      ? options.native
      : options.backend === 'wasm'
        ? loadNativeKernels().kernels
        : null;
  const parallelism = options.parallelism ?? (native ? 'kernels' : 'data');
  const threads = options.threads ?? 1;
  const kernelThreads = parallelism === 'kernels' && native ? threads : 1;
  native?.setThreads(kernelThreads);
  const wanted =
    parallelism === 'data'
      ? Math.min(threads, Math.floor(config.batchSize / MIN_SAMPLES_PER_THREAD))
      : 1;
  let replicas: ReplicaSet | null = null;
  let weights: Float32Array<ArrayBufferLike> = new Float32Array(layout.size);
  if (options.launchReplica && wanted > 1) {
    const shared = weightsBuffer(layout);
    weights = new Float32Array(shared);
    const started = await ReplicaSet.start(
      options.launchReplica,
      wanted - 1,
      {
        document: options.document,
        backend: options.backend,
        metrics,
        input: data.input,
        shape: {
          // The largest part any split can give, should all replicas but one stop.
          maxCount: Math.ceil(config.batchSize / 2),
          inputSize: inputSize(data.input),
          labelWidth: data.labelWidth,
          weights: layout.size,
          values: 1 + metrics.length,
        },
      },
      shared,
    );
    replicas = started.set;
    problems.push(
      ...started.problems.map((p) => warning('W203', `${p}; training goes on without it.`)),
    );
  }
  try {
    readWeights(model, layout, weights);
  } catch (error) {
    await replicas?.close();
    throw error;
  }
  const total = new Float32Array(layout.size);

  /** Trains `part` on this thread and adds its share of the batch's gradient and values. */
  const trainHere = async (part: SamplePart, share: number, values: number[]) => {
    accumulate(values, await trainOn(tf, model, data, part), share);
    addScaled(total, gradients, share);
  };

  return {
    get learningRate() {
      return optimizer.learningRate;
    },
    set learningRate(rate: number) {
      optimizer.learningRate = rate;
    },
    async run(batch) {
      const running = replicas?.running() ?? [];
      if (running.length === 0) {
        // One thread: its gradients are the batch's, with nothing to add up.
        const values = await trainOn(tf, model, data, batch);
        const finite = optimizer.step(weights, gradients);
        writeWeights(tf, model, layout, weights);
        return { values, finite };
      }
      const parts = splitBatch(batch, data, 1 + running.length);
      const values = new Array<number>(1 + metrics.length).fill(0);
      total.fill(0);
      running.forEach((replica, i) => {
        const part = parts[i + 1] as SamplePart;
        if (part.count > 0) replicas?.send(replica, part);
      });
      await trainHere(parts[0] as SamplePart, (parts[0] as SamplePart).count / batch.count, values);
      for (const [i, replica] of running.entries()) {
        const part = parts[i + 1] as SamplePart;
        if (part.count === 0) continue;
        const share = part.count / batch.count;
        const result = await (replicas as ReplicaSet).receive(replica);
        if (result instanceof Error) {
          problems.push(
            warning(
              'W203',
              `A training thread stopped (${result.message}); its part of the batch was trained here and the run goes on with ${1 + (replicas?.running().length ?? 0)} thread(s).`,
            ),
          );
          await trainHere(part, share, values);
        } else {
          accumulate(values, Array.from(result.values), share);
          addScaled(total, result.gradients, share);
        }
      }
      const finite = optimizer.step(weights, total);
      writeWeights(tf, model, layout, weights);
      return { values, finite };
    },
    get description() {
      const running = 1 + (replicas?.running().length ?? 0);
      if (running > 1) {
        return `${running} training threads, each computing the gradients of part of every batch`;
      }
      return kernelThreads > 1
        ? `one training thread, its native kernels on ${kernelThreads} threads`
        : 'one training thread';
    },
    problems,
    close: async () => {
      native?.setThreads(1);
      await replicas?.close();
    },
  };
}

/** Splits a batch into `n` contiguous parts as even as possible, the first the largest. */
function splitBatch(batch: DataBatch, data: SampleFormat, n: number): SamplePart[] {
  const xWidth = inputSize(data.input);
  const yWidth = data.labelWidth;
  const parts: SamplePart[] = [];
  let start = 0;
  for (let i = 0; i < n; i++) {
    const count = Math.floor(batch.count / n) + (i < batch.count % n ? 1 : 0);
    parts.push({
      x: batch.x.subarray(start * xWidth, (start + count) * xWidth),
      y: batch.y.subarray(start * yWidth, (start + count) * yWidth),
      count,
    });
    start += count;
  }
  return parts;
}

async function trainOn(
  tf: Tf,
  model: LayersModel,
  data: SampleFormat,
  part: SamplePart,
): Promise<number[]> {
  const { x, y } = samplesToTensors(tf, data.input, data.labelWidth, part);
  try {
    const result = await model.trainOnBatch(x, y);
    return Array.isArray(result) ? result : [result];
  } finally {
    tf.dispose([x, y]);
  }
}

// Two loops where one generic one would do: addScaled runs over every weight each step, and
// sharing it with the loss values' plain arrays would make V8 compile it for both kinds of array.
function accumulate(into: number[], values: readonly number[], share: number): void {
  for (let i = 0; i < into.length; i++)
    into[i] = (into[i] as number) + share * (values[i] as number);
}

function addScaled(into: Float32Array, values: Float32Array, share: number): void {
  for (let i = 0; i < into.length; i++)
    into[i] = (into[i] as number) + share * (values[i] as number);
}

/** NaN and ±Inf survive a sum, so one number read back tells whether every weight is finite. */
function weightsAreFinite(tf: Tf, model: LayersModel): boolean {
  const total: Tensor = tf.tidy(() => tf.addN(model.trainableWeights.map((w) => tf.sum(w.read()))));
  const finite = Number.isFinite(total.dataSync()[0]);
  total.dispose();
  return finite;
}
