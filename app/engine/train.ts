/**
 * The training loop: compile the document, prepare the data, then train batch by batch with
 * tfjs's own gradients (`model.trainOnBatch`: regularization, dropout and batch-norm updates as
 * in `fit`) and, on WebAssembly and plain JS, our own optimizer step and training threads
 * (train-step.ts), reporting every batch and epoch. Owning the loop, rather than `fit` with callbacks,
 * gives what `fit` cannot: Stop between any two batches, a NaN caught at the batch it appears,
 * data streamed from disk, and dev metrics tfjs lacks (precision, recall, F1).
 */
import type { GraphDocument } from '../graph/document.ts';
import type {
  BackendInfo,
  EpochRecord,
  MetricName,
  MetricValues,
  MonitoredMetric,
  RunSummary,
  TrainingConfig,
  TrainingEvent,
} from '../graph/training.ts';
import { compileToLayersModel } from './compile.ts';
import { graphIO } from './data/graph-io.ts';
import { prepareData } from './data/pipeline.ts';
import type { PreparedData } from './data/pipeline.ts';
import type { DataSources } from './data/source.ts';
import { evaluate } from './evaluate.ts';
import type { Evaluation } from './evaluate.ts';
import type { LaunchReplica } from './parallel/replicas.ts';
import { preflight } from './preflight.ts';
import { learningRateAt } from './schedule.ts';
import type { LayersModel, Tensor, Tf } from './tf.ts';
import { createTrainStep } from './train-step.ts';
import type { Parallelism } from './train-step.ts';
import { TrainingError } from './training-errors.ts';
import { trainingMetrics } from './training-model.ts';

/** Where a run's records go (main/runs writes them to disk); every call is awaited. */
export interface RunRecorder {
  begin(run: {
    config: TrainingConfig;
    document: GraphDocument;
    backend: BackendInfo;
    data: Pick<PreparedData, 'sizes' | 'normalization' | 'labelNames'>;
  }): Promise<void>;
  epoch(record: EpochRecord): Promise<void>;
  /** `best` after each improvement of the monitored metric; `final` once, after the last epoch. */
  weights(kind: 'best' | 'final', model: LayersModel): Promise<void>;
  end(summary: RunSummary): Promise<void>;
}

export interface TrainOptions {
  tf: Tf;
  backend: BackendInfo;
  document: GraphDocument;
  config: TrainingConfig;
  sources: DataSources;
  onEvent?: (event: TrainingEvent) => void;
  /** Asked before every batch; true ends the run after the batch in progress. */
  shouldStop?: () => boolean;
  recorder?: RunRecorder;
  /** Memory the backend can use, for the pre-flight warning; null when unknown. */
  availableBytes?: number | null;
  /** Puts starting weights into the compiled model before anything else (continuing a run). */
  initialWeights?: (model: LayersModel) => Promise<void>;
  /** Threads to train with, this one included; more than 1 needs `launchReplica`. */
  threads?: number;
  /** Starts a replica thread for data-parallel training (main/training/replica-thread.ts). */
  launchReplica?: LaunchReplica;
  /** Where extra threads go (train-step.ts); by default the native kernels where built. */
  parallelism?: Parallelism;
}

export interface TrainResult {
  summary: RunSummary;
  /** The trained model (the best epoch's weights when early stopping restored them). */
  model: LayersModel;
  data: PreparedData;
}

export async function train(options: TrainOptions): Promise<TrainResult> {
  const { tf, document, config, recorder } = options;
  const emit = options.onEvent ?? (() => undefined);
  const io = graphIO(document);
  const data = await prepareData(options.sources, io, config);
  const compiled = compileToLayersModel(tf, document);
  const model = compiled.model;
  await options.initialWeights?.(model);
  const trainMetrics = trainingMetrics(config.metrics, data.labels);
  const step = await createTrainStep({
    tf,
    backend: options.backend.name,
    document,
    compiled,
    data: { input: data.input, labelWidth: data.labels.width },
    config,
    metrics: trainMetrics,
    ...(options.threads ? { threads: options.threads } : {}),
    ...(options.launchReplica ? { launchReplica: options.launchReplica } : {}),
    ...(options.parallelism ? { parallelism: options.parallelism } : {}),
  });
  const backend: BackendInfo = step.description
    ? { ...options.backend, reason: `${options.backend.reason}; ${step.description}` }
    : options.backend;

  // Replica threads end with the run, however it ends.
  try {
    const { sizes } = data;
    const batchesPerEpoch = Math.ceil(sizes.train / config.batchSize);
    const check = preflight({
      inference: compiled.inference,
      config,
      trainSamples: sizes.train,
      devSamples: sizes.dev,
      backend: backend.name,
      availableBytes: options.availableBytes ?? null,
    });
    check.warnings.push(...step.problems);
    emit({
      type: 'start',
      backend,
      preflight: check,
      samples: sizes,
      batchesPerEpoch,
      epochs: config.epochs,
    });
    await recorder?.begin({ config, document, backend, data });

    const early = config.earlyStopping?.enabled && sizes.dev > 0 ? config.earlyStopping : null;
    const monitor: MonitoredMetric = config.earlyStopping?.monitor ?? 'devLoss';
    // The monitored metric is computed on dev even when the metrics list leaves it out.
    const devMetrics = [...new Set([...config.metrics, ...monitoredMetricName(monitor)])];
    const epochs: EpochRecord[] = [];
    let status: RunSummary['status'] = 'completed';
    let problem: RunSummary['problem'];
    let best: { epoch: number; value: number; weights: Tensor[] | null } | null = null;
    let sinceBest = 0;
    let devSeconds = 0;

    training: for (let epochIndex = 0; epochIndex < config.epochs; epochIndex++) {
      const epoch = epochIndex + 1;
      step.learningRate = learningRateAt(
        config.schedule,
        config.optimizer.learningRate,
        epochIndex,
      );
      const learningRate = step.learningRate;
      const epochStart = performance.now();
      let trainSeconds = 0;
      let samples = 0;
      let lossSum = 0;
      const metricSums = new Array<number>(trainMetrics.length).fill(0);
      let batchIndex = 0;
      for await (const batch of data.batches('train', config.batchSize, epochIndex)) {
        if (options.shouldStop?.()) {
          status = 'stopped';
          break training;
        }
        batchIndex++;
        if (!batch.x.every(Number.isFinite)) {
          status = 'diverged';
          problem = divergence('inputs', epoch, batchIndex, learningRate);
          break training;
        }
        const stepStart = performance.now();
        const { values, finite } = await step.run(batch);
        const loss = values[0] as number;
        // Losses clip predictions (log(ε) at worst), and some backends' clip turns NaN into a
        // bound, so NaN weights can hide behind a finite loss: the step checks the weights too.
        const broken = !Number.isFinite(loss) ? 'loss' : finite ? null : 'weights';
        if (broken) {
          status = 'diverged';
          problem = divergence(broken, epoch, batchIndex, learningRate);
          break training;
        }
        trainSeconds += (performance.now() - stepStart) / 1000;
        samples += batch.count;
        lossSum += loss * batch.count;
        trainMetrics.forEach(
          (_, i) =>
            (metricSums[i] = (metricSums[i] as number) + (values[i + 1] as number) * batch.count),
        );
        const perBatch = trainSeconds / batchIndex;
        emit({
          type: 'batch',
          epoch,
          batch: batchIndex,
          batchesPerEpoch,
          loss,
          metrics: named(trainMetrics, values.slice(1)),
          learningRate,
          samplesPerSecond: samples / Math.max(trainSeconds, 1e-9),
          etaSeconds:
            perBatch * (batchesPerEpoch - batchIndex + (config.epochs - epoch) * batchesPerEpoch) +
            devSeconds * (config.epochs - epochIndex),
        });
        // Let the worker's message port deliver a Stop: tfjs's CPU work never yields on its own.
        await new Promise((resolve) => setImmediate(resolve));
      }

      const devStart = performance.now();
      const dev: Evaluation | null =
        sizes.dev > 0 ? await evaluate(tf, model, data, 'dev', config.batchSize, devMetrics) : null;
      devSeconds = (performance.now() - devStart) / 1000;
      const record: EpochRecord = {
        epoch,
        loss: lossSum / Math.max(samples, 1),
        metrics: named(
          trainMetrics,
          metricSums.map((s) => s / Math.max(samples, 1)),
        ),
        ...(dev ? { devLoss: dev.loss, devMetrics: dev.metrics } : {}),
        learningRate,
        seconds: (performance.now() - epochStart) / 1000,
        samplesPerSecond: samples / Math.max(trainSeconds, 1e-9),
      };
      epochs.push(record);
      await recorder?.epoch(record);
      emit({
        type: 'epoch',
        record,
        etaSeconds: (config.epochs - epoch) * (trainSeconds + devSeconds),
      });

      const value = monitoredValue(record, monitor);
      if (value !== undefined && (best === null || improves(monitor, value, best.value))) {
        if (best?.weights) tf.dispose(best.weights);
        const keep = early?.restoreBest ? model.getWeights().map((w) => tf.keep(w.clone())) : null;
        best = { epoch, value, weights: keep };
        sinceBest = 0;
        await recorder?.weights('best', model);
      } else if (early && ++sinceBest >= early.patience) {
        status = 'early-stopped';
        break;
      }
      if (options.shouldStop?.()) {
        status = 'stopped';
        break;
      }
    }

    if (status !== 'diverged') await recorder?.weights('final', model);
    // The last epoch's weights are saved as `final`; the model handed back is the best one.
    if (best?.weights) {
      model.setWeights(best.weights);
      tf.dispose(best.weights);
    }
    let test: RunSummary['test'] = null;
    if (status !== 'diverged' && sizes.test > 0) {
      test = await evaluate(tf, model, data, 'test', config.batchSize, config.metrics);
      emit({ type: 'test', loss: test.loss, metrics: test.metrics });
    }
    const summary: RunSummary = {
      status,
      epochs,
      bestEpoch: best?.epoch ?? null,
      test,
      backend,
      ...(problem ? { problem } : {}),
      ...(step.problems.length > 0 ? { warnings: [...step.problems] } : {}),
    };
    await recorder?.end(summary);
    return { summary, model, data };
  } finally {
    await step.close();
  }
}

function named(names: readonly MetricName[], values: readonly number[]): MetricValues {
  const out: MetricValues = {};
  names.forEach((name, i) => (out[name] = values[i] as number));
  return out;
}

const monitoredMetrics: Record<Exclude<MonitoredMetric, 'devLoss'>, MetricName> = {
  devAccuracy: 'accuracy',
  devPrecision: 'precision',
  devRecall: 'recall',
  devF1: 'f1',
  devMae: 'mae',
};

function monitoredMetricName(monitor: MonitoredMetric): MetricName[] {
  return monitor === 'devLoss' ? [] : [monitoredMetrics[monitor]];
}

function monitoredValue(record: EpochRecord, monitor: MonitoredMetric): number | undefined {
  if (monitor === 'devLoss') return record.devLoss;
  return record.devMetrics?.[monitoredMetrics[monitor]];
}

function improves(monitor: MonitoredMetric, value: number, best: number): boolean {
  return monitor === 'devLoss' || monitor === 'devMae' ? value < best : value > best;
}

function divergence(
  what: 'loss' | 'weights' | 'inputs',
  epoch: number,
  batch: number,
  learningRate: number,
): NonNullable<RunSummary['problem']> {
  const where = `at epoch ${epoch}, batch ${batch}`;
  const detail =
    what === 'inputs'
      ? `Batch ${batch} of epoch ${epoch} holds NaN or infinite inputs, so its loss would be NaN: check the data for missing or non-numeric values.`
      : `The ${what === 'loss' ? 'loss' : 'weights'} became NaN or infinite ${where}. Try a lower learning rate (it is ${learningRate}; try ${learningRate / 10}), normalize the inputs, or check the weight initialization (He for ReLU, Glorot for tanh and sigmoid).`;
  const error = new TrainingError('E209', detail);
  return { code: error.code, message: error.message, epoch, batch };
}
